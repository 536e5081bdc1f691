package com.wcheckout

import com.wcheckout.ffi.FfiRequestListener
import java.io.File
import java.security.KeyStore
import java.security.cert.X509Certificate
import java.util.Base64

/**
 * Receives every HTTP attempt a client makes, on the thread that made the call, right after the
 * attempt: method, path, attempt number, status, `retcode`, elapsed time and, when the call
 * retries, the wait before the next attempt. A [RequestLog] never holds a secret or an access
 * token; queries and bodies are included only with [ClientOptions.logBodies].
 *
 * An exception thrown by the listener is swallowed: logging never fails a payment call.
 *
 * ```kotlin
 * val options = ClientOptions(requestListener = RequestListener { log ->
 *     println("${log.method} ${log.path} attempt ${log.attempt}: ${log.status} in ${log.elapsedMs} ms")
 * })
 * ```
 *
 * Without a listener, a client logs through SLF4J when `slf4j-api` is on the classpath (see
 * [Slf4jRequestListener]).
 */
fun interface RequestListener {
    /** One attempt. */
    fun onRequest(log: RequestLog)
}

/**
 * Logs each attempt on the SLF4J logger `wcheckout`: DEBUG for every attempt, INFO for retries and
 * new access tokens. Used automatically when `slf4j-api` is on the classpath and no
 * [ClientOptions.requestListener] is given; `slf4j-api` is an optional dependency of this jar.
 */
class Slf4jRequestListener(
    private val logger: org.slf4j.Logger = org.slf4j.LoggerFactory.getLogger("wcheckout"),
) : RequestListener {
    override fun onRequest(log: RequestLog) {
        if (logger.isDebugEnabled) {
            val status = log.status?.let { "HTTP $it" } ?: "no response"
            val retcode = log.retcode?.let { " retcode $it" } ?: ""
            val error = log.errorCode?.let { " ($it)" } ?: ""
            val bodies = buildString {
                log.query?.takeIf { it.isNotEmpty() }?.let { append("\n  query: ").append(it) }
                log.body?.takeIf { it.isNotEmpty() }?.let { append("\n  request body: ").append(it) }
                log.responseBody?.let { append("\n  response body: ").append(it) }
            }
            logger.debug("{} {} attempt {}: {}{}{} in {} ms{}", log.method, log.path, log.attempt, status, retcode, error, log.elapsedMs, bodies)
        }
        val retryIn = log.retryInMs
        if (retryIn != null) {
            val why = (log.errorCode ?: "error") + (log.retcode?.takeIf { it != "200" }?.let { " retcode $it" } ?: "")
            logger.info("{} {} attempt {} failed ({}); retrying in {} ms", log.method, log.path, log.attempt, why, retryIn)
        } else if (log.tokenRequest && log.errorCode == null) {
            logger.info("fetched a new access token in {} ms", log.elapsedMs)
        }
    }
}

/** What the platform contributes to a client's settings (JVM properties, SLF4J). */
internal object Platform {
    /** The SLF4J listener when `slf4j-api` is on the classpath, else `null`. */
    fun slf4jListener(): RequestListener? = try {
        Class.forName("org.slf4j.LoggerFactory", false, Platform::class.java.classLoader)
        Slf4jRequestListener()
    } catch (e: ClassNotFoundException) {
        null
    } catch (e: LinkageError) {
        null
    }

    /**
     * The proxy from the JVM's `https.proxyHost` / `https.proxyPort` (for an `https` base URL),
     * `http.proxyHost` / `http.proxyPort` (for `http`), or `socksProxyHost` / `socksProxyPort`;
     * with `http.nonProxyHosts` as the hosts to reach directly. `null` when none is set.
     */
    fun jvmProxy(https: Boolean): Pair<String, String?>? {
        fun prop(name: String) = System.getProperty(name)?.trim()?.takeIf { it.isNotEmpty() }
        val scheme = if (https) "https" else "http"
        val (url, defaultPort) = prop("$scheme.proxyHost")?.let { "http://$it" to if (https) 443 else 80 }
            ?: prop("socksProxyHost")?.let { "socks5://$it" to 1080 }
            ?: return null
        val port = prop(if (url.startsWith("socks")) "socksProxyPort" else "$scheme.proxyPort") ?: defaultPort.toString()
        // `*.example.com|localhost` → `*.example.com,localhost` (NO_PROXY syntax).
        val nonProxy = prop("http.nonProxyHosts")?.split('|')?.map { it.trim() }?.filter { it.isNotEmpty() }?.joinToString(",")
        return "$url:$port" to nonProxy
    }

    /**
     * The certificates of the trust store named by `javax.net.ssl.trustStore` (with
     * `javax.net.ssl.trustStoreType` and `javax.net.ssl.trustStorePassword`), as PEM text, or
     * `null` when the property is not set. A store that cannot be read is an InvalidArgument.
     */
    fun jvmTrustStorePem(): String? {
        val path = System.getProperty("javax.net.ssl.trustStore")?.takeIf { it.isNotBlank() && it != "NONE" } ?: return null
        val type = System.getProperty("javax.net.ssl.trustStoreType")?.takeIf { it.isNotBlank() } ?: KeyStore.getDefaultType()
        val password = System.getProperty("javax.net.ssl.trustStorePassword")?.toCharArray()
        val store = try {
            KeyStore.getInstance(type).apply { File(path).inputStream().use { load(it, password) } }
        } catch (e: Exception) {
            throw WCheckoutException.InvalidArgument(
                "javax.net.ssl.trustStore $path cannot be read as a $type key store: ${e.javaClass.simpleName}",
            )
        }
        val encoder = Base64.getMimeEncoder(64, "\n".toByteArray())
        return store.aliases().toList()
            .mapNotNull { store.getCertificate(it) as? X509Certificate }
            .joinToString("") { "-----BEGIN CERTIFICATE-----\n${encoder.encodeToString(it.encoded)}\n-----END CERTIFICATE-----\n" }
            .takeIf { it.isNotEmpty() }
    }
}

/** The [RequestListener] behind the FFI: never lets an exception cross into the native call. */
internal class ListenerAdapter(private val listener: RequestListener) : FfiRequestListener {
    override fun onRequest(log: RequestLog) {
        try {
            listener.onRequest(log)
        } catch (t: Throwable) {
            // Logging must never fail (or unwind through) a payment call.
        }
    }

    override fun toString(): String = "ListenerAdapter"
}
