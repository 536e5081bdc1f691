package com.wcheckout

import com.wcheckout.ffi.HttpHeader
import com.wcheckout.ffi.ffiSignWebhookForTest
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/**
 * Verifies W Checkout webhook deliveries: the signature over `TIMESTAMP + raw body` (constant
 * time, ±120 s by default), then parses a sealed [WebhookEvent]. Always pass the body exactly as
 * received, never re-serialised JSON. Thread-safe.
 *
 * ```kotlin
 * val event = verifier.verify(headers, body)          // throws WCheckoutException.Webhook
 * when (event) {
 *     is WebhookEvent.CheckoutOrderChanged -> if (event.data.orderStatus == OrderStatus.Paid) ship(event.data.orderNo)
 *     is WebhookEvent.Unknown -> log(event.eventType)
 *     else -> {}
 * }
 * respond(200, WEBHOOK_ACKNOWLEDGEMENT)
 * ```
 */
class WebhookVerifier private constructor(private val inner: JniVerifier) : AutoCloseable {
    /** A verifier with the default tolerance, ±120 s. An empty key throws [WCheckoutException.InvalidArgument]. */
    @Throws(WCheckoutException::class)
    constructor(signKey: String) : this(native { JniVerifier(signKey, null) })

    /**
     * A verifier accepting [tolerance] (not negative; `null`: ±120 s) between the `TIMESTAMP`
     * header and the clock. (Nullable so that its JVM signature differs from the `Long` one.)
     */
    @Throws(WCheckoutException::class)
    constructor(signKey: String, tolerance: Duration?) :
        this(native { JniVerifier(signKey, tolerance?.let { ClientOptions.toMillis(it) }) })

    /** As above with [toleranceMillis] in milliseconds (not negative), for Java. */
    @Throws(WCheckoutException::class)
    constructor(signKey: String, toleranceMillis: Long) : this(native { JniVerifier(signKey, toleranceMillis) })

    /** The allowed difference between the `TIMESTAMP` header and the local clock, both ways. */
    val tolerance: Duration get() = toleranceMillis.milliseconds

    /** [tolerance] in milliseconds (Java). */
    val toleranceMillis: Long get() = inner.toleranceMs()

    /** Verifies against the current clock; headers as name → value (names case-insensitive). */
    @Throws(WCheckoutException::class)
    fun verify(headers: Map<String, String>, body: ByteArray): WebhookEvent {
        if (!NativeJni.available) return native { inner.verify(headers.map { (k, v) -> HttpHeader(k, v) }, body) }
        val flat = arrayOfNulls<String>(2 * headers.size)
        var i = 0
        for ((k, v) in headers) {
            flat[i++] = k
            flat[i++] = v
        }
        return jni(flat, body, null)
    }

    /** Verifies against the current clock; headers as received, e.g. `HttpExchange.requestHeaders`. */
    @Throws(WCheckoutException::class)
    @JvmName("verifyMultiValued")
    fun verify(headers: Map<String, List<String>>, body: ByteArray): WebhookEvent {
        if (!NativeJni.available) return native { inner.verify(flatten(headers), body) }
        val flat = ArrayList<String>()
        for ((k, values) in headers) {
            for (v in values) {
                flat.add(k)
                flat.add(v)
            }
        }
        return jni(flat.toTypedArray(), body, null)
    }

    /** Verifies against the current clock; headers as (name, value) pairs in arrival order. */
    @Throws(WCheckoutException::class)
    fun verify(headers: List<Pair<String, String>>, body: ByteArray): WebhookEvent =
        if (NativeJni.available) {
            jni(flat(headers), body, null)
        } else {
            native { inner.verify(headers.map { (k, v) -> HttpHeader(k, v) }, body) }
        }

    /** Verifies as if the time were [nowMs] (milliseconds since the epoch). */
    @Throws(WCheckoutException::class)
    fun verifyAt(headers: List<Pair<String, String>>, body: ByteArray, nowMs: Long): WebhookEvent =
        if (NativeJni.available) {
            jni(flat(headers), body, nowMs)
        } else {
            native { inner.verifyAt(headers.map { (k, v) -> HttpHeader(k, v) }, body, nowMs) }
        }

    override fun close() = inner.close()

    override fun toString(): String = "WebhookVerifier(tolerance=$tolerance)"

    /** The JNI path: [flat] headers `[name0, value0, …]`, the clock when [nowMs] is null. */
    @Suppress("UNCHECKED_CAST")
    private fun jni(flat: Array<out String?>, body: ByteArray, nowMs: Long?): WebhookEvent = inner.withHandle {
        NativeJni.event(NativeJni.verifyWebhook(it, flat as Array<String>, body, nowMs == null, nowMs ?: 0L))
    }

    private fun flat(headers: List<Pair<String, String>>): Array<String?> {
        val flat = arrayOfNulls<String>(2 * headers.size)
        headers.forEachIndexed { i, (k, v) ->
            flat[2 * i] = k
            flat[2 * i + 1] = v
        }
        return flat
    }

    private fun flatten(headers: Map<String, List<String>>): List<HttpHeader> =
        headers.flatMap { (k, values) -> values.map { HttpHeader(k, it) } }
}

/** The body to answer a verified webhook with (HTTP 200): `{"retcode":200,"retmsg":"SUCCESS"}`. */
val WEBHOOK_ACKNOWLEDGEMENT: String get() = WCheckout.webhookAcknowledgement

/**
 * Signs [body] as W Checkout signs a webhook, for tests: returns the `SIGNATURE` and `TIMESTAMP`
 * headers to send with it.
 */
@Throws(WCheckoutException::class)
@JvmOverloads
fun signWebhookForTest(signKey: String, body: ByteArray, timestampMs: Long = nowMillis()): Map<String, String> =
    native { ffiSignWebhookForTest(signKey, body, timestampMs) }.associateTo(LinkedHashMap()) { it.name to it.value }

/** `evt_…`: deliveries may repeat, process each id once. */
val WebhookEvent.eventId: String
    get() = when (this) {
        is WebhookEvent.CheckoutOrderChanged -> eventId
        is WebhookEvent.RefundOrderChanged -> eventId
        is WebhookEvent.SettlementOrderChanged -> eventId
        is WebhookEvent.AbnormalPayment -> eventId
        is WebhookEvent.Unknown -> eventId
    }

/** The event type (unknown types are kept as [EventType.Unknown]). */
val WebhookEvent.eventType: EventType
    get() = when (this) {
        is WebhookEvent.CheckoutOrderChanged -> EventType.CheckoutOrderChanged
        is WebhookEvent.RefundOrderChanged -> EventType.RefundOrderChanged
        is WebhookEvent.SettlementOrderChanged -> EventType.SettlementOrderChanged
        is WebhookEvent.AbnormalPayment -> EventType.AbnormalPayment
        is WebhookEvent.Unknown -> EventType.fromWire(eventType)
    }

/** The body's own `timestamp`, in seconds. */
val WebhookEvent.timestampSeconds: Long
    get() = when (this) {
        is WebhookEvent.CheckoutOrderChanged -> timestamp
        is WebhookEvent.RefundOrderChanged -> timestamp
        is WebhookEvent.SettlementOrderChanged -> timestamp
        is WebhookEvent.AbnormalPayment -> timestamp
        is WebhookEvent.Unknown -> timestamp
    }

/** The whole event as JSON text, numbers exactly as received. */
val WebhookEvent.json: String
    get() = when (this) {
        is WebhookEvent.CheckoutOrderChanged -> rawJson
        is WebhookEvent.RefundOrderChanged -> rawJson
        is WebhookEvent.SettlementOrderChanged -> rawJson
        is WebhookEvent.AbnormalPayment -> rawJson
        is WebhookEvent.Unknown -> rawJson
    }
