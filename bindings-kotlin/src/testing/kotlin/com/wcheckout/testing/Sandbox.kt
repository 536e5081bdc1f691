package com.wcheckout.testing

import com.wcheckout.ClientOptions
import com.wcheckout.Environment
import com.wcheckout.EventType
import com.wcheckout.RefundOrder
import com.wcheckout.SettlementOrder
import com.wcheckout.WCheckoutClient
import com.wcheckout.ffi.FfiFault
import com.wcheckout.ffi.FfiSandbox
import com.wcheckout.ffi.FfiSandboxOptions
import com.wcheckout.native
import java.math.BigDecimal
import kotlin.time.Duration

/** The credentials a default [Sandbox] accepts. */
const val DEMO_API_KEY: String = "demo_api_key"
const val DEMO_API_SECRET: String = "demo_api_secret"
const val DEMO_SIGN_KEY: String = "demo_sign_key"

/** Whether a new access token supersedes the previous one (the live gateway's rule is unconfirmed). */
enum class TokenPolicy(internal val wire: String) {
    /** One live token: a new one makes the previous one invalid (`00002`). The default. */
    SUPERSEDE("supersede"),

    /** Every issued token stays valid until it expires. */
    MULTIPLE("multiple"),
}

/** How the sandbox signs its responses. */
enum class ResponseSignatureMode(internal val wire: String) {
    /** Over METHOD + TIMESTAMP + PATH + QUERY + BODY (the default). */
    FULL("full"),

    /** Over TIMESTAMP + BODY. */
    SHORT("short"),

    /** Unsigned. */
    NONE("none"),
}

/** What an armed fault does (see [Sandbox.fault]). */
enum class FaultKind(internal val wire: String) {
    HTTP_500("http_500"),
    HTTP_503("http_503"),
    HTTP_429("http_429"),

    /** Waits `delayMs` before processing. */
    DELAY("delay"),

    /** Closes the connection without processing. */
    DROP("drop"),

    /** Processes the request, then closes without answering. */
    DROP_AFTER_PROCESSING("drop_after_processing"),

    /** Answers with a wrong `SIGNATURE`. */
    BAD_SIGNATURE("bad_signature"),

    /** The next events are recorded as `lost` and never sent. */
    LOSE_WEBHOOK("lose_webhook"),
}

/**
 * The W Checkout sandbox, running **in this JVM** on a free `127.0.0.1` port, on its own native
 * threads: tokens, request and response signatures, every operation, the order / refund /
 * settlement state machines and signed webhooks with retries. Nothing else is needed: no binary,
 * no Docker, no network. Control operations (pay, refund and settlement moves, clock, faults) are
 * direct calls. Thread-safe; close it (`use { }`), or it is closed when the JVM exits.
 *
 * ```kotlin
 * Sandbox.start().use { sb ->
 *     val client = sb.client()
 *     val inbox = sb.webhookInbox()
 *     val order = client.createCheckoutOrder(CreateCheckoutOrderRequest("A1", BigDecimal("10"), "c1", Token.EthUsdt))
 *     sb.pay("A1", order.payingAmount!!)
 *     inbox.awaitEventOf<WebhookEvent.CheckoutOrderChanged> { it.data.orderStatus == OrderStatus.Paid }
 * }
 * ```
 */
class Sandbox private constructor(
    private val inner: FfiSandbox,
    /** The `apiKey` it accepts. */
    val apiKey: String,
    /** The `apiSecret` it accepts. */
    val apiSecret: String,
    /** The `signKey` of its signatures. */
    val signKey: String,
) : AutoCloseable {
    private val inboxes = java.util.concurrent.CopyOnWriteArrayList<WebhookInbox>()

    /** `http://127.0.0.1:PORT`. */
    val baseUrl: String = inner.url()

    /** True once closed. */
    val isClosed: Boolean get() = inner.isStopped()

    /** [base] with `environment` pointing at this sandbox. */
    @JvmOverloads
    fun clientOptions(base: ClientOptions = ClientOptions()): ClientOptions =
        base.copy(environment = Environment.Custom(baseUrl))

    /** A [WCheckoutClient] for this sandbox (its credentials and URL; other settings from [options]). */
    @JvmOverloads
    fun client(options: ClientOptions = ClientOptions()): WCheckoutClient =
        WCheckoutClient(apiKey, apiSecret, signKey, clientOptions(options))

    /**
     * Simulates the customer's on-chain payment of [amount] into the order: the exact amount →
     * PAID; more → PAID plus an OVER_PAID abnormal payment; less → UNDER_PAID; after a timeout or
     * cancel → LATE_PAYMENT. Throws [com.wcheckout.WCheckoutException.Api] (e.g. `00010`).
     */
    @JvmOverloads
    fun pay(orderNo: String, amount: BigDecimal, txHash: String? = null): SandboxPayment =
        native { inner.pay(orderNo, amount, txHash) }

    /** PENDING_REFUND → REFUNDING. */
    fun processRefund(refundOrderNo: String): RefundOrder = native { inner.moveRefund(refundOrderNo, "process") }

    /** → REFUNDED (through REFUNDING when still pending). */
    fun completeRefund(refundOrderNo: String): RefundOrder = native { inner.moveRefund(refundOrderNo, "complete") }

    /** → FAILED. */
    fun failRefund(refundOrderNo: String): RefundOrder = native { inner.moveRefund(refundOrderNo, "fail") }

    /** PENDING_SETTLEMENT → SETTLING. */
    fun processSettlement(settlementOrderNo: String): SettlementOrder =
        native { inner.moveSettlement(settlementOrderNo, "process") }

    /** → SETTLED (through SETTLING when still pending). */
    fun completeSettlement(settlementOrderNo: String): SettlementOrder =
        native { inner.moveSettlement(settlementOrderNo, "complete") }

    /** → FAILED. */
    fun failSettlement(settlementOrderNo: String): SettlementOrder =
        native { inner.moveSettlement(settlementOrderNo, "fail") }

    /** → REJECTED. */
    fun rejectSettlement(settlementOrderNo: String): SettlementOrder =
        native { inner.moveSettlement(settlementOrderNo, "reject") }

    /** Moves the business clock forward by whole [seconds] (orders time out, tokens expire). */
    fun advanceClock(seconds: Long): SandboxClock = native { inner.advanceClock(seconds) }

    /** Moves the business clock forward by [duration] (whole seconds). */
    @JvmName("advanceClockBy")
    fun advanceClock(duration: Duration): SandboxClock = advanceClock(duration.inWholeSeconds)

    /** The business clock. */
    fun clock(): SandboxClock = native { inner.clock() }

    /**
     * Arms a fault for the next [count] matching requests (or events, for [FaultKind.LOSE_WEBHOOK]).
     * [path] and [method] narrow the match; [delayMs] is for [FaultKind.DELAY]; [retryAfterSeconds]
     * adds a `Retry-After` header; [eventType] narrows [FaultKind.LOSE_WEBHOOK].
     */
    @JvmOverloads
    fun fault(
        kind: FaultKind,
        path: String? = null,
        method: String? = null,
        count: Int = 1,
        delayMs: Long? = null,
        retryAfterSeconds: Long? = null,
        eventType: EventType? = null,
    ) = native {
        inner.addFault(
            FfiFault(kind.wire, path, method, count.toLong(), delayMs, retryAfterSeconds, eventType?.wire()),
        )
    }

    /** Disarms every fault. */
    fun clearFaults() = native { inner.clearFaults() }

    /** Expires the current access token (the client refetches); false when none exists. */
    fun expireToken(): Boolean = native { inner.expireToken() }

    /** Where events raised from now on go (`null`: recorded, not sent). */
    var webhookUrl: String?
        get() = native { inner.webhookUrl() }
        set(value) = native { inner.setWebhookUrl(value) }

    /**
     * Starts a [WebhookInbox] that verifies with this sandbox's signKey and points the sandbox's
     * webhook URL at it. It is closed with the sandbox.
     */
    fun webhookInbox(): WebhookInbox = WebhookInbox(native { inner.webhookInbox() }).also { inboxes += it }

    /** Every event raised so far, with its delivery status and attempts. */
    fun webhooks(): List<SandboxWebhookDelivery> = native { inner.webhookDeliveries() }

    /** Everything it holds: typed records, counts, balances, and the whole JSON. */
    fun state(): SandboxState = native { inner.state() }

    /** Forgets every record, the token, faults, the webhook log and the clock shift. */
    fun reset() = native { inner.reset() }

    /** Any call of the `/_sandbox` control API by method and path, in-process; returns `retdata` JSON. */
    @JvmOverloads
    fun control(method: String, path: String, bodyJson: String? = null): String =
        native { inner.control(method, path, bodyJson) }

    /** Stops the server, webhook delivery and the inboxes it started. Idempotent. */
    override fun close() {
        inner.stop()
        inboxes.forEach { it.close() }
        Live.remove(this)
    }

    override fun toString(): String = "Sandbox(baseUrl=$baseUrl, apiKey=$apiKey)"

    companion object {
        /**
         * Starts a sandbox on a free `127.0.0.1` port. Every argument is optional: the credentials
         * default to the demo values, [timeScale] to 0.001 (webhook retries in milliseconds).
         */
        @JvmStatic
        @JvmOverloads
        fun start(
            apiKey: String = DEMO_API_KEY,
            apiSecret: String = DEMO_API_SECRET,
            signKey: String = DEMO_SIGN_KEY,
            webhookUrl: String? = null,
            tokenPolicy: TokenPolicy = TokenPolicy.SUPERSEDE,
            timeScale: Double = 0.001,
            responseSignature: ResponseSignatureMode = ResponseSignatureMode.FULL,
            exchangeRate: BigDecimal? = null,
            tokenTtlSeconds: Long? = null,
            port: Int = 0,
        ): Sandbox {
            val options = FfiSandboxOptions(
                webhookUrl = webhookUrl,
                tokenPolicy = tokenPolicy.wire,
                responseSignature = responseSignature.wire,
                timeScale = timeScale,
                exchangeRate = exchangeRate,
                tokenTtlSecs = tokenTtlSeconds,
                port = port,
            )
            val sandbox = Sandbox(native { FfiSandbox(apiKey, apiSecret, signKey, options) }, apiKey, apiSecret, signKey)
            Live.add(sandbox)
            return sandbox
        }
    }
}

/** Sandboxes and inboxes still open are closed when the JVM exits (sandboxes first). */
internal object Live {
    private val open = java.util.Collections.newSetFromMap(java.util.WeakHashMap<AutoCloseable, Boolean>())

    init {
        Runtime.getRuntime().addShutdownHook(Thread({ closeAll() }, "wcheckout-sandbox-shutdown"))
    }

    @Synchronized
    fun add(o: AutoCloseable) {
        open += o
    }

    @Synchronized
    fun remove(o: AutoCloseable) {
        open -= o
    }

    private fun closeAll() {
        val all = synchronized(this) { open.toList() }
        all.sortedBy { if (it is Sandbox) 0 else 1 }.forEach { runCatching { it.close() } }
    }
}
