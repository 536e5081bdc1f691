'use strict';
// Request signing: a thin call into core (HMAC-SHA512 + Base64 over
// METHOD + TIMESTAMP + PATH + QUERY + BODY, spec 2.3).

const native = require('./native.js');
const { fromNative, guard } = require('./errors.js');
const { fail, describe, str, optStr, body, timestamp } = require('./util.js');

function parts(input) {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    throw fail(`the request to sign must be an object { method, timestamp, path, query?, body? }, got ${describe(input)}`);
  }
  return [
    str('method', input.method),
    timestamp('timestamp', input.timestamp),
    str('path', input.path),
    input.query === undefined || input.query === null ? '' : str('query', input.query),
    input.body === undefined || input.body === null ? '' : body('body', input.body),
  ];
}

function prefix(opts, input) {
  const p = optStr('queryPrefix', (input && input.queryPrefix) ?? (opts && opts.queryPrefix));
  return p;
}

// One-entry cache of the keyed HMAC state: most processes sign with a single signKey, and keying
// costs as much as signing a short request.
let lastKey;
let lastPrefix;
let lastSigner;

/** Signs one request with `signKey`: the value of the SIGNATURE header. */
function signRequest(signKey, input) {
  const [method, ts, path, query, b] = parts(input);
  const key = str('signKey', signKey);
  const qp = prefix(undefined, input);
  try {
    if (lastSigner === undefined || key !== lastKey || qp !== lastPrefix) {
      lastSigner = undefined;
      lastSigner = new native.NativeSigner(key, qp);
      lastKey = key;
      lastPrefix = qp;
    }
    return typeof b === 'string'
      ? lastSigner.sign(method, ts, path, query, b)
      : lastSigner.signBytes(method, ts, path, query, b);
  } catch (err) {
    throw fromNative(err);
  }
}

/** The exact text signed for a request (for debugging a signature mismatch). */
function stringToSign(input) {
  const [method, ts, path, query, b] = parts(input);
  return guard(() => native.nativeStringToSign(method, ts, path, query, b, prefix(undefined, input)));
}

/** Signs many requests with one signKey (the key schedule is done once). */
class Signer {
  #native;

  constructor(signKey, opts) {
    const queryPrefix = prefix(opts);
    this.#native = guard(() => new native.NativeSigner(str('signKey', signKey), queryPrefix));
  }

  /** The SIGNATURE header value for `input`. */
  sign(input) {
    const [method, ts, path, query, b] = parts(input);
    try {
      return typeof b === 'string' ? this.#native.sign(method, ts, path, query, b) : this.#native.signBytes(method, ts, path, query, b);
    } catch (err) {
      throw fromNative(err);
    }
  }

  /** Checks `signature` in constant time; throws SignatureMismatchError when it does not match. */
  verify(input, signature) {
    const [method, ts, path, query, b] = parts(input);
    const sig = str('signature', signature);
    const ok = guard(() => this.#native.verify(method, ts, path, query, b, sig));
    if (!ok) throw fromNative({ code: 'signature_mismatch', message: 'signature mismatch: the SIGNATURE does not match the signKey and the exact bytes received' });
  }

  [Symbol.for('nodejs.util.inspect.custom')]() {
    return 'Signer { signKey: <redacted> }';
  }
}

module.exports = { signRequest, stringToSign, Signer };
