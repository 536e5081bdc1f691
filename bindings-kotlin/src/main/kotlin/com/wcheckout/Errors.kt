package com.wcheckout

// `WCheckoutException` itself is generated from the core's typed error
// (`wcheckout::uniffi_support::WCheckoutError`): a sealed class with one subclass per kind, each
// carrying its fields (`Api.retcode`, `Api.httpStatus`, `Webhook.failure`,
// `IdempotencyConflict.existing`, `outcomeUnknown` …) and the core's full message as `reason`.
// Its methods `code()`, `isRetryable()` and `outcomeUnknown()` ask the core. This file adds the
// same as properties for every subclass, and the one mapping UniFFI cannot generate.
//
// ```kotlin
// try { client.getCheckoutOrderInfo("A1001") }
// catch (e: WCheckoutException.Api) { println("${e.retcode} ${e.retmsg} (HTTP ${e.httpStatus})") }
// catch (e: WCheckoutException) { if (e.isRetryable) retryLater() else throw e }
// ```

/** The stable machine-readable code, one of [WCheckout.errorCodes] (`"api_error"`, `"timeout"`, …). */
val WCheckoutException.code: String get() = code()

/** True when retrying the same request could succeed (transport errors, timeouts, HTTP 429/5xx, a shared store that failed). */
val WCheckoutException.isRetryable: Boolean get() = isRetryable()

/**
 * True when an attempt of the failed call may have reached the server and been processed, so
 * its result is unknown (a timeout after sending, a dropped connection, HTTP 5xx, an unreadable
 * answer, or any error after such an attempt was retried). Then repeat the identical call: a
 * create answered "duplicate" returns the object if it is this request's (otherwise
 * [WCheckoutException.IdempotencyConflict]), and a cancel of an already cancelled object returns it.
 */
val WCheckoutException.outcomeUnknown: Boolean get() = outcomeUnknown()

/** The full message: what went wrong and what to do (never empty, never a secret). */
val WCheckoutException.reason: String
    get() = when (this) {
        is WCheckoutException.InvalidArgument -> reason
        is WCheckoutException.InvalidAmount -> reason
        is WCheckoutException.SignatureMismatch -> reason
        is WCheckoutException.Webhook -> reason
        is WCheckoutException.Api -> reason
        is WCheckoutException.Auth -> reason
        is WCheckoutException.Transport -> reason
        is WCheckoutException.Timeout -> reason
        is WCheckoutException.Decode -> reason
        is WCheckoutException.ResponseSignature -> reason
        is WCheckoutException.IdempotencyConflict -> reason
        is WCheckoutException.TokenStore -> reason
        is WCheckoutException.Internal -> reason
    }

/** The envelope's `retcode`, verbatim (API errors only). */
val WCheckoutException.retcode: String? get() = (this as? WCheckoutException.Api)?.retcode

/** The envelope's `retmsg`, verbatim (API errors only). */
val WCheckoutException.retmsg: String? get() = (this as? WCheckoutException.Api)?.retmsg

/** The HTTP status of the response (API errors only). */
val WCheckoutException.httpStatus: Int? get() = (this as? WCheckoutException.Api)?.httpStatus

/**
 * Runs one native call, turning the two failures UniFFI cannot type into [WCheckoutException]s:
 * a text argument Kotlin cannot encode as UTF-8 (raised before anything reaches the native side)
 * and a panic caught at the FFI edge (UniFFI's own `InternalException`). Typed errors pass through.
 */
internal inline fun <T> native(block: () -> T): T =
    try {
        block()
    } catch (e: java.nio.charset.CharacterCodingException) {
        throw WCheckoutException.InvalidArgument(
            "invalid argument: a text argument is not valid Unicode (unpaired surrogate): $e",
        )
    } catch (e: com.wcheckout.ffi.InternalException) {
        throw internalError(e)
    } catch (e: InternalException) {
        throw internalError(e)
    }

internal fun internalError(e: Exception): WCheckoutException =
    WCheckoutException.Internal("internal error in wcheckout: ${e.message} (please report this)").apply { initCause(e) }
