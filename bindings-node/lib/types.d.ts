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

export interface CreateCheckoutOrderRequest {
  /** Your unique order number: ASCII letters and digits, at most 64 (the idempotency key). */
  orderNo: string;
  /** USD amount. */
  orderAmount: Amount;
  customerId: string;
  merchantId?: string;
  token: Token;
  fiat?: string;
  /** Seconds until the order expires. */
  expiredIn?: number;
  pcCallbackUrl?: string;
  appCallbackUrl?: string;
}

export interface CreateCheckoutOrderOptions {
  /** The paying customer's IP address, sent as `X-Forwarded-For`. */
  forwardedFor?: string;
}

export interface CreatedCheckoutOrder {
  sysid: string;
  orderNo: string;
  payingAmount?: Amount;
  token?: Token;
  coinAddress?: string;
  exchangeRate?: Amount;
  depositAddress?: string;
  /** The hosted payment page to send the customer to. */
  paymentUrl?: string;
  expiredIn?: number;
  customerId?: string;
  merchantId?: string;
}

export interface CheckoutOrder {
  sysid: string;
  orderNo: string;
  orderAmount?: Amount;
  payingAmount?: Amount;
  customerId?: string;
  merchantId?: string;
  expiredIn?: number;
  token?: Token;
  txHash?: string;
  depositAddress?: string;
  orderStatus: OrderStatus;
  refundedAmount?: Amount;
  paymentUrl?: string;
  coinAddress?: string;
  exchangeRate?: Amount;
  createdTime?: string;
  updatedTime?: string;
}

export interface ListCheckoutOrdersRequest {
  pageNum?: number;
  pageSize?: number;
  orderStatus?: OrderStatus;
  customerId?: string;
  merchantId?: string;
}

export interface CreateRefundOrderRequest {
  refundOrderNo: string;
  /** The paid order refunded (or give `abnormalPaymentNo`). */
  orderNo?: string;
  abnormalPaymentNo?: string;
  amount: Amount;
  address?: string;
  remark?: string;
}

export interface CreateAbnormalPaymentRefundRequest {
  refundOrderNo: string;
  orderNo: string;
  txHash: string;
  token: Token;
  remark?: string;
}

export interface RefundOrder {
  sysid: string;
  refundOrderNo: string;
  orderNo?: string;
  abnormalPaymentNo?: string;
  token?: Token;
  amount?: Amount;
  refundStatus: RefundStatus;
  txHash?: string;
  address?: string;
  remark?: string;
  createdTime?: string;
  updatedTime?: string;
}

export interface ListRefundOrdersRequest {
  pageNum?: number;
  pageSize?: number;
  orderNo?: string;
  refundStatus?: RefundStatus;
}

export interface CreateSettlementOrderRequest {
  settlementOrderNo: string;
  merchantId?: string;
  token: Token;
  /** Destination on-chain address. */
  address: string;
  amount: Amount;
  orderNos?: string[];
}

export interface CreateFiatSettlementOrderRequest {
  settlementOrderNo: string;
  merchantId?: string;
  token: Token;
  amount: Amount;
  /** Fiat currency paid out, e.g. `"USD"`. */
  fiat: string;
  bankAccountId: string;
  remark?: string;
}

export interface SettlementOrder {
  sysid: string;
  settlementOrderNo: string;
  merchantId?: string;
  token?: Token;
  address?: string;
  settlementAmount?: Amount;
  settleStatus: SettleStatus;
  fiat?: string;
  bankAccountId?: string;
  txHash?: string;
  createdTime?: string;
  updatedTime?: string;
}

export interface ListSettlementOrdersRequest {
  pageNum?: number;
  pageSize?: number;
  settleStatus?: SettleStatus;
}

export interface AbnormalPayment {
  abnormalPaymentNo: string;
  orderNo?: string;
  token?: Token;
  amount?: Amount;
  hash?: string;
  pendingAmount?: Amount;
  abnormalType?: AbnormalPaymentType;
  status?: AbnormalPaymentStatus;
  createdTime?: string;
  updatedTime?: string;
}

export interface ListAbnormalPaymentsRequest {
  pageNum?: number;
  pageSize?: number;
  orderNo?: string;
  status?: AbnormalPaymentStatus;
}

export interface Page<T> {
  records: T[];
  /** Total items across all pages. */
  total: number;
  pageNum: number;
  pageSize: number;
}

// Webhook event payloads.

export interface CheckoutOrderChangedData {
  orderNo: string;
  token?: Token;
  payingAmount?: Amount;
  orderAmount?: Amount;
  orderStatus: OrderStatus;
  refundedAmount?: Amount;
  txHash?: string;
  createdTime?: string;
  updatedTime?: string;
}

export interface RefundOrderChangedData {
  refundOrderNo: string;
  orderNo?: string;
  token?: Token;
  amount?: Amount;
  refundStatus: RefundStatus;
  createdTime?: string;
  updatedTime?: string;
}

export interface SettlementOrderChangedData {
  settlementOrderNo: string;
  token?: Token;
  address?: string;
  settlementAmount?: Amount;
  settleStatus: SettleStatus;
  createdTime?: string;
  updatedTime?: string;
}

export interface AbnormalPaymentData {
  abnormalPaymentNo: string;
  orderNo?: string;
  token?: Token;
  amount?: Amount;
  hash?: string;
  pendingAmount?: Amount;
  abnormalType?: AbnormalPaymentType;
  status?: AbnormalPaymentStatus;
  createdTime?: string;
  updatedTime?: string;
}
