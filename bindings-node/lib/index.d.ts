// Public types of the `wcheckout` package. Amounts are exact decimal strings, never numbers;
// enumerations are string unions that also accept values a later API version may add.

import type {
  Amount,
  Open,
  Token,
  OrderStatus,
  RefundStatus,
  SettleStatus,
  AbnormalPaymentType,
  AbnormalPaymentStatus,
  KnownEventType,
  EventType,
  JsonValue,
  JsonObject,
  CreateCheckoutOrderRequest,
  CreateCheckoutOrderOptions,
  CreatedCheckoutOrder,
  CheckoutOrder,
  ListCheckoutOrdersRequest,
  CreateRefundOrderRequest,
  CreateAbnormalPaymentRefundRequest,
  RefundOrder,
  ListRefundOrdersRequest,
  CreateSettlementOrderRequest,
  CreateFiatSettlementOrderRequest,
  SettlementOrder,
  ListSettlementOrdersRequest,
  AbnormalPayment,
  ListAbnormalPaymentsRequest,
  Page,
  CheckoutOrderChangedData,
  RefundOrderChangedData,
  SettlementOrderChangedData,
  AbnormalPaymentData,
} from './types';

export * from './types';

// ---------------------------------------------------------------------------------------------
// Client

/** Settings of `new Client(options)`. Only the three credentials are required. */
export interface ClientOptions {
  /** The api key W Checkout issued (an identifier). */
  apiKey: string;
  /** The api secret (a secret: never shown in errors, logs or `inspect`). */
  apiSecret: string;
  /** The key requests are signed with and responses/webhooks verified with (a secret). */
  signKey: string;
  /** `"production"` or `"sandbox"` (the default, W Checkout's hosted sandbox). Or give `baseUrl`. */
  environment?: 'production' | 'sandbox';
  /** Any other base URL, e.g. the local `wcheckout sandbox` at `http://127.0.0.1:PORT`. */
  baseUrl?: string;
  /** Overall timeout of one attempt in milliseconds (default 30000). */
  timeoutMs?: number;
  /** Connect timeout in milliseconds (default 10000). */
  connectTimeoutMs?: number;
  /** Retries after the first attempt on timeouts, dropped connections, HTTP 429 and 5xx (default 2, at most 10). */
  maxRetries?: number;
  /** Response signature policy (default `"if_present"`: checked when present, a mismatch is an error). */
  responseSignature?: 'off' | 'if_present' | 'required';
  /** How far a signed response's TIMESTAMP may be from local time, in ms (default 120000; at most 1 hour). */
  responseToleranceMs?: number;
  /**
   * Where the access token is kept: `'memory'` (default, this process only), `'file:///dir'`
   * (every process on this host) or `'redis://host:port/db'` / `'rediss://…'` (every process
   * anywhere). The gateway allows one live token per merchant: give every worker the same store.
   */
  tokenStore?: string;
  /** When the store cannot be used, fetch a token for this process alone instead of rejecting with `TokenStoreError` (default false). */
  tokenStoreFallback?: boolean;
  /**
   * A PEM file of CA certificates trusted in addition to the system's trust store (a TLS-inspecting
   * proxy's CA, a private CA). `NODE_EXTRA_CA_CERTS` is honoured the same way; on Linux the system
   * store also follows `SSL_CERT_FILE` / `SSL_CERT_DIR`.
   */
  caBundle?: string;
  /**
   * The proxy: `http://[user:password@]host:port`, `https://…`, `socks5://…`, or `"direct"` to ignore
   * the environment. Default: `HTTPS_PROXY` (https URLs) / `HTTP_PROXY` (http URLs), then `ALL_PROXY`,
   * with `NO_PROXY`. Credentials never appear in errors or logs.
   */
  proxy?: string;
  /** Hosts reached without the proxy, comma-separated as in `NO_PROXY` (replaces that variable). */
  noProxy?: string;
  /**
   * Called on the event loop with every HTTP attempt once its call settles (also when the caller
   * aborted). Never holds a secret or token; queries and bodies only with `logBodies`.
   */
  onRequest?: (log: RequestLog) => void;
  /** Add the query and the request and response bodies to `onRequest` logs (default false). */
  logBodies?: boolean;
}

/** One HTTP attempt, as passed to `onRequest`. */
export interface RequestLog {
  /** HTTP method. */
  readonly method: string;
  /** Path under the base URL. */
  readonly path: string;
  /** 1 for the first attempt of a call, 2 for its first retry, … */
  readonly attempt: number;
  /** HTTP status, when a response arrived. */
  readonly status: number | null;
  /** The envelope's `retcode` when one was read (`"200"` on success). */
  readonly retcode: string | null;
  /** The error code of a failed attempt. */
  readonly errorCode: ErrorCode | null;
  /** Time the attempt took, in ms. */
  readonly elapsedMs: number;
  /** When the call tries again after this attempt: the wait first, in ms. */
  readonly retryInMs: number | null;
  /** The access-token call (its response is never logged). */
  readonly tokenRequest: boolean;
  /** With `logBodies`: the query as signed (the token call's secret shows as `<redacted>`). */
  readonly query?: string;
  /** With `logBodies`: the request body sent. */
  readonly body?: string;
  /** With `logBodies`: the response body (up to 64 KiB; never the token call's). */
  readonly responseBody?: string | null;
}

/**
 * Options every client method takes as its last argument, for that call only.
 */
export interface CallOptions {
  /**
   * Aborting rejects the call at once with `AbortError` and starts no further attempt. A request
   * already sent may still be processed: the error's `outcomeUnknown` is true.
   */
  signal?: AbortSignal;
  /** Overall timeout of one attempt in ms (overrides the client's `timeoutMs`). */
  timeoutMs?: number;
  /** Retries after the first attempt, 0 to 10 (overrides the client's `maxRetries`). */
  maxRetries?: number;
}

/** Every item of a list call; each page is fetched off the event loop when needed. */
export declare class PageIterator<T> implements AsyncIterable<T> {
  private constructor();
  /** `for await (const item of iterator)`: every item, pages fetched as needed. */
  [Symbol.asyncIterator](): AsyncIterator<T>;
  /** The pages themselves, one request each. */
  pages(): AsyncGenerator<Page<T>, void, undefined>;
  /** Collects up to `limit` items (default: all). */
  toArray(limit?: number): Promise<T[]>;
}

/** Options of `client.request(method, path, options)`. */
export interface RequestOptions extends CallOptions {
  /** Query parameters in the order given; signed decoded, sent percent-encoded. */
  query?: Record<string, string | number | boolean> | Array<[string, string]>;
  /** JSON text (sent canonical: whitespace outside strings removed) or an object to serialise. */
  body?: string | JsonObject;
}

/** The W Checkout client. Every method returns a Promise and runs its I/O off the event loop. */
export declare class Client {
  constructor(options: ClientOptions);
  /** The base URL requests go to. */
  readonly baseUrl: string;
  /** The User-Agent sent. */
  readonly userAgent: string;
  /** Where the access token is kept: `memory`, `file://…` or `redis://…` (never with a password). */
  readonly tokenStore: string;
  /** Forgets the cached access token; the next call fetches a new one. */
  clearToken(): void;

  /**
   * Creates a payment order and returns where and what the customer pays: the payment URL, the
   * receiving address and the exact amount in the chosen token. The order number is the idempotency
   * key: repeating the identical request (for example after an error whose outcome is unknown)
   * returns the order created first, and a different request under a number already used fails with
   * an idempotency conflict carrying the stored order. The optional forwarded-for value is the
   * paying customer's IP address, sent as `X-Forwarded-For`.
   *
   * `POST /checkout/order/create`
   */
  createCheckoutOrder(request: CreateCheckoutOrderRequest, options?: CreateCheckoutOrderOptions & CallOptions): Promise<CreatedCheckoutOrder>;
  /**
   * Cancels an unpaid order and returns it. Idempotent: an order already `CANCELLED` (an earlier
   * attempt landed) is returned as it is. A paid order cannot be cancelled: refund it instead.
   *
   * `GET /checkout/order/cancel`
   */
  cancelCheckoutOrder(orderNo: string, options?: CallOptions): Promise<CheckoutOrder>;
  /**
   * Returns one order by its merchant order number: status, amounts, token, payment and refund
   * details. An unknown number fails with an API error, retcode `00010`.
   *
   * `GET /checkout/order/info`
   */
  getCheckoutOrderInfo(orderNo: string, options?: CallOptions): Promise<CheckoutOrder>;
  /**
   * Returns one page of orders matching the filter (status, customer, merchant), with the total
   * count. Page numbers start at 1; use the iterating variant to walk every page.
   *
   * `POST /checkout/order/list`
   */
  listCheckoutOrders(filter?: ListCheckoutOrdersRequest, options?: CallOptions): Promise<Page<CheckoutOrder>>;
  /**
   * Every order matching the filter, across all pages: each page is fetched (one call) when the
   * iteration reaches it. A failing page fetch raises its error once, then the iteration stops.
   *
   * `POST /checkout/order/list`
   */
  iterCheckoutOrders(filter?: ListCheckoutOrdersRequest, options?: CallOptions): PageIterator<CheckoutOrder>;

  /**
   * Refunds part or all of a paid order (or an abnormal payment) and returns the refund order; a
   * destination address is given where the API asks for one. The refund order number is the
   * idempotency key: repeating the identical request returns the refund created first; a different
   * request under that number fails with an idempotency conflict.
   *
   * `POST /checkout/refund-order/create`
   */
  createRefundOrder(request: CreateRefundOrderRequest, options?: CallOptions): Promise<RefundOrder>;
  /**
   * Cancels a refund that has not been sent yet and returns it. Idempotent: a refund already
   * `CANCELLED` is returned as it is.
   *
   * `GET /checkout/refund-order/cancel`
   */
  cancelRefundOrder(refundOrderNo: string, options?: CallOptions): Promise<RefundOrder>;
  /**
   * Returns one refund order by its refund order number. An unknown number fails with an API error,
   * retcode `00010`.
   *
   * `GET /checkout/refund-order/info`
   */
  getRefundOrderInfo(refundOrderNo: string, options?: CallOptions): Promise<RefundOrder>;
  /**
   * Returns one page of refund orders matching the filter (order number, status), with the total
   * count.
   *
   * `POST /checkout/refund-order/list`
   */
  listRefundOrders(filter?: ListRefundOrdersRequest, options?: CallOptions): Promise<Page<RefundOrder>>;
  /**
   * Every refund order matching the filter, across all pages: each page is fetched (one call) when
   * the iteration reaches it. A failing page fetch raises its error once, then the iteration stops.
   *
   * `POST /checkout/refund-order/list`
   */
  iterRefundOrders(filter?: ListRefundOrdersRequest, options?: CallOptions): PageIterator<RefundOrder>;

  /**
   * Pays out part of the merchant balance in a stablecoin to an on-chain address and returns the
   * settlement order. The settlement order number is the idempotency key: repeating the identical
   * request returns the settlement created first; a different request under that number fails with
   * an idempotency conflict.
   *
   * `POST /checkout/settlement/create`
   */
  createSettlementOrder(request: CreateSettlementOrderRequest, options?: CallOptions): Promise<SettlementOrder>;
  /**
   * Converts part of the merchant balance to fiat and remits it to a registered bank account;
   * returns the settlement order. Idempotent by settlement order number, as for a stablecoin
   * settlement.
   *
   * `POST /checkout/settlement/fiat/create`
   */
  createFiatSettlementOrder(request: CreateFiatSettlementOrderRequest, options?: CallOptions): Promise<SettlementOrder>;
  /**
   * Cancels a settlement that has not been processed yet and returns it. Idempotent: a settlement
   * already `CANCELLED` is returned as it is.
   *
   * `GET /checkout/settlement/cancel`
   */
  cancelSettlementOrder(settlementOrderNo: string, options?: CallOptions): Promise<SettlementOrder>;
  /**
   * Returns one settlement order by its settlement order number. An unknown number fails with an
   * API error, retcode `00010`.
   *
   * `GET /checkout/settlement/info`
   */
  getSettlementOrder(settlementOrderNo: string, options?: CallOptions): Promise<SettlementOrder>;
  /**
   * Returns one page of settlement orders matching the filter (status), with the total count.
   *
   * `POST /checkout/settlement/list`
   */
  listSettlementOrders(filter?: ListSettlementOrdersRequest, options?: CallOptions): Promise<Page<SettlementOrder>>;
  /**
   * Every settlement order matching the filter, across all pages: each page is fetched (one call)
   * when the iteration reaches it. A failing page fetch raises its error once, then the iteration
   * stops.
   *
   * `POST /checkout/settlement/list`
   */
  iterSettlementOrders(filter?: ListSettlementOrdersRequest, options?: CallOptions): PageIterator<SettlementOrder>;

  /**
   * Returns one page of abnormal payments (over-, under- and late payments) matching the filter
   * (order number, status), with the total count. Refund one with the abnormal-payment refund call.
   *
   * `POST /checkout/abnormal-payment/list`
   */
  listAbnormalPayments(filter?: ListAbnormalPaymentsRequest, options?: CallOptions): Promise<Page<AbnormalPayment>>;
  /**
   * Every abnormal payment matching the filter, across all pages: each page is fetched (one call)
   * when the iteration reaches it. A failing page fetch raises its error once, then the iteration
   * stops.
   *
   * `POST /checkout/abnormal-payment/list`
   */
  iterAbnormalPayments(filter?: ListAbnormalPaymentsRequest, options?: CallOptions): PageIterator<AbnormalPayment>;
  /**
   * Refunds an abnormal payment (an over-, under- or late payment), identified by its order and
   * transaction hash, and returns the refund order. Idempotent by refund order number.
   *
   * `POST /checkout/abnormal-payment/refund`
   */
  createAbnormalPaymentRefund(request: CreateAbnormalPaymentRefundRequest, options?: CallOptions): Promise<RefundOrder>;

  /** Signs and sends any call; resolves with the envelope's `retdata` (`null` when absent). */
  request(method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', path: string, options?: RequestOptions): Promise<JsonValue>;
  /** What `JSON.stringify(client)` shows: never a secret. */
  toJSON(): { baseUrl: string; userAgent: string };
}

// ---------------------------------------------------------------------------------------------
// Signing

/** One request to sign: the parts of the string to sign. */
export interface SignInput {
  /** HTTP method; upper-cased when signed. */
  method: string;
  /** Milliseconds since the epoch: the TIMESTAMP header sent. */
  timestamp: string | number;
  /** Path starting with `/`, without query. */
  path: string;
  /** Query text without a leading `?`, not percent-encoded. */
  query?: string;
  /** The exact body bytes sent. */
  body?: string | Uint8Array;
  /** Whether a `?` sits between path and query in the signed text (default `"none"`). */
  queryPrefix?: 'none' | 'questionMark';
}

/** The SIGNATURE header for one request: Base64(HMAC-SHA512(signKey, METHOD+TIMESTAMP+PATH+QUERY+BODY)). */
export declare function signRequest(signKey: string, input: SignInput): string;
/** The exact text signed for a request. */
export declare function stringToSign(input: SignInput): string;

/** Signs many requests with one signKey. */
export declare class Signer {
  constructor(signKey: string, options?: { queryPrefix?: 'none' | 'questionMark' });
  /** The SIGNATURE header value for `input`. */
  sign(input: Omit<SignInput, 'queryPrefix'>): string;
  /** Constant-time check; throws SignatureMismatchError when the signature does not match. */
  verify(input: Omit<SignInput, 'queryPrefix'>, signature: string): void;
}

// ---------------------------------------------------------------------------------------------
// Webhooks

/** What every webhook event has. */
interface EventBase {
  /** `evt_…`; deliveries may repeat: process each id once. */
  eventId: string;
  /** The body's own timestamp, in seconds. */
  timestamp: number;
  /** The whole verified body, numbers exact (those a double cannot hold as strings). */
  readonly raw: JsonObject;
  /**
   * The key to process this event once by: the object and its new status (`order:<orderNo>:PAID`),
   * shared by a webhook, its retries and the Reconciler's report of the same change
   * (`event:<eventId>` for an unknown type). Pass it to `EventDeduplicator#claim`.
   */
  dedupeKey: string;
  /** True for an event the Reconciler made from a poll (`eventId` starts with `rcn:`). */
  reconciled: boolean;
}

/** CHECKOUT_ORDER_CHANGED: a payment order changed status. */
export interface CheckoutOrderChangedEvent extends EventBase {
  /** A type this SDK knows: `data` is typed. */
  known: true;
  /** The event type. */
  eventType: 'CHECKOUT_ORDER_CHANGED';
  /** The order as it is now. */
  data: CheckoutOrderChangedData;
}
/** REFUND_ORDER_CHANGED: a refund order changed status. */
export interface RefundOrderChangedEvent extends EventBase {
  /** A type this SDK knows: `data` is typed. */
  known: true;
  /** The event type. */
  eventType: 'REFUND_ORDER_CHANGED';
  /** The refund order as it is now. */
  data: RefundOrderChangedData;
}
/** SETTLEMENT_ORDER_CHANGED: a settlement order changed status. */
export interface SettlementOrderChangedEvent extends EventBase {
  /** A type this SDK knows: `data` is typed. */
  known: true;
  /** The event type. */
  eventType: 'SETTLEMENT_ORDER_CHANGED';
  /** The settlement order as it is now. */
  data: SettlementOrderChangedData;
}
/** ABNORMAL_PAYMENT: an over-, under- or late payment arrived. */
export interface AbnormalPaymentEvent extends EventBase {
  /** A type this SDK knows: `data` is typed. */
  known: true;
  /** The event type. */
  eventType: 'ABNORMAL_PAYMENT';
  /** The abnormal payment. */
  data: AbnormalPaymentData;
}
/** An event type this version does not know: kept, with its data as JSON. */
export interface UnknownWebhookEvent extends EventBase {
  /** A type this SDK does not know. */
  known: false;
  /** The event type, as sent. */
  eventType: string;
  /** The event's data as JSON (numbers a double cannot hold exactly as strings). */
  data: JsonValue;
}

/** An event of a type this SDK knows. */
export type KnownWebhookEvent =
  | CheckoutOrderChangedEvent
  | RefundOrderChangedEvent
  | SettlementOrderChangedEvent
  | AbnormalPaymentEvent;

/** Check `event.known`, then switch on `event.eventType` to get typed `data`. */
export type WebhookEvent = KnownWebhookEvent | UnknownWebhookEvent;

/** Header shapes accepted: Node's `req.headers` or `req.rawHeaders`, a fetch `Headers`, a Map, or pairs. */
export type WebhookHeaders =
  | Record<string, string | string[] | undefined>
  | Iterable<[string, string]>
  | string[]
  | Array<[string, string]>;

/** Verifies webhook deliveries signed with one signKey, then parses them. */
export declare class WebhookVerifier {
  /** `toleranceSec`: allowed difference between TIMESTAMP and now, both ways (default 120). */
  constructor(signKey: string, options?: { toleranceSec?: number });
  /**
   * Verifies a delivery from its headers and the raw body exactly as received (a Buffer or string,
   * never re-serialised JSON), then parses it. Throws a WebhookVerificationError subclass.
   * `nowMs` replaces the clock (for replaying stored deliveries and tests).
   */
  verify(headers: WebhookHeaders, rawBody: Uint8Array | string, options?: { nowMs?: number }): WebhookEvent;
  /** The body to answer a verified webhook with (HTTP 200, `application/json`). */
  static readonly ACKNOWLEDGEMENT: string;
}

// ---------------------------------------------------------------------------------------------
// Many processes, one merchant

/**
 * Claims event keys so each event is processed by exactly one worker across every process on the
 * store: `claim(key)` resolves `true` for exactly one caller until `release(key)` or the TTL.
 */
export declare class EventDeduplicator {
  /** `url`: `'memory'` (default), `'file:///dir'` or `'redis://host:port/db'`. `ttlMs` default 7 days; `timeoutMs` (store) default 5000. */
  constructor(url?: string, options?: { ttlMs?: number; namespace?: string; timeoutMs?: number });
  /** Resolves `true` for exactly one caller per key until it is released or expires; `false`: another worker has (or had) it. */
  claim(key: string): Promise<boolean>;
  /** Gives the key up (call it when processing failed, so the retry is processed). */
  release(key: string): Promise<void>;
  /** The store URL, without its password. */
  readonly url: string;
  /** How long a claim holds, in ms. */
  readonly ttlMs: number;
}

/** What a `Reconciler` can wait on. */
export type WatchKind = 'order' | 'refund' | 'settlement';

/** One object a `Reconciler` waits on. */
export interface Watched {
  /** What it is. */
  kind: WatchKind;
  /** Its merchant number. */
  number: string;
  /** When it was registered (epoch ms); the age limit counts from here. */
  addedAtMs: number;
  /** The last status acknowledged (the initial one when registered). */
  lastStatus: string;
}

/** What one poll found. */
export interface ReconcilePoll {
  /** One event per status change seen (`reconciled: true`), typed like webhook events. */
  events: KnownWebhookEvent[];
  /** Lookups that failed (the entries stay watched). */
  failures: Array<{ watched: Watched; error: WCheckoutError }>;
  /** Entries dropped for age, not polled. */
  expired: Watched[];
  /** Objects looked up. */
  polled: number;
  /** Objects not looked up because a retryable failure (rate limit, outage) stopped the poll. */
  deferred: number;
  /** True when another worker was polling this watch list, so this poll did nothing. */
  skipped: boolean;
}

/** The safety net for lost webhooks: polls the objects you wait on, reports changes as events. */
export declare class Reconciler {
  /** `store`: where the watch list lives (default `'memory'`); `maxAgeMs` default 2 h; `concurrency` 1–32, default 4. */
  constructor(client: Client, options?: { store?: string; maxAgeMs?: number; concurrency?: number });
  /** Waits on a payment order (until it is no longer `PAYING`). */
  watchOrder(orderNo: string): Promise<void>;
  /** Waits on a refund order (until it is final). */
  watchRefund(refundOrderNo: string): Promise<void>;
  /** Waits on a settlement order (until it is final). */
  watchSettlement(settlementOrderNo: string): Promise<void>;
  /** Stops waiting on an object; resolves whether it was watched. */
  unwatch(kind: WatchKind, number: string): Promise<boolean>;
  /** Every object waited on. */
  watched(): Promise<Watched[]>;
  /** One poll; acknowledges nothing. */
  poll(): Promise<ReconcilePoll>;
  /** Records that an event (from `poll` or a webhook) was handled. */
  ack(event: WebhookEvent): Promise<void>;
  /** Polls, awaits `handler` per event, acknowledges those whose handler resolved; rethrows the first handler error. */
  runOnce(handler?: (event: KnownWebhookEvent) => void | Promise<void>): Promise<ReconcilePoll>;
  /** Runs `runOnce(handler)` every `intervalMs` until `stop()`. */
  runForever(
    intervalMs: number,
    handler: (event: KnownWebhookEvent) => void | Promise<void>,
    options?: { onError?: (error: Error) => void },
  ): { stop(): Promise<void> };
}

/** Signs a webhook body as W Checkout does, for your tests: the headers to send with it. */
export declare function signWebhookForTest(
  signKey: string,
  rawBody: Uint8Array | string,
  options?: { timestampMs?: number },
): { SIGNATURE: string; TIMESTAMP: string };

/** The body to answer a verified webhook with (HTTP 200, `application/json`). */
export declare const ACKNOWLEDGEMENT: string;

// ---------------------------------------------------------------------------------------------
// Helpers

/** Canonical text of a decimal amount (`"1.5e2"` → `"150"`); throws InvalidAmountError. */
export declare function normalizeAmount(amount: string): Amount;
/** Canonical text of an amount written as JSON text (a number literal with exact digits, or a string). */
export declare function amountFromJson(jsonText: string): Amount;
/** Reads a raw response envelope: its `retdata`, or throws ApiError / DecodeError. */
export declare function parseEnvelope(rawBody: Uint8Array | string, httpStatus?: number): JsonValue;
/** Parses JSON keeping numbers exact (those a double cannot hold become strings). */
export declare function parseJsonExact(text: Uint8Array | string): JsonValue;

/** The values this version knows for each enumeration; the API may send others (kept as strings). */
export declare const KNOWN_VALUES: {
  readonly token: readonly string[];
  readonly orderStatus: readonly string[];
  readonly refundStatus: readonly string[];
  readonly settleStatus: readonly string[];
  readonly abnormalPaymentType: readonly string[];
  readonly abnormalPaymentStatus: readonly string[];
  readonly eventType: readonly string[];
};

/** The stable `code` of every error (`'aborted'` is the JavaScript-only AbortError). */
export type ErrorCode =
  | 'invalid_argument'
  | 'invalid_amount'
  | 'signature_mismatch'
  | 'webhook_missing_header'
  | 'webhook_malformed_timestamp'
  | 'webhook_outside_tolerance'
  | 'webhook_signature_mismatch'
  | 'webhook_malformed_json'
  | 'api_error'
  | 'auth_error'
  | 'transport_error'
  | 'timeout'
  | 'decode_error'
  | 'response_signature'
  | 'idempotency_conflict'
  | 'token_store'
  | 'internal'
  | 'aborted';

/** Every stable error `code` the core reports. */
export declare const ERROR_CODES: readonly ErrorCode[];
/** The core version, as sent in the User-Agent. */
export declare const VERSION: string;

// ---------------------------------------------------------------------------------------------
// Errors

/** Base class of everything this package throws or rejects with. Messages never contain secrets. */
export declare class WCheckoutError extends Error {
  /** The stable machine-readable code of this kind of error. */
  readonly code: ErrorCode;
  /** API errors: the envelope's retcode, verbatim (e.g. `"00010"`). */
  readonly retcode?: string;
  /** API errors: the envelope's retmsg. */
  readonly retmsg?: string;
  /** API errors: the HTTP status. */
  readonly httpStatus?: number;
  /** True when retrying the same request could succeed (timeouts, transport failures, HTTP 429/5xx). */
  readonly retryable: boolean;
  /**
   * True when an attempt may have reached the server and been processed, so the result is unknown.
   * Then repeat the identical call: a create answered "duplicate" resolves with the object if it is
   * this request's (otherwise `IdempotencyConflictError`), and a repeated cancel resolves.
   */
  readonly outcomeUnknown: boolean;
}
/** A value passed in is unusable: wrong type, missing field, malformed text (nothing was sent). */
export declare class InvalidArgumentError extends WCheckoutError {}
/** An amount is not an exact, finite, non-negative decimal string. */
export declare class InvalidAmountError extends InvalidArgumentError {}
/** A request signature did not match (`Signer#verify`). */
export declare class SignatureMismatchError extends WCheckoutError {}
/** Any webhook verification failure: answer the delivery with HTTP 400. */
export declare class WebhookVerificationError extends WCheckoutError {}
/** The webhook lacks its SIGNATURE or TIMESTAMP header. */
export declare class WebhookMissingHeaderError extends WebhookVerificationError {}
/** The webhook TIMESTAMP is not a millisecond epoch timestamp. */
export declare class WebhookTimestampError extends WebhookVerificationError {}
/** The webhook TIMESTAMP is outside the allowed window (replayed or delayed). */
export declare class WebhookToleranceError extends WebhookVerificationError {}
/** The webhook signature does not match the raw body. */
export declare class WebhookSignatureError extends WebhookVerificationError {}
/** The verified webhook body is not valid event JSON. */
export declare class WebhookPayloadError extends WebhookVerificationError {}
/** The API answered with a business error (`retcode` other than 200) or a non-200 HTTP status. */
export declare class ApiError extends WCheckoutError {
  /** The envelope's retcode, verbatim (e.g. `"00010"`: not found). */
  readonly retcode: string;
  /** The envelope's retmsg. */
  readonly retmsg: string;
  /** The HTTP status. */
  readonly httpStatus: number;
}
/** The access token could not be obtained (wrong apiKey/apiSecret) or was refused. */
export declare class AuthenticationError extends WCheckoutError {}
/** The connection failed: refused, reset, dropped, TLS (a certificate problem says so), proxy. */
export declare class TransportError extends WCheckoutError {}
/** The connect or overall timeout elapsed. */
export declare class TimeoutError extends TransportError {}
/** A response could not be decoded (not a W Checkout envelope). */
export declare class DecodeError extends WCheckoutError {}
/** A response signature did not match, or was missing under `'required'`. */
export declare class ResponseSignatureError extends WCheckoutError {}
/**
 * A create was answered "duplicate" and the object stored under that number differs from the
 * request in a field the request set: someone else's object, never a success.
 */
export declare class IdempotencyConflictError extends WCheckoutError {
  /** The object stored under that number. */
  readonly existing: CheckoutOrder | RefundOrder | SettlementOrder;
  /** The differing fields, as wire names (e.g. `['address']`). */
  readonly differences: string[];
}
/**
 * A shared store (`tokenStore`, `EventDeduplicator`, a reconciler's watch list) could not be used.
 * The call was not sent (`retryable` is true). The message names the store, never its password.
 */
export declare class TokenStoreError extends WCheckoutError {}
/** A bug in wcheckout (a caught panic). Please report it. */
export declare class InternalError extends WCheckoutError {}
/**
 * The call's `AbortSignal` fired (`name` `"AbortError"`, `code` `"aborted"`, `cause` the signal's
 * reason). The Promise rejects at once and no further attempt starts, but a request already sent
 * may still reach the server and be processed: `outcomeUnknown` is always true. Repeat the
 * identical call (creates are idempotent by merchant number) or look the object up.
 */
export declare class AbortError extends WCheckoutError {
  /** Always `'aborted'`. */
  readonly code: 'aborted';
  /** Always true: a request already sent may still be processed. */
  readonly outcomeUnknown: true;
}
