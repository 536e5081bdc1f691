package com.wcheckout

import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.withTimeout
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertFalse
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.TestInstance
import org.junit.jupiter.api.assertThrows
import java.math.BigDecimal
import java.util.concurrent.CountDownLatch
import java.util.concurrent.CopyOnWriteArrayList
import kotlin.concurrent.thread
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Many instances, one merchant, in this JVM: each `WCheckoutClient` keeps its own token cache, as
 * separate processes do. One Redis token store gives one token; private tokens thrash. Event keys
 * are claimed once; the reconciler finds a lost PAID webhook. Real sandbox, real redis-server.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FleetTest {
    private val redis by lazy { RedisServer() }

    @AfterAll
    fun stop() = redis.close()

    private fun tokenCounts(sandbox: Sandbox): Pair<Int, Int> {
        val counts = sandbox.ctl("GET", "/state")["counts"]
        return counts["tokensIssued"].asInt() to counts["tokenRejections"].asInt()
    }

    /** [instances] clients on [store], [calls] calls each, all started at once; the failures' codes. */
    private fun fleet(sandbox: Sandbox, store: String, instances: Int = 4, calls: Int = 80): List<String> {
        val clients = List(instances) { sandbox.client(sandbox.options(maxRetries = 2).copy(tokenStore = store)) }
        val failures = CopyOnWriteArrayList<String>()
        val go = CountDownLatch(1)
        val threads = clients.map { c ->
            thread {
                go.await()
                repeat(calls) { i ->
                    try {
                        if (i % 4 == 0) c.newOrder() else c.listCheckoutOrders(ListCheckoutOrdersRequest(pageSize = 1u))
                    } catch (e: WCheckoutException) {
                        failures += e.code
                    }
                }
            }
        }
        go.countDown()
        threads.forEach { it.join() }
        clients.forEach { it.close() }
        return failures
    }

    @Test
    fun fourInstancesOnOneRedisStoreShareOneTokenWithNoFailedCall() = Sandbox().use { sandbox ->
        assertEquals(emptyList<String>(), fleet(sandbox, redis.url))
        assertEquals(1 to 0, tokenCounts(sandbox))
    }

    @Test
    fun privateTokensKnockEachOtherOut() = Sandbox().use { sandbox ->
        val failures = fleet(sandbox, "memory")
        val (issued, rejected) = tokenCounts(sandbox)
        assertTrue(issued > 1 && rejected > 0, "issued $issued, rejected $rejected")
        assertTrue(failures.all { it == "auth_error" }, failures.toString())
    }

    @Test
    fun fourInstancesClaimTheSame200KeysEachWonOnce() {
        redis.command("FLUSHALL")
        val keys = List(200) { "order:K$it:PAID" }
        val won = CopyOnWriteArrayList<String>()
        val go = CountDownLatch(1)
        val threads = List(4) {
            val dedupe = EventDeduplicator(redis.url)
            thread {
                go.await()
                keys.filterTo(won) { dedupe.claim(it) }
                dedupe.close()
            }
        }
        go.countDown()
        threads.forEach { it.join() }
        assertEquals(keys.sorted(), won.sorted())
    }

    @Test
    fun eventDeduplicatorClaimReleaseTtlAndErrors() {
        for (url in listOf("memory", redis.url)) {
            EventDeduplicator(url).use { d ->
                val key = "order:${uniqueNo("D")}:PAID"
                assertTrue(d.claim(key))
                assertFalse(d.claim(key))
                d.release(key)
                assertTrue(d.claim(key))
                assertEquals(7 * 24 * 3600, d.ttl.inWholeSeconds.toInt())
                assertThrows<WCheckoutException.InvalidArgument> { d.claim("") }
            }
        }
        EventDeduplicator(redis.url, ttl = 1.seconds, namespace = "kt-ttl").use { d ->
            assertTrue(d.claim("k"))
            Thread.sleep(1100)
            assertTrue(d.claim("k"), "the claim expired")
        }
        assertThrows<WCheckoutException.InvalidArgument> { EventDeduplicator("ftp://x") }
        EventDeduplicator("redis://:hunter2pass@127.0.0.1:1/0", timeout = 500.milliseconds).use { d ->
            val e = assertThrows<WCheckoutException.TokenStore> { d.claim("k") }
            assertFalse(e.message.contains("hunter2pass") || d.toString().contains("hunter2pass"))
        }
    }

    @Test
    fun aLostPaidWebhookIsFoundInOnePollAndTheLateWebhookDeduplicated() = Sandbox().use { sandbox ->
        sandbox.client(sandbox.options().copy(tokenStore = redis.url)).use { client ->
            val dedupe = EventDeduplicator(redis.url, namespace = uniqueNo("ns"))
            val reconciler = Reconciler(client, ReconcilerOptions(store = redis.url))
            val order = client.newOrder(amount = "5")
            reconciler.watchOrder(order.orderNo)
            sandbox.ctl("POST", "/faults", mapOf("kind" to "lose_webhook", "eventType" to "CHECKOUT_ORDER_CHANGED"))
            sandbox.pay(order.orderNo, order.payingAmount!!)
            val lost = sandbox.ctl("GET", "/webhooks")["deliveries"].filter { it["event"]["data"]["orderNo"].asText() == order.orderNo }
            assertEquals(listOf("PAID" to "lost"), lost.map { it["event"]["data"]["orderStatus"].asText() to it["status"].asText() })
            val processed = mutableListOf<String>()
            val poll = reconciler.runOnce { ev -> if (dedupe.claim(ev.dedupeKey)) processed += ev.dedupeKey }
            assertEquals(1, poll.events.size)
            val event = poll.events.single()
            assertTrue(event.isReconciled)
            event as WebhookEvent.CheckoutOrderChanged
            assertEquals(OrderStatus.Paid, event.data.orderStatus)
            assertEquals(0, BigDecimal("5").compareTo(event.data.payingAmount))
            assertEquals("order:${order.orderNo}:PAID", event.dedupeKey)
            assertEquals(listOf(event.dedupeKey), processed)
            assertEquals(emptyList<Watched>(), reconciler.watched())
            // The delivery arrives after all: it verifies, and its key is already claimed.
            val body = lost.single()["body"].asText().toByteArray()
            val late = WebhookVerifier(Sandbox.SIGN_KEY).use { it.verify(signWebhookForTest(Sandbox.SIGN_KEY, body), body) }
            assertFalse(late.isReconciled)
            assertEquals(event.dedupeKey, late.dedupeKey)
            assertFalse(dedupe.claim(late.dedupeKey), "deduplicated: processed exactly once")
            reconciler.close()
            dedupe.close()
        }
    }

    @Test
    fun runOnceIsAtLeastOnceAndTheLoopsHandEventsOver() = Sandbox().use { sandbox ->
        sandbox.client().use { client ->
            val reconciler = Reconciler(client, ReconcilerOptions(concurrency = 2))
            val order = client.newOrder()
            val before = System.currentTimeMillis()
            reconciler.watchOrder(order.orderNo)
            reconciler.watchOrder("NOSUCHORDER1")
            val entry = reconciler.watched().single { it.number == order.orderNo }
            assertEquals(WatchKind.ORDER to "PAYING", entry.kind to entry.lastStatus)
            assertTrue(entry.addedAtMillis in before..System.currentTimeMillis(), "$entry")
            assertEquals(entry.addedAtMs.toLong(), entry.addedAtMillis)
            sandbox.pay(order.orderNo, order.payingAmount!!)
            assertThrows<IllegalStateException> { reconciler.runOnce { error("handler failed") } }
            val poll = reconciler.poll()
            assertEquals(listOf("order:${order.orderNo}:PAID"), poll.events.map { it.dedupeKey })
            val failure = poll.failures.single()
            assertEquals("NOSUCHORDER1", failure.watched.number)
            assertEquals("00010", (failure.error as WCheckoutException.Api).retcode)
            assertTrue(reconciler.unwatch(WatchKind.ORDER, "NOSUCHORDER1"))
            // The coroutine loop, cancelled once it has the event.
            val seen = CompletableDeferred<String>()
            runBlocking {
                val job = launch { reconciler.runForever(50.milliseconds) { seen.complete(it.dedupeKey) } }
                assertEquals("order:${order.orderNo}:PAID", withTimeout(10.seconds) { seen.await() })
                job.cancel()
            }
            assertEquals(emptyList<Watched>(), reconciler.watched())
            // The thread loop.
            val second = client.newOrder()
            reconciler.watchOrder(second.orderNo)
            sandbox.pay(second.orderNo, second.payingAmount!!)
            val got = CountDownLatch(1)
            reconciler.startBackground(50.milliseconds) { got.countDown() }.use { assertTrue(got.await(10, java.util.concurrent.TimeUnit.SECONDS)) }
            assertThrows<WCheckoutException.InvalidArgument> { Reconciler(client, ReconcilerOptions(concurrency = 0)) }
            reconciler.close()
        }
    }
}
