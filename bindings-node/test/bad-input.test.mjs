// Wrong types, null, huge and malformed values: always a clear WCheckoutError, never a crash.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, uniqueNo, DEMO } from './helpers/sandbox.mjs';
import wc from '../lib/index.js';

let sb;
let client;
before(async () => {
  sb = await startSandbox();
  client = new wc.Client(sb.client({ maxRetries: 0 }));
});
after(async () => sb?.stop());

const HUGE = 'A'.repeat(2 * 1024 * 1024);
const circular = {};
circular.self = circular;

function clear(pattern) {
  return (e) => {
    assert.ok(e instanceof wc.InvalidArgumentError, `${e && e.name}: ${e && e.message}`);
    if (pattern) assert.match(e.message, pattern);
    assert.ok(e.message.length < 600, 'message stays short');
    return true;
  };
}

test('new Client(options): every bad option is named', () => {
  const ok = { ...DEMO, baseUrl: sb.url };
  const cases = [
    [undefined, /options must be an object/],
    [null, /options must be an object/],
    ['key', /options must be an object/],
    [{ ...ok, apiKey: 1 }, /apiKey must be a string, got a number/],
    [{ ...ok, apiSecret: null }, /apiSecret must be a string, got null/],
    [{ apiKey: 'a', apiSecret: 'b', baseUrl: sb.url }, /signKey must be a string, got undefined/],
    [{ ...ok, apiKey: '   ' }, /apiKey must not be empty/],
    [{ ...ok, timeoutMs: -1 }, /timeoutMs/],
    [{ ...ok, timeoutMs: Number.NaN }, /timeoutMs/],
    [{ ...ok, timeoutMs: Infinity }, /timeoutMs/],
    [{ ...ok, timeoutMs: 1e300 }, /timeoutMs/],
    [{ ...ok, timeoutMs: '100' }, /timeoutMs must be a number, got a string/],
    [{ ...ok, timeoutMs: 0 }, /timeout must be greater than zero/],
    [{ ...ok, connectTimeoutMs: 1.5 }, /connectTimeoutMs/],
    [{ ...ok, maxRetries: 11 }, /maxRetries/],
    [{ ...ok, maxRetries: 2.5 }, /maxRetries/],
    [{ ...ok, responseSignature: 'maybe' }, /responseSignature must be one of/],
    [{ ...DEMO, environment: 'mars' }, /environment must be/],
    [{ ...DEMO, baseUrl: 'ftp://example.com' }, /base URL must be http/],
    [{ ...ok, environment: 'sandbox' }, /either environment or baseUrl/],
  ];
  for (const [opts, pattern] of cases) assert.throws(() => new wc.Client(opts), clear(pattern), JSON.stringify(opts));
});

test('requests: wrong types, null, huge and malformed values reject clearly', async () => {
  const good = { orderNo: uniqueNo('B'), orderAmount: '10', customerId: 'c', token: 'ETH_USDT' };
  const cases = [
    [() => client.createCheckoutOrder(), /request must be an object, got undefined/],
    [() => client.createCheckoutOrder(null), /request must be an object, got null/],
    [() => client.createCheckoutOrder('order'), /request must be an object, got a string/],
    [() => client.createCheckoutOrder([good]), /request must be an object, got an array/],
    [() => client.createCheckoutOrder({ ...good, orderAmount: 10n }), /cannot be serialised as JSON/],
    [() => client.createCheckoutOrder({ ...good, extra: circular }), /cannot be serialised as JSON/],
    [() => client.createCheckoutOrder({ ...good, orderAmount: 0.1 }), /decimal strings/],
    [() => client.createCheckoutOrder({ ...good, orderAmount: 2 ** 60 }), /decimal strings/],
    [() => client.createCheckoutOrder({ ...good, orderAmount: '1e99999' }), /exponent/],
    [() => client.createCheckoutOrder({ ...good, orderAmount: 'NaN' }), /amount/],
    [() => client.createCheckoutOrder({ ...good, orderAmount: null }), /amount/],
    [() => client.createCheckoutOrder({ ...good, orderNo: HUGE }), /at most 64/],
    [() => client.createCheckoutOrder({ ...good, orderNo: 'ünïcode' }), /letters and digits/],
    [() => client.createCheckoutOrder({ ...good, customerId: undefined }), /customerId/],
    [() => client.createCheckoutOrder({ ...good, token: 5 }), /invalid type/],
    [() => client.createCheckoutOrder({ ...good, expiredIn: -1 }), /expiredIn|invalid value/],
    [() => client.createCheckoutOrder({ ...good, expiredIn: 1e300 }), /decimal strings|expiredIn/],
    [() => client.createCheckoutOrder(good, 'not options'), /options must be an object/],
    [() => client.createCheckoutOrder(good, { forwardedFor: 42 }), /forwardedFor must be a string/],
    [() => client.createCheckoutOrder(good, { forwardedFor: '1.2.3.4\r\nX: y' }), /forwarded_for/],
    [() => client.getCheckoutOrderInfo(), /orderNo must be a string, got undefined/],
    [() => client.getCheckoutOrderInfo(null), /orderNo must be a string, got null/],
    [() => client.getCheckoutOrderInfo(123), /orderNo must be a string, got a number/],
    [() => client.getCheckoutOrderInfo({}), /orderNo must be a string, got an object/],
    [() => client.getCheckoutOrderInfo(''), /orderNo is required/],
    [() => client.getCheckoutOrderInfo(HUGE), /at most 64/],
    [() => client.cancelRefundOrder(['x']), /refundOrderNo must be a string/],
    [() => client.listCheckoutOrders('all'), /filter must be an object/],
    [() => client.listCheckoutOrders({ pageSize: 'ten' }), /invalid type/],
    [() => client.listCheckoutOrders({ pageSize: -3 }), /invalid value|pageSize/],
    [() => client.createRefundOrder({ refundOrderNo: 'R1', amount: '1' }), /orderNo or abnormalPaymentNo/],
    [() => client.createSettlementOrder({ settlementOrderNo: 'S1', token: 'ETH_USDT', amount: '1' }), /address/],
    [() => client.request(1, '/x'), /method must be a string/],
    [() => client.request('GET', 'no-slash'), /path must start with/],
    [() => client.request('FETCH', '/x'), /method must be GET, POST/],
    [() => client.request('POST', '/x', { body: '{bad json' }), /JSON|json/],
    [() => client.request('POST', '/x', { body: { a: 0.1 } }), /decimal strings/],
    [() => client.request('GET', '/x', { query: { a: {} } }), /query value "a" must be a string/],
    [() => client.request('GET', '/x', { query: [['a']] }), /\[name, value\]/],
  ];
  for (const [call, pattern] of cases) await assert.rejects(call(), clear(pattern), pattern.source);
  assert.throws(() => client.iterCheckoutOrders(7), clear(/filter must be an object/));
  assert.throws(() => client.iterRefundOrders({ pageSize: 'x' }), clear(/invalid type/));
});

test('signing and webhook helpers: bad values throw clearly', () => {
  const input = { method: 'GET', timestamp: '1', path: '/x' };
  const signCases = [
    [() => wc.signRequest(null, input), /signKey must be a string/],
    [() => wc.signRequest('', input), /sign key must not be empty/],
    [() => wc.signRequest('k', null), /must be an object/],
    [() => wc.signRequest('k', { ...input, timestamp: -1 }), /timestamp/],
    [() => wc.signRequest('k', { ...input, timestamp: 1.5 }), /timestamp/],
    [() => wc.signRequest('k', { ...input, timestamp: 'soon' }), /timestamp/],
    [() => wc.signRequest('k', { ...input, method: '' }), /HTTP method/],
    [() => wc.signRequest('k', { ...input, body: 123 }), /body must be a Buffer or a string/],
    [() => wc.signRequest('k', { ...input, queryPrefix: 'bogus' }), /queryPrefix/],
    [() => new wc.Signer(42), /signKey must be a string/],
    [() => new wc.WebhookVerifier(null), /signKey must be a string/],
    [() => new wc.WebhookVerifier(''), /sign key must not be empty/],
    [() => new wc.WebhookVerifier('k', { toleranceSec: -1 }), /toleranceSec/],
    [() => new wc.WebhookVerifier('k', { toleranceSec: Number.NaN }), /toleranceSec/],
    [() => new wc.WebhookVerifier('k', { toleranceSec: 1e300 }), /toleranceSec/],
    [() => new wc.WebhookVerifier('k', { toleranceSec: '60' }), /toleranceSec must be a number/],
    [() => new wc.WebhookVerifier('k').verify(null, '{}'), /headers must be/],
    [() => new wc.WebhookVerifier('k').verify({ a: {} }, '{}'), /header values must be strings/],
    [() => new wc.WebhookVerifier('k').verify({}, { eventId: 'parsed' }), /raw request body/],
    [() => new wc.WebhookVerifier('k').verify({}, 42), /rawBody must be a Buffer or a string, got a number/],
    [() => new wc.WebhookVerifier('k').verify({}, '{}', { nowMs: -5 }), /nowMs/],
    [() => wc.signWebhookForTest('k', '{}', { timestampMs: 'now' }), /timestampMs must be a number/],
    [() => wc.signWebhookForTest('k', '{}', { timestampMs: -1 }), /timestampMs/],
    [() => wc.normalizeAmount(12.5), /amount must be a string/],
    [() => wc.amountFromJson(undefined), /jsonText must be a string/],
    [() => wc.parseEnvelope('{}', -1), /httpStatus/],
    [() => wc.parseEnvelope('{}', 70000), /httpStatus/],
    [() => wc.parseEnvelope(null), /rawBody must be a Buffer or a string/],
  ];
  for (const [call, pattern] of signCases) assert.throws(call, clear(pattern), pattern.source);
});

test('huge and odd webhook bodies are verified or refused, never a crash', () => {
  const key = 'k';
  const v = new wc.WebhookVerifier(key);
  const big = JSON.stringify({ eventId: 'e', eventType: 'SOMETHING_NEW', timestamp: 1, data: { blob: HUGE } });
  const ev = v.verify(wc.signWebhookForTest(key, big), big);
  assert.equal(ev.known, false);
  assert.equal(ev.data.blob.length, HUGE.length);
  const badUtf8 = Buffer.from([0x7b, 0xff, 0xfe, 0x7d]);
  assert.throws(() => v.verify(wc.signWebhookForTest(key, badUtf8), badUtf8), wc.WebhookPayloadError);
  const deep = '['.repeat(100000) + ']'.repeat(100000);
  assert.throws(() => v.verify(wc.signWebhookForTest(key, deep), deep), wc.WebhookPayloadError);
  assert.throws(() => wc.parseJsonExact(deep), wc.DecodeError);
  assert.throws(() => v.verify(wc.signWebhookForTest(key, ''), ''), wc.WebhookPayloadError);
  // The same headers in every accepted shape.
  const body = '{"eventId":"e2","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A","orderStatus":"PAID"}}';
  const h = wc.signWebhookForTest(key, body);
  for (const shape of [h, new Headers(h), new Map(Object.entries(h)), Object.entries(h), Object.entries(h).flat(), { signature: [h.SIGNATURE], timestamp: h.TIMESTAMP }]) {
    assert.equal(v.verify(shape, body).eventId, 'e2');
  }
});
