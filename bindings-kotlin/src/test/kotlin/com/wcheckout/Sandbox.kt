package com.wcheckout

import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.JsonNode
import com.fasterxml.jackson.databind.ObjectMapper
import com.fasterxml.jackson.databind.node.JsonNodeFactory
import java.io.File
import java.math.BigDecimal
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration
import java.util.UUID
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds

/** JSON for tests: numbers stay exact (BigDecimal), never doubles. */
val JSON: ObjectMapper = ObjectMapper()
    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
    .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
    .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true))

private val counter = AtomicInteger()
private val runId = UUID.randomUUID().toString().replace("-", "").take(6)

/** A fresh merchant number (ASCII letters and digits only). */
fun uniqueNo(prefix: String): String = "$prefix${runId}N${counter.incrementAndGet()}"

/** A fresh 0x… transaction hash. */
fun txHash(): String = "0x" + UUID.randomUUID().toString().replace("-", "").repeat(2)

/**
 * The real `wcheckout sandbox` process on a free loopback port, with the demo credentials and
 * fast time (`--time-scale 0.001`). Control calls go to its unsigned `/_sandbox/` API.
 */
class Sandbox(webhookUrl: String? = null) : AutoCloseable {
    private val process: Process
    val baseUrl: String
    private val http: HttpClient = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()

    init {
        val cli = System.getProperty("wcheckout.cli") ?: "../target/debug/wcheckout"
        require(File(cli).canExecute()) { "sandbox binary not found at $cli: run `cargo build -p wcheckout-cli`" }
        val args = mutableListOf(cli, "sandbox", "--port", "0", "--time-scale", "0.001")
        if (webhookUrl != null) args += listOf("--webhook-url", webhookUrl)
        val log = File("target/sandbox-stderr.log").also { it.parentFile.mkdirs() }
        process = ProcessBuilder(args).redirectError(ProcessBuilder.Redirect.appendTo(log)).start()
        val stdout = process.inputStream.bufferedReader()
        val first = stdout.readLine() ?: error("sandbox exited before listening (see ${log.path})")
        baseUrl = Regex("listening on (http://\\S+)").find(first)?.groupValues?.get(1)
            ?: error("unexpected first sandbox line: $first")
        Thread({ stdout.useLines { lines -> lines.forEach { } } }, "sandbox-stdout").apply { isDaemon = true }.start()
    }

    fun options(
        maxRetries: Int = 0,
        timeout: kotlin.time.Duration? = 10.seconds,
        responseSignature: ResponseSignaturePolicy? = null,
    ) = ClientOptions(
        environment = Environment.Custom(baseUrl),
        timeout = timeout,
        maxRetries = maxRetries,
        responseSignature = responseSignature,
    )

    /** A client with the demo credentials. */
    fun client(options: ClientOptions = options()): WCheckoutClient =
        WCheckoutClient(API_KEY, API_SECRET, SIGN_KEY, options)

    /** A control call; returns the envelope's retdata. Fails the test on an error envelope. */
    fun ctl(method: String, path: String, body: Any? = null): JsonNode {
        val (status, node) = control(method, path, body)
        check(status == 200 && node["retcode"].asText() == "200") { "control $method $path -> $status $node" }
        return node["retdata"]
    }

    /** A control call returning (HTTP status, whole envelope). */
    fun control(method: String, path: String, body: Any? = null): Pair<Int, JsonNode> {
        val publisher = if (body == null) HttpRequest.BodyPublishers.noBody()
        else HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))
        val req = HttpRequest.newBuilder(URI.create("$baseUrl/_sandbox$path"))
            .method(method, publisher)
            .header("Content-Type", "application/json")
            .timeout(Duration.ofSeconds(10))
            .build()
        val resp = http.send(req, HttpResponse.BodyHandlers.ofString())
        return resp.statusCode() to JSON.readTree(resp.body())
    }

    /** Pays an order on chain (exact → PAID, more → OVER_PAID, less → UNDER_PAID). */
    fun pay(orderNo: String, amount: BigDecimal, hash: String = txHash()): JsonNode =
        ctl("POST", "/orders/$orderNo/pay", mapOf("amount" to amount.toPlainString(), "txHash" to hash))

    fun fault(kind: String, path: String? = null, method: String? = null, count: Int = 1, delayMs: Long? = null) {
        val body = mutableMapOf<String, Any>("kind" to kind, "count" to count)
        path?.let { body["path"] = it }
        method?.let { body["method"] = it }
        delayMs?.let { body["delayMs"] = it }
        ctl("POST", "/faults", body)
    }

    fun clearFaults() {
        ctl("DELETE", "/faults")
    }

    override fun close() {
        process.destroy()
        if (!process.waitFor(5, TimeUnit.SECONDS)) process.destroyForcibly().waitFor(5, TimeUnit.SECONDS)
    }

    companion object {
        const val API_KEY = "demo_api_key"
        const val API_SECRET = "demo_api_secret"
        const val SIGN_KEY = "demo_sign_key"
    }
}

/** A created, unpaid order of [amount] in [token]. */
fun WCheckoutClient.newOrder(amount: String = "12.50", token: Token = Token.EthUsdt, customer: String = "cust42") =
    createCheckoutOrder(
        CreateCheckoutOrderRequest(
            orderNo = uniqueNo("O"),
            orderAmount = BigDecimal(amount),
            customerId = customer,
            token = token,
        ),
    )
