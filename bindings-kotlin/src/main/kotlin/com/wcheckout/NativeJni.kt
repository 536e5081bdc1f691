package com.wcheckout

import com.sun.jna.Library
import com.sun.jna.NativeLibrary
import com.sun.jna.Platform
import com.wcheckout.ffi.FfiSigner
import com.wcheckout.ffi.FfiVerifier
import com.wcheckout.ffi.UniffiLib
import java.nio.ByteBuffer
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong

/**
 * The direct JNI path of the hot pure functions (`bindings-kotlin/src/jni.rs`): signing, webhook
 * verify + parse and the clock. A UniFFI call goes through JNA, which allocates and reflects over
 * `Structure`s on every call (~10–25 µs); a JNI call costs tens of nanoseconds. The functions live
 * in the same native library as UniFFI's and call the same core code.
 *
 * Results: a `String` (a signature), or a `ByteArray` whose first byte is 0 followed by the value
 * in UniFFI's serialization (read with the generated converter), or 1 followed by the
 * `WCheckoutException` in UniFFI's serialization (so it is exactly the typed exception the UniFFI
 * path throws; a caught panic is [WCheckoutException.Internal]).
 *
 * If the JNI functions cannot be bound ([available] false, e.g. a library overridden with one
 * that lacks them), every caller falls back to the UniFFI path.
 */
internal object NativeJni {
    private const val OK: Byte = 0
    private const val ERR: Byte = 1

    /** True when the JNI functions are bound (the tests require it). */
    @JvmStatic
    val available: Boolean = load()

    private fun load(): Boolean = try {
        // UniFFI registers the library with JNA first (on the JVM JNA extracts it from the jar's
        // resources when it is not on jna.library.path); the JVM then binds the JNI functions
        // of that same file, so the library is loaded once (a second System.load of one path
        // reuses the loaded image).
        UniffiLib.ensureInitialized()
        val name = System.getProperty("uniffi.component.wcheckout_ffi.libraryOverride") ?: "wcheckout_ffi"
        val file = if (Platform.isAndroid()) {
            null
        } else {
            NativeLibrary.getInstance(name, mapOf(Library.OPTION_CLASSLOADER to UniffiLib::class.java.classLoader)).file
        }
        // Android: the library is in the app's jniLibs, where System.loadLibrary finds it.
        if (file != null) System.load(file.absolutePath) else System.loadLibrary(name)
        noop() == 0
    } catch (_: UnsatisfiedLinkError) {
        false
    } catch (_: SecurityException) {
        false
    }

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

    /** [headers] as `[name0, value0, name1, value1, …]`; the clock when [useClock], else [nowMs]. */
    @JvmStatic external fun verifyWebhook(
        verifier: Long,
        headers: Array<String>,
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
}

/** An [FfiVerifier] whose handle the JNI path borrows. */
internal class JniVerifier(signKey: String, toleranceMs: Long?) : FfiVerifier(signKey, toleranceMs) {
    private val guard = HandleGuard { superDestroy() }

    private fun superDestroy() = super.destroy()

    override fun destroy() = guard.close()

    internal inline fun <R> withHandle(block: (Long) -> R): R {
        guard.enter()
        try {
            return block(handle)
        } finally {
            guard.exit()
        }
    }
}

/** An [FfiSigner] whose handle the JNI path borrows. */
internal class JniSigner(signKey: String, queryPrefix: QueryPrefix) : FfiSigner(signKey, queryPrefix) {
    private val guard = HandleGuard { superDestroy() }

    private fun superDestroy() = super.destroy()

    override fun destroy() = guard.close()

    internal inline fun <R> withHandle(block: (Long) -> R): R {
        guard.enter()
        try {
            return block(handle)
        } finally {
            guard.exit()
        }
    }
}
