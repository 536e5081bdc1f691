package com.wcheckout.testing

import com.wcheckout.CreateCheckoutOrderRequest
import com.wcheckout.OrderStatus
import com.wcheckout.Token
import com.wcheckout.WCheckoutClient
import com.wcheckout.WebhookEvent
import org.junit.jupiter.api.AfterAll
import org.junit.jupiter.api.Assertions.assertEquals
import org.junit.jupiter.api.Assertions.assertNotSame
import org.junit.jupiter.api.Assertions.assertSame
import org.junit.jupiter.api.Assertions.assertTrue
import org.junit.jupiter.api.BeforeEach
import org.junit.jupiter.api.Test
import java.math.BigDecimal

/** `@WCheckoutSandbox` parameter injection (the annotation registers the extension itself). */
class JUnitExtensionTest {
    private lateinit var client: WCheckoutClient
    private lateinit var fromBeforeEach: Sandbox

    @BeforeEach
    fun setUp(@WCheckoutSandbox sb: Sandbox) {
        fromBeforeEach = sb
        client = sb.client()
        handedOut += sb
    }

    @Test
    fun `the test and its BeforeEach share one fresh sandbox`(@WCheckoutSandbox sb: Sandbox) {
        assertSame(fromBeforeEach, sb)
        assertEquals(0L, sb.state().counts.orders)
        val inbox = sb.webhookInbox()
        val created = client.createCheckoutOrder(CreateCheckoutOrderRequest("J1", BigDecimal("7"), "c", token = Token.EthUsdt))
        sb.pay("J1", created.payingAmount!!)
        inbox.awaitEventOf<WebhookEvent.CheckoutOrderChanged> { it.data.orderNo == "J1" && it.data.orderStatus == OrderStatus.Paid }
    }

    @Test
    fun `every test gets a fresh one`(@WCheckoutSandbox sb: Sandbox) {
        assertEquals(0L, sb.state().counts.orders) // J1 of the other test is not here
    }

    @Test
    fun `settings on the annotation`(
        @WCheckoutSandbox(apiKey = "junit_key", tokenPolicy = TokenPolicy.MULTIPLE) custom: Sandbox,
        @WCheckoutSandbox plain: Sandbox,
    ) {
        assertNotSame(custom, plain)
        assertEquals("junit_key", custom.apiKey)
        val (a, b) = custom.client() to custom.client()
        a.listCheckoutOrders()
        b.listCheckoutOrders()
        a.listCheckoutOrders() // MULTIPLE: b's token did not supersede a's
        assertEquals(0L, custom.state().counts.tokenRejections)
        handedOut += custom
    }

    companion object {
        private val handedOut = mutableListOf<Sandbox>()

        @JvmStatic
        @AfterAll
        fun everySandboxWasClosedAfterItsTest() {
            assertTrue(handedOut.size >= 4, "${handedOut.size}")
            assertTrue(handedOut.all { it.isClosed }, "$handedOut")
        }
    }
}
