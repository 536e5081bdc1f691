package com.wcheckout.examples;

import com.wcheckout.CheckoutOrder;
import com.wcheckout.ClientOptions;
import com.wcheckout.CreatedCheckoutOrder;
import com.wcheckout.JavaRequests;
import com.wcheckout.ListCheckoutOrdersRequest;
import com.wcheckout.OrderStatus;
import com.wcheckout.Token;
import com.wcheckout.WCheckoutClient;
import com.wcheckout.WCheckoutException;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The quick start in plain Java: options from the builder, a paid order on a running local
 * sandbox, and every order of the customer through a for-each loop (pages fetched lazily).
 *
 * <pre>
 * ./target/debug/wcheckout sandbox --port 8787 &amp;
 * cd bindings-kotlin &amp;&amp; mvn -q test-compile exec:java -Drun.main=com.wcheckout.examples.JavaQuickStart
 * </pre>
 *
 * JavaExampleTest runs {@link #run} against a real sandbox in the test suite.
 */
public final class JavaQuickStart {
    private JavaQuickStart() {}

    /** What the quick start saw, for the test. */
    public static final class Result {
        public final String orderNo;
        public final OrderStatus status;
        public final List<String> customerOrderNos;

        Result(String orderNo, OrderStatus status, List<String> customerOrderNos) {
            this.orderNo = orderNo;
            this.status = status;
            this.customerOrderNos = customerOrderNos;
        }
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = System.getenv().getOrDefault("WCHECKOUT_BASE_URL", "http://127.0.0.1:8787");
        Result result = run(baseUrl, "cust" + System.currentTimeMillis());
        System.out.println("order " + result.orderNo + " is " + result.status);
        System.out.println("customer orders: " + result.customerOrderNos);
    }

    /** Creates, pays and reads back an order for {@code customerId}, then lists that customer's orders. */
    public static Result run(String baseUrl, String customerId)
            throws IOException, InterruptedException, WCheckoutException {
        ClientOptions options = ClientOptions.builder()
                .baseUrl(baseUrl)
                .connectTimeoutMillis(5_000)
                .timeoutMillis(15_000)
                .maxRetries(2)
                .build();
        try (WCheckoutClient client = new WCheckoutClient("demo_api_key", "demo_api_secret", "demo_sign_key", options)) {
            String orderNo = "JQS" + System.nanoTime();
            // The fields in the core's order; optional ones (merchantId, fiat, expiredIn, callback
            // URLs) are null for the defaults. JavaRequests: the records with unsigned numbers
            // (expiredIn, page numbers and sizes) have constructors javac cannot call.
            CreatedCheckoutOrder created = client.createCheckoutOrder(JavaRequests.createCheckoutOrder(
                    orderNo, new BigDecimal("12.50"), customerId, null, Token.EthUsdt.INSTANCE, null, 900L, null, null));
            System.out.println("created " + created.getOrderNo() + ": pay " + created.getPayingAmount().toPlainString()
                    + " " + created.getToken() + " to " + created.getDepositAddress());

            // Sandbox only: simulate the on-chain payment.
            HttpRequest pay = HttpRequest.newBuilder(URI.create(baseUrl + "/_sandbox/orders/" + orderNo + "/pay"))
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"amount\":\"" + created.getPayingAmount().toPlainString() + "\"}"))
                    .header("Content-Type", "application/json")
                    .build();
            HttpClient.newHttpClient().send(pay, HttpResponse.BodyHandlers.ofString());

            CheckoutOrder order = client.getCheckoutOrderInfo(orderNo);

            List<String> orderNos = new ArrayList<>();
            ListCheckoutOrdersRequest mine = JavaRequests.listCheckoutOrders(null, 1, null, customerId, null);
            for (CheckoutOrder o : client.allCheckoutOrders(mine)) { // one page per order here: pageSize 1
                orderNos.add(o.getOrderNo());
            }

            try {
                client.cancelCheckoutOrder(orderNo); // a paid order cannot be cancelled
            } catch (WCheckoutException.Api e) {
                System.out.println("cannot cancel: " + e.code() + " " + e.getRetcode() + " " + e.getRetmsg());
            }
            return new Result(order.getOrderNo(), order.getOrderStatus(), orderNos);
        }
    }
}
