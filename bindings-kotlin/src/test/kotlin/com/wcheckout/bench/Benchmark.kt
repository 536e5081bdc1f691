package com.wcheckout.bench

import com.fasterxml.jackson.databind.ObjectMapper
import com.wcheckout.RequestSigner
import com.wcheckout.WebhookEvent
import com.wcheckout.WebhookVerifier
import com.wcheckout.nowMillis
import com.wcheckout.signRequest
import com.wcheckout.signWebhookForTest
import java.security.MessageDigest
import java.util.Base64
import javax.crypto.Mac
import javax.crypto.spec.SecretKeySpec

/*
 * Signing and webhook figures: the Rust core through UniFFI/JNA against the JVM-native path
 * (javax.crypto.Mac HmacSHA512 + java.util.Base64; Jackson for webhook parsing), after warm-up.
 * Run with bindings-kotlin/scripts/bench.sh (release build of the native library). Not a test.
 */

private const val KEY = "aR2822Y6XbehWMclnB0Y2NJK"
private const val METHOD = "POST"
private const val PATH = "/checkout/order/create"
private val BODY = """{"orderNo":"A1001","orderAmount":12.50,"customerId":"cust42","token":"ETH_USDT","expiredIn":900}"""
    .toByteArray()
private val EVENT = ("""{"eventId":"evt_0a4fee0f8882","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1758701681,""" +
    """"data":{"orderNo":"A1001","token":"ETH_USDT","payingAmount":989.19,"orderAmount":989.19,""" +
    """"orderStatus":"PAID","refundedAmount":0,"createdTime":"2025-11-23 11:27:29","updatedTime":"2025-11-23 11:27:29"}}""")
    .toByteArray()

private var sink = 0L

/** Runs [op] in batches until [millis] have passed; returns (operations, nanoseconds). */
private inline fun runFor(millis: Long, op: () -> Any): Pair<Long, Long> {
    val t0 = System.nanoTime()
    val end = t0 + millis * 1_000_000
    var n = 0L
    while (true) {
        repeat(200) { sink += op().hashCode() }
        n += 200
        val t = System.nanoTime()
        if (t >= end) return n to (t - t0)
    }
}

/** Median ns per operation over 5 timed one-second rounds, after a two-second warm-up. */
private fun measure(name: String, op: () -> Any): Double {
    runFor(2_000, op)
    val perOp = (1..5).map { runFor(1_000, op).let { (n, ns) -> ns.toDouble() / n } }.sorted()
    val median = perOp[perOp.size / 2]
    println("  %-52s %9.0f ns/op  (%,.0f ops/s)".format(name, median, 1e9 / median))
    System.out.flush()
    return median
}

private fun ratio(label: String, sdk: Double, jvm: Double) =
    println("  => %-49s %.2fx the JVM-native time (goal: within 2x)".format(label, sdk / jvm))

fun main() {
    val ts = "1636360661729"
    val keySpec = SecretKeySpec(KEY.toByteArray(), "HmacSHA512")
    val mac = Mac.getInstance("HmacSHA512").apply { init(keySpec) }
    val b64 = Base64.getEncoder()
    val signer = RequestSigner(KEY)

    // Same output from both paths before timing anything.
    val jvmSig = b64.encodeToString(mac.doFinal((METHOD + ts + PATH).toByteArray() + BODY))
    check(jvmSig == signRequest(KEY, METHOD, ts, PATH, "", BODY)) { "signatures differ" }
    check(jvmSig == signer.sign(METHOD, ts, PATH, "", BODY))

    println("Request signing (${BODY.size}-byte body), JDK ${System.getProperty("java.version")}:")
    val jvmKeyed = measure("JVM Mac HmacSHA512 + Base64 (Mac reused)") {
        b64.encodeToString(mac.doFinal((METHOD + ts + PATH).toByteArray() + BODY))
    }
    val jvmOneShot = measure("JVM Mac.getInstance + init + HmacSHA512 + Base64") {
        val m = Mac.getInstance("HmacSHA512")
        m.init(keySpec)
        b64.encodeToString(m.doFinal((METHOD + ts + PATH).toByteArray() + BODY))
    }
    val sdkOneShot = measure("SDK signRequest(signKey, …) one shot") { signRequest(KEY, METHOD, ts, PATH, "", BODY) }
    val sdkKeyed = measure("SDK RequestSigner.sign(…) (keyed once)") { signer.sign(METHOD, ts, PATH, "", BODY) }
    measure("SDK empty native call (nowMillis: the JNA crossing alone)") { nowMillis() }
    ratio("signRequest vs JVM one shot", sdkOneShot, jvmOneShot)
    ratio("signRequest vs JVM Mac reused", sdkOneShot, jvmKeyed)
    ratio("RequestSigner.sign vs JVM Mac reused", sdkKeyed, jvmKeyed)

    println("Webhook verify + parse (${EVENT.size}-byte body):")
    val verifier = WebhookVerifier(KEY)
    val json = ObjectMapper()
    val headers = signWebhookForTest(KEY, EVENT, nowMillis())
    val wts = headers.getValue("TIMESTAMP")
    val wsig = Base64.getDecoder().decode(headers.getValue("SIGNATURE"))
    check(verifier.verify(headers, EVENT) is WebhookEvent.CheckoutOrderChanged)
    val jvmHook = measure("JVM HmacSHA512 + constant-time compare + Jackson tree") {
        val expected = mac.doFinal(wts.toByteArray() + EVENT)
        check(MessageDigest.isEqual(expected, wsig))
        json.readTree(EVENT)["data"]["orderStatus"].asText()
    }
    val sdkHook = measure("SDK WebhookVerifier.verify → typed sealed event") {
        (verifier.verify(headers, EVENT) as WebhookEvent.CheckoutOrderChanged).data.orderStatus
    }
    ratio("WebhookVerifier.verify vs JVM-native", sdkHook, jvmHook)
    signer.close()
    verifier.close()
    if (sink == 42L) println()
}
