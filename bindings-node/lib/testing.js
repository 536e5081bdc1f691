'use strict';
// `wcheckout/testing`: the W Checkout sandbox inside the package, for your own tests. The
// sandbox (tokens, signatures, every operation, the state machines, signed webhooks with retries)
// runs in this process on 127.0.0.1, on its own threads: never on the event loop or libuv's pool.
// Control operations (pay, refund and settlement moves, clock, faults) are direct calls into it.

const native = require('./native.js');
const { Client } = require('./client.js');
const { WCheckoutError, guard } = require('./errors.js');
const { VerifiedEvent } = require('./webhook.js');
const { describe, fail, str, optStr, optNum, options } = require('./util.js');
const { setTimeout: sleep } = require('node:timers/promises');

if (typeof native.NativeSandbox !== 'function') {
  throw new Error('this build of wcheckout has no embedded sandbox: it was compiled without the `testing` feature');
}

const DEMO_API_KEY = 'demo_api_key';
const DEMO_API_SECRET = 'demo_api_secret';
const DEMO_SIGN_KEY = 'demo_sign_key';
/** How often `waitFor` looks for new events (they arrive within milliseconds). */
const POLL_MS = 5;

/** No matching webhook event arrived in time; the message lists what did arrive. */
class WebhookTimeoutError extends WCheckoutError {}
WebhookTimeoutError.code = 'webhook_timeout';

// Sandboxes and inboxes still running when the process exits are stopped (synchronously: an
// 'exit' listener cannot wait). Weak references: one that is garbage collected stops by itself.
const live = new Set();
let exitHook = false;
function track(obj) {
  const ref = new WeakRef(obj);
  live.add(ref);
  if (!exitHook) {
    exitHook = true;
    process.once('exit', () => {
      const all = [...live].map((r) => r.deref()).filter(Boolean);
      // Sandboxes first (no new deliveries), then inboxes.
      all.sort((a, b) => Number(a instanceof WebhookInbox) - Number(b instanceof WebhookInbox));
      for (const o of all) o._stopSync();
      live.clear();
    });
  }
  return ref;
}

function parse(text) {
  return text === null || text === undefined ? null : JSON.parse(text);
}

/** Runs a synchronous native call, mapping its errors to WCheckoutError subclasses. */
function call(fn) {
  return parse(guard(fn));
}

function amountText(name, v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  throw fail(`${name} must be a decimal string such as "12.50" (or a whole number), got ${describe(v)}`);
}

function wholeNumber(name, v) {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0) {
    throw fail(`${name} must be a whole number of 0 or more, got ${describe(v)}`);
  }
  return v;
}

function matches(event, filter) {
  if (typeof filter === 'function') return Boolean(filter(event));
  const { eventType, ...fields } = filter;
  if (eventType !== undefined && event.eventType !== eventType) return false;
  const data = event.data ?? {};
  for (const [k, v] of Object.entries(fields)) {
    const actual = data[k];
    if (typeof v === 'number' ? actual !== String(v) && actual !== v : actual !== v) return false;
  }
  return true;
}

function brief(event) {
  const d = event.data && typeof event.data === 'object' ? event.data : {};
  const keys = Object.keys(d).filter((k) => /(No|Status|Type)$/.test(k));
  return `${event.eventType} {${keys.map((k) => `${k}: ${JSON.stringify(d[k])}`).join(', ')}}`;
}

class WebhookInbox {
  #native;
  #ref;

  /**
   * A receiver on 127.0.0.1 that verifies every delivery with `signKey` (signature over
   * TIMESTAMP + raw body, ±`toleranceSec`, default 120) and keeps the typed events. Verified
   * deliveries are acknowledged; anything else is answered 400 and kept in `rejected`.
   * Usually obtained from `sandbox.webhookInbox()`.
   */
  constructor(signKey = DEMO_SIGN_KEY, opts) {
    const toleranceSec = optNum('toleranceSec', options('options', opts).toleranceSec);
    if (signKey instanceof native.NativeInbox) this.#native = signKey;
    else this.#native = guard(() => new native.NativeInbox(str('signKey', signKey), toleranceSec));
    this.#ref = track(this);
  }

  /** Where to deliver: `http://127.0.0.1:PORT/webhooks`. */
  get url() {
    return this.#native.url;
  }

  get closed() {
    return this.#native.stopped;
  }

  /** The verified events so far (since the start or `clear()`), in arrival order. */
  get events() {
    return call(() => this.#native.received()).map((r) => new VerifiedEvent(r.event, r.body));
  }

  /** The refused deliveries so far: `{ code, reason, body }`. */
  get rejected() {
    return call(() => this.#native.rejected());
  }

  /**
   * Resolves with the first event (already received, or arriving within `timeoutMs`, default
   * 10000) that matches `filter`: an object whose `eventType` must equal the event's and whose
   * other keys must equal fields of `event.data`, or a predicate function. Rejects with
   * WebhookTimeoutError listing what arrived instead.
   *
   *   await inbox.waitFor({ eventType: 'CHECKOUT_ORDER_CHANGED', orderNo, orderStatus: 'PAID' });
   */
  async waitFor(filter = {}, opts) {
    if (typeof filter !== 'function' && (filter === null || typeof filter !== 'object' || Array.isArray(filter))) {
      throw fail(`filter must be an object or a function, got ${describe(filter)}`);
    }
    const timeoutMs = optNum('timeoutMs', options('options', opts).timeoutMs) ?? 10000;
    const deadline = Date.now() + timeoutMs;
    let seq = 0;
    for (;;) {
      const got = call(() => this.#native.tryNext(seq));
      if (got !== null) {
        const event = new VerifiedEvent(got.event, got.body);
        if (matches(event, filter)) return event;
        seq = got.seq + 1;
        continue;
      }
      if (Date.now() >= deadline || this.closed) throw this.#timeout(filter, timeoutMs);
      await sleep(POLL_MS);
    }
  }

  #timeout(filter, timeoutMs) {
    const wanted = typeof filter === 'function' ? 'matching the predicate' : JSON.stringify(filter);
    const events = this.events;
    const rejected = this.rejected;
    const lines = [`no webhook ${wanted} arrived within ${timeoutMs} ms at ${this.url}`];
    lines.push(`received ${events.length}: ${events.slice(-10).map(brief).join('; ') || 'nothing'}`);
    if (rejected.length > 0) lines.push(`rejected ${rejected.length}: ${rejected.slice(-5).map((r) => r.reason).join('; ')}`);
    return new WebhookTimeoutError(lines.join('\n'));
  }

  /** Forgets the events received and refused so far. */
  clear() {
    this.#native.clear();
  }

  /** Stops receiving (idempotent); the events kept stay readable. */
  async close() {
    await this.#native.stop();
    live.delete(this.#ref);
  }

  _stopSync() {
    this.#native.stopSync();
  }

  async [Symbol.asyncDispose]() {
    await this.close();
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `WebhookInbox { url: ${JSON.stringify(this.url)} }`;
  }
}

const START = Symbol('start');

class Sandbox {
  #native;
  #ref;
  #apiKey;
  #apiSecret;
  #signKey;
  #inboxes = [];

  /**
   * Starts a sandbox on a free 127.0.0.1 port. Options (all optional): `apiKey`, `apiSecret`,
   * `signKey` (demo values by default), `webhookUrl`, `tokenPolicy` (`'supersede'` | `'multiple'`),
   * `timeScale` (default 0.001: webhook retries come in milliseconds), `responseSignature`
   * (`'full'` | `'short'` | `'none'`), `exchangeRate` (decimal string), `tokenTtlSec`, `port`.
   */
  static async start(opts) {
    return new Sandbox(opts, START);
  }

  constructor(opts, token) {
    if (token !== START) throw fail('use `await Sandbox.start(options)`');
    const o = options('options', opts);
    this.#apiKey = optStr('apiKey', o.apiKey) ?? DEMO_API_KEY;
    this.#apiSecret = optStr('apiSecret', o.apiSecret) ?? DEMO_API_SECRET;
    this.#signKey = optStr('signKey', o.signKey) ?? DEMO_SIGN_KEY;
    const nativeOptions = {
      apiKey: this.#apiKey,
      apiSecret: this.#apiSecret,
      signKey: this.#signKey,
      webhookUrl: optStr('webhookUrl', o.webhookUrl),
      tokenPolicy: optStr('tokenPolicy', o.tokenPolicy),
      responseSignature: optStr('responseSignature', o.responseSignature),
      timeScale: optNum('timeScale', o.timeScale),
      exchangeRate: o.exchangeRate === undefined ? undefined : amountText('exchangeRate', o.exchangeRate),
      tokenTtlSec: optNum('tokenTtlSec', o.tokenTtlSec),
      port: optNum('port', o.port),
    };
    this.#native = guard(() => new native.NativeSandbox(nativeOptions));
    this.#ref = track(this);
  }

  /** `http://127.0.0.1:PORT`: the `baseUrl` for a Client. */
  get baseUrl() {
    return this.#native.url;
  }
  get apiKey() {
    return this.#apiKey;
  }
  get apiSecret() {
    return this.#apiSecret;
  }
  get signKey() {
    return this.#signKey;
  }
  get closed() {
    return this.#native.stopped;
  }

  /** Client options for this sandbox (credentials and baseUrl), merged with `overrides`. */
  clientOptions(overrides) {
    return { apiKey: this.#apiKey, apiSecret: this.#apiSecret, signKey: this.#signKey, baseUrl: this.baseUrl, ...options('overrides', overrides) };
  }

  /** A Client wired to this sandbox; `overrides` are any other Client options. */
  client(overrides) {
    return new Client(this.clientOptions(overrides));
  }

  /**
   * Simulates the customer's on-chain payment: the exact amount → PAID; more → PAID plus an
   * OVER_PAID abnormal payment; less → UNDER_PAID; after a timeout or cancel → LATE_PAYMENT.
   * Resolves with `{ order, txHash, abnormalPayment }`.
   */
  async pay(orderNo, amount, opts) {
    const txHash = optStr('txHash', options('options', opts).txHash);
    return call(() => this.#native.pay(str('orderNo', orderNo), amountText('amount', amount), txHash));
  }

  async processRefund(refundOrderNo) {
    return this.#moveRefund(refundOrderNo, 'process');
  }
  async completeRefund(refundOrderNo) {
    return this.#moveRefund(refundOrderNo, 'complete');
  }
  async failRefund(refundOrderNo) {
    return this.#moveRefund(refundOrderNo, 'fail');
  }
  #moveRefund(no, action) {
    return call(() => this.#native.moveRefund(str('refundOrderNo', no), action));
  }

  async processSettlement(settlementOrderNo) {
    return this.#moveSettlement(settlementOrderNo, 'process');
  }
  async completeSettlement(settlementOrderNo) {
    return this.#moveSettlement(settlementOrderNo, 'complete');
  }
  async failSettlement(settlementOrderNo) {
    return this.#moveSettlement(settlementOrderNo, 'fail');
  }
  async rejectSettlement(settlementOrderNo) {
    return this.#moveSettlement(settlementOrderNo, 'reject');
  }
  #moveSettlement(no, action) {
    return call(() => this.#native.moveSettlement(str('settlementOrderNo', no), action));
  }

  /** Moves the business clock forward (orders time out, tokens expire): `{ offsetSeconds, now }`. */
  async advanceClock(seconds) {
    return call(() => this.#native.advanceClock(wholeNumber('seconds', seconds)));
  }
  async clock() {
    return call(() => this.#native.clock());
  }

  /**
   * Arms a fault: `{ kind, path?, method?, count?, delayMs?, retryAfter?, eventType? }` with kind
   * `http_500`, `http_503`, `http_429`, `delay`, `drop`, `drop_after_processing`, `bad_signature`
   * or `lose_webhook`. A string is the kind alone.
   */
  async fault(spec) {
    const f = typeof spec === 'string' ? { kind: spec } : options('fault', spec);
    const nf = {
      kind: str('kind', f.kind),
      path: optStr('path', f.path),
      method: optStr('method', f.method),
      count: optNum('count', f.count),
      delayMs: optNum('delayMs', f.delayMs),
      retryAfter: optNum('retryAfter', f.retryAfter),
      eventType: optStr('eventType', f.eventType),
    };
    guard(() => this.#native.addFault(nf));
  }
  async clearFaults() {
    guard(() => this.#native.clearFaults());
  }
  /** Expires the current access token now (the client refetches); false when none exists. */
  async expireToken() {
    return guard(() => this.#native.expireToken());
  }

  /** Where events raised from now on go (`null`: recorded, not sent). */
  async setWebhookUrl(url) {
    guard(() => this.#native.setWebhookUrl(url === null ? undefined : str('url', url)));
  }
  async webhookUrl() {
    return guard(() => this.#native.webhookUrl()) ?? null;
  }

  /** Starts a WebhookInbox verifying with this sandbox's signKey and points the sandbox at it. */
  async webhookInbox() {
    const inbox = new WebhookInbox(guard(() => this.#native.webhookInbox()));
    this.#inboxes.push(inbox);
    return inbox;
  }

  /** Every event raised so far: `{ eventId, eventType, url, status, body, event, attempts, … }`. */
  async webhooks() {
    return call(() => this.#native.webhookDeliveries()).map((d) => ({ ...d, event: new VerifiedEvent(d.event, d.body) }));
  }

  /** Everything it holds: orders, refunds, settlements, abnormalPayments, payments, counts, balances, … */
  async state() {
    return call(() => this.#native.state());
  }

  /** Forgets every record, the token, faults, the webhook log and the clock shift. */
  async reset() {
    guard(() => this.#native.reset());
  }

  /** Any call of the `/_sandbox` control API by method and path, in-process. */
  async control(method, path, body) {
    const text = body === undefined || body === null ? undefined : JSON.stringify(body);
    return call(() => this.#native.control(str('method', method), str('path', path), text));
  }

  /** Stops the server, webhook delivery and the inboxes it started (idempotent). */
  async close() {
    await this.#native.stop();
    for (const inbox of this.#inboxes) await inbox.close();
    live.delete(this.#ref);
  }

  _stopSync() {
    this.#native.stopSync();
  }

  async [Symbol.asyncDispose]() {
    await this.close();
  }

  toJSON() {
    return { baseUrl: this.baseUrl, apiKey: this.#apiKey };
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `Sandbox { baseUrl: ${JSON.stringify(this.baseUrl)}, apiKey: ${JSON.stringify(this.#apiKey)} }`;
  }
}

module.exports = { Sandbox, WebhookInbox, WebhookTimeoutError, DEMO_API_KEY, DEMO_API_SECRET, DEMO_SIGN_KEY };
