//! The one table of API operations: name, method and path (spec §3).
//!
//! Paths marked *inferred* follow the `/checkout/{resource}/{action}` pattern of the documented
//! ones and are guesses until W Checkout confirms them; `Client::request` reaches any other path.
//! The sandbox serves exactly this table.

/// HTTP method of an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// GET: parameters in the query, no body.
    Get,
    /// POST: a JSON body.
    Post,
}

impl Method {
    /// `"GET"` or `"POST"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
        }
    }
}

/// Every operation of the W Checkout API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operation {
    /// `POST /user/auth/oauth2/token` (query: grant_type, api_key, api_secret; unsigned).
    GetAccessToken,
    /// `POST /checkout/order/create`.
    CreateCheckoutOrder,
    /// `GET /checkout/order/cancel?orderNo=`.
    CancelCheckoutOrder,
    /// `GET /checkout/order/info?orderNo=`.
    GetCheckoutOrderInfo,
    /// `POST /checkout/order/list` (path inferred).
    GetCheckoutOrderList,
    /// `POST /checkout/refund-order/create` (path inferred).
    CreateRefundOrder,
    /// `GET /checkout/refund-order/cancel?refundOrderNo=` (path inferred).
    CancelRefundOrder,
    /// `GET /checkout/refund-order/info?refundOrderNo=` (path inferred).
    GetRefundOrderInfo,
    /// `POST /checkout/refund-order/list` (path inferred).
    GetRefundOrderList,
    /// `POST /checkout/settlement/create`.
    CreateSettlementOrder,
    /// `POST /checkout/settlement/fiat/create` (path inferred).
    CreateFiatSettlementOrder,
    /// `GET /checkout/settlement/cancel?settlementOrderNo=` (path inferred).
    CancelSettlementOrder,
    /// `GET /checkout/settlement/info?settlementOrderNo=` (path inferred).
    GetSettlementOrder,
    /// `POST /checkout/settlement/list` (path inferred).
    GetSettlementOrderList,
    /// `POST /checkout/abnormal-payment/list` (path inferred).
    GetAbnormalPaymentList,
    /// `POST /checkout/abnormal-payment/refund`.
    CreateAbnormalPaymentRefund,
}

/// (operation, snake_case name, method, path, query key of GET operations, documented path?)
type Row = (Operation, &'static str, Method, &'static str, Option<&'static str>, bool);

const TABLE: &[Row] = &[
    (Operation::GetAccessToken, "get_access_token", Method::Post, "/user/auth/oauth2/token", None, true),
    (Operation::CreateCheckoutOrder, "create_checkout_order", Method::Post, "/checkout/order/create", None, true),
    (
        Operation::CancelCheckoutOrder,
        "cancel_checkout_order",
        Method::Get,
        "/checkout/order/cancel",
        Some("orderNo"),
        true,
    ),
    (
        Operation::GetCheckoutOrderInfo,
        "get_checkout_order_info",
        Method::Get,
        "/checkout/order/info",
        Some("orderNo"),
        true,
    ),
    (Operation::GetCheckoutOrderList, "get_checkout_order_list", Method::Post, "/checkout/order/list", None, false),
    (Operation::CreateRefundOrder, "create_refund_order", Method::Post, "/checkout/refund-order/create", None, false),
    (
        Operation::CancelRefundOrder,
        "cancel_refund_order",
        Method::Get,
        "/checkout/refund-order/cancel",
        Some("refundOrderNo"),
        false,
    ),
    (
        Operation::GetRefundOrderInfo,
        "get_refund_order_info",
        Method::Get,
        "/checkout/refund-order/info",
        Some("refundOrderNo"),
        false,
    ),
    (Operation::GetRefundOrderList, "get_refund_order_list", Method::Post, "/checkout/refund-order/list", None, false),
    (
        Operation::CreateSettlementOrder,
        "create_settlement_order",
        Method::Post,
        "/checkout/settlement/create",
        None,
        true,
    ),
    (
        Operation::CreateFiatSettlementOrder,
        "create_fiat_settlement_order",
        Method::Post,
        "/checkout/settlement/fiat/create",
        None,
        false,
    ),
    (
        Operation::CancelSettlementOrder,
        "cancel_settlement_order",
        Method::Get,
        "/checkout/settlement/cancel",
        Some("settlementOrderNo"),
        false,
    ),
    (
        Operation::GetSettlementOrder,
        "get_settlement_order",
        Method::Get,
        "/checkout/settlement/info",
        Some("settlementOrderNo"),
        false,
    ),
    (
        Operation::GetSettlementOrderList,
        "get_settlement_order_list",
        Method::Post,
        "/checkout/settlement/list",
        None,
        false,
    ),
    (
        Operation::GetAbnormalPaymentList,
        "get_abnormal_payment_list",
        Method::Post,
        "/checkout/abnormal-payment/list",
        None,
        false,
    ),
    (
        Operation::CreateAbnormalPaymentRefund,
        "create_abnormal_payment_refund",
        Method::Post,
        "/checkout/abnormal-payment/refund",
        None,
        true,
    ),
];

impl Operation {
    /// Every operation, token endpoint first.
    pub const ALL: [Operation; 16] = [
        Operation::GetAccessToken,
        Operation::CreateCheckoutOrder,
        Operation::CancelCheckoutOrder,
        Operation::GetCheckoutOrderInfo,
        Operation::GetCheckoutOrderList,
        Operation::CreateRefundOrder,
        Operation::CancelRefundOrder,
        Operation::GetRefundOrderInfo,
        Operation::GetRefundOrderList,
        Operation::CreateSettlementOrder,
        Operation::CreateFiatSettlementOrder,
        Operation::CancelSettlementOrder,
        Operation::GetSettlementOrder,
        Operation::GetSettlementOrderList,
        Operation::GetAbnormalPaymentList,
        Operation::CreateAbnormalPaymentRefund,
    ];

    fn row(self) -> &'static Row {
        // Every variant has exactly one row (checked by a test); the fallback is never taken.
        TABLE.iter().find(|r| r.0 == self).unwrap_or(&TABLE[0])
    }

    /// snake_case name, as used by `wcheckout call <name>`.
    pub fn name(self) -> &'static str {
        self.row().1
    }

    /// HTTP method.
    pub fn method(self) -> Method {
        self.row().2
    }

    /// Path under the base URL.
    pub fn path(self) -> &'static str {
        self.row().3
    }

    /// For GET operations, the query parameter carrying the merchant number.
    pub fn query_key(self) -> Option<&'static str> {
        self.row().4
    }

    /// True when the path is documented by W Checkout; false when inferred.
    pub fn path_is_documented(self) -> bool {
        self.row().5
    }

    /// Looks an operation up by its snake_case name (hyphens accepted too).
    pub fn from_name(name: &str) -> Option<Operation> {
        let n = name.replace('-', "_");
        TABLE.iter().find(|r| r.1 == n).map(|r| r.0)
    }

    /// Looks an operation up by method and path (what the sandbox routes on).
    pub fn from_route(method: &str, path: &str) -> Option<Operation> {
        TABLE.iter().find(|r| r.2.as_str().eq_ignore_ascii_case(method) && r.3 == path).map(|r| r.0)
    }
}

/// `retcode`s: `200` and the two observed on the live gateway, plus the codes the local sandbox
/// uses for the cases the live table (not published) must also have. The client relies only on
/// [`SUCCESS`], [`TOKEN_INVALID`] and [`DUPLICATE`]; every other code is surfaced verbatim.
pub mod retcode {
    /// Success.
    pub const SUCCESS: &str = "200";
    /// Wrong `api_key` / `api_secret` or grant type on the token endpoint.
    pub const BAD_CREDENTIALS: &str = "00001";
    /// Access token unknown, superseded or expired: fetch a new one.
    pub const TOKEN_INVALID: &str = "00002";
    /// `SIGNATURE` does not match the request.
    pub const SIGNATURE_INVALID: &str = "00003";
    /// `TIMESTAMP` malformed or more than 2 minutes from server time.
    pub const TIMESTAMP_INVALID: &str = "00004";
    /// Body is not valid JSON (or not an object).
    pub const MALFORMED_JSON: &str = "00005";
    /// "Access denied: Missing header [NAME]" (observed live for `SIGNATURE`).
    pub const MISSING_HEADER: &str = "00006";
    /// A required field is missing or empty.
    pub const MISSING_FIELD: &str = "00007";
    /// A parameter is invalid (observed live for a non-alphanumeric `orderNo`).
    pub const INVALID_PARAMETER: &str = "00008";
    /// The merchant number (`orderNo`, `refundOrderNo`, `settlementOrderNo`) was used before.
    pub const DUPLICATE: &str = "00009";
    /// No such order, refund, settlement or abnormal payment.
    pub const NOT_FOUND: &str = "00010";
    /// The object's status does not allow this operation (e.g. cancel a paid order).
    pub const ILLEGAL_STATE: &str = "00011";
    /// The amount exceeds what is refundable or the settlement balance.
    pub const AMOUNT_EXCEEDED: &str = "00012";
    /// No operation at this method and path.
    pub const UNKNOWN_PATH: &str = "00013";
    /// Server error.
    pub const INTERNAL: &str = "500";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_complete_and_unique() {
        assert_eq!(TABLE.len(), Operation::ALL.len());
        for op in Operation::ALL {
            assert_eq!(TABLE.iter().filter(|r| r.0 == op).count(), 1, "{op:?}");
            assert_eq!(Operation::from_name(op.name()), Some(op));
            assert_eq!(Operation::from_route(op.method().as_str(), op.path()), Some(op));
            assert_eq!(op.query_key().is_some(), op.method() == Method::Get);
        }
    }
}
