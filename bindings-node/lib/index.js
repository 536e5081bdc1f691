'use strict';
// wcheckout: W Checkout (StableLink) stablecoin payments for Node.js, over the Rust core.

const native = require('./native.js');
const errors = require('./errors.js');
const { guard } = errors;
const { str, body } = require('./util.js');
const { Client, PageIterator } = require('./client.js');
const { signRequest, stringToSign, Signer } = require('./signing.js');
const { ACKNOWLEDGEMENT, WebhookVerifier, signWebhookForTest } = require('./webhook.js');
const { EventDeduplicator, Reconciler } = require('./fleet.js');

const KINDS = ['token', 'orderStatus', 'refundStatus', 'settleStatus', 'abnormalPaymentType', 'abnormalPaymentStatus', 'eventType'];

/** Values this version knows for each enumeration; the API may send others (kept as strings). */
const KNOWN_VALUES = Object.freeze(
  Object.fromEntries(KINDS.map((k) => [k, Object.freeze(native.knownValues(k))])),
);

/** Canonical text of a decimal amount: `"12.50"` stays `"12.50"`, `"1.5e2"` becomes `"150"`. */
function normalizeAmount(amount) {
  return guard(() => native.nativeNormalizeAmount(str('amount', amount)));
}

/** Canonical text of an amount given as JSON text: a number literal (exact digits) or a JSON string. */
function amountFromJson(jsonText) {
  return guard(() => native.nativeAmountFromJson(str('jsonText', jsonText)));
}

/**
 * Reads a raw W Checkout response envelope as the client does: returns `retdata` (`null` when
 * absent), or throws ApiError (retcode other than 200, or HTTP status other than 200) or DecodeError.
 */
function parseEnvelope(rawBody, httpStatus = 200) {
  if (!Number.isInteger(httpStatus) || httpStatus < 0) {
    throw errors.fromNative({ code: 'invalid_argument', message: `invalid argument: httpStatus must be an integer, got ${String(httpStatus)}` });
  }
  return JSON.parse(guard(() => native.nativeParseEnvelope(body('rawBody', rawBody), httpStatus)));
}

/** Parses JSON with exact numbers: numbers a JavaScript number cannot hold become strings. */
function parseJsonExact(text) {
  return JSON.parse(guard(() => native.nativeParseJsonExact(body('text', text))));
}

/** Every stable error `code`. */
const ERROR_CODES = Object.freeze(native.errorCodes());

exports.Client = Client;
exports.PageIterator = PageIterator;
exports.signRequest = signRequest;
exports.stringToSign = stringToSign;
exports.Signer = Signer;
exports.WebhookVerifier = WebhookVerifier;
exports.EventDeduplicator = EventDeduplicator;
exports.Reconciler = Reconciler;
exports.signWebhookForTest = signWebhookForTest;
exports.ACKNOWLEDGEMENT = ACKNOWLEDGEMENT;
exports.KNOWN_VALUES = KNOWN_VALUES;
exports.ERROR_CODES = ERROR_CODES;
exports.VERSION = native.VERSION;
exports.normalizeAmount = normalizeAmount;
exports.amountFromJson = amountFromJson;
exports.parseEnvelope = parseEnvelope;
exports.parseJsonExact = parseJsonExact;
exports.WCheckoutError = errors.WCheckoutError;
exports.InvalidArgumentError = errors.InvalidArgumentError;
exports.InvalidAmountError = errors.InvalidAmountError;
exports.SignatureMismatchError = errors.SignatureMismatchError;
exports.WebhookVerificationError = errors.WebhookVerificationError;
exports.WebhookMissingHeaderError = errors.WebhookMissingHeaderError;
exports.WebhookTimestampError = errors.WebhookTimestampError;
exports.WebhookToleranceError = errors.WebhookToleranceError;
exports.WebhookSignatureError = errors.WebhookSignatureError;
exports.WebhookPayloadError = errors.WebhookPayloadError;
exports.ApiError = errors.ApiError;
exports.AuthenticationError = errors.AuthenticationError;
exports.TransportError = errors.TransportError;
exports.TimeoutError = errors.TimeoutError;
exports.DecodeError = errors.DecodeError;
exports.ResponseSignatureError = errors.ResponseSignatureError;
exports.IdempotencyConflictError = errors.IdempotencyConflictError;
exports.TokenStoreError = errors.TokenStoreError;
exports.InternalError = errors.InternalError;
exports.AbortError = errors.AbortError;
