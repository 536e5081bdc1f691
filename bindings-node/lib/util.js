'use strict';
// Argument checks at the JavaScript edge, so a wrong type gets a clear InvalidArgumentError
// naming the parameter instead of a generic napi type error.

const { InvalidArgumentError } = require('./errors.js');

function describe(v) {
  if (v === null) return 'null';
  if (v === undefined) return 'undefined';
  if (Array.isArray(v)) return 'an array';
  if (v instanceof Uint8Array) return 'a Buffer';
  if (typeof v === 'object') return 'an object';
  return `a ${typeof v}`;
}

function fail(message) {
  return new InvalidArgumentError(`invalid argument: ${message}`);
}

function str(name, v) {
  if (typeof v !== 'string') throw fail(`${name} must be a string, got ${describe(v)}`);
  return v;
}

function optStr(name, v) {
  return v === undefined || v === null ? undefined : str(name, v);
}

function optNum(name, v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number') throw fail(`${name} must be a number, got ${describe(v)}`);
  return v;
}

function optBool(name, v) {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw fail(`${name} must be a boolean, got ${describe(v)}`);
  return v;
}

function options(name, v) {
  if (v === undefined || v === null) return {};
  if (typeof v !== 'object' || Array.isArray(v)) throw fail(`${name} must be an object, got ${describe(v)}`);
  return v;
}

/** JSON text of a request object (`undefined`/`null` allowed when `optional`). */
function json(name, v, optional = false) {
  if ((v === undefined || v === null) && optional) return '{}';
  if (v === null || typeof v !== 'object' || Array.isArray(v) || v instanceof Uint8Array) {
    throw fail(`${name} must be an object, got ${describe(v)}`);
  }
  try {
    return JSON.stringify(v);
  } catch (err) {
    // BigInt values, cycles, throwing toJSON methods.
    throw new InvalidArgumentError(`invalid argument: ${name} cannot be serialised as JSON: ${err.message}`, {
      cause: err,
    });
  }
}

/** Bytes or text as received: a Buffer/Uint8Array or a string, never parsed JSON. */
function body(name, v) {
  if (typeof v === 'string' || v instanceof Uint8Array) return v;
  const hint =
    v !== null && typeof v === 'object'
      ? ' (it looks already parsed: pass the raw request body, e.g. express.raw({ type: "application/json" }))'
      : '';
  throw fail(`${name} must be a Buffer or a string, got ${describe(v)}${hint}`);
}

/** A millisecond timestamp as decimal text. */
function timestamp(name, v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  throw fail(`${name} must be decimal text or a non-negative safe integer, got ${describe(v)}`);
}

module.exports = { describe, fail, str, optStr, optNum, optBool, options, json, body, timestamp };
