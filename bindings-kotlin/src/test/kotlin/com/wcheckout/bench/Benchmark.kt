package com.wcheckout.bench

import com.fasterxml.jackson.databind.DeserializationFeature
import com.fasterxml.jackson.databind.ObjectMapper
import com.wcheckout.ClientOptions
import com.wcheckout.CreateCheckoutOrderRequest
import com.wcheckout.Environment
import com.wcheckout.NativeJni
import com.wcheckout.RequestSigner
import com.wcheckout.Token
import com.wcheckout.WCheckoutClient
import com.wcheckout.WebhookEvent
import com.wcheckout.WebhookVerifier
import com.wcheckout.eventType
import com.wcheckout.ffi.ffiNowMillis
import com.wcheckout.signRequest
import com.wcheckout.signWebhookForTest
import java.io.File
import java.math.BigDecimal
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.security.MessageDigest
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/*
 * The Kotlin rows of `make bench-all`: each SDK path (release native library) against what a JVM
 * user would write instead. Not a test. Every figure is the median of ROUNDS rounds that
 * alternate SDK and baseline (after a warm-up of both), so load drifts hit both alike.
 *
 *   kotlin.crossing            the empty native call (JNI) vs the issue's goal of 1 µs
 *   kotlin.sign                signRequest(signKey, …) one shot vs Mac.getInstance + init + doFinal + Base64
 *   kotlin.webhook             WebhookVerifier.verifyAt + 3 reads vs Mac (reused) + window + isEqual + Jackson tree
 *   kotlin.call_vs_httpclient  WCheckoutClient.getCheckoutOrderInfo vs java.net.http.HttpClient + Mac, the same
 *                              signed GET against the sandbox at WCHECKOUT_BENCH_URL (skipped when unset)
 *
 * Run with bindings-kotlin/scripts/bench.sh [--json FILE]; ratio = baseline_ns / sdk_ns (above 1
 * the SDK is faster). More figures (the UniFFI/JNA crossing, keyed signing) are printed only.
 */

private const val ROUNDS = 7
private const val KEY = "demo_sign_key"
private const val TS = "1758701681000"
private const val PATH = "/checkout/order/create"
private val BODY = ("""{"orderNo":"A1758701681000","orderAmount":989.19,"customerId":"customer-42","merchantId":"m-7",""" +
    """"token":"ETH_USDT","fiat":"USD","expiredIn":1800,"pcCallbackUrl":"https://shop.example/return"}""").toByteArray()
private val EVENT = ("""{"eventId":"evt_0a4fee0f8882","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1758701681,""" +
    """"data":{"orderNo":"A1758701681000","token":"ETH_USDT","payingAmount":989.19,"orderAmount":989.19,""" +
    """"orderStatus":"PAID","refundedAmount":0,"txHash":"0x9f2c4b7e1d","createdTime":"2025-11-23 11:27:29",""" +
    """"updatedTime":"2025-11-23 11:30:02"}}""").toByteArray()

private var sink = 0L

/** ns per operation of [op] run for about [millis]. */
private fun timed(millis: Long, op: () -> Any?): Double {
    val t0 = System.nanoTime()
    val end = t0 + millis * 1_000_000
    var n = 0L
    while (true) {
        repeat(50) { sink += op().hashCode() }
        n += 50
        val t = System.nanoTime()
        if (t >= end) return (t - t0).toDouble() / n
    }
}

/** (sdk, baseline) ns per operation: medians of [ROUNDS] alternating rounds of [millis] each. */
private fun alternate(millis: Long, sdk: () -> Any?, base: () -> Any?): Pair<Double, Double> {
    repeat(2) {
        timed(millis, sdk)
        timed(millis, base)
    }
    val s = ArrayList<Double>()
    val b = ArrayList<Double>()
    repeat(ROUNDS) {
        s += timed(millis, sdk)
        b += timed(millis, base)
    }
    return s.sorted()[ROUNDS / 2] to b.sorted()[ROUNDS / 2]
}

private data class Row(val name: String, val sdk: String, val sdkNs: Double, val baseline: String, val baselineNs: Double) {
    fun json(): String {
        fun q(s: String) = "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        val ratio = "%.3f".format(java.util.Locale.ROOT, baselineNs / sdkNs)
        return """{"name":${q(name)},"language":"kotlin","sdk":${q(sdk)},"sdk_ns":${Math.round(sdkNs)},""" +
            """"baseline":${q(baseline)},"baseline_ns":${Math.round(baselineNs)},"ratio":$ratio}"""
    }
}

private fun report(row: Row): Row {
    println("  %-28s %10.0f ns  SDK: %s".format(row.name, row.sdkNs, row.sdk))
    println("  %-28s %10.0f ns  baseline: %s  → ratio %.2f".format("", row.baselineNs, row.baseline, row.baselineNs / row.sdkNs))
    System.out.flush()
    return row
}

private fun jvmSign(key: String, method: String, ts: String, path: String, query: String, body: ByteArray): String {
    val mac = Mac.getInstance("HmacSHA512")
    mac.init(SecretKeySpec(key.toByteArray(), "HmacSHA512"))
    mac.update((method + ts + path + query).toByteArray())
    return Base64.getEncoder().encodeToString(mac.doFinal(body))
}

private fun crossing(): Row {
    check(NativeJni.available) { "the JNI path is not bound" }
    val (jni, jna) = alternate(300, { NativeJni.noop() }, { ffiNowMillis() })
    println("  (the same empty call through UniFFI/JNA: %.0f ns)".format(jna))
    return report(Row("kotlin.crossing", "empty native call (JNI)", jni, "goal: 1 µs", 1000.0))
}

private fun sign(): Row {
    val expected = jvmSign(KEY, "POST", TS, PATH, "", BODY)
    check(expected == signRequest(KEY, "POST", TS, PATH, "", BODY)) { "signatures differ" }
    val (sdk, base) = alternate(300, { signRequest(KEY, "POST", TS, PATH, "", BODY) }, { jvmSign(KEY, "POST", TS, PATH, "", BODY) })
    // Keyed once on both sides (printed only).
    val mac = Mac.getInstance("HmacSHA512").apply { init(SecretKeySpec(KEY.toByteArray(), "HmacSHA512")) }
    RequestSigner(KEY).use { signer ->
        check(expected == signer.sign("POST", TS, PATH, "", BODY))
        val (keyed, macReused) = alternate(300, { signer.sign("POST", TS, PATH, "", BODY) }, {
            mac.update(("POST" + TS + PATH).toByteArray())
            Base64.getEncoder().encodeToString(mac.doFinal(BODY))
        })
        println("  (keyed once: RequestSigner.sign %.0f ns, Mac reused %.0f ns, ratio %.2f)".format(keyed, macReused, macReused / keyed))
    }
    return report(Row("kotlin.sign", "signRequest(signKey, …) one shot", sdk, "Mac.getInstance + init + doFinal + Base64", base))
}

private fun webhook(): Row {
    val now = TS.toLong()
    val headers = signWebhookForTest(KEY, EVENT, now).toList()
    val sigHeader = headers.first { it.first == "SIGNATURE" }.second
    val tsHeader = headers.first { it.first == "TIMESTAMP" }.second
    val verifier = WebhookVerifier(KEY)
    val mac = Mac.getInstance("HmacSHA512").apply { init(SecretKeySpec(KEY.toByteArray(), "HmacSHA512")) }
    // Money as BigDecimal on both sides (the SDK never uses floats for amounts).
    val json = ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
    // The typed reads a Kotlin user makes (no wire(): that is a UniFFI call of its own). Both
    // sides return the three values read, not the event: the loop hashes what it gets (`sink`),
    // and hashing the whole event (its rawJson and every field) would be timed on the SDK side only.
    val sdk = {
        val e = verifier.verifyAt(headers, EVENT, now) as WebhookEvent.CheckoutOrderChanged
        Triple(e.eventType, e.data.orderStatus, e.data.orderAmount)
    }
    val base = {
        val ts = tsHeader.toLong()
        check(Math.abs(now - ts) <= 120_000) { "outside tolerance" }
        mac.update(tsHeader.toByteArray())
        check(MessageDigest.isEqual(mac.doFinal(EVENT), Base64.getDecoder().decode(sigHeader))) { "bad signature" }
        val tree = json.readTree(EVENT)
        val data = tree["data"]
        Triple(tree["eventType"].asText(), data["orderStatus"].asText(), data["orderAmount"].decimalValue())
    }
    val (eventType, status, amount) = sdk()
    check(Triple(eventType.wire(), status.wire(), amount) == base()) { "${sdk()} != ${base()}" }
    check(amount == BigDecimal("989.19"))
    val (s, b) = alternate(300, sdk, base)
    // The same with a Mac keyed per call, as thread-safe handler code without a ThreadLocal does (printed only).
    val oneShot = {
        check(Math.abs(now - tsHeader.toLong()) <= 120_000) { "outside tolerance" }
        val m = Mac.getInstance("HmacSHA512").apply { init(SecretKeySpec(KEY.toByteArray(), "HmacSHA512")) }
        m.update(tsHeader.toByteArray())
        check(MessageDigest.isEqual(m.doFinal(EVENT), Base64.getDecoder().decode(sigHeader))) { "bad signature" }
        val data = json.readTree(EVENT)["data"]
        data["orderStatus"].asText() to data["orderAmount"].decimalValue()
    }
    val (s2, b2) = alternate(300, sdk, oneShot)
    println("  (against a Mac keyed per call: SDK %.0f ns, JVM %.0f ns, ratio %.2f)".format(s2, b2, b2 / s2))
    verifier.close()
    return report(
        Row(
            "kotlin.webhook",
            "WebhookVerifier.verifyAt + eventType, data.orderStatus, data.orderAmount",
            s,
            "Mac (reused) + window + MessageDigest.isEqual + Jackson tree (BigDecimal), same 3 reads",
            b,
        ),
    )
}

/** A signed GET made by hand with java.net.http.HttpClient, HMAC through javax.crypto.Mac. */
private class PlainCall(private val url: String) {
    private val http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
    private val json = ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
    private val token: String

    init {
        val q = "grant_type=client_credentials&api_key=demo_api_key&api_secret=demo_api_secret"
        val req = HttpRequest.newBuilder(URI("$url/user/auth/oauth2/token?$q")).POST(HttpRequest.BodyPublishers.noBody()).build()
        token = json.readTree(http.send(req, HttpResponse.BodyHandlers.ofByteArray()).body())["retdata"]["access_token"].asText()
    }

    fun get(path: String, query: String): com.fasterxml.jackson.databind.JsonNode {
        val ts = System.currentTimeMillis().toString()
        val req = HttpRequest.newBuilder(URI("$url$path?$query"))
            .header("Authorization", "Bearer $token")
            .header("SIGNATURE", jvmSign(KEY, "GET", ts, path, query, ByteArray(0)))
            .header("TIMESTAMP", ts)
            .GET()
            .build()
        val envelope = json.readTree(http.send(req, HttpResponse.BodyHandlers.ofByteArray()).body())
        check(envelope["retcode"].asText() == "200") { "call failed: $envelope" }
        return envelope["retdata"]
    }
}

private fun call(url: String): Row {
    val client = WCheckoutClient("demo_api_key", "demo_api_secret", KEY, ClientOptions(environment = Environment.Custom(url)))
    val orderNo = "BENCHKT${ProcessHandle.current().pid()}"
    client.createCheckoutOrder(CreateCheckoutOrderRequest(orderNo, BigDecimal("12.50"), "c", token = Token.EthUsdt))
    val plain = PlainCall(url)
    val sdk = { client.getCheckoutOrderInfo(orderNo).orderStatus }
    val base = { plain.get("/checkout/order/info", "orderNo=$orderNo")["orderStatus"].asText() }
    check(sdk().wire() == base()) { "${sdk()} != ${base()}" }
    val (s, b) = alternate(500, sdk, base)
    client.close()
    return report(
        Row("kotlin.call_vs_httpclient", "WCheckoutClient.getCheckoutOrderInfo", s, "java.net.http.HttpClient + Mac + Jackson tree", b),
    )
}

fun main(args: Array<String>) {
    // Logback (a test dependency) logs every SDK call at DEBUG without a configuration.
    (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME) as ch.qos.logback.classic.Logger).level =
        ch.qos.logback.classic.Level.WARN
    // `--json FILE`, or the system property scripts/bench.sh sets.
    val jsonOut = (args.indexOf("--json").takeIf { it >= 0 }?.let { args[it + 1] } ?: System.getProperty("wcheckout.bench.json"))
        ?.takeIf { it.isNotEmpty() }?.let { File(it) }
    println("Kotlin SDK benchmark (JDK ${System.getProperty("java.version")}, medians of $ROUNDS alternating rounds):")
    val rows = mutableListOf(crossing(), sign(), webhook())
    val url = System.getenv("WCHECKOUT_BENCH_URL")
    if (url.isNullOrEmpty()) println("  kotlin.call_vs_httpclient skipped: WCHECKOUT_BENCH_URL is not set") else rows += call(url)
    jsonOut?.let {
        it.absoluteFile.parentFile?.mkdirs()
        it.writeText(rows.joinToString(",\n  ", "[\n  ", "\n]\n") { r -> r.json() })
        println("rows written to $it")
    }
    if (sink == 42L) println()
}
