package com.wcheckout

/**
 * Every failure of the SDK. `message` is never empty and never contains a secret; [code] is the
 * stable machine-readable code of the core error (`"api_error"`, `"timeout"`, …).
 *
 * ```kotlin
 * try { client.getCheckoutOrderInfo("A1001") }
 * catch (e: WCheckoutException.Api) { println("${e.retcode} ${e.retmsg} (HTTP ${e.httpStatus})") }
 * catch (e: WCheckoutException) { if (e.isRetryable) retryLater() else throw e }
 * ```
 */
sealed class WCheckoutException(
    message: String,
    /** Stable code, one of core's `Error::CODES`. */
    val code: String,
    /** True when retrying the same request could succeed (transport errors, timeouts, HTTP 429/5xx). */
    val isRetryable: Boolean = false,
    cause: Throwable? = null,
) : RuntimeException(message.ifEmpty { code }, cause) {
    override val message: String get() = super.message ?: code

    /**
     * True when an attempt of the failed call may have reached the server and been processed, so
     * its result is unknown (a timeout after sending, a dropped connection, HTTP 5xx, an unreadable
     * answer, or any error after such an attempt was retried). Then repeat the identical call: a
     * create answered "duplicate" returns the object if it is this request's (otherwise
     * [IdempotencyConflict]), and a cancel of an already cancelled object returns it.
     */
    var outcomeUnknown: Boolean = false
        internal set

    /** The envelope's `retcode`, verbatim (API errors only). */
    open val retcode: String? get() = null

    /** The envelope's `retmsg`, verbatim (API errors only). */
    open val retmsg: String? get() = null

    /** The HTTP status of the response (API errors only). */
    open val httpStatus: Int? get() = null

    /** A caller-supplied value is unusable (empty key, bad order number, bad path, …). */
    class InvalidArgument(message: String) : WCheckoutException(message, "invalid_argument")

    /** A money amount is not an exact, finite, non-negative decimal. */
    class InvalidAmount(message: String) : WCheckoutException(message, "invalid_amount")

    /** A request signature did not match. */
    class SignatureMismatch(message: String) : WCheckoutException(message, "signature_mismatch")

    /** A webhook failed verification or parsing: answer it with a non-2xx status. */
    sealed class Webhook(message: String, code: String) : WCheckoutException(message, code) {
        /** `SIGNATURE`/`TIMESTAMP` (and their `D-` fallbacks) are missing. */
        class MissingHeader(message: String) : Webhook(message, "webhook_missing_header")

        /** `TIMESTAMP` is not milliseconds since the epoch. */
        class MalformedTimestamp(message: String) : Webhook(message, "webhook_malformed_timestamp")

        /** The timestamp is outside the tolerance (replayed, delayed, or a clock is wrong). */
        class OutsideTolerance(message: String) : Webhook(message, "webhook_outside_tolerance")

        /** The signature does not match the raw body. */
        class SignatureMismatch(message: String) : Webhook(message, "webhook_signature_mismatch")

        /** Verified, but the body is not event JSON. */
        class MalformedJson(message: String) : Webhook(message, "webhook_malformed_json")
    }

    /** The API answered with a business error (`retcode` other than 200) or a non-200 HTTP status. */
    class Api(
        message: String,
        override val retcode: String,
        override val retmsg: String,
        override val httpStatus: Int,
        isRetryable: Boolean,
    ) : WCheckoutException(message, "api_error", isRetryable)

    /** The access token could not be obtained or was refused. */
    class Auth(message: String) : WCheckoutException(message, "auth_error")

    /** The connection failed (refused, reset, TLS, dropped mid-response). */
    class Transport(message: String) : WCheckoutException(message, "transport_error", isRetryable = true)

    /** The connect or overall timeout elapsed. */
    class Timeout(message: String) : WCheckoutException(message, "timeout", isRetryable = true)

    /** A response could not be decoded. */
    class Decode(message: String) : WCheckoutException(message, "decode_error")

    /** A response signature was missing (under `Required`) or did not match. */
    class ResponseSignature(message: String) : WCheckoutException(message, "response_signature")

    /**
     * A create was answered "duplicate" and the object stored under that number differs from the
     * request in a field the request set: someone else's object, never a success.
     */
    class IdempotencyConflict(
        message: String,
        /** The object stored under the number. */
        val existing: ExistingObject?,
        /** The differing fields, as wire names (e.g. `["address"]`). */
        val differences: List<String>,
    ) : WCheckoutException(message, "idempotency_conflict")

    /**
     * A shared store (`tokenStore`, `EventDeduplicator`, a reconciler's watch list: `file://…`,
     * `redis://…`) could not be used. The call was not sent. The message names the store, never
     * its password.
     */
    class TokenStore(message: String) : WCheckoutException(message, "token_store", isRetryable = true)

    /** A bug inside the native library, e.g. a caught panic: please report it. */
    class Internal(message: String, cause: Throwable? = null) : WCheckoutException(message, "internal", cause = cause)
}

/** Maps the one FFI error onto the sealed hierarchy, by the core's stable code. */
internal fun FfiException.toPublic(): WCheckoutException = when (this) {
    is FfiException.Failed -> {
        val text = reason.ifEmpty { code }
        when (code) {
            "invalid_argument" -> WCheckoutException.InvalidArgument(text)
            "invalid_amount" -> WCheckoutException.InvalidAmount(text)
            "signature_mismatch" -> WCheckoutException.SignatureMismatch(text)
            "webhook_missing_header" -> WCheckoutException.Webhook.MissingHeader(text)
            "webhook_malformed_timestamp" -> WCheckoutException.Webhook.MalformedTimestamp(text)
            "webhook_outside_tolerance" -> WCheckoutException.Webhook.OutsideTolerance(text)
            "webhook_signature_mismatch" -> WCheckoutException.Webhook.SignatureMismatch(text)
            "webhook_malformed_json" -> WCheckoutException.Webhook.MalformedJson(text)
            "api_error" -> WCheckoutException.Api(text, retcode.orEmpty(), retmsg.orEmpty(), httpStatus ?: 0, retryable)
            "auth_error" -> WCheckoutException.Auth(text)
            "transport_error" -> WCheckoutException.Transport(text)
            "timeout" -> WCheckoutException.Timeout(text)
            "decode_error" -> WCheckoutException.Decode(text)
            "response_signature" -> WCheckoutException.ResponseSignature(text)
            "idempotency_conflict" -> WCheckoutException.IdempotencyConflict(text, existing, differences)
            "token_store" -> WCheckoutException.TokenStore(text)
            "internal" -> WCheckoutException.Internal(text, this)
            else -> WCheckoutException.Internal("$code: $text", this)
        }.also { it.outcomeUnknown = outcomeUnknown }
    }
}

/** Runs one native call, turning its failures into [WCheckoutException]s. */
internal inline fun <T> native(block: () -> T): T =
    try {
        block()
    } catch (e: FfiException) {
        throw e.toPublic()
    } catch (e: java.nio.charset.CharacterCodingException) {
        // Raised while encoding an argument to UTF-8, before anything reaches the native side.
        throw WCheckoutException.InvalidArgument("a text argument is not valid Unicode (unpaired surrogate): $e")
    } catch (e: InternalException) {
        throw WCheckoutException.Internal(e.message ?: "native call failed", e)
    }
