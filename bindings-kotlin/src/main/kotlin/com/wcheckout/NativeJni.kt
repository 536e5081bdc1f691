package com.wcheckout

import com.sun.jna.JNIEnv
import com.sun.jna.Library
import com.sun.jna.Native
import com.sun.jna.NativeLibrary
import com.wcheckout.ffi.FfiSigner
import com.wcheckout.ffi.FfiVerifier
import com.wcheckout.ffi.UniffiLib
import java.nio.ByteBuffer
import java.util.Collections
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * The direct JNI path of the hot pure functions (`bindings-kotlin/src/jni.rs`): signing and
 * verification, webhook
 * verify + parse and the clock. A UniFFI call goes through JNA, which allocates and reflects over
 * `Structure`s on every call (~10–25 µs); a JNI call costs tens of nanoseconds. The functions live
 * in the same native library as UniFFI's and call the same core code.
 *
 * Results: a `String` (a signature), or a `ByteArray` whose first byte is 0 followed by the value
 * in UniFFI's serialization (read with the generated converter), or 1 followed by the
 * `WCheckoutException` in UniFFI's serialization (so it is exactly the typed exception the UniFFI
 * path throws; a caught panic is [WCheckoutException.Internal]).
 *
 * If the JNI functions cannot be bound ([available] false, e.g. a library overridden with an
 * older one that lacks them), every caller falls back to the UniFFI path.
 */
internal object NativeJni {
    private const val OK: Byte = 0
    private const val ERR: Byte = 1

    /** True when the JNI functions are bound (the tests require it). */
    @JvmStatic
    val available: Boolean = try {
        Registrar.register() && apiLevel() == API_LEVEL
    } catch (_: LinkageError) {
        // UnsatisfiedLinkError (a library without the registration function or apiLevel),
        // NoSuchMethodError (a library whose methods do not match these declarations).
        false
    } catch (_: RuntimeException) {
        // JNA refusing the registration function's declaration, a SecurityException.
        false
    }

    /**
     * Binds the JNI functions without loading the library a second time: JNA has loaded it for
     * UniFFI (on the JVM usually extracted from the jar's resources to a temporary file that it
     * deletes at once; on Android from the app's jniLibs); through that same JNA library, Rust's
     * `wcheckout_ffi_jni_register` gets the thread's `JNIEnv` and registers the native methods
     * of this class (`RegisterNatives`).
     */
    private object Registrar {
        init {
            UniffiLib.ensureInitialized()
            val name = System.getProperty("uniffi.component.wcheckout_ffi.libraryOverride") ?: "wcheckout_ffi"
            // The options Native.register(Class, String) used for UniffiLib: JNA's cached instance.
            val options = Collections.singletonMap(Library.OPTION_CLASSLOADER, UniffiLib::class.java.classLoader)
            Native.register(Registrar::class.java, NativeLibrary.getInstance(name, options))
        }

        fun register(): Boolean = wcheckout_ffi_jni_register(JNIEnv.CURRENT) == 0

        @Suppress("FunctionName")
        external fun wcheckout_ffi_jni_register(env: JNIEnv): Int
    }

    /** The version of the method table (`API_LEVEL` in jni.rs); another means another build. */
    private const val API_LEVEL = 2

    @JvmStatic external fun apiLevel(): Int

    @JvmStatic external fun noop(): Int

    @JvmStatic external fun nowMillis(): Long

    @JvmStatic external fun signRequest(
        signKey: String,
        method: String,
        timestamp: String,
        path: String,
        query: String,
        body: ByteArray,
        questionMark: Boolean,
    ): Any?

    @JvmStatic external fun signerSign(
        signer: Long,
        method: String,
        timestamp: String,
        path: String,
        query: String,
        body: ByteArray,
    ): Any?

    @JvmStatic external fun signerVerify(
        signer: Long,
        signature: String,
        method: String,
        timestamp: String,
        path: String,
        query: String,
        body: ByteArray,
    ): Any?

    @JvmStatic external fun signerSignTimestampBody(signer: Long, timestamp: String, body: ByteArray): Any?

    /**
     * The `SIGNATURE` and `TIMESTAMP` values ([WebhookHeaders]; null when absent); the clock when
     * [useClock], else [nowMs].
     */
    @JvmStatic external fun verifyWebhook(
        verifier: Long,
        signature: String?,
        timestamp: String?,
        body: ByteArray,
        useClock: Boolean,
        nowMs: Long,
    ): Any?

    /** Panics in Rust on purpose (tests). */
    @JvmStatic external fun panicForTest(message: String): Any?

    /** A text result, or the typed exception the native side returned. */
    fun text(result: Any?): String = when (result) {
        is String -> result
        else -> throw failure(result)
    }

    /** Nothing (a verified signature), or the typed exception the native side returned. */
    fun unit(result: Any?) {
        if (!(result is ByteArray && result.size == 1 && result[0] == OK)) throw failure(result)
    }

    /** A `WebhookEvent` result, or the typed exception the native side returned. */
    fun event(result: Any?): WebhookEvent {
        if (result is ByteArray && result.isNotEmpty() && result[0] == OK) {
            return FfiConverterTypeWebhookEvent.read(ByteBuffer.wrap(result, 1, result.size - 1))
        }
        throw failure(result)
    }

    private fun failure(result: Any?): WCheckoutException =
        if (result is ByteArray && result.isNotEmpty() && result[0] == ERR) {
            FfiConverterTypeWCheckoutError.read(ByteBuffer.wrap(result, 1, result.size - 1))
        } else {
            WCheckoutException.Internal("internal error in wcheckout: unexpected JNI result $result (please report this)")
        }
}

/**
 * Keeps a UniFFI object alive while the JNI path uses its own handle (borrowed, so no JNA clone
 * crossing per call): [close] frees it only after the calls in flight, like UniFFI's `callWithHandle`.
 */
internal class HandleGuard(private val free: () -> Unit) {
    private val calls = AtomicLong(1)
    private val closed = AtomicBoolean(false)

    fun enter() {
        do {
            val c = calls.get()
            check(c != 0L) { "the object has already been closed" }
        } while (!calls.compareAndSet(c, c + 1))
    }

    fun exit() {
        if (calls.decrementAndGet() == 0L) free()
    }

    fun close() {
        if (closed.compareAndSet(false, true)) exit()
    }

    /** Runs [block] with [handle], which cannot be freed meanwhile. */
    inline fun <R> use(handle: Long, block: (Long) -> R): R {
        enter()
        try {
            return block(handle)
        } finally {
            exit()
        }
    }
}

/** An [FfiVerifier] whose handle the JNI path borrows. */
internal class JniVerifier(signKey: String, toleranceMs: Long?) : FfiVerifier(signKey, toleranceMs) {
    private val guard = HandleGuard { superDestroy() }

    private fun superDestroy() = super.destroy()

    override fun destroy() = guard.close()

    internal inline fun <R> withHandle(block: (Long) -> R): R = guard.use(handle, block)
}

/** An [FfiSigner] whose handle the JNI path borrows. */
internal class JniSigner(signKey: String, queryPrefix: QueryPrefix) : FfiSigner(signKey, queryPrefix) {
    private val guard = HandleGuard { superDestroy() }

    private fun superDestroy() = super.destroy()

    override fun destroy() = guard.close()

    internal inline fun <R> withHandle(block: (Long) -> R): R = guard.use(handle, block)
}
