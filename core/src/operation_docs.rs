//! What each operation does, in words every binding shows: the one source of the client method
//! documentation in Python (`.pyi` docstrings and `aio`), Node (JSDoc in `index.d.ts`) and
//! Kotlin (KDoc). `scripts/gen_api_docs.py` copies these texts into those files; the suites check
//! that the copies are fresh. Written language-neutrally: "the order number" rather than a
//! parameter name, which each language spells its own way.

use crate::operation::Operation;

impl Operation {
    /// The documentation of the client method for this operation (plain text; backticks mark
    /// wire values). Empty for [`Operation::GetAccessToken`], which no client method exposes.
    pub fn doc(self) -> &'static str {
        use Operation as O;
        match self {
            O::GetAccessToken => "",
            O::CreateCheckoutOrder => {
                "Creates a payment order and returns where and what the customer pays: the payment URL, the \
                 receiving address and the exact amount in the chosen token. The order number is the idempotency \
                 key: repeating the identical request (for example after an error whose outcome is unknown) returns \
                 the order created first, and a different request under a number already used fails with an \
                 idempotency conflict carrying the stored order. The optional forwarded-for value is the paying \
                 customer's IP address, sent as `X-Forwarded-For`."
            }
            O::CancelCheckoutOrder => {
                "Cancels an unpaid order and returns it. Idempotent: an order already `CANCELLED` (an earlier \
                 attempt landed) is returned as it is. A paid order cannot be cancelled: refund it instead."
            }
            O::GetCheckoutOrderInfo => {
                "Returns one order by its merchant order number: status, amounts, token, payment and refund details. \
                 An unknown number fails with an API error, retcode `00010`."
            }
            O::GetCheckoutOrderList => {
                "Returns one page of orders matching the filter (status, customer, merchant), with the total \
                 count. Page numbers start at 1; use the iterating variant to walk every page."
            }
            O::CreateRefundOrder => {
                "Refunds part or all of a paid order (or an abnormal payment) and returns the refund order; a \
                 destination address is given where the API asks for one. The refund order number is the idempotency key: \
                 repeating the identical request returns the refund created first; a different request under that \
                 number fails with an idempotency conflict."
            }
            O::CancelRefundOrder => {
                "Cancels a refund that has not been sent yet and returns it. Idempotent: a refund already \
                 `CANCELLED` is returned as it is."
            }
            O::GetRefundOrderInfo => {
                "Returns one refund order by its refund order number. An unknown number fails with an API error, \
                 retcode `00010`."
            }
            O::GetRefundOrderList => {
                "Returns one page of refund orders matching the filter (order number, status), with the total count."
            }
            O::CreateSettlementOrder => {
                "Pays out part of the merchant balance in a stablecoin to an on-chain address and returns the \
                 settlement order. The settlement order number is the idempotency key: repeating the identical \
                 request returns the settlement created first; a different request under that number fails with an \
                 idempotency conflict."
            }
            O::CreateFiatSettlementOrder => {
                "Converts part of the merchant balance to fiat and remits it to a registered bank account; returns \
                 the settlement order. Idempotent by settlement order number, as for a stablecoin settlement."
            }
            O::CancelSettlementOrder => {
                "Cancels a settlement that has not been processed yet and returns it. Idempotent: a settlement \
                 already `CANCELLED` is returned as it is."
            }
            O::GetSettlementOrder => {
                "Returns one settlement order by its settlement order number. An unknown number fails with an API \
                 error, retcode `00010`."
            }
            O::GetSettlementOrderList => {
                "Returns one page of settlement orders matching the filter (status), with the total count."
            }
            O::GetAbnormalPaymentList => {
                "Returns one page of abnormal payments (over-, under- and late payments) matching the filter (order \
                 number, status), with the total count. Refund one with the abnormal-payment refund call."
            }
            O::CreateAbnormalPaymentRefund => {
                "Refunds an abnormal payment (an over-, under- or late payment), identified by its order and \
                 transaction hash, and returns the refund order. Idempotent by refund order number."
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_client_operation_is_documented() {
        for op in Operation::ALL {
            assert_eq!(op.doc().is_empty(), op == Operation::GetAccessToken, "{op:?}");
        }
    }
}
