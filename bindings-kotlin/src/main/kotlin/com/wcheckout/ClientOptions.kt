package com.wcheckout

import com.wcheckout.ffi.FfiClientOptions
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds

/**
 * Client settings other than the credentials (the credentials are constructor arguments of
 * [WCheckoutClient], never part of this class, so they never show up in [toString]). `null`
 * means the core default.
 *
 * Timeouts are `kotlin.time.Duration` (no `java.time`, so the API works on Android minSdk 24);
 * Java code sets them in milliseconds through the [Builder]:
 *
 * ```kotlin
 * ClientOptions(environment = Environment.Custom("http://127.0.0.1:8787"), timeout = 10.seconds)
 * ```
 * ```java
 * ClientOptions options = ClientOptions.builder().baseUrl("http://127.0.0.1:8787").timeoutMillis(10_000).build();
 * ```
 */
data class ClientOptions(
    /** Where requests go (default [Environment.Sandbox]). */
    val environment: Environment? = null,
    /** TCP/TLS connect timeout, > 0 (default 10 s). Sub-millisecond parts round up. */
    val connectTimeout: Duration? = null,
    /** Overall timeout of one attempt, > 0 (default 30 s). Sub-millisecond parts round up. */
    val timeout: Duration? = null,
    /** Retries after the first attempt, 0 to 10 (default 2). */
    val maxRetries: Int? = null,
    /** Response-signature policy (default [ResponseSignaturePolicy.IF_PRESENT]). */
    val responseSignature: ResponseSignaturePolicy? = null,
    /** Signature header names sent (default [HeaderDialect.STANDARD]). */
    val headerDialect: HeaderDialect? = null,
    /** `?` between path and query in the signed text (default [QueryPrefix.NONE]). */
    val queryPrefix: QueryPrefix? = null,
    /** Appended to `wcheckout/<version>` in the User-Agent. */
    val userAgentSuffix: String? = null,
    /**
     * How far a signed response's `TIMESTAMP` may be from local time (default ±120 s, at most
     * 1 hour). A correctly signed response outside it is refused as a possible replay.
     */
    val responseTolerance: Duration? = null,
    /**
     * Where the access token is kept: `"memory"` (default: this process only), `"file:///dir"`
     * (every process on this host) or `"redis://host:port/db"` / `"rediss://…"` (every process
     * anywhere). The gateway allows one live token per merchant: give every instance the same store.
     */
    val tokenStore: String? = null,
    /**
     * When the token store cannot be used, fetch a token for this process alone instead of
     * throwing [WCheckoutException.TokenStore] (default false).
     */
    val tokenStoreFallback: Boolean = false,
    /**
     * A PEM file of CA certificates trusted in addition to the system's trust store (a
     * TLS-inspecting proxy's CA, a private CA). The system store is the OS's (on Linux also
     * `SSL_CERT_FILE` / `SSL_CERT_DIR`); a JVM trust store named by `-Djavax.net.ssl.trustStore`
     * is added too.
     */
    val caBundle: String? = null,
    /**
     * The proxy: `http://[user:password@]host:port`, `https://…`, `socks5://…`, or `"direct"`.
     * `null`: the JVM's `https.proxyHost` / `https.proxyPort` (`http.*` for an `http` base URL,
     * `socksProxyHost`), else `HTTPS_PROXY` / `HTTP_PROXY` / `ALL_PROXY`. Credentials never appear
     * in [toString], logs or errors.
     */
    val proxy: String? = null,
    /** Hosts reached without the proxy, comma-separated as in `NO_PROXY` (default: `http.nonProxyHosts` or `NO_PROXY`). */
    val noProxy: String? = null,
    /**
     * Receives every HTTP attempt. `null`: SLF4J logger `wcheckout` when `slf4j-api` is on the
     * classpath, otherwise nothing.
     */
    val requestListener: RequestListener? = null,
    /** Put queries and request/response bodies into [RequestLog]s (default false). */
    val logBodies: Boolean = false,
) {
    /** [connectTimeout] in whole milliseconds (rounded up), for Java. */
    val connectTimeoutMillis: Long? get() = connectTimeout?.let { toMillis(it) }

    /** [timeout] in whole milliseconds (rounded up), for Java. */
    val timeoutMillis: Long? get() = timeout?.let { toMillis(it) }

    /** [responseTolerance] in whole milliseconds (rounded up), for Java. */
    val responseToleranceMillis: Long? get() = responseTolerance?.let { toMillis(it) }

    /** A builder starting from these settings. */
    fun toBuilder(): Builder = Builder(this)

    /** What crosses to the native client. */
    internal fun toFfi(): FfiClientOptions = FfiClientOptions(
        environment = environment,
        connectTimeoutMs = connectTimeoutMillis,
        timeoutMs = timeoutMillis,
        maxRetries = maxRetries,
        responseSignature = responseSignature,
        headerDialect = headerDialect,
        queryPrefix = queryPrefix,
        userAgentSuffix = userAgentSuffix,
        responseToleranceMs = responseToleranceMillis,
        tokenStore = tokenStore,
        tokenStoreFallback = tokenStoreFallback,
        caBundle = caBundle,
        caPem = null,
        proxy = proxy,
        noProxy = noProxy,
        logBodies = logBodies,
    )

    /** Like the generated `toString`, with the proxy's credentials hidden. */
    override fun toString(): String =
        "ClientOptions(environment=$environment, connectTimeout=$connectTimeout, timeout=$timeout, " +
            "maxRetries=$maxRetries, responseSignature=$responseSignature, headerDialect=$headerDialect, " +
            "queryPrefix=$queryPrefix, userAgentSuffix=$userAgentSuffix, responseTolerance=$responseTolerance, " +
            "tokenStore=${tokenStore?.let(::redactProxy)}, tokenStoreFallback=$tokenStoreFallback, " +
            "caBundle=$caBundle, proxy=${proxy?.let(::redactProxy)}, noProxy=$noProxy, " +
            "requestListener=${requestListener?.let { "set" }}, logBodies=$logBodies)"

    /**
     * Builds [ClientOptions] step by step, mainly for Java. Every setter returns the builder;
     * nothing is checked until [WCheckoutClient] is constructed (bad values then throw
     * [WCheckoutException.InvalidArgument]).
     */
    class Builder internal constructor(private var options: ClientOptions) {
        /** A builder with every setting at its default. */
        constructor() : this(ClientOptions())

        /** Where requests go. */
        fun environment(environment: Environment): Builder = apply { options = options.copy(environment = environment) }

        /** Shorthand for `environment(Environment.Custom(url))`, e.g. the local sandbox. */
        fun baseUrl(url: String): Builder = environment(Environment.Custom(url))

        /** Connect timeout in milliseconds (> 0). */
        fun connectTimeoutMillis(millis: Long): Builder =
            apply { options = options.copy(connectTimeout = millis.milliseconds) }

        /** Overall timeout of one attempt in milliseconds (> 0). */
        fun timeoutMillis(millis: Long): Builder = apply { options = options.copy(timeout = millis.milliseconds) }

        /** Connect timeout (Kotlin). */
        @JvmSynthetic
        fun connectTimeout(timeout: Duration): Builder = apply { options = options.copy(connectTimeout = timeout) }

        /** Overall timeout of one attempt (Kotlin). */
        @JvmSynthetic
        fun timeout(timeout: Duration): Builder = apply { options = options.copy(timeout = timeout) }

        /** Retries after the first attempt, 0 to 10. */
        fun maxRetries(retries: Int): Builder = apply { options = options.copy(maxRetries = retries) }

        /** What to do with response signatures. */
        fun responseSignature(policy: ResponseSignaturePolicy): Builder =
            apply { options = options.copy(responseSignature = policy) }

        /** Signature header names sent. */
        fun headerDialect(dialect: HeaderDialect): Builder = apply { options = options.copy(headerDialect = dialect) }

        /** `?` between path and query in the signed text. */
        fun queryPrefix(prefix: QueryPrefix): Builder = apply { options = options.copy(queryPrefix = prefix) }

        /** The signed-response freshness window in milliseconds (default 120 000, at most 1 hour). */
        fun responseToleranceMillis(millis: Long): Builder =
            apply { options = options.copy(responseTolerance = millis.milliseconds) }

        /** The signed-response freshness window (Kotlin). */
        @JvmSynthetic
        fun responseTolerance(tolerance: Duration): Builder =
            apply { options = options.copy(responseTolerance = tolerance) }

        /** Where the access token is kept: `memory`, `file:///dir` or `redis://host:port/db`. */
        fun tokenStore(url: String): Builder = apply { options = options.copy(tokenStore = url) }

        /** Fall back to a private token when the token store cannot be used. */
        fun tokenStoreFallback(fallback: Boolean): Builder =
            apply { options = options.copy(tokenStoreFallback = fallback) }

        /** Appended to `wcheckout/<version>` in the User-Agent. */
        fun userAgentSuffix(suffix: String): Builder = apply { options = options.copy(userAgentSuffix = suffix) }

        /** A PEM file of CAs trusted in addition to the system's. */
        fun caBundle(path: String): Builder = apply { options = options.copy(caBundle = path) }

        /** The proxy URL, or `"direct"`. */
        fun proxy(proxy: String): Builder = apply { options = options.copy(proxy = proxy) }

        /** Hosts reached without the proxy (`NO_PROXY` syntax). */
        fun noProxy(hosts: String): Builder = apply { options = options.copy(noProxy = hosts) }

        /** Receives every HTTP attempt. */
        fun requestListener(listener: RequestListener): Builder = apply { options = options.copy(requestListener = listener) }

        /** Put queries and bodies into request logs. */
        fun logBodies(enabled: Boolean): Builder = apply { options = options.copy(logBodies = enabled) }

        /** The options. */
        fun build(): ClientOptions = options
    }

    companion object {
        /** A builder with every setting at its default (Java: `ClientOptions.builder()`). */
        @JvmStatic
        fun builder(): Builder = Builder()

        // Whole milliseconds, rounded up so that 0.5 ms does not become "no time at all"; a
        // negative value stays negative and the native side rejects it with InvalidArgument.
        /** `scheme://user:password@host:port` → `scheme://<redacted>@host:port`. */
        internal fun redactProxy(url: String): String {
            val start = url.indexOf("://").let { if (it < 0) 0 else it + 3 }
            val end = url.indexOf('/', start).let { if (it < 0) url.length else it }
            val at = url.lastIndexOf('@', end - 1)
            return if (at < start) url else url.substring(0, start) + "<redacted>" + url.substring(at)
        }

        internal fun toMillis(d: Duration): Long {
            val ms = d.inWholeMilliseconds
            return if (d.isPositive() && d > ms.milliseconds && ms < Long.MAX_VALUE) ms + 1 else ms
        }
    }
}
