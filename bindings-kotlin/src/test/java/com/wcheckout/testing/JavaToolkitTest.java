package com.wcheckout.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.wcheckout.CheckoutOrderChanged;
import com.wcheckout.CreatedCheckoutOrder;
import com.wcheckout.JavaRequests;
import com.wcheckout.OrderStatus;
import com.wcheckout.Token;
import com.wcheckout.WCheckoutClient;
import com.wcheckout.WebhookEvent;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/** The toolkit from Java: try-with-resources, the Java overloads, and the JUnit annotation. */
class JavaToolkitTest {
    @Test
    void tryWithResources() throws Exception {
        try (Sandbox sb = Sandbox.start(); WCheckoutClient client = sb.client()) {
            WebhookInbox inbox = sb.webhookInbox();
            CreatedCheckoutOrder order = client.createCheckoutOrder(
                JavaRequests.createCheckoutOrder("JV1", new BigDecimal("3.30"), "c", null, Token.EthUsdt.INSTANCE, null, null, null, null));
            sb.pay("JV1", order.getPayingAmount());
            WebhookEvent event = inbox.awaitEvent(10_000L, e -> e instanceof WebhookEvent.CheckoutOrderChanged
                && ((WebhookEvent.CheckoutOrderChanged) e).getData().getOrderStatus().equals(OrderStatus.Paid.INSTANCE));
            CheckoutOrderChanged data = ((WebhookEvent.CheckoutOrderChanged) event).getData();
            assertEquals("JV1", data.getOrderNo());
            assertEquals(0, new BigDecimal("3.30").compareTo(data.getPayingAmount()));
        }
    }

    @Test
    void injected(@WCheckoutSandbox(tokenPolicy = TokenPolicy.MULTIPLE) Sandbox sb) {
        assertTrue(sb.getBaseUrl().startsWith("http://127.0.0.1:"));
        assertEquals(0L, sb.state().getCounts().getOrders());
    }
}
