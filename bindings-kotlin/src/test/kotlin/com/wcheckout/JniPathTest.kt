package com.wcheckout

import com.fasterxml.jackson.databind.JsonNode
import com.sun.jna.Library
import com.sun.jna.NativeLibrary
import com.wcheckout.ffi.FfiSigner
import com.wcheckout.ffi.FfiVerifier
import com.wcheckout.ffi.HttpHeader
import com.wcheckout.ffi.SignRequestInput
import com.wcheckout.ffi.UniffiLib
import com.wcheckout.ffi.ffiNowMillis
import com.wcheckout.ffi.ffiSignRequest
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import java.io.File
import java.util.concurrent.Callable
import java.util.concurrent.Executors

/**
 * The direct JNI path (NativeJni, src/jni.rs) against the UniFFI path on every shared vector:
 * the same signatures, events and typed errors (class and message); panics and bad text typed.
 */
class JniPathTest {
    private val dir = File(System.getProperty("wcheckout.vectors") ?: "../tests/vectors")

    private fun load(name: String): JsonNode = JSON.readTree(File(dir, name))

    private fun prefix(v: JsonNode) =
        if (v["queryPrefix"].asText() == "questionMark") QueryPrefix.QUESTION_MARK else QueryPrefix.NONE

    /** The value, or the exception's class and message: what both paths must agree on. */
    private fun outcome(block: () -> Any): Any = try {
        block()
    } catch (e: WCheckoutException) {
        "${e::class.qualifiedName}: ${e.message}"
    }

    @Test
    fun theJniPathIsBoundToTheLibraryUniffiLoaded() {
        assertTrue(NativeJni.available, "the JNI functions must be bound (the public API would fall back to JNA)")
        assertEquals(0, NativeJni.noop())
        val jni = NativeJni.nowMillis()
        assertTrue(jni - ffiNowMillis() in -1_000L..0L, "both clocks agree")
        // One image of the library in the process: the JVM bound the file JNA loaded (on Linux,
        // where /proc/self/maps lists the mapped files).
        val maps = File("/proc/self/maps")
        if (maps.exists()) {
            val file = NativeLibrary.getInstance("wcheckout_ffi", mapOf(Library.OPTION_CLASSLOADER to UniffiLib::class.java.classLoader))
                .file.canonicalPath
            val images = maps.readLines().map { it.substringAfterLast(' ') }
                .filter { it.contains("wcheckout_ffi") || it == file }.toSet()
            assertEquals(setOf(file), images)
        }
    }

    @TestFactory
    fun signingVectorsGiveTheUniffiResult(): List<DynamicTest> {
        val root = load("signing.json")
        return (root["vectors"] + root["rejects"]).map { v ->
            dynamicTest("jni sign: ${v["name"].asText()}") {
                val key = v["signKey"].asText()
                val (m, ts, path, q) = listOf("method", "timestamp", "path", "query").map { v[it].asText() }
                val body = v["body"].asText().toByteArray(Charsets.UTF_8)
                val uniffi = outcome { native { ffiSignRequest(key, SignRequestInput(m, ts, path, q, body, prefix(v))) } }
                val jni = outcome { signRequest(key, m, ts, path, q, body, prefix(v)) }
                assertEquals(uniffi, jni)
                v["signature"]?.let { assertEquals(it.asText(), jni) }
                v["error"]?.let { assertTrue((jni as String).startsWith(WCheckoutException::class.qualifiedName!!), jni) }
                if (key.isNotEmpty()) {
                    val input = SignRequestInput(m, ts, path, q, body, QueryPrefix.NONE)
                    val good = v["signature"]?.asText() ?: "x"
                    // sign; verify of the right, a wrong and a malformed signature; TIMESTAMP + BODY.
                    val viaUniffi = FfiSigner(key, prefix(v)).use { s ->
                        listOf(
                            outcome { native { s.sign(input) } },
                            outcome { native { s.verify(input, good) } },
                            outcome { native { s.verify(input, good.reversed()) } },
                            outcome { native { s.verify(input, "%%") } },
                            outcome { native { s.signTimestampBody(ts, body) } },
                        )
                    }
                    val viaJni = RequestSigner(key, prefix(v)).use { s ->
                        listOf(
                            outcome { s.sign(m, ts, path, q, body) },
                            outcome { s.verify(good, m, ts, path, q, body) },
                            outcome { s.verify(good.reversed(), m, ts, path, q, body) },
                            outcome { s.verify("%%", m, ts, path, q, body) },
                            outcome { s.signTimestampBody(ts, body) },
                        )
                    }
                    assertEquals(viaUniffi, viaJni)
                    if (v.has("signature")) {
                        assertEquals(Unit, viaJni[1])
                        assertTrue("${viaJni[2]}".contains("SignatureMismatch"), "${viaJni[2]}")
                    }
                }
            }
        }
    }

    @TestFactory
    fun webhookVectorsGiveTheUniffiResult(): List<DynamicTest> = load("webhook.json")["cases"].map { c ->
        dynamicTest("jni webhook: ${c["name"].asText()}") {
            val headers = c["headers"].map { it[0].asText() to it[1].asText() }
            val body = c["body"].asText().toByteArray(Charsets.UTF_8)
            val key = c["signKey"].asText()
            val tolerance = c["toleranceSec"].asLong() * 1000
            val now = c["nowMs"].asLong()
            val uniffi = FfiVerifier(key, tolerance).use { v ->
                outcome { native { v.verifyAt(headers.map { (k, x) -> HttpHeader(k, x) }, body, now) } }
            }
            val jni = WebhookVerifier(key, tolerance).use { outcome { it.verifyAt(headers, body, now) } }
            assertEquals(uniffi, jni)
            assertEquals(c["expect"].has("error"), jni is String, "$jni")
        }
    }

    @Test
    fun everyHeaderFormGivesTheSameEvent() {
        val body = """{"eventId":"evt_1","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}"""
            .toByteArray()
        val headers = signWebhookForTest(Sandbox.SIGN_KEY, body)
        WebhookVerifier(Sandbox.SIGN_KEY).use { v ->
            val event = v.verify(headers, body)
            assertTrue(event is WebhookEvent.CheckoutOrderChanged)
            assertEquals(event, v.verify(headers.map { (k, x) -> k.lowercase() to x }, body))
            val multi: Map<String, List<String>> = headers.mapValues { listOf(it.value) }
            assertEquals(event, v.verify(multi, body))
            val uniffi = FfiVerifier(Sandbox.SIGN_KEY, null).use { it.verify(headers.map { (k, x) -> HttpHeader(k, x) }, body) }
            assertEquals(uniffi, event)
            val missing: Map<String, String> = headers - "SIGNATURE"
            val e = assertThrows<WCheckoutException.Webhook> { v.verify(missing, body) }
            assertTrue(e.failure is WebhookFailure.MissingHeader, "${e.failure}")
        }
    }

    @Test
    fun rawJsonIsTheBodyExactlyAsReceived() {
        // Spacing, key order, a trailing zero, an escape and a newline that a re-serialisation changes.
        val text = "{ \"timestamp\" : 1758701681 ,\n  \"data\": {\"orderStatus\":\"PAID\", \"orderNo\":\"A1\", " +
            "\"orderAmount\": 989.190, \"note\":\"caf\\u00e9 \u2615\"},\n  \"eventType\":\"CHECKOUT_ORDER_CHANGED\", \"eventId\":\"evt_raw\" }\n"
        val body = text.toByteArray(Charsets.UTF_8)
        assertTrue(JSON.readTree(text).toString() != text, "the body must differ from its compact form")
        val headers = signWebhookForTest(Sandbox.SIGN_KEY, body, 1_000)
        val jni = WebhookVerifier(Sandbox.SIGN_KEY).use { it.verifyAt(headers.toList(), body, 1_000) }
        val uniffi = FfiVerifier(Sandbox.SIGN_KEY, null).use { v ->
            native { v.verifyAt(headers.map { (k, x) -> HttpHeader(k, x) }, body, 1_000) }
        }
        assertEquals(uniffi, jni)
        assertEquals(text, jni.json)
        assertTrue(body.contentEquals(jni.json.toByteArray(Charsets.UTF_8)))
        val order = (jni as WebhookEvent.CheckoutOrderChanged).data
        assertEquals(java.math.BigDecimal("989.190"), order.orderAmount)
        assertEquals("order:A1:PAID", jni.dedupeKey)
    }

    @Test
    fun headersArePickedByCoresRule() {
        val body = """{"eventId":"evt_h","eventType":"X","timestamp":1,"data":{}}""".toByteArray()
        val signed = signWebhookForTest(Sandbox.SIGN_KEY, body, 1_000)
        val sig = signed.getValue("SIGNATURE")
        val ts = signed.getValue("TIMESTAMP")
        val cases = listOf(
            listOf(" Signature\t" to sig, "\u00A0timestamp\u3000" to ts),
            listOf("\u0085SIGNATURE\u2028" to sig, "TIMESTAMP \r\n" to ts),
            listOf("X-SIGNATURE" to sig, "TIMESTAMP" to ts),
            listOf("SIGNATURE" to "bad", "d-signature" to sig, "TIMESTAMP" to ts),
            listOf("d-signature" to sig, "D-TIMESTAMP" to "5", "Timestamp" to ts),
            listOf("D-SIGNATURE" to sig, "d-timestamp" to ts),
            listOf("\u017Fignature" to sig, "TIMESTAMP" to ts), // ſ upper-cases to S, but not in ASCII
            listOf("SIGNATURE\u200B" to sig, "TIMESTAMP" to ts), // zero-width space: not White_Space
            listOf("\u001CSIGNATURE" to sig, "TIMESTAMP" to ts), // Java white space, not Rust's
            listOf("SIGNATURE" to sig, "SIGNATURE" to "x", "TIMESTAMP" to ts),
            listOf("SIGNATURE" to "x", "SIGNATURE" to sig, "TIMESTAMP" to ts),
            listOf("Content-Type" to "application/json", "SIGNATURE" to sig, "TIMESTAMP" to " $ts "),
        )
        val outcomes = cases.map { headers ->
            val uniffi = FfiVerifier(Sandbox.SIGN_KEY, null).use { v ->
                outcome { native { v.verifyAt(headers.map { (k, x) -> HttpHeader(k, x) }, body, 1_000) } }
            }
            val jni = WebhookVerifier(Sandbox.SIGN_KEY).use { outcome { it.verifyAt(headers, body, 1_000) } }
            assertEquals(uniffi, jni, "$headers")
            jni !is String
        }
        assertEquals(listOf(true, true, false, false, true, true, false, false, false, true, false, true), outcomes)
    }

    @Test
    fun aPanicOnTheJniPathIsAnInternalExceptionNotACrash() {
        val e = assertThrows<WCheckoutException.Internal> { NativeJni.text(NativeJni.panicForTest("jni boom")) }
        assertTrue(e.reason.contains("jni boom"), e.reason)
        assertEquals("internal", e.code)
        assertEquals(signRequest("k", "GET", "1", "/"), signRequest("k", "GET", "1", "/"))
    }

    @Test
    fun textThatIsNotUnicodeIsAnInvalidArgument() {
        for (bad in listOf("\uD800", "a\uDC00b", "/x\uD83D")) {
            val e = assertThrows<WCheckoutException.InvalidArgument> { signRequest("k", "GET", "1", bad) }
            assertTrue(e.reason.contains("unpaired surrogate"), e.reason)
            assertThrows<WCheckoutException.InvalidArgument> { RequestSigner(Sandbox.SIGN_KEY).use { it.sign("GET", "1", "/", bad) } }
            assertThrows<WCheckoutException.InvalidArgument> {
                WebhookVerifier(Sandbox.SIGN_KEY).use { it.verify(mapOf("SIGNATURE" to bad, "TIMESTAMP" to "1"), ByteArray(0)) }
            }
        }
        // A surrogate pair is fine, and signed as its UTF-8 bytes.
        val emoji = "/x\uD83D\uDE00"
        assertEquals(
            native { ffiSignRequest("k", SignRequestInput("GET", "1", emoji, "", ByteArray(0), QueryPrefix.NONE)) },
            signRequest("k", "GET", "1", emoji),
        )
    }

    @Test
    fun closedObjectsRefuseCallsLikeUniffiObjects() {
        val signer = RequestSigner(Sandbox.SIGN_KEY)
        signer.close()
        signer.close()
        assertThrows<IllegalStateException> { signer.sign("GET", "1", "/") }
        assertThrows<IllegalStateException> { signer.verify("x", "GET", "1", "/") }
        assertThrows<IllegalStateException> { signer.signTimestampBody("1", ByteArray(0)) }
        val verifier = WebhookVerifier(Sandbox.SIGN_KEY)
        verifier.close()
        assertThrows<IllegalStateException> { verifier.verifyAt(emptyList(), ByteArray(0), 1) }
    }

    @Test
    fun closingWhileOtherThreadsCallNeverCrashes() {
        val body = """{"eventId":"evt_2","eventType":"X","timestamp":1,"data":{}}""".toByteArray()
        val headers = signWebhookForTest(Sandbox.SIGN_KEY, body, 1_000).toList()
        repeat(20) {
            val signer = RequestSigner(Sandbox.SIGN_KEY)
            val verifier = WebhookVerifier(Sandbox.SIGN_KEY)
            val pool = Executors.newFixedThreadPool(4)
            try {
                val work = (1..4).map {
                    pool.submit(
                        Callable {
                            var ok = 0
                            repeat(500) {
                                try {
                                    signer.sign("GET", "1", "/")
                                    verifier.verifyAt(headers, body, 1_000)
                                    ok++
                                } catch (_: IllegalStateException) {
                                    // closed meanwhile: the only failure allowed
                                }
                            }
                            ok
                        },
                    )
                }
                Thread.sleep(1)
                signer.close()
                verifier.close()
                work.forEach { it.get() }
                assertThrows<IllegalStateException> { signer.sign("GET", "1", "/") }
                assertThrows<IllegalStateException> { verifier.verifyAt(headers, body, 1_000) }
            } finally {
                pool.shutdown()
            }
        }
    }

    @Test
    fun oneSignerSignsFromManyThreads() {
        val expected = signRequest(Sandbox.SIGN_KEY, "POST", "1636360661729", "/a", "", "{}".toByteArray())
        RequestSigner(Sandbox.SIGN_KEY).use { signer ->
            val pool = Executors.newFixedThreadPool(8)
            try {
                val results = pool.invokeAll(
                    (1..8).map { Callable { (1..2_000).map { signer.sign("POST", "1636360661729", "/a", "", "{}".toByteArray()) }.toSet() } },
                )
                results.forEach { assertEquals(setOf(expected), it.get()) }
            } finally {
                pool.shutdown()
            }
        }
    }
}
