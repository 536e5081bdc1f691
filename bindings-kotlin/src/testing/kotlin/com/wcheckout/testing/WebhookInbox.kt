package com.wcheckout.testing

import com.wcheckout.WebhookEvent
import com.wcheckout.eventId
import com.wcheckout.eventType
import com.wcheckout.ffi.FfiInbox
import com.wcheckout.native
import java.util.function.Predicate
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * No matching webhook event arrived in time. An [AssertionError], so test frameworks report it
 * as a failed expectation; the message lists what did arrive.
 */
class WebhookTimeoutException(message: String) : AssertionError(message)

/**
 * A webhook receiver on `127.0.0.1` in this JVM. Every delivery is verified with the signKey
 * (signature over `TIMESTAMP` + raw body, ±120 s by default) and kept as a typed [WebhookEvent];
 * verified deliveries are acknowledged, anything else is answered 400 (so the sender retries it)
 * and kept in [rejected]. Get one from [Sandbox.webhookInbox], or construct it with a signKey to
 * receive from anything that signs like W Checkout. Thread-safe.
 */
class WebhookInbox internal constructor(private val inner: FfiInbox) : AutoCloseable {
    /** A receiver verifying with [signKey]; [toleranceMillis] defaults to 120 s. */
    @JvmOverloads
    constructor(signKey: String = DEMO_SIGN_KEY, toleranceMillis: Long? = null) :
        this(native { FfiInbox(signKey, toleranceMillis) })

    init {
        Live.add(this)
    }

    /** Where to deliver: `http://127.0.0.1:PORT/webhooks`. */
    val url: String = inner.url()

    /** True once closed. */
    val isClosed: Boolean get() = inner.isStopped()

    /** The verified events so far (since the start or [clear]), in arrival order. */
    val events: List<WebhookEvent> get() = inner.received().map { it.event }

    /** The refused deliveries so far. */
    val rejected: List<SandboxRejectedWebhook> get() = inner.rejected()

    /**
     * Returns the first event (already received, or arriving within [timeout]) that satisfies
     * [predicate]; throws [WebhookTimeoutException] listing what arrived instead. Blocking.
     */
    fun awaitEvent(timeout: Duration = 10.seconds, predicate: (WebhookEvent) -> Boolean = { true }): WebhookEvent {
        val deadline = System.nanoTime() + timeout.inWholeNanoseconds
        var seq = 0L
        while (true) {
            val left = ((deadline - System.nanoTime()) / 1_000_000).coerceAtLeast(0)
            val got = native { inner.next(seq, left) } ?: throw timeout(timeout)
            if (predicate(got.event)) return got.event
            seq = got.seq + 1
        }
    }

    /**
     * The first event of type [T] (e.g. `WebhookEvent.CheckoutOrderChanged`) satisfying
     * [predicate], as [awaitEvent]:
     *
     * ```kotlin
     * inbox.awaitEventOf<WebhookEvent.CheckoutOrderChanged> { it.data.orderNo == "A1" && it.data.orderStatus == OrderStatus.Paid }
     * ```
     */
    inline fun <reified T : WebhookEvent> awaitEventOf(
        timeout: Duration = 10.seconds,
        crossinline predicate: (T) -> Boolean = { true },
    ): T = awaitEvent(timeout) { it is T && predicate(it) } as T

    /** [awaitEvent] for Java: [timeoutMillis] and a [Predicate]. */
    fun awaitEvent(timeoutMillis: Long, predicate: Predicate<WebhookEvent>): WebhookEvent =
        awaitEvent(timeoutMillis.milliseconds) { predicate.test(it) }

    /** [awaitEvent] that suspends instead of blocking (the wait runs on `Dispatchers.IO`). */
    suspend fun awaitEventSuspending(
        timeout: Duration = 10.seconds,
        predicate: (WebhookEvent) -> Boolean = { true },
    ): WebhookEvent = withContext(Dispatchers.IO) { awaitEvent(timeout, predicate) }

    private fun timeout(timeout: Duration): WebhookTimeoutException {
        val got = events
        val brief = got.takeLast(10).joinToString("; ") { "${it.eventType.wire()} ${it.eventId}" }
        val lines = mutableListOf(
            "no matching webhook arrived within $timeout at $url",
            "received ${got.size}: ${brief.ifEmpty { "nothing" }}",
        )
        val refused = rejected
        if (refused.isNotEmpty()) lines += "rejected ${refused.size}: " + refused.takeLast(5).joinToString("; ") { it.reason }
        return WebhookTimeoutException(lines.joinToString("\n"))
    }

    /** Forgets the events received and refused so far. */
    fun clear() = inner.clear()

    /** Stops receiving (idempotent); the events kept stay readable. */
    override fun close() {
        inner.stop()
        Live.remove(this)
    }

    override fun toString(): String = "WebhookInbox(url=$url)"
}
