// Types of `wcheckout/testing`: the W Checkout sandbox inside the package, for your own tests.

import type { Client, ClientOptions, WebhookEvent, WCheckoutError } from './index.js';
import type {
  AbnormalPayment,
  Amount,
  CheckoutOrder,
  EventType,
  JsonObject,
  JsonValue,
  RefundOrder,
  SettlementOrder,
} from './types.js';

declare global {
  // Node 20 defines Symbol.asyncDispose; declared here too so that targets whose TypeScript lib
  // lacks it (before esnext.disposable) still type-check. Same declaration as @types/node.
  interface SymbolConstructor {
    readonly asyncDispose: unique symbol;
  }
}

export declare const DEMO_API_KEY: 'demo_api_key';
export declare const DEMO_API_SECRET: 'demo_api_secret';
export declare const DEMO_SIGN_KEY: 'demo_sign_key';

export interface SandboxOptions {
  /** The credentials it accepts (default: the demo values). */
  apiKey?: string;
  apiSecret?: string;
  signKey?: string;
  /** Where webhooks go (or use `webhookInbox()` / `setWebhookUrl()`). */
  webhookUrl?: string;
  /** `'supersede'` (default: a new access token invalidates the previous one) or `'multiple'`. */
  tokenPolicy?: 'supersede' | 'multiple';
  /** Multiplies webhook retry delays (default 0.001: the 15 s first retry takes 15 ms). */
  timeScale?: number;
  /** How responses are signed (default `'full'`). */
  responseSignature?: 'full' | 'short' | 'none';
  /** USD → token rate for `payingAmount`, a decimal string (default `'1'`). */
  exchangeRate?: Amount;
  /** Access-token lifetime in seconds (default 21600). */
  tokenTtlSec?: number;
  /** Port on 127.0.0.1 (default 0: a free one). */
  port?: number;
}

export interface Payment {
  /** The order afterwards (`PAID`; still `PAYING` after an under-payment; …). */
  order: CheckoutOrder;
  /** The transaction hash used (generated when none was given). */
  txHash: string;
  /** The abnormal payment it caused (over-, under- or late payment), or null. */
  abnormalPayment: AbnormalPayment | null;
}

export interface Clock {
  /** How far the business clock is ahead of real time, in seconds. */
  offsetSeconds: number;
  /** The business time as the API writes it (UTC). */
  now: string;
}

export type FaultKind =
  | 'http_500'
  | 'http_503'
  | 'http_429'
  | 'delay'
  | 'drop'
  | 'drop_after_processing'
  | 'bad_signature'
  | 'lose_webhook';

export interface Fault {
  kind: FaultKind;
  /** Only requests to this path (default: any business call). */
  path?: string;
  /** Only requests with this method. */
  method?: string;
  /** How many matching requests (or events, for `lose_webhook`) it applies to (default 1). */
  count?: number;
  /** `delay`: milliseconds (default 1000). */
  delayMs?: number;
  /** `http_429` / `http_503`: a `Retry-After` header, in seconds. */
  retryAfter?: number;
  /** `lose_webhook`: only events of this type. */
  eventType?: EventType;
}

export interface WebhookAttempt {
  time: string;
  timestamp: string;
  httpStatus: number | null;
  outcome: 'success' | 'http_status' | 'bad_acknowledgement' | 'timeout' | 'connection_error';
  error: string | null;
  durationMs: number;
}

export interface WebhookDelivery {
  eventId: string;
  eventType: EventType;
  /** Where it goes; null when no URL was set as it was raised. */
  url: string | null;
  status: 'pending' | 'delivered' | 'failed' | 'no_url' | 'lost';
  createdTime: string;
  /** The exact body sent (signed). */
  body: string;
  /** The body as a typed event. */
  event: WebhookEvent;
  nextAttemptInMs: number | null;
  attempts: WebhookAttempt[];
}

export interface RejectedWebhook {
  /** The error code, e.g. `webhook_signature_mismatch`. */
  code: string;
  reason: string;
  body: string;
}

/**
 * What `waitFor` looks for: `eventType` must equal the event's, every other key a field of
 * `event.data` (amounts are decimal strings).
 */
export type WebhookFilter = { eventType?: EventType } & { [field: string]: JsonValue | undefined };

export interface WaitOptions {
  /** How long to wait for a matching event, in milliseconds (default 10000). */
  timeoutMs?: number;
}

/** No matching webhook event arrived in time; the message lists what did arrive. */
export declare class WebhookTimeoutError extends WCheckoutError {}

/**
 * A webhook receiver on 127.0.0.1 in this process: every delivery is verified (signature over
 * TIMESTAMP + raw body, time window) and kept as a typed event. Verified deliveries are
 * acknowledged; anything else is answered 400 and kept in `rejected`.
 */
export declare class WebhookInbox {
  constructor(signKey?: string, options?: { toleranceSec?: number });
  /** Where to deliver: `http://127.0.0.1:PORT/webhooks`. */
  readonly url: string;
  readonly closed: boolean;
  /** The verified events so far, in arrival order. */
  readonly events: WebhookEvent[];
  /** The refused deliveries so far. */
  readonly rejected: RejectedWebhook[];
  /** The first event already received, or arriving within the timeout, that matches. */
  waitFor(filter?: WebhookFilter | ((event: WebhookEvent) => boolean), options?: WaitOptions): Promise<WebhookEvent>;
  /** Forgets the events received and refused so far. */
  clear(): void;
  /** Stops receiving (idempotent). */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * The W Checkout sandbox (tokens, signatures, every operation, the state machines, signed
 * webhooks with retries) running in this process on a free 127.0.0.1 port, on its own threads.
 * `await using sb = await Sandbox.start()` closes it at the end of the scope where supported.
 */
export declare class Sandbox {
  private constructor();
  static start(options?: SandboxOptions): Promise<Sandbox>;
  /** `http://127.0.0.1:PORT`: the `baseUrl` for a Client. */
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly apiSecret: string;
  readonly signKey: string;
  readonly closed: boolean;
  /** Client options for this sandbox (credentials and baseUrl), merged with `overrides`. */
  clientOptions(overrides?: Partial<ClientOptions>): ClientOptions;
  /** A Client wired to this sandbox. */
  client(overrides?: Partial<ClientOptions>): Client;

  /** Simulates the customer's on-chain payment of `amount` (a decimal string) into the order. */
  pay(orderNo: string, amount: Amount | number, options?: { txHash?: string }): Promise<Payment>;
  processRefund(refundOrderNo: string): Promise<RefundOrder>;
  completeRefund(refundOrderNo: string): Promise<RefundOrder>;
  failRefund(refundOrderNo: string): Promise<RefundOrder>;
  processSettlement(settlementOrderNo: string): Promise<SettlementOrder>;
  completeSettlement(settlementOrderNo: string): Promise<SettlementOrder>;
  failSettlement(settlementOrderNo: string): Promise<SettlementOrder>;
  rejectSettlement(settlementOrderNo: string): Promise<SettlementOrder>;
  /** Moves the business clock forward (orders time out, tokens expire). */
  advanceClock(seconds: number): Promise<Clock>;
  clock(): Promise<Clock>;

  fault(spec: Fault | FaultKind): Promise<void>;
  clearFaults(): Promise<void>;
  /** Expires the current access token now; false when none exists. */
  expireToken(): Promise<boolean>;

  setWebhookUrl(url: string | null): Promise<void>;
  webhookUrl(): Promise<string | null>;
  /** Starts a WebhookInbox verifying with this sandbox's signKey and points the sandbox at it. */
  webhookInbox(): Promise<WebhookInbox>;
  /** Every event raised so far, with its delivery status and attempts. */
  webhooks(): Promise<WebhookDelivery[]>;

  /** Everything it holds (the control API's `/_sandbox/state` JSON). */
  state(): Promise<JsonObject>;
  /** Forgets every record, the token, faults, the webhook log and the clock shift. */
  reset(): Promise<void>;
  /** Any call of the `/_sandbox` control API by method and path, in-process. */
  control(method: string, path: string, body?: JsonValue): Promise<JsonValue>;

  /** Stops the server, webhook delivery and the inboxes it started (idempotent). */
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}
