// Wire models of the `wcheckout` package (camelCase, as the API writes them). Amounts are exact
// decimal strings; enumerations are string unions that also accept values added later.

/** An exact decimal amount as text, e.g. `"12.50"`. Never a JavaScript number. */
export type Amount = string;

/** A known value, or any other string the API may add later. */
export type Open<T extends string> = T | (string & {});

export type Token = Open<
  'ETH_USDT' | 'ETH_USDC' | 'ETH_WUSD' | 'TRX_USDT' | 'TRX_USDC' | 'SOL_USDT' | 'SOL_USDC'
>;
export type OrderStatus = Open<'PAYING' | 'PAID' | 'CANCELLED' | 'REFUNDING' | 'PARTIAL_REFUNDED' | 'REFUNDED' | 'TIMEOUT'>;
export type RefundStatus = Open<'PENDING_REFUND' | 'REFUNDING' | 'REFUNDED' | 'CANCELLED' | 'FAILED'>;
export type SettleStatus = Open<'PENDING_SETTLEMENT' | 'SETTLING' | 'SETTLED' | 'FAILED' | 'REJECTED' | 'CANCELLED'>;
export type AbnormalPaymentType = Open<'OVER_PAID' | 'UNDER_PAID' | 'LATE_PAYMENT'>;
export type AbnormalPaymentStatus = Open<'PENDING' | 'HANDLED'>;
export type KnownEventType =
  | 'CHECKOUT_ORDER_CHANGED'
  | 'REFUND_ORDER_CHANGED'
  | 'SETTLEMENT_ORDER_CHANGED'
  | 'ABNORMAL_PAYMENT';
export type EventType = Open<KnownEventType>;

/** Any JSON value; numbers a JavaScript number cannot hold exactly arrive as strings. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

export interface CreateCheckoutOrderOptions {
  /** The paying customer's IP address, sent as `X-Forwarded-For`. */
  forwardedFor?: string;
}

export interface Page<T> {
  records: T[];
  /** Total items across all pages. */
  total: number;
  pageNum: number;
  pageSize: number;
}

// Webhook event payloads under the names this package used before (the generated models below
// carry the core's names).
export type CheckoutOrderChangedData = CheckoutOrderChanged;
export type RefundOrderChangedData = RefundOrderChanged;
export type SettlementOrderChangedData = SettlementOrderChanged;
export type AbnormalPaymentData = AbnormalPaymentDetected;

// <generated: models> from the core model schema by scripts/gen-types.mjs; do not edit.

/** CreateCheckoutOrder request body. */
export interface CreateCheckoutOrderRequest {
  /** Merchant's unique order number, ASCII letters and digits (the idempotency key). */
  orderNo: string;
  /** Order amount in USD. */
  orderAmount: Amount;
  /** The paying end user's id in the merchant system. */
  customerId: string;
  /** The receiving merchant's id in the merchant system. */
  merchantId?: string;
  /** Token to pay with. */
  token: Token;
  /** Pricing fiat (only `USD` is documented). */
  fiat?: string;
  /** Seconds until the order times out. */
  expiredIn?: number;
  /** Return URL for desktop browsers. */
  pcCallbackUrl?: string;
  /** Return URL for the in-app / WebView flow. */
  appCallbackUrl?: string;
}

/** GetCheckoutOrderList request body (inferred paging shape, spec §3.4). */
export interface ListCheckoutOrdersRequest {
  /** Page number, from 1. */
  pageNum?: number;
  /** Page size. */
  pageSize?: number;
  /** Only orders in this status. */
  orderStatus?: OrderStatus;
  /** Only orders of this customer. */
  customerId?: string;
  /** Only orders of this merchant. */
  merchantId?: string;
}

/** CreateRefundOrder request body: refund part or all of a paid order, or an abnormal payment. */
export interface CreateRefundOrderRequest {
  /** Merchant's unique refund number (the idempotency key). */
  refundOrderNo: string;
  /** The payment order refunded (set this or `abnormal_payment_no`). */
  orderNo?: string;
  /** The abnormal payment refunded (set this or `order_no`). */
  abnormalPaymentNo?: string;
  /** Amount to refund. */
  amount: Amount;
  /** Destination address, where the API asks for one (spec A10). */
  address?: string;
  /** Free text. */
  remark?: string;
}

/** CreateAbnormalPaymentRefund request body (spec §3.15). */
export interface CreateAbnormalPaymentRefundRequest {
  /** Merchant's unique refund number. */
  refundOrderNo: string;
  /** The related payment order. */
  orderNo: string;
  /** Hash of the abnormal on-chain payment. */
  txHash: string;
  /** Token of that payment. */
  token: Token;
  /** Free text. */
  remark?: string;
}

/** GetRefundOrderList request body. */
export interface ListRefundOrdersRequest {
  /** Page number, from 1. */
  pageNum?: number;
  /** Page size. */
  pageSize?: number;
  /** Only refunds of this order. */
  orderNo?: string;
  /** Only refunds in this status. */
  refundStatus?: RefundStatus;
}

/** CreateSettlementOrder request body: stablecoin to an on-chain address. */
export interface CreateSettlementOrderRequest {
  /** Merchant's unique settlement number. */
  settlementOrderNo: string;
  /** Merchant id. */
  merchantId?: string;
  /** Token to settle. */
  token: Token;
  /** Destination on-chain address. */
  address: string;
  /** Amount to settle. */
  amount: Amount;
  /** Payment orders this settlement covers. */
  orderNos?: string[];
}

/** CreateFiatSettlementOrder request body (fields inferred, spec §3.10): convert and remit to a
bank account registered with W Checkout. */
export interface CreateFiatSettlementOrderRequest {
  /** Merchant's unique settlement number. */
  settlementOrderNo: string;
  /** Merchant id. */
  merchantId?: string;
  /** Token converted. */
  token: Token;
  /** Amount of token to convert. */
  amount: Amount;
  /** Fiat currency paid out (e.g. `USD`). */
  fiat: string;
  /** The registered bank account to pay into. */
  bankAccountId: string;
  /** Free text. */
  remark?: string;
}

/** GetSettlementOrderList request body. */
export interface ListSettlementOrdersRequest {
  /** Page number, from 1. */
  pageNum?: number;
  /** Page size. */
  pageSize?: number;
  /** Only settlements in this status. */
  settleStatus?: SettleStatus;
}

/** GetAbnormalPaymentList request body. */
export interface ListAbnormalPaymentsRequest {
  /** Page number, from 1. */
  pageNum?: number;
  /** Page size. */
  pageSize?: number;
  /** Only abnormal payments of this order. */
  orderNo?: string;
  /** Only abnormal payments in this status. */
  status?: AbnormalPaymentStatus;
}

/** CreateCheckoutOrder response: where and how much the user pays. */
export interface CreatedCheckoutOrder {
  /** W Checkout's order id (`OR…`). */
  sysid: string;
  /** Echo of the merchant order number. */
  orderNo: string;
  /** Stablecoin amount the user must pay. */
  payingAmount?: Amount;
  /** Token code. */
  token?: Token;
  /** Token contract address. */
  coinAddress?: string;
  /** Rate used for the USD → token conversion. */
  exchangeRate?: Amount;
  /** On-chain address the user pays into. */
  depositAddress?: string;
  /** Hosted payment page. */
  paymentUrl?: string;
  /** Seconds until expiry. */
  expiredIn?: number;
  /** Echo. */
  customerId?: string;
  /** Echo. */
  merchantId?: string;
}

/** A payment order as GetCheckoutOrderInfo and the list call return it. */
export interface CheckoutOrder {
  /** W Checkout's order id (`OR…`). */
  sysid: string;
  /** Merchant order number. */
  orderNo: string;
  /** USD amount. */
  orderAmount?: Amount;
  /** Stablecoin amount due. */
  payingAmount?: Amount;
  /** Customer id. */
  customerId?: string;
  /** Merchant id. */
  merchantId?: string;
  /** Seconds until expiry, from creation. */
  expiredIn?: number;
  /** Token code. */
  token?: Token;
  /** Payment transaction hash, once paid. */
  txHash?: string;
  /** Deposit address. */
  depositAddress?: string;
  /** Status. */
  orderStatus: OrderStatus;
  /** Amount refunded so far. */
  refundedAmount?: Amount;
  /** Hosted payment page, when the API includes it. */
  paymentUrl?: string;
  /** Token contract address, when the API includes it. */
  coinAddress?: string;
  /** Conversion rate, when the API includes it. */
  exchangeRate?: Amount;
  /** Creation time as the API writes it. */
  createdTime?: string;
  /** Last update time as the API writes it. */
  updatedTime?: string;
}

/** A refund order. */
export interface RefundOrder {
  /** W Checkout's refund id (`RF…`). */
  sysid: string;
  /** Merchant refund number. */
  refundOrderNo: string;
  /** Refunded payment order. */
  orderNo?: string;
  /** Refunded abnormal payment. */
  abnormalPaymentNo?: string;
  /** Token. */
  token?: Token;
  /** Refund amount. */
  amount?: Amount;
  /** Status. */
  refundStatus: RefundStatus;
  /** Refund transaction hash, once sent. */
  txHash?: string;
  /** Destination address, when the refund was created with one (spec A10). */
  address?: string;
  /** Free text. */
  remark?: string;
  /** Creation time. */
  createdTime?: string;
  /** Last update time. */
  updatedTime?: string;
}

/** A settlement order. */
export interface SettlementOrder {
  /** W Checkout's settlement id (`ST…`). */
  sysid: string;
  /** Merchant settlement number. */
  settlementOrderNo: string;
  /** Merchant id. */
  merchantId?: string;
  /** Token. */
  token?: Token;
  /** Destination address (stablecoin settlements). */
  address?: string;
  /** Amount settled. */
  settlementAmount?: Amount;
  /** Status. */
  settleStatus: SettleStatus;
  /** Fiat currency (fiat settlements). */
  fiat?: string;
  /** Bank account (fiat settlements). */
  bankAccountId?: string;
  /** Payout transaction hash, once sent. */
  txHash?: string;
  /** Creation time. */
  createdTime?: string;
  /** Last update time. */
  updatedTime?: string;
}

/** An abnormal payment record. */
export interface AbnormalPayment {
  /** W Checkout's abnormal payment number. */
  abnormalPaymentNo: string;
  /** The related payment order. */
  orderNo?: string;
  /** Token paid. */
  token?: Token;
  /** Amount actually received. */
  amount?: Amount;
  /** On-chain transaction hash of the payment. */
  hash?: string;
  /** Amount still to be handled (e.g. the overpaid difference). */
  pendingAmount?: Amount;
  /** Over-, under- or late payment. */
  abnormalType?: AbnormalPaymentType;
  /** Pending or handled. */
  status?: AbnormalPaymentStatus;
  /** Creation time. */
  createdTime?: string;
  /** Last update time. */
  updatedTime?: string;
}

/** `CHECKOUT_ORDER_CHANGED` data. */
export interface CheckoutOrderChanged {
  /** Merchant order number. */
  orderNo: string;
  /** Token. */
  token?: Token;
  /** Stablecoin amount due. */
  payingAmount?: Amount;
  /** USD amount. */
  orderAmount?: Amount;
  /** New status. */
  orderStatus: OrderStatus;
  /** Amount refunded so far. */
  refundedAmount?: Amount;
  /** Payment transaction hash. */
  txHash?: string;
  /** Creation time. */
  createdTime?: string;
  /** Update time. */
  updatedTime?: string;
}

/** `REFUND_ORDER_CHANGED` data. */
export interface RefundOrderChanged {
  /** Merchant refund number. */
  refundOrderNo: string;
  /** Refunded order, when known. */
  orderNo?: string;
  /** Token. */
  token?: Token;
  /** Refund amount. */
  amount?: Amount;
  /** New status. */
  refundStatus: RefundStatus;
  /** Creation time. */
  createdTime?: string;
  /** Update time. */
  updatedTime?: string;
}

/** `SETTLEMENT_ORDER_CHANGED` data. */
export interface SettlementOrderChanged {
  /** Merchant settlement number. */
  settlementOrderNo: string;
  /** Token. */
  token?: Token;
  /** Destination address. */
  address?: string;
  /** Amount settled. */
  settlementAmount?: Amount;
  /** New status. */
  settleStatus: SettleStatus;
  /** Creation time. */
  createdTime?: string;
  /** Update time. */
  updatedTime?: string;
}

/** `ABNORMAL_PAYMENT` data. */
export interface AbnormalPaymentDetected {
  /** Abnormal payment number. */
  abnormalPaymentNo: string;
  /** Related order. */
  orderNo?: string;
  /** Token. */
  token?: Token;
  /** Amount received. */
  amount?: Amount;
  /** Chain transaction hash. */
  hash?: string;
  /** Amount still to be handled. */
  pendingAmount?: Amount;
  /** Type, when sent. */
  abnormalType?: AbnormalPaymentType;
  /** Status, when sent. */
  status?: AbnormalPaymentStatus;
  /** Creation time. */
  createdTime?: string;
  /** Update time. */
  updatedTime?: string;
}

// </generated: models>
