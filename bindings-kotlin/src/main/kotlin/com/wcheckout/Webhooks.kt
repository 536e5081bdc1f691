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
        val picked = WebhookHeaders()
        for ((k, v) in headers) picked.add(k, v)
        return jni(picked, body, null)
    }

    /** Verifies against the current clock; headers as received, e.g. `HttpExchange.requestHeaders`. */
    @Throws(WCheckoutException::class)
    @JvmName("verifyMultiValued")
    fun verify(headers: Map<String, List<String>>, body: ByteArray): WebhookEvent {
        if (!NativeJni.available) return native { inner.verify(flatten(headers), body) }
        val picked = WebhookHeaders()
        for ((k, values) in headers) {
            for (v in values) picked.add(k, v)
        }
        return jni(picked, body, null)
    }

    /** Verifies against the current clock; headers as (name, value) pairs in arrival order. */
    @Throws(WCheckoutException::class)
    fun verify(headers: List<Pair<String, String>>, body: ByteArray): WebhookEvent =
        if (NativeJni.available) {
            jni(pick(headers), body, null)
        } else {
            native { inner.verify(headers.map { (k, v) -> HttpHeader(k, v) }, body) }
        }

    /** Verifies as if the time were [nowMs] (milliseconds since the epoch). */
    @Throws(WCheckoutException::class)
    fun verifyAt(headers: List<Pair<String, String>>, body: ByteArray, nowMs: Long): WebhookEvent =
        if (NativeJni.available) {
            jni(pick(headers), body, nowMs)
        } else {
            native { inner.verifyAt(headers.map { (k, v) -> HttpHeader(k, v) }, body, nowMs) }
        }

    override fun close() = inner.close()

    override fun toString(): String = "WebhookVerifier(tolerance=$tolerance)"

    /** The JNI path: the two header values core reads, the clock when [nowMs] is null. */
    private fun jni(headers: WebhookHeaders, body: ByteArray, nowMs: Long?): WebhookEvent = inner.withHandle {
        NativeJni.event(NativeJni.verifyWebhook(it, headers.signature, headers.timestamp, body, nowMs == null, nowMs ?: 0L))
    }

    private fun pick(headers: List<Pair<String, String>>): WebhookHeaders {
        val picked = WebhookHeaders()
        for ((k, v) in headers) picked.add(k, v)
        return picked
    }

    private fun flatten(headers: Map<String, List<String>>): List<HttpHeader> =
        headers.flatMap { (k, values) -> values.map { HttpHeader(k, it) } }
}

/**
 * The `SIGNATURE` and `TIMESTAMP` values core's verifier reads, picked by its rule (`find_header`
 * in core/src/webhook.rs): the first header named `SIGNATURE`, else the first `D-SIGNATURE` (the
 * same for `TIMESTAMP`), names compared ASCII-case-insensitively after trimming what Rust's
 * `str::trim` trims (Unicode White_Space). On the JNI path only these two values cross to Rust,
 * not every header: each string crossing costs JNI calls and copies (~150 ns), and a request
 * carries a dozen headers. Other headers are not looked at (not even checked for valid UTF-16).
 */
internal class WebhookHeaders {
    private var sig: String? = null
    private var dSig: String? = null
    private var ts: String? = null
    private var dTs: String? = null

    val signature: String? get() = sig ?: dSig
    val timestamp: String? get() = ts ?: dTs

    fun add(name: String, value: String) {
        var start = 0
        var end = name.length
        while (start < end && isRustWhitespace(name[start])) start++
        while (end > start && isRustWhitespace(name[end - 1])) end--
        when {
            sig == null && named(name, start, end, "SIGNATURE") -> sig = value
            ts == null && named(name, start, end, "TIMESTAMP") -> ts = value
            dSig == null && named(name, start, end, "D-SIGNATURE") -> dSig = value
            dTs == null && named(name, start, end, "D-TIMESTAMP") -> dTs = value
        }
    }

    private companion object {
        /** `name[start, end)` equals [upper] (upper-case ASCII), ASCII letters case-insensitively. */
        fun named(name: String, start: Int, end: Int, upper: String): Boolean {
            if (end - start != upper.length) return false
            for (i in upper.indices) {
                val c = name[start + i]
                if ((if (c in 'a'..'z') c - 32 else c) != upper[i]) return false
            }
            return true
        }

        /** Rust's `char::is_whitespace` (Unicode White_Space; all in the BMP). */
        fun isRustWhitespace(c: Char): Boolean = when (c.code) {
            in 0x09..0x0D, 0x20, 0x85, 0xA0, 0x1680, in 0x2000..0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000 -> true
            else -> false
        }
    }
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

/**
 * The whole event as JSON text (`rawJson`): for a verified webhook the body exactly as received
 * (the signed bytes as UTF-8, whitespace, key order and numbers as sent), the record to store;
 * for a reconciled event compact JSON.
 */
val WebhookEvent.json: String
    get() = when (this) {
        is WebhookEvent.CheckoutOrderChanged -> rawJson
        is WebhookEvent.RefundOrderChanged -> rawJson
        is WebhookEvent.SettlementOrderChanged -> rawJson
        is WebhookEvent.AbnormalPayment -> rawJson
        is WebhookEvent.Unknown -> rawJson
    }
