// The README's quick start, compiled by Kotlin 2.2.0 against the published jar, plus a line for
// each other part of the API a consumer touches (builder, kotlin.time, suspend calls, webhooks),
// so that a signature this compiler cannot read fails the compile here rather than at a user's.
import com.wcheckout.*
import kotlinx.coroutines.runBlocking
import java.math.BigDecimal
import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

fun main() {
    val baseUrl = System.getenv("WCHECKOUT_BASE_URL") ?: "http://127.0.0.1:8787"
    val orderNo = "RC" + System.currentTimeMillis()

    // --- the README quick start ---
    val client = WCheckoutClient(
        apiKey = "demo_api_key", apiSecret = "demo_api_secret", signKey = "demo_sign_key",
        options = ClientOptions(environment = Environment.Custom(baseUrl), timeout = 10.seconds),
    )
    val created = client.createCheckoutOrder(
        CreateCheckoutOrderRequest(orderNo = orderNo, orderAmount = BigDecimal("12.50"),
            customerId = "cust42", token = Token.EthUsdt),
        forwardedFor = "203.0.113.7",
    )
    println(created.paymentUrl)
    // … the user pays; the sandbox simulates it:
    val pay = HttpRequest.newBuilder(URI.create("$baseUrl/_sandbox/orders/$orderNo/pay"))
        .POST(HttpRequest.BodyPublishers.ofString("""{"amount":"12.50"}"""))
        .header("Content-Type", "application/json").build()
    HttpClient.newHttpClient().send(pay, HttpResponse.BodyHandlers.ofString())
    check(client.getCheckoutOrderInfo(orderNo).orderStatus == OrderStatus.Paid)
    println("order $orderNo is PAID")

    // --- the rest of the surface a consumer compiles against ---
    val options = ClientOptions.builder().baseUrl(baseUrl).timeoutMillis(10_000).maxRetries(1).build()
    WCheckoutClient("demo_api_key", "demo_api_secret", "demo_sign_key", options).use { other ->
        val mine = other.iterCheckoutOrders(ListCheckoutOrdersRequest(customerId = "cust42")).map { it.orderNo }.toList()
        check(orderNo in mine && orderNo in other.allCheckoutOrders().map { it.orderNo })
        val viaCoroutine = runBlocking { other.suspending.getCheckoutOrderInfo(orderNo) }
        check(viaCoroutine.orderAmount == BigDecimal("12.50"))
        try {
            other.cancelCheckoutOrder(orderNo)
            error("a paid order was cancelled")
        } catch (e: WCheckoutException.Api) {
            println("cancel refused as expected: ${e.retcode} ${e.retmsg}")
        }
    }
    WebhookVerifier("demo_sign_key", 5.minutes).use { verifier ->
        val body = """{"eventId":"evt_rc","eventType":"SOMETHING_NEW","timestamp":1,"data":{}}""".toByteArray()
        val event = verifier.verify(signWebhookForTest("demo_sign_key", body), body)
        check(event is WebhookEvent.Unknown && event.eventId == "evt_rc")
    }
    client.close()
    val platform = "${System.getProperty("os.name").lowercase()}/${System.getProperty("os.arch")}"
    println("quick start OK (Kotlin ${KotlinVersion.CURRENT}, wcheckout ${WCheckout.version}) on $platform")
}
