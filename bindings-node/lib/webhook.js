'use strict';
// Inbound webhooks: the core verifies the raw body (TIMESTAMP + body, HMAC-SHA512, constant
// time, tolerance both ways) before parsing it into a typed event.

const native = require('./native.js');
const { guard, fromNative } = require('./errors.js');
const { fail, describe, str, optNum, options, body } = require('./util.js');

/** The body to answer a webhook delivery with (HTTP 200, application/json). */
const ACKNOWLEDGEMENT = native.ACKNOWLEDGEMENT;
const KNOWN_EVENT_TYPES = new Set(native.knownValues('eventType'));
const LINE_BREAK = /[\r\n]/;
// The headers the core reads (SIGNATURE, D-SIGNATURE, TIMESTAMP, D-TIMESTAMP; case-insensitive,
// surrounding white space ignored, as core's find_header trims): only these cross into the addon.
const READ_BY_CORE = /^[\s\u0085]*(?:d-)?(?:signature|timestamp)[\s\u0085]*$/i;

/** Joins any header shape into `name\nvalue\nname\nvalue` for the addon (only the headers core reads). */
function joinHeaders(headers) {
  if (headers === null || typeof headers !== 'object') {
    throw fail(`headers must be an object, a Headers instance or [name, value] pairs, got ${describe(headers)}`);
  }
  // One string `name\nvalue\n…` crosses into the addon instead of one string per header.
  let joined = '';
  let count = 0;
  const push = (k, v) => {
    if (v === undefined || v === null) return;
    if (Array.isArray(v)) {
      for (const item of v) push(k, item);
      return;
    }
    if (typeof k !== 'string' || (typeof v !== 'string' && typeof v !== 'number')) {
      throw fail(`header values must be strings, got ${describe(v)} for ${JSON.stringify(String(k))}`);
    }
    if (!READ_BY_CORE.test(k)) return;
    const value = String(v);
    if (LINE_BREAK.test(k) || LINE_BREAK.test(value)) throw fail('header names and values must not contain line breaks');
    joined = count === 0 ? `${k}\n${value}` : `${joined}\n${k}\n${value}`;
    count += 1;
  };
  if (Array.isArray(headers)) {
    if (headers.every((h) => typeof h === 'string')) {
      // Node's req.rawHeaders: [name, value, name, value, ...].
      if (headers.length % 2 !== 0) throw fail('raw headers must come as name/value pairs');
      for (let i = 0; i < headers.length; i += 2) push(headers[i], headers[i + 1]);
    } else {
      for (const pair of headers) {
        if (!Array.isArray(pair) || pair.length !== 2) throw fail('header pairs must be [name, value] arrays');
        push(pair[0], pair[1]);
      }
    }
  } else if (typeof headers[Symbol.iterator] === 'function') {
    for (const [k, v] of headers) push(k, v); // fetch Headers, Map
  } else {
    for (const k of Object.keys(headers)) push(k, headers[k]); // IncomingHttpHeaders, plain objects
  }
  return joined;
}

/** A verified event: the parsed fields, plus `raw` (the whole body, exact) computed on first use. */
class VerifiedEvent {
  #body;
  #raw;

  constructor(parsed, body) {
    this.eventId = parsed.eventId;
    this.eventType = parsed.eventType;
    this.timestamp = parsed.timestamp;
    this.data = parsed.data;
    this.known = KNOWN_EVENT_TYPES.has(parsed.eventType);
    /** The object and its new status (`order:<orderNo>:PAID`): claim it to process the event once. */
    this.dedupeKey = parsed.dedupeKey;
    /** True for an event the Reconciler made from a poll (`eventId` starts with `rcn:`). */
    this.reconciled = parsed.reconciled;
    this.#body = body;
  }

  /** The whole verified body; numbers a double cannot hold exactly are strings. */
  get raw() {
    if (this.#raw === undefined) this.#raw = JSON.parse(native.nativeParseJsonExact(this.#body));
    return this.#raw;
  }
}

class WebhookVerifier {
  #native;

  /** `toleranceSec`: allowed difference between the TIMESTAMP header and now, both ways (default 120). */
  constructor(signKey, opts) {
    const toleranceSec = optNum('toleranceSec', options('options', opts).toleranceSec);
    this.#native = guard(() => new native.NativeVerifier(str('signKey', signKey), toleranceSec));
  }

  /**
   * Verifies a delivery from its headers and the raw body exactly as received, then parses it.
   * Throws a WebhookVerificationError subclass when anything is wrong.
   */
  verify(headers, rawBody, opts) {
    const joined = joinHeaders(headers);
    const raw = body('rawBody', rawBody);
    const nowMs = opts === undefined ? undefined : optNum('nowMs', options('options', opts).nowMs);
    let text;
    try {
      text = typeof raw === 'string' ? this.#native.verifyText(joined, raw, nowMs) : this.#native.verify(joined, raw, nowMs);
    } catch (err) {
      throw fromNative(err);
    }
    return new VerifiedEvent(JSON.parse(text), raw);
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'WebhookVerifier { signKey: <redacted> }';
  }
}

WebhookVerifier.ACKNOWLEDGEMENT = ACKNOWLEDGEMENT;

/**
 * Signs a webhook body as W Checkout does, for your tests: returns the headers to send with it.
 */
function signWebhookForTest(signKey, rawBody, opts) {
  const o = options('options', opts);
  const ts = o.timestampMs === undefined ? Date.now() : o.timestampMs;
  if (typeof ts !== 'number') throw fail(`timestampMs must be a number, got ${describe(ts)}`);
  const flat = guard(() => native.nativeSignWebhook(str('signKey', signKey), body('rawBody', rawBody), ts));
  const headers = {};
  for (let i = 0; i < flat.length; i += 2) headers[flat[i]] = flat[i + 1];
  return headers;
}

module.exports = { ACKNOWLEDGEMENT, WebhookVerifier, VerifiedEvent, signWebhookForTest };
