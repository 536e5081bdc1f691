'use strict';
// Error classes. The native addon throws plain Errors carrying `code` (a stable core code),
// `retryable`, `outcomeUnknown` and, for API errors, `retcode`, `retmsg` and `httpStatus`;
// `fromNative` re-creates them as the subclass for that code. No message ever contains a secret
// (the core guarantees it).

/** Base class of every error this package throws or rejects with. */
class WCheckoutError extends Error {
  constructor(message, details = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = new.target.name;
    this.code = details.code ?? new.target.code ?? 'wcheckout_error';
    if (details.retcode !== undefined) this.retcode = details.retcode;
    if (details.retmsg !== undefined) this.retmsg = details.retmsg;
    if (details.httpStatus !== undefined) this.httpStatus = details.httpStatus;
    /** True when retrying the same request could succeed (timeouts, transport failures, 429/5xx). */
    this.retryable = details.retryable === true;
    /**
     * True when an attempt may have reached the server and been processed, so the result is
     * unknown. Then repeat the identical call: a create answered "duplicate" resolves with the
     * object if it is this request's (else IdempotencyConflictError), a repeated cancel resolves.
     */
    this.outcomeUnknown = details.outcomeUnknown === true;
  }
}

/** A caller-supplied value is unusable: wrong type, missing field, malformed text. */
class InvalidArgumentError extends WCheckoutError {}
InvalidArgumentError.code = 'invalid_argument';

/** A money amount is not an exact, finite, non-negative decimal string. */
class InvalidAmountError extends InvalidArgumentError {}
InvalidAmountError.code = 'invalid_amount';

/** A request signature did not match (`Signer#verify`). */
class SignatureMismatchError extends WCheckoutError {}
SignatureMismatchError.code = 'signature_mismatch';

/** Base class of every webhook verification failure: answer such deliveries with HTTP 400/401. */
class WebhookVerificationError extends WCheckoutError {}

class WebhookMissingHeaderError extends WebhookVerificationError {}
WebhookMissingHeaderError.code = 'webhook_missing_header';

class WebhookTimestampError extends WebhookVerificationError {}
WebhookTimestampError.code = 'webhook_malformed_timestamp';

class WebhookToleranceError extends WebhookVerificationError {}
WebhookToleranceError.code = 'webhook_outside_tolerance';

class WebhookSignatureError extends WebhookVerificationError {}
WebhookSignatureError.code = 'webhook_signature_mismatch';

class WebhookPayloadError extends WebhookVerificationError {}
WebhookPayloadError.code = 'webhook_malformed_json';

/** The API answered with a business error (`retcode` other than 200) or a non-200 HTTP status. */
class ApiError extends WCheckoutError {}
ApiError.code = 'api_error';

/** The access token could not be obtained (wrong apiKey / apiSecret) or was refused. */
class AuthenticationError extends WCheckoutError {}
AuthenticationError.code = 'auth_error';

/** The connection failed (refused, reset, dropped mid-response, TLS). */
class TransportError extends WCheckoutError {}
TransportError.code = 'transport_error';

/** The connect or overall timeout elapsed. */
class TimeoutError extends TransportError {}
TimeoutError.code = 'timeout';

/** A response could not be decoded. */
class DecodeError extends WCheckoutError {}
DecodeError.code = 'decode_error';

/** A response signature was missing (when required) or did not match. */
class ResponseSignatureError extends WCheckoutError {}
ResponseSignatureError.code = 'response_signature';

/**
 * A create was answered "duplicate" and the object stored under that number differs from the
 * request: someone else's object, never a success. `existing` is the stored object; `differences`
 * names the differing fields (wire names, e.g. `['address']`).
 */
class IdempotencyConflictError extends WCheckoutError {
  constructor(message, details = {}) {
    super(message, details);
    this.existing = details.existing ?? null;
    this.differences = details.differences ?? [];
  }
}
IdempotencyConflictError.code = 'idempotency_conflict';

/**
 * A shared store (`tokenStore`, `EventDeduplicator` or a reconciler's watch list: `file://…`,
 * `redis://…`) could not be used. The call was not sent; `retryable` is true. The message names
 * the store, never its password.
 */
class TokenStoreError extends WCheckoutError {}
TokenStoreError.code = 'token_store';

/** A bug in wcheckout (a caught panic). Please report it. */
class InternalError extends WCheckoutError {}
InternalError.code = 'internal';

/**
 * The call's `AbortSignal` fired: the Promise rejects at once (`code` `'aborted'`, `cause` the
 * signal's reason). No further attempt starts, but one already sent is not recalled: the request
 * may still reach the server and be processed, so `outcomeUnknown` is true. Repeat the identical
 * call (creates are idempotent by merchant number) or look the object up to learn what happened.
 */
class AbortError extends WCheckoutError {
  constructor(message, details = {}) {
    super(message, { ...details, code: 'aborted', retryable: false, outcomeUnknown: true });
  }
}
AbortError.code = 'aborted';

const BY_CODE = new Map(
  [
    InvalidArgumentError,
    InvalidAmountError,
    SignatureMismatchError,
    WebhookMissingHeaderError,
    WebhookTimestampError,
    WebhookToleranceError,
    WebhookSignatureError,
    WebhookPayloadError,
    ApiError,
    AuthenticationError,
    TransportError,
    TimeoutError,
    DecodeError,
    ResponseSignatureError,
    IdempotencyConflictError,
    TokenStoreError,
    InternalError,
  ].map((cls) => [cls.code, cls]),
);

/**
 * Converts whatever the addon threw into a WCheckoutError subclass. Errors napi raises itself
 * (a value of the wrong type reaching the addon) become InvalidArgumentError.
 */
function fromNative(err) {
  if (err instanceof WCheckoutError) return err;
  const e = err !== null && typeof err === 'object' ? err : { message: String(err) };
  const cls = BY_CODE.get(e.code);
  if (cls === undefined) {
    return new InvalidArgumentError(`invalid argument: ${e.message}`, { cause: err });
  }
  const details = {
    retcode: e.retcode,
    retmsg: e.retmsg,
    httpStatus: e.httpStatus,
    retryable: e.retryable,
    outcomeUnknown: e.outcomeUnknown,
  };
  if (cls === IdempotencyConflictError) {
    details.differences = Array.isArray(e.differences) ? e.differences : [];
    details.existing = typeof e.existingJson === 'string' ? JSON.parse(e.existingJson) : null;
  }
  return new cls(e.message, details);
}

/** Runs `fn`, rethrowing addon errors as WCheckoutError subclasses. */
function guard(fn) {
  try {
    return fn();
  } catch (err) {
    throw fromNative(err);
  }
}

module.exports = {
  WCheckoutError,
  InvalidArgumentError,
  InvalidAmountError,
  SignatureMismatchError,
  WebhookVerificationError,
  WebhookMissingHeaderError,
  WebhookTimestampError,
  WebhookToleranceError,
  WebhookSignatureError,
  WebhookPayloadError,
  ApiError,
  AuthenticationError,
  TransportError,
  TimeoutError,
  DecodeError,
  ResponseSignatureError,
  IdempotencyConflictError,
  TokenStoreError,
  InternalError,
  AbortError,
  BY_CODE,
  fromNative,
  guard,
};
