'use strict';
// The Promise-based client over the native one. Every call runs on the libuv thread pool
// (a napi AsyncTask); this file only checks argument types and maps errors to classes.

const native = require('./native.js');
const { fromNative, guard } = require('./errors.js');
const { describe, fail, str, optStr, optNum, optBool, options, json } = require('./util.js');

const RESPONSE_SIGNATURE = ['off', 'if_present', 'required'];

/** Awaits a native call, rethrowing its errors (sync or async) as WCheckoutError subclasses. */
async function settle(start) {
  let text;
  try {
    text = await start();
  } catch (err) {
    throw fromNative(err);
  }
  return JSON.parse(text);
}

/** Every item of a list call, pages fetched lazily off the event loop. */
class PageIterator {
  #open;
  #first;

  constructor(open) {
    this.#open = open;
    this.#first = guard(open); // checks the filter now, so mistakes throw at the call site
  }

  /** The pages, one request each. */
  async *pages() {
    const cursor = this.#first ?? guard(this.#open);
    this.#first = undefined;
    for (;;) {
      let text;
      try {
        text = await cursor.nextPage();
      } catch (err) {
        throw fromNative(err);
      }
      if (text === null) return;
      yield JSON.parse(text);
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
    };
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

  async #op(op, arg, forwardedFor) {
    return settle(() => this.#native.call(op, arg, forwardedFor));
  }

  async #byKey(op, name, value) {
    return this.#op(op, str(name, value));
  }

  #pages(op, filter) {
    const text = json('filter', filter, true);
    return new PageIterator(() => this.#native.pages(op, text));
  }

  // Checkout orders.
  async createCheckoutOrder(request, opts) {
    const forwardedFor = optStr('forwardedFor', options('options', opts).forwardedFor);
    return this.#op('create_checkout_order', json('request', request), forwardedFor);
  }
  async cancelCheckoutOrder(orderNo) {
    return this.#byKey('cancel_checkout_order', 'orderNo', orderNo);
  }
  async getCheckoutOrderInfo(orderNo) {
    return this.#byKey('get_checkout_order_info', 'orderNo', orderNo);
  }
  async listCheckoutOrders(filter) {
    return this.#op('get_checkout_order_list', json('filter', filter, true));
  }
  iterCheckoutOrders(filter) {
    return this.#pages('get_checkout_order_list', filter);
  }

  // Refund orders.
  async createRefundOrder(request) {
    return this.#op('create_refund_order', json('request', request));
  }
  async cancelRefundOrder(refundOrderNo) {
    return this.#byKey('cancel_refund_order', 'refundOrderNo', refundOrderNo);
  }
  async getRefundOrderInfo(refundOrderNo) {
    return this.#byKey('get_refund_order_info', 'refundOrderNo', refundOrderNo);
  }
  async listRefundOrders(filter) {
    return this.#op('get_refund_order_list', json('filter', filter, true));
  }
  iterRefundOrders(filter) {
    return this.#pages('get_refund_order_list', filter);
  }

  // Settlement orders.
  async createSettlementOrder(request) {
    return this.#op('create_settlement_order', json('request', request));
  }
  async createFiatSettlementOrder(request) {
    return this.#op('create_fiat_settlement_order', json('request', request));
  }
  async cancelSettlementOrder(settlementOrderNo) {
    return this.#byKey('cancel_settlement_order', 'settlementOrderNo', settlementOrderNo);
  }
  async getSettlementOrder(settlementOrderNo) {
    return this.#byKey('get_settlement_order', 'settlementOrderNo', settlementOrderNo);
  }
  async listSettlementOrders(filter) {
    return this.#op('get_settlement_order_list', json('filter', filter, true));
  }
  iterSettlementOrders(filter) {
    return this.#pages('get_settlement_order_list', filter);
  }

  // Abnormal payments.
  async listAbnormalPayments(filter) {
    return this.#op('get_abnormal_payment_list', json('filter', filter, true));
  }
  iterAbnormalPayments(filter) {
    return this.#pages('get_abnormal_payment_list', filter);
  }
  async createAbnormalPaymentRefund(request) {
    return this.#op('create_abnormal_payment_refund', json('request', request));
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
    return settle(() => this.#native.request(m, p, query, body, fromObject));
  }

  toJSON() {
    return { baseUrl: this.baseUrl, userAgent: this.userAgent };
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return `Client { baseUrl: ${JSON.stringify(this.baseUrl)} }`;
  }
}

module.exports = { Client, PageIterator, nativeClient };
