package com.wcheckout

import com.wcheckout.ffi.FfiEventDeduplicator
import com.wcheckout.ffi.FfiReconciler
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext
import kotlin.coroutines.coroutineContext
import kotlin.time.Duration
import kotlin.time.Duration.Companion.hours
import kotlin.time.Duration.Companion.milliseconds

/**
 * The key to process this event once by: the object and its new status (`order:<orderNo>:PAID`),
 * shared by a webhook, its retries and the [Reconciler]'s report of the same change
 * (`event:<eventId>` for an unknown type). Claim it with an [EventDeduplicator].
 */
val WebhookEvent.dedupeKey: String
    get() = when (this) {
        is WebhookEvent.CheckoutOrderChanged -> dedupeKey
        is WebhookEvent.RefundOrderChanged -> dedupeKey
        is WebhookEvent.SettlementOrderChanged -> dedupeKey
        is WebhookEvent.AbnormalPayment -> dedupeKey
        is WebhookEvent.Unknown -> dedupeKey
    }

/** True for an event the [Reconciler] made from a poll, false for a webhook delivery. */
val WebhookEvent.isReconciled: Boolean
    get() = when (this) {
        is WebhookEvent.CheckoutOrderChanged -> reconciled
        is WebhookEvent.RefundOrderChanged -> reconciled
        is WebhookEvent.SettlementOrderChanged -> reconciled
        is WebhookEvent.AbnormalPayment -> reconciled
        is WebhookEvent.Unknown -> reconciled
    }

/** When the entry was registered, in epoch milliseconds (`addedAtMs` as a `Long`, for Java: `FleetKt.getAddedAtMillis(w)`). */
val Watched.addedAtMillis: Long get() = addedAtMs.toLong()

/**
 * Claims event keys so that each event is processed by exactly one instance across every
 * process on the store: [claim] is true for exactly one caller until [release] or the TTL
 * (default 7 days). Blocking (it may reach Redis): call it from `Dispatchers.IO` in coroutines.
 *
 * ```kotlin
 * val dedupe = EventDeduplicator("redis://cache:6379/0")
 * if (dedupe.claim(event.dedupeKey)) {
 *     try { handle(event) } catch (e: Exception) { dedupe.release(event.dedupeKey); throw e }
 * } // else: another instance has it (or had it): acknowledge and do nothing
 * ```
 */
class EventDeduplicator @JvmOverloads constructor(
    url: String = "memory",
    ttl: Duration? = null,
    namespace: String? = null,
    timeout: Duration? = null,
) : AutoCloseable {
    private val inner: FfiEventDeduplicator = native {
        FfiEventDeduplicator(url, ttl?.let { ClientOptions.toMillis(it) }, namespace, timeout?.let { ClientOptions.toMillis(it) })
    }

    /** True for exactly one caller per key until it is released or expires. */
    fun claim(key: String): Boolean = native { inner.claim(key) }

    /** Gives the key up (call it when processing failed, so the retry is processed). */
    fun release(key: String) = native { inner.release(key) }

    /** The store URL, without its password. */
    val url: String get() = inner.url()

    /** How long a claim holds. */
    val ttl: Duration get() = inner.ttlMs().milliseconds

    override fun close() = inner.close()

    override fun toString(): String = "EventDeduplicator(url=$url, ttl=$ttl)"
}

// `WatchKind` (ORDER, REFUND, SETTLEMENT), `Watched` (one object the reconciler waits on),
// `ReconcilePoll` (what one poll found) and `PollFailure` (a lookup that failed, with its
// `WCheckoutException`) are the core's types, generated into this package.

/** How a [Reconciler] is set up. */
data class ReconcilerOptions(
    /** Where the watch list lives: `memory`, `file:///dir` or `redis://…`. */
    val store: String = "memory",
    /** Objects registered longer ago are dropped (default 2 h). */
    val maxAge: Duration = 2.hours,
    /** Lookups in flight at once, 1 to 32. */
    val concurrency: Int = 4,
)

/**
 * The safety net for lost webhooks: polls the orders, refunds and settlements you wait on and
 * reports their status changes as the same [WebhookEvent]s a webhook would carry (same
 * [dedupeKey]). Blocking calls; [runForever] is the coroutine loop, [startBackground] a thread.
 */
class Reconciler @JvmOverloads constructor(
    client: WCheckoutClient,
    options: ReconcilerOptions = ReconcilerOptions(),
) : AutoCloseable {
    private val inner: FfiReconciler = native {
        FfiReconciler(client.inner, options.store, ClientOptions.toMillis(options.maxAge), options.concurrency)
    }

    /** Waits on a payment order (until it is no longer PAYING). */
    fun watchOrder(orderNo: String) = native { inner.watch(WatchKind.ORDER, orderNo) }

    /** Waits on a refund order (until it is final). */
    fun watchRefund(refundOrderNo: String) = native { inner.watch(WatchKind.REFUND, refundOrderNo) }

    /** Waits on a settlement order (until it is final). */
    fun watchSettlement(settlementOrderNo: String) = native { inner.watch(WatchKind.SETTLEMENT, settlementOrderNo) }

    /** Stops waiting on an object; true if it was watched. */
    fun unwatch(kind: WatchKind, number: String): Boolean = native { inner.unwatch(kind, number) }

    /** Every object waited on. */
    fun watched(): List<Watched> = native { inner.watched() }

    /** Looks every watched object up once; acknowledges nothing (see [ack]). */
    fun poll(): ReconcilePoll = native { inner.poll() }

    /** Records that an event (from [poll] or a webhook) was handled: its object stops being polled once final. */
    fun ack(event: WebhookEvent) = native { inner.ack(event.dedupeKey) }

    /**
     * Polls and hands each event to [handler]; an event is acknowledged when the handler returns
     * and reported again by the next run when it throws. Without a handler every event is
     * acknowledged at once. After the run, the first exception a handler threw is rethrown.
     */
    @JvmOverloads
    fun runOnce(handler: ((WebhookEvent) -> Unit)? = null): ReconcilePoll {
        val poll = poll()
        var first: Throwable? = null
        for (event in poll.events) {
            try {
                handler?.invoke(event)
                ack(event)
            } catch (e: Exception) {
                if (first == null) first = e
            }
        }
        first?.let { throw it }
        return poll
    }

    /**
     * Runs [runOnce] every [interval] on [dispatcher] until the calling coroutine is cancelled.
     * Errors go to [onError] and the loop goes on.
     */
    suspend fun runForever(
        interval: Duration,
        dispatcher: CoroutineDispatcher = Dispatchers.IO,
        onError: (Throwable) -> Unit = {},
        handler: (WebhookEvent) -> Unit,
    ) {
        while (coroutineContext.isActive) {
            try {
                withContext(dispatcher) { runOnce(handler) }
            } catch (e: kotlinx.coroutines.CancellationException) {
                throw e
            } catch (e: Exception) {
                onError(e)
            }
            delay(interval)
        }
    }

    /**
     * Runs [runOnce] every [interval] on a daemon thread until the returned handle is closed
     * (which waits for the run in progress). For servers without coroutines.
     */
    @JvmOverloads
    fun startBackground(interval: Duration, onError: (Throwable) -> Unit = {}, handler: (WebhookEvent) -> Unit): AutoCloseable {
        val stop = java.util.concurrent.CountDownLatch(1)
        val thread = Thread({
            while (stop.count > 0) {
                try {
                    runOnce(handler)
                } catch (e: Exception) {
                    onError(e)
                }
                stop.await(interval.inWholeMilliseconds, java.util.concurrent.TimeUnit.MILLISECONDS)
            }
        }, "wcheckout-reconciler").apply { isDaemon = true; start() }
        return AutoCloseable {
            stop.countDown()
            thread.join()
        }
    }

    override fun close() = inner.close()

    override fun toString(): String = "Reconciler"
}
