package com.wcheckout

import com.wcheckout.ffi.SignRequestInput
import com.wcheckout.ffi.ffiSignRequest
import com.wcheckout.ffi.ffiStringToSign

private val EMPTY = ByteArray(0)

/**
 * Signs a request as W Checkout expects:
 * `Base64(HMAC-SHA512(signKey, METHOD + TIMESTAMP + PATH + QUERY + BODY))`.
 *
 * [query] has no leading `?` and is not percent-encoded; [body] is the exact bytes sent.
 * Throws [WCheckoutException.InvalidArgument] for an empty key, a non-numeric timestamp, a path
 * without a leading `/`, and so on. Keep a [RequestSigner] to sign many requests with one key.
 */
@Throws(WCheckoutException::class)
@JvmOverloads
fun signRequest(
    signKey: String,
    method: String,
    timestamp: String,
    path: String,
    query: String = "",
    body: ByteArray = EMPTY,
    queryPrefix: QueryPrefix = QueryPrefix.NONE,
): String = if (NativeJni.available) {
    NativeJni.text(NativeJni.signRequest(signKey, method, timestamp, path, query, body, queryPrefix == QueryPrefix.QUESTION_MARK))
} else {
    native { ffiSignRequest(signKey, SignRequestInput(method, timestamp, path, query, body, queryPrefix)) }
}

/** [signRequest] with a text body (signed as its UTF-8 bytes). */
@Throws(WCheckoutException::class)
fun signRequest(
    signKey: String,
    method: String,
    timestamp: String,
    path: String,
    query: String,
    body: String,
    queryPrefix: QueryPrefix = QueryPrefix.NONE,
): String = signRequest(signKey, method, timestamp, path, query, body.toByteArray(Charsets.UTF_8), queryPrefix)

/** The exact bytes [signRequest] signs. */
@Throws(WCheckoutException::class)
@JvmOverloads
fun stringToSign(
    method: String,
    timestamp: String,
    path: String,
    query: String = "",
    body: ByteArray = EMPTY,
    queryPrefix: QueryPrefix = QueryPrefix.NONE,
): ByteArray = native { ffiStringToSign(SignRequestInput(method, timestamp, path, query, body, queryPrefix)) }

/**
 * Signs and verifies with one `signKey`, keyed once. Thread-safe. The key is never shown by
 * `toString()`. Close it (or let the GC clean it) to free the native side.
 */
class RequestSigner @Throws(WCheckoutException::class) @JvmOverloads constructor(signKey: String, queryPrefix: QueryPrefix = QueryPrefix.NONE) :
    AutoCloseable {
    private val inner: JniSigner = native { JniSigner(signKey, queryPrefix) }

    /** Signs a request; see [signRequest]. */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun sign(method: String, timestamp: String, path: String, query: String = "", body: ByteArray = EMPTY): String =
        if (NativeJni.available) {
            inner.withHandle { NativeJni.text(NativeJni.signerSign(it, method, timestamp, path, query, body)) }
        } else {
            native { inner.sign(SignRequestInput(method, timestamp, path, query, body, QueryPrefix.NONE)) }
        }

    /** Verifies a request signature in constant time; throws [WCheckoutException.SignatureMismatch]. */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun verify(
        signature: String,
        method: String,
        timestamp: String,
        path: String,
        query: String = "",
        body: ByteArray = EMPTY,
    ): Unit = if (NativeJni.available) {
        inner.withHandle { NativeJni.unit(NativeJni.signerVerify(it, signature, method, timestamp, path, query, body)) }
    } else {
        native { inner.verify(SignRequestInput(method, timestamp, path, query, body, QueryPrefix.NONE), signature) }
    }

    /** True when [signature] matches; false on a mismatch (other bad input still throws). */
    @Throws(WCheckoutException::class)
    @JvmOverloads
    fun isValid(
        signature: String,
        method: String,
        timestamp: String,
        path: String,
        query: String = "",
        body: ByteArray = EMPTY,
    ): Boolean = try {
        verify(signature, method, timestamp, path, query, body)
        true
    } catch (_: WCheckoutException.SignatureMismatch) {
        false
    }

    /** Signs `TIMESTAMP + BODY`, the webhook and short response form. */
    @Throws(WCheckoutException::class)
    fun signTimestampBody(timestamp: String, body: ByteArray): String =
        if (NativeJni.available) {
            inner.withHandle { NativeJni.text(NativeJni.signerSignTimestampBody(it, timestamp, body)) }
        } else {
            native { inner.signTimestampBody(timestamp, body) }
        }

    override fun close() = inner.close()

    override fun toString(): String = "RequestSigner(signKey=<redacted>)"
}
