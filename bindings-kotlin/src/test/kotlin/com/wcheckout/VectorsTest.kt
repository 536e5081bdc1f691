package com.wcheckout

import com.fasterxml.jackson.databind.JsonNode
import org.junit.jupiter.api.Assertions.assertArrayEquals
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.DynamicTest
import org.junit.jupiter.api.DynamicTest.dynamicTest
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestFactory
import org.junit.jupiter.api.assertThrows
import java.io.File
import kotlin.time.Duration.Companion.seconds

/** Every case of every shared vector file in tests/vectors, each as its own test. */
class VectorsTest {
    private val dir = File(System.getProperty("wcheckout.vectors") ?: "../tests/vectors")

    private fun load(name: String): JsonNode = JSON.readTree(File(dir, name))

    private fun prefix(v: JsonNode) =
        if (v["queryPrefix"].asText() == "questionMark") QueryPrefix.QUESTION_MARK else QueryPrefix.NONE

    private fun text(node: JsonNode): String = if (node.isNumber) node.decimalValue().toPlainString() else node.asText()

    private inline fun expectCode(code: String, block: () -> Unit) {
        val e = assertThrows<WCheckoutException> { block() }
        assertEquals(code, e.code, e.message)
        assertTrue(e.reason.isNotEmpty())
    }

    @Test
    fun everyVectorFileIsLoaded() {
        val files = dir.listFiles { f -> f.name.endsWith(".json") }!!.map { it.name }.sorted()
        assertEquals(listOf("amounts.json", "enums.json", "envelope.json", "signing.json", "webhook.json"), files)
        files.forEach { assertTrue(load(it)["description"].asText().isNotEmpty(), it) }
    }

    @TestFactory
    fun signing(): List<DynamicTest> {
        val root = load("signing.json")
        val ok = root["vectors"].map { v ->
            dynamicTest("sign: ${v["name"].asText()}") {
                val body = v["body"].asText().toByteArray(Charsets.UTF_8)
                val (m, ts, path, q) = listOf("method", "timestamp", "path", "query").map { v[it].asText() }
                val sts = stringToSign(m, ts, path, q, body, prefix(v))
                assertArrayEquals(v["stringToSign"].asText().toByteArray(Charsets.UTF_8), sts)
                assertEquals(v["stringToSignBytes"].asInt(), sts.size)
                val sig = signRequest(v["signKey"].asText(), m, ts, path, q, body, prefix(v))
                assertEquals(v["signature"].asText(), sig)
                RequestSigner(v["signKey"].asText(), prefix(v)).use { s ->
                    assertEquals(sig, s.sign(m, ts, path, q, body))
                    s.verify(sig, m, ts, path, q, body)
                }
            }
        }
        val rejects = root["rejects"].map { v ->
            dynamicTest("reject: ${v["name"].asText()}") {
                expectCode(v["error"].asText()) {
                    signRequest(
                        v["signKey"].asText(), v["method"].asText(), v["timestamp"].asText(), v["path"].asText(),
                        v["query"].asText(), v["body"].asText().toByteArray(Charsets.UTF_8), prefix(v),
                    )
                }
            }
        }
        assertTrue(ok.size >= 20 && rejects.isNotEmpty())
        return ok + rejects
    }

    @TestFactory
    fun webhook(): List<DynamicTest> = load("webhook.json")["cases"].map { c ->
        dynamicTest("webhook: ${c["name"].asText()}") {
            val headers = c["headers"].map { it[0].asText() to it[1].asText() }
            val body = c["body"].asText().toByteArray(Charsets.UTF_8)
            val verifier = WebhookVerifier(c["signKey"].asText(), c["toleranceSec"].asLong().seconds)
            val expect = c["expect"]
            if (expect.has("error")) {
                expectCode(expect["error"].asText()) { verifier.verifyAt(headers, body, c["nowMs"].asLong()) }
                return@dynamicTest
            }
            val event = verifier.verifyAt(headers, body, c["nowMs"].asLong())
            assertEquals(expect["eventType"].asText(), event.eventType.wire())
            assertEquals(expect["eventId"].asText(), event.eventId)
            expect["timestamp"]?.let { assertEquals(it.asLong(), event.timestampSeconds) }
            val data = JSON.readTree(event.json)["data"]
            expect["data"].fields().forEach { (k, v) -> assertEquals(v.asText(), text(data[k]), k) }
            // Known types are typed; unknown ones keep their data.
            assertEquals(expect["eventType"].asText() in EVENT_TYPES, event !is WebhookEvent.Unknown)
        }
    }

    @TestFactory
    fun amounts(): List<DynamicTest> {
        val root = load("amounts.json")
        val ok = root["parse"].map { v ->
            dynamicTest("amount: ${v["name"].asText()}") {
                val canonical = v["canonical"].asText()
                val amount = WCheckout.amountFromJson(v["json"].asText())
                assertEquals(canonical, amount.toPlainString())
                assertEquals(canonical, WCheckout.parseAmount(canonical).toPlainString())
                assertEquals(canonical, WCheckout.amountFromJson(canonical).toPlainString())
            }
        }
        val rejects = root["rejects"].map { v ->
            dynamicTest("amount reject: ${v["name"].asText()}") {
                expectCode(v["error"].asText()) { WCheckout.amountFromJson(v["json"].asText()) }
            }
        }
        return ok + rejects
    }

    @TestFactory
    fun envelope(): List<DynamicTest> = load("envelope.json")["cases"].map { c ->
        dynamicTest("envelope: ${c["name"].asText()}") {
            val body = c["body"].asText().toByteArray(Charsets.UTF_8)
            val status = c["httpStatus"].asInt()
            val expect = c["expect"]
            if (expect.has("error")) {
                val e = assertThrows<WCheckoutException> { WCheckout.parseEnvelope(status, body) }
                assertEquals(expect["error"].asText(), e.code, e.message)
                if (e is WCheckoutException.Api) {
                    assertEquals(expect["retcode"].asText(), e.retcode)
                    assertEquals(expect["retmsg"].asText(), e.retmsg)
                    assertEquals(expect["httpStatus"].asInt(), e.httpStatus)
                }
            } else {
                assertEquals(expect["retdata"], JSON.readTree(WCheckout.parseEnvelope(status, body)))
            }
        }
    }

    private companion object {
        val EVENT_TYPES = setOf("CHECKOUT_ORDER_CHANGED", "REFUND_ORDER_CHANGED", "SETTLEMENT_ORDER_CHANGED", "ABNORMAL_PAYMENT")
    }

    /** The known (object) cases of a generated sealed enum class, in declaration order. */
    private fun knownCases(cls: Class<*>): Int = cls.declaredClasses.count { it.superclass == cls && it.simpleName != "Unknown" }

    @Test
    fun enumsNameExactlyTheKnownValues() {
        val root = load("enums.json")
        val enums: Map<String, Pair<Class<*>, (String) -> Pair<Boolean, String>>> = mapOf(
            "token" to (Token::class.java to { w: String -> Token.fromWire(w).let { it.isKnown() to it.wire() } }),
            "orderStatus" to (OrderStatus::class.java to { w: String -> OrderStatus.fromWire(w).let { it.isKnown() to it.wire() } }),
            "refundStatus" to (RefundStatus::class.java to { w: String -> RefundStatus.fromWire(w).let { it.isKnown() to it.wire() } }),
            "settleStatus" to (SettleStatus::class.java to { w: String -> SettleStatus.fromWire(w).let { it.isKnown() to it.wire() } }),
            "abnormalPaymentType" to (AbnormalPaymentType::class.java to { w: String -> AbnormalPaymentType.fromWire(w).let { it.isKnown() to it.wire() } }),
            "abnormalPaymentStatus" to (AbnormalPaymentStatus::class.java to { w: String -> AbnormalPaymentStatus.fromWire(w).let { it.isKnown() to it.wire() } }),
            "eventType" to (EventType::class.java to { w: String -> EventType.fromWire(w).let { it.isKnown() to it.wire() } }),
        )
        assertEquals(enums.keys + setOf("description", "notCodes"), root.fieldNames().asSequence().toSet())
        for ((key, entry) in enums) {
            val (cls, fromWire) = entry
            val values = root[key].map { it.asText() }
            assertEquals(values.size, knownCases(cls), key)
            values.forEach { assertEquals(true to it, fromWire(it), "$key $it") }
        }
        root["notCodes"].map { it.asText() }.forEach { assertEquals(false to it, enums.getValue("token").second(it), it) }
    }
}
