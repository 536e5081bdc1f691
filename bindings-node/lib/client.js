'use strict';
// The Promise-based client over the native one. Every call runs on the SDK's own worker threads
// (never libuv's pool, which fs, dns and crypto share); this file checks argument types, wires
// AbortSignals and request logs, and maps errors to classes.

const fs = require('node:fs');
const native = require('./native.js');
const { fromNative, guard, AbortError } = require('./errors.js');
const { describe, fail, str, optStr, optNum, optBool, options, json } = require('./util.js');

const RESPONSE_SIGNATURE = ['off', 'if_present', 'required'];

/** The per-call part of a method's options: `{ signal, timeoutMs, maxRetries }`. */
function callOptions(o) {
  const { signal } = o;
  if (signal !== undefined && signal !== null && !(signal instanceof AbortSignal)) {
    throw fail(`signal must be an AbortSignal, got ${describe(signal)}`);
  }
  return {
    signal: signal ?? undefined,
    native: { timeoutMs: optNum('timeoutMs', o.timeoutMs), maxRetries: optNum('maxRetries', o.maxRetries) },
  };
}

function aborted(signal) {
  return new AbortError(
    'aborted: the call was abandoned by its AbortSignal. No further attempt starts, but a request already sent ' +
      'may still reach the server and be processed (outcome unknown): repeat the identical call or look the object up',
    { cause: signal.reason },
  );
}

/** Hands each logged attempt (JSON text from the addon) to `onRequest`; a throwing listener is reported, not fatal. */
function deliver(onRequest, logsJson) {
  if (onRequest === undefined || typeof logsJson !== 'string') return;
  for (const log of JSON.parse(logsJson)) {
    try {
      onRequest(Object.freeze(log));
    } catch (err) {
      process.emitWarning(`wcheckout onRequest listener threw: ${err && err.message}`, 'WCheckoutWarning');
    }
  }
}

/**
 * Starts a native call (`start(nativeOptions, cancel)` returns a Promise of `{ value, logs }`) and
 * settles with its value: JSON-parsed, errors as WCheckoutError subclasses, an AbortError at once
 * when the signal fires. Logs reach `onRequest` even when the caller has stopped waiting.
 */
async function settle(onRequest, call, start, parse = JSON.parse) {
  const { signal } = call;
  if (signal?.aborted) throw aborted(signal);
  const cancel = signal === undefined ? undefined : new native.NativeCancel();
  let pending;
  try {
    pending = start(call.native, cancel);
  } catch (err) {
    throw fromNative(err);
  }
  const settled = pending.then(
    (out) => {
      deliver(onRequest, out.logs);
      return out.value;
    },
    (err) => {
      deliver(onRequest, err?.logsJson);
      throw fromNative(err);
    },
  );
  if (signal === undefined) return parse(await settled);
  const text = await new Promise((resolve, reject) => {
    const onAbort = () => {
      cancel.cancel();
      reject(aborted(signal));
    };
    signal.addEventListener('abort', onAbort, { once: true });
    settled.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e) => {
        signal.removeEventListener('abort', onAbort);
        reject(e);
      },
    );
  });
  return parse(text);
}

/** Extra CAs from NODE_EXTRA_CA_CERTS, as Node itself reads them (an unreadable file is skipped, as Node does). */
function nodeExtraCaCerts() {
  const file = process.env.NODE_EXTRA_CA_CERTS;
  if (!file) return undefined;
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.includes('-----BEGIN CERTIFICATE-----') ? text : undefined;
  } catch {
    return undefined;
  }
}

/** Every item of a list call, pages fetched lazily off the event loop. */
class PageIterator {
  #open;
  #first;
  #onRequest;
  #call;

  constructor(open, onRequest, call) {
    this.#open = open;
    this.#onRequest = onRequest;
    this.#call = call;
    this.#first = guard(open); // checks the filter now, so mistakes throw at the call site
  }

  /** The pages, one request each. */
  async *pages() {
    const cursor = this.#first ?? guard(this.#open);
    this.#first = undefined;
    for (;;) {
      const page = await settle(this.#onRequest, this.#call, () => cursor.nextPage(), (t) => (t === null || t === undefined ? null : JSON.parse(t)));
      if (page === null) return;
      yield page;
    }
  }

  async *[Symbol.asyncIterator]() {
    for await (const page of this.pages()) yield* page.records;
  }

  /** Collects up to `limit` items (default: all). */
  async toArray(limit = Infinity) {
    const out = [];
    if (limit <= 0) return out;
    for await (const item of this) {
      out.push(item);
      if (out.length >= limit) break;
    }
    return out;
  }
}

/** Client → its native half, for the Reconciler (kept off the public object). */
const NATIVE = new WeakMap();

/** The native client behind a `Client` (undefined for anything else). */
function nativeClient(client) {
  return NATIVE.get(client);
}

class Client {
  #native;
  #onRequest;

  constructor(opts) {
    if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
      throw fail(`new Client(options): options must be an object with apiKey, apiSecret and signKey, got ${describe(opts)}`);
    }
    const responseSignature = optStr('responseSignature', opts.responseSignature);
    if (responseSignature !== undefined && !RESPONSE_SIGNATURE.includes(responseSignature)) {
      throw fail(`responseSignature must be one of ${RESPONSE_SIGNATURE.join(', ')}, got ${JSON.stringify(responseSignature.slice(0, 32))}`);
    }
    const nativeOptions = {
      apiKey: str('apiKey', opts.apiKey),
      apiSecret: str('apiSecret', opts.apiSecret),
      signKey: str('signKey', opts.signKey),
      environment: optStr('environment', opts.environment),
      baseUrl: optStr('baseUrl', opts.baseUrl),
      timeoutMs: optNum('timeoutMs', opts.timeoutMs),
      connectTimeoutMs: optNum('connectTimeoutMs', opts.connectTimeoutMs),
      maxRetries: optNum('maxRetries', opts.maxRetries),
      responseSignature,
      responseToleranceMs: optNum('responseToleranceMs', opts.responseToleranceMs),
      tokenStore: optStr('tokenStore', opts.tokenStore),
      tokenStoreFallback: optBool('tokenStoreFallback', opts.tokenStoreFallback),
      userAgentSuffix: `node/${process.versions.node}`,
      caBundle: optStr('caBundle', opts.caBundle),
      caPem: nodeExtraCaCerts(),
      proxy: optStr('proxy', opts.proxy),
      noProxy: optStr('noProxy', opts.noProxy),
      logRequests: opts.onRequest !== undefined && opts.onRequest !== null,
      logBodies: opts.logBodies === true,
    };
    if (nativeOptions.logRequests && typeof opts.onRequest !== 'function') {
      throw fail(`onRequest must be a function, got ${describe(opts.onRequest)}`);
    }
    this.#onRequest = nativeOptions.logRequests ? opts.onRequest : undefined;
    this.#native = guard(() => new native.NativeClient(nativeOptions));
    NATIVE.set(this, this.#native);
  }

  /** The base URL requests go to. */
  get baseUrl() {
    return this.#native.baseUrl;
  }

  /** The User-Agent sent. */
  get userAgent() {
    return this.#native.userAgent;
  }

  /** Where the access token is kept (`memory`, `file://…` or `redis://…`, without a password). */
  get tokenStore() {
    return this.#native.tokenStore;
  }

  /** Forgets the cached access token; the next call fetches a new one. */
  clearToken() {
    this.#native.clearToken();
  }

  async #op(op, arg, opts, forwardedFor) {
    const call = callOptions(opts);
    return settle(this.#onRequest, call, (o, cancel) => this.#native.call(op, arg, forwardedFor, o, cancel));
  }

  async #byKey(op, name, value, opts) {
    return this.#op(op, str(name, value), options('options', opts));
  }

  async #list(op, filter, opts) {
    return this.#op(op, json('filter', filter, true), options('options', opts));
  }

  #pages(op, filter, opts) {
    const text = json('filter', filter, true);
    const call = callOptions(options('options', opts));
    let cancel;
    if (call.signal !== undefined) {
      cancel = new native.NativeCancel();
      // One cancel for the whole iteration: stops any page fetch in flight or to come.
      if (call.signal.aborted) cancel.cancel();
      else call.signal.addEventListener('abort', () => cancel.cancel(), { once: true });
    }
    return new PageIterator(() => this.#native.pages(op, text, call.native, cancel), this.#onRequest, call);
  }

  // Checkout orders.
  async createCheckoutOrder(request, opts) {
    const o = options('options', opts);
    return this.#op('create_checkout_order', json('request', request), o, optStr('forwardedFor', o.forwardedFor));
  }
  async cancelCheckoutOrder(orderNo, opts) {
    return this.#byKey('cancel_checkout_order', 'orderNo', orderNo, opts);
  }
  async getCheckoutOrderInfo(orderNo, opts) {
    return this.#byKey('get_checkout_order_info', 'orderNo', orderNo, opts);
  }
  async listCheckoutOrders(filter, opts) {
    return this.#list('get_checkout_order_list', filter, opts);
  }
  iterCheckoutOrders(filter, opts) {
    return this.#pages('get_checkout_order_list', filter, opts);
  }

  // Refund orders.
  async createRefundOrder(request, opts) {
    return this.#op('create_refund_order', json('request', request), options('options', opts));
  }
  async cancelRefundOrder(refundOrderNo, opts) {
    return this.#byKey('cancel_refund_order', 'refundOrderNo', refundOrderNo, opts);
  }
  async getRefundOrderInfo(refundOrderNo, opts) {
    return this.#byKey('get_refund_order_info', 'refundOrderNo', refundOrderNo, opts);
  }
  async listRefundOrders(filter, opts) {
    return this.#list('get_refund_order_list', filter, opts);
  }
  iterRefundOrders(filter, opts) {
    return this.#pages('get_refund_order_list', filter, opts);
  }

  // Settlement orders.
  async createSettlementOrder(request, opts) {
    return this.#op('create_settlement_order', json('request', request), options('options', opts));
  }
  async createFiatSettlementOrder(request, opts) {
    return this.#op('create_fiat_settlement_order', json('request', request), options('options', opts));
  }
  async cancelSettlementOrder(settlementOrderNo, opts) {
    return this.#byKey('cancel_settlement_order', 'settlementOrderNo', settlementOrderNo, opts);
  }
  async getSettlementOrder(settlementOrderNo, opts) {
    return this.#byKey('get_settlement_order', 'settlementOrderNo', settlementOrderNo, opts);
  }
  async listSettlementOrders(filter, opts) {
    return this.#list('get_settlement_order_list', filter, opts);
  }
  iterSettlementOrders(filter, opts) {
    return this.#pages('get_settlement_order_list', filter, opts);
  }

  // Abnormal payments.
  async listAbnormalPayments(filter, opts) {
    return this.#list('get_abnormal_payment_list', filter, opts);
  }
  iterAbnormalPayments(filter, opts) {
    return this.#pages('get_abnormal_payment_list', filter, opts);
  }
  async createAbnormalPaymentRefund(request, opts) {
    return this.#op('create_abnormal_payment_refund', json('request', request), options('options', opts));
  }

  /**
   * Signs and sends any call; resolves with the envelope's `retdata` (`null` when absent).
   * Numbers a JavaScript number cannot hold exactly arrive as strings with their digits.
   */
  async request(method, path, opts) {
    const o = options('options', opts);
    const query = [];
    if (o.query !== undefined && o.query !== null) {
      const entries = Array.isArray(o.query) ? o.query : Object.entries(options('query', o.query));
      for (const pair of entries) {
        if (!Array.isArray(pair) || pair.length !== 2) throw fail('query pairs must be [name, value] arrays');
        const [k, v] = pair;
        if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
          throw fail(`query value ${JSON.stringify(String(k))} must be a string, number or boolean, got ${describe(v)}`);
        }
        query.push(str('query name', k), String(v));
      }
    }
    let body;
    let fromObject = false;
    if (typeof o.body === 'string') body = o.body;
    else if (o.body !== undefined && o.body !== null) {
      body = json('body', o.body);
      fromObject = true;
    }
    const m = str('method', method);
    const p = str('path', path);
    const call = callOptions(o);
    return settle(this.#onRequest, call, (no, cancel) => this.#native.request(m, p, query, body, fromObject, no, cancel));
  }

  toJSON() {
    return { baseUrl: this.baseUrl, userAgent: this.userAgent };
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `Client { baseUrl: ${JSON.stringify(this.baseUrl)} }`;
  }
}

module.exports = { Client, PageIterator, nativeClient };
