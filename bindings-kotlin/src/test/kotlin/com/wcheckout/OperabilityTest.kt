package com.wcheckout

import ch.qos.logback.classic.Level
import ch.qos.logback.classic.Logger
import ch.qos.logback.classic.spi.ILoggingEvent
import ch.qos.logback.core.read.ListAppender
import java.io.File
import java.math.BigDecimal
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import org.slf4j.LoggerFactory

/**
 * Operating in real networks: TLS trust (private CA, caBundle, the JVM trust store), proxies (the
 * option, the JVM's proxy properties, credentials), request listeners and SLF4J, and per-call
 * overrides and cancellation in the suspend API — against the real sandbox behind real TLS and
 * a real CONNECT proxy.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperabilityTest {
    private val sandbox = Sandbox()

    @AfterAll
    fun stop() = sandbox.close()

    private fun options(url: String = sandbox.baseUrl, maxRetries: Int = 0) =
        sandbox.options(maxRetries = maxRetries).copy(environment = Environment.Custom(url))

    /** Runs [block] with JVM system properties set, restoring them after. */
    private fun <T> withProperties(vararg props: Pair<String, String>, block: () -> T): T {
        val saved = props.map { (k, _) -> k to System.getProperty(k) }
        props.forEach { (k, v) -> System.setProperty(k, v) }
        try {
            return block()
        } finally {
            saved.forEach { (k, v) -> if (v == null) System.clearProperty(k) else System.setProperty(k, v) }
        }
    }

    @Test
    fun aPrivateCaIsRefusedWithACertificateMessageAndTrustedWithCaBundleOrTheJvmTrustStore() {
        PrivateCa().use { ca ->
            TlsFront(ca, sandbox.baseUrl).use { front ->
                val e = assertThrows<WCheckoutException.Transport> {
                    sandbox.client(options(front.url)).use { it.listCheckoutOrders() }
                }
                assertTrue("certificate" in e.message && front.url.removePrefix("https://") in e.message, e.message)
                assertFalse(e.outcomeUnknown, "a failed handshake sent nothing")
                assertFalse(e.isRetryable(), "a certificate problem is not fixed by repeating the call")
                assertFalse(e.retryable)
                sandbox.client(options(front.url).copy(caBundle = ca.caPem.path)).use { it.listCheckoutOrders() }
                sandbox.client(options(front.localhostUrl).copy(caBundle = ca.caPem.path)).use { it.listCheckoutOrders() }
                val store = ca.trustStore("changeit")
                withProperties(
                    "javax.net.ssl.trustStore" to store.path,
                    "javax.net.ssl.trustStoreType" to "PKCS12",
                    "javax.net.ssl.trustStorePassword" to "changeit",
                ) {
                    sandbox.client(options(front.url)).use { it.listCheckoutOrders() }
                }
                assertThrows<WCheckoutException.InvalidArgument> {
                    sandbox.client(options(front.url).copy(caBundle = File(ca.dir, "missing.pem").path))
                }
            }
        }
    }

    @Test
    fun theProxyOptionAndTheJvmProxyPropertiesCarryTheCalls() {
        ConnectProxy().use { proxy ->
            val upstream = sandbox.baseUrl.removePrefix("http://")
            sandbox.client(options().copy(proxy = proxy.url)).use { it.listCheckoutOrders() }
            assertTrue(proxy.tunnels.isNotEmpty() && proxy.tunnels.all { it.first == upstream }, "${proxy.tunnels}")
            val seen = proxy.tunnels.size
            withProperties("http.proxyHost" to "127.0.0.1", "http.proxyPort" to proxy.port.toString()) {
                sandbox.client(options()).use { it.listCheckoutOrders() }
                assertTrue(proxy.tunnels.size > seen, "http.proxyHost was used")
                val after = proxy.tunnels.size
                withProperties("http.nonProxyHosts" to "example.com|127.0.0.1") {
                    sandbox.client(options()).use { it.listCheckoutOrders() }
                }
                sandbox.client(options().copy(proxy = "direct")).use { it.listCheckoutOrders() }
                assertEquals(after, proxy.tunnels.size, "nonProxyHosts and \"direct\" bypass it")
            }
        }
    }

    @Test
    fun proxyCredentialsAreSentAndNeverShown() {
        ConnectProxy("agent:pr0xy-pass").use { proxy ->
            sandbox.client(options().copy(proxy = "http://agent:pr0xy-pass@127.0.0.1:${proxy.port}")).use { it.listCheckoutOrders() }
            assertTrue(proxy.tunnels.all { it.second?.startsWith("Basic ") == true })
            val logs = CopyOnWriteArrayList<RequestLog>()
            val bad = options().copy(
                proxy = "http://agent:wr0ng-pass@127.0.0.1:${proxy.port}",
                requestListener = RequestListener { logs += it },
                logBodies = true,
            )
            val e = assertThrows<WCheckoutException.Transport> { sandbox.client(bad).use { it.listCheckoutOrders() } }
            val text = "${e.message} $bad $logs"
            assertTrue("407" in e.message && "proxy" in e.message, e.message)
            assertFalse("pr0xy-pass" in text || "wr0ng-pass" in text, text)
        }
    }

    @Test
    fun aListenerSeesEveryAttemptWithoutSecretsAndAThrowingListenerFailsNothing() {
        val logs = CopyOnWriteArrayList<RequestLog>()
        val orderNo = uniqueNo("LG")
        sandbox.client(options(maxRetries = 2).copy(requestListener = RequestListener { logs += it })).use { c ->
            sandbox.fault("http_503", path = "/checkout/order/create")
            c.createCheckoutOrder(CreateCheckoutOrderRequest(orderNo, BigDecimal("3.50"), "log", token = Token.EthUsdt))
        }
        val creates = logs.filter { it.path == "/checkout/order/create" }
        assertEquals(listOf(1 to 503, 2 to 200), creates.map { it.attempt to it.status })
        assertTrue(creates[0].retryInMs != null && creates[1].retryInMs == null, "$creates")
        assertEquals(1, logs.count { it.tokenRequest })
        val text = logs.toString()
        for (s in listOf(Sandbox.API_SECRET, Sandbox.SIGN_KEY, orderNo, "3.50", "Bearer")) assertFalse(s in text, "$s in $text")
        val throwing = options().copy(requestListener = RequestListener { error("listener bug") })
        sandbox.client(throwing).use { assertTrue(it.listCheckoutOrders().total >= 0) }
        val withBodies = CopyOnWriteArrayList<RequestLog>()
        sandbox.client(options().copy(requestListener = RequestListener { withBodies += it }, logBodies = true)).use {
            it.createCheckoutOrder(CreateCheckoutOrderRequest(uniqueNo("LB"), BigDecimal("4.25"), "log", token = Token.EthUsdt))
        }
        assertTrue(withBodies.any { it.body?.contains("4.25") == true })
    }

    @Test
    fun withSlf4jOnTheClasspathAttemptsGoToTheWcheckoutLogger() {
        val logger = LoggerFactory.getLogger("wcheckout") as Logger
        val appender = ListAppender<ILoggingEvent>().apply { start() }
        logger.addAppender(appender)
        logger.level = Level.DEBUG
        try {
            sandbox.client(options(maxRetries = 1)).use { c ->
                sandbox.fault("http_503", path = "/checkout/order/list")
                c.listCheckoutOrders()
            }
        } finally {
            logger.detachAppender(appender)
        }
        val lines = appender.list.map { "${it.level} ${it.formattedMessage}" }
        assertTrue(lines.any { it.startsWith("DEBUG POST /checkout/order/list attempt 1: HTTP 503") }, "$lines")
        assertTrue(lines.any { it.startsWith("INFO POST /checkout/order/list attempt 1 failed") && "retrying in" in it }, "$lines")
        assertFalse(lines.joinToString().contains(Sandbox.API_SECRET))
    }

    @Test
    fun theJarWorksWithoutSlf4j() {
        // The test classpath without slf4j and logback, in a fresh JVM.
        val classpath = System.getProperty("java.class.path").split(File.pathSeparator)
            .filterNot { "slf4j" in it || "logback" in it }
            .joinToString(File.pathSeparator)
        val java = File(System.getProperty("java.home"), "bin/java").path
        val p = ProcessBuilder(java, "-cp", classpath, "-Djna.library.path=${System.getProperty("jna.library.path") ?: ""}",
            "com.wcheckout.NoSlf4jMain", sandbox.baseUrl).redirectErrorStream(true).start()
        val out = p.inputStream.readBytes().decodeToString()
        assertEquals(0, p.waitFor(), out)
        assertTrue("no slf4j: ok" in out, out)
    }

    @Test
    fun suspendCallsTakePerCallTimeoutAndRetries() = runBlocking {
        sandbox.client(options(maxRetries = 2)).use { c ->
            c.listCheckoutOrders()
            sandbox.fault("delay", path = "/checkout/order/list", delayMs = 1500)
            val e = assertThrows<WCheckoutException.Timeout> {
                runBlocking { c.suspending.listCheckoutOrders(timeout = 200.milliseconds, maxRetries = 0) }
            }
            assertTrue(e.outcomeUnknown)
            sandbox.fault("http_503", path = "/checkout/order/list")
            assertThrows<WCheckoutException.Api> { runBlocking { c.suspending.listCheckoutOrders(maxRetries = 0) } }
            sandbox.fault("http_503", path = "/checkout/order/list")
            assertTrue(c.suspending.listCheckoutOrders().total >= 0, "the client's own budget retries")
            c.withOptions(maxRetries = 0).use { quick ->
                sandbox.fault("http_503", path = "/checkout/order/list")
                assertThrows<WCheckoutException.Api> { quick.listCheckoutOrders() }
            }
            Thread.sleep(1400)
            sandbox.clearFaults()
        }
    }

    @Test
    fun aCancelledCoroutineStartsNoFurtherAttempt() = runBlocking {
        sandbox.client(options(maxRetries = 2)).use { c ->
            c.listCheckoutOrders()
            sandbox.fault("http_429", path = "/checkout/order/list", count = 3)
            // The first 429 comes back at once; the coroutine is cancelled during the backoff.
            assertThrows<TimeoutCancellationException> {
                runBlocking { withTimeout(100.milliseconds) { c.suspending.listCheckoutOrders() } }
            }
            val remaining = sandbox.ctl("GET", "/faults")["faults"].sumOf { it["remaining"].asInt() }
            assertEquals(2, remaining, "one attempt only")
            sandbox.clearFaults()
        }
    }
}

/** Run by [OperabilityTest.theJarWorksWithoutSlf4j] in a JVM whose classpath has no SLF4J. */
object NoSlf4jMain {
    @JvmStatic
    fun main(args: Array<String>) {
        check(runCatching { Class.forName("org.slf4j.LoggerFactory") }.isFailure) { "slf4j is on the classpath" }
        val options = ClientOptions(environment = Environment.Custom(args[0]))
        WCheckoutClient(Sandbox.API_KEY, Sandbox.API_SECRET, Sandbox.SIGN_KEY, options).use { it.listCheckoutOrders() }
        println("no slf4j: ok")
    }
}
