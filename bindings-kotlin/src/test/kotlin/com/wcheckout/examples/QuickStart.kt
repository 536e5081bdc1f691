package com.wcheckout.examples

import com.wcheckout.ClientOptions
import com.wcheckout.CreateCheckoutOrderRequest
import com.wcheckout.Environment
import com.wcheckout.OrderStatus
import com.wcheckout.Token
import com.wcheckout.WCheckoutClient
import java.math.BigDecimal
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse

/**
 * The README's quick start: create an order on a running local sandbox, pay it through the
 * sandbox's control API (what a wallet would do on chain), and read it back as PAID.
 *
 *     ./target/debug/wcheckout sandbox --port 8787 &
 *     cd bindings-kotlin && mvn -q test-compile exec:java -Drun.main=com.wcheckout.examples.QuickStartKt
 */
fun main() {
    val baseUrl = System.getenv("WCHECKOUT_BASE_URL") ?: "http://127.0.0.1:8787"
    WCheckoutClient(
        apiKey = "demo_api_key",
        apiSecret = "demo_api_secret",
        signKey = "demo_sign_key",
        options = ClientOptions(environment = Environment.Custom(baseUrl)),
    ).use { client ->
        val orderNo = "QS" + System.currentTimeMillis()
        val created = client.createCheckoutOrder(
            CreateCheckoutOrderRequest(
                orderNo = orderNo,
                orderAmount = BigDecimal("12.50"),
                customerId = "cust42",
                token = Token.EthUsdt,
            ),
        )
        println("created ${created.orderNo}: pay ${created.payingAmount} ${created.token} to ${created.depositAddress}")

        // Sandbox only: simulate the on-chain payment.
        val pay = HttpRequest.newBuilder(URI.create("$baseUrl/_sandbox/orders/$orderNo/pay"))
            .POST(HttpRequest.BodyPublishers.ofString("""{"amount":"${created.payingAmount!!.toPlainString()}"}"""))
            .header("Content-Type", "application/json")
            .build()
        HttpClient.newHttpClient().send(pay, HttpResponse.BodyHandlers.ofString())

        val order = client.getCheckoutOrderInfo(orderNo)
        println("order ${order.orderNo} is ${order.orderStatus} (tx ${order.txHash})")
        check(order.orderStatus == OrderStatus.Paid)
    }
}
