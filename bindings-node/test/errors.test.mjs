// Every error class, raised for real (sandbox faults, a wrong secret, a closed port, a non-API
// server), with its fields, and never a secret in a message or in util.inspect.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { inspect } from 'node:util';
import { startSandbox, uniqueNo, DEMO } from './helpers/sandbox.mjs';
import wc from '../lib/index.js';

let sb;
const seen = [];

before(async () => {
  sb = await startSandbox();
});
after(async () => sb?.stop());

function expectClass(cls, code, check = () => {}) {
  return (e) => {
    assert.ok(e instanceof cls, `expected ${cls.name}, got ${e && e.name}: ${e && e.message}`);
    assert.ok(e instanceof wc.WCheckoutError);
    assert.ok(e instanceof Error);
    assert.equal(e.code, code);
    assert.equal(e.name, cls.name);
    for (const secret of [DEMO.apiSecret, DEMO.signKey, 'wrong_secret_value']) {
      assert.ok(!e.message.includes(secret), `secret in message: ${e.message}`);
      assert.ok(!inspect(e).includes(secret), 'secret in inspect(error)');
    }
    check(e);
    seen.push(code);
    return true;
  };
}

test('ApiError carries retcode, retmsg and httpStatus', async () => {
  const client = new wc.Client(sb.client());
  await assert.rejects(
    client.getCheckoutOrderInfo('NoSuchOrder1'),
    expectClass(wc.ApiError, 'api_error', (e) => {
      assert.equal(e.retcode, '00010');
      assert.match(e.retmsg, /not found/);
      assert.equal(typeof e.httpStatus, 'number');
    }),
  );
  const orderNo = uniqueNo('D');
  const req = { orderNo, orderAmount: '1', customerId: 'c', token: 'ETH_USDT' };
  await client.createCheckoutOrder(req);
  // The same number again: the identical request gets its order back; a different one is a conflict.
  const again = await client.createCheckoutOrder({ ...req, orderAmount: '1.00' });
  assert.equal(again.orderNo, orderNo);
  await assert.rejects(
    client.createCheckoutOrder({ ...req, orderAmount: '2' }),
    expectClass(wc.IdempotencyConflictError, 'idempotency_conflict', (e) => {
      assert.deepEqual(e.differences, ['orderAmount']);
      assert.equal(e.existing.orderNo, orderNo);
      assert.equal(e.existing.orderAmount, '1');
      assert.equal(e.outcomeUnknown, false);
      assert.equal(e.retryable, false);
    }),
  );
});

test('outcomeUnknown: true when an attempt may have landed; repeating the call is safe', async () => {
  const client = new wc.Client(sb.client({ maxRetries: 0 }));
  await client.listCheckoutOrders({ pageSize: 1 }); // token first
  const orderNo = uniqueNo('U');
  const req = { orderNo, orderAmount: '3', customerId: 'c', token: 'TRX_USDT' };
  await sb.control('POST', '/faults', { path: '/checkout/order/create', kind: 'drop_after_processing', count: 1 });
  await assert.rejects(client.createCheckoutOrder(req), (e) => {
    assert.ok(e instanceof wc.TransportError, String(e));
    assert.equal(e.outcomeUnknown, true);
    assert.equal(e.retryable, true);
    return true;
  });
  assert.equal((await client.createCheckoutOrder(req)).orderNo, orderNo);
  await assert.rejects(client.getCheckoutOrderInfo('NoSuchOrder2'), (e) => e.outcomeUnknown === false);
  // A cancel whose answer was lost is a success.
  await sb.control('POST', '/faults', { path: '/checkout/order/cancel', kind: 'drop_after_processing', count: 1 });
  const retrying = new wc.Client(sb.client({ maxRetries: 2 }));
  assert.equal((await retrying.cancelCheckoutOrder(orderNo)).orderStatus, 'CANCELLED');
});

test('responseToleranceMs reaches the core', async () => {
  const ok = new wc.Client(sb.client({ responseToleranceMs: 60_000 }));
  assert.equal((await ok.listCheckoutOrders({ pageSize: 1 })).pageSize, 1);
  assert.throws(() => new wc.Client(sb.client({ responseToleranceMs: 7_200_000 })), (e) => e instanceof wc.InvalidArgumentError && /response_tolerance/.test(e.message));
});

test('a panic in the addon is an InternalError, never a crash', async () => {
  const native = (await import('../lib/native.js')).default;
  const { guard, fromNative } = (await import('../lib/errors.js')).default;
  assert.throws(
    () => guard(() => native.nativePanicForTest('boom')),
    expectClass(wc.InternalError, 'internal', (e) => assert.match(e.message, /boom/)),
  );
  await assert.rejects(
    native.nativePanicForTestAsync('async boom').catch((err) => Promise.reject(fromNative(err))),
    (e) => e instanceof wc.InternalError && /async boom/.test(e.message),
  );
});

test('InvalidArgumentError and InvalidAmountError before anything is sent', async () => {
  const client = new wc.Client(sb.client());
  await assert.rejects(client.getCheckoutOrderInfo('not alnum!'), expectClass(wc.InvalidArgumentError, 'invalid_argument'));
  const base = { orderNo: uniqueNo('V'), customerId: 'c', token: 'ETH_USDT' };
  await assert.rejects(client.createCheckoutOrder({ ...base, orderAmount: '-1' }), expectClass(wc.InvalidAmountError, 'invalid_amount'));
  await assert.rejects(client.createCheckoutOrder({ ...base, orderAmount: '0' }), expectClass(wc.InvalidAmountError, 'invalid_amount'));
  // A fractional JS number has already lost digits: amounts must be decimal strings.
  await assert.rejects(client.createCheckoutOrder({ ...base, orderAmount: 12.5 }), (e) => {
    assert.ok(e instanceof wc.InvalidArgumentError);
    assert.match(e.message, /decimal strings/);
    return true;
  });
  assert.ok(new wc.InvalidAmountError('x') instanceof wc.InvalidArgumentError);
});

test('AuthenticationError for a wrong apiSecret, without the secret', async () => {
  const client = new wc.Client(sb.client({ apiSecret: 'wrong_secret_value' }));
  await assert.rejects(client.listCheckoutOrders(), expectClass(wc.AuthenticationError, 'auth_error'));
});

test('TransportError for a refused connection and a dropped one', async () => {
  const server = http.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r)); // the port is now closed
  const closed = new wc.Client({ ...DEMO, baseUrl: `http://127.0.0.1:${port}`, maxRetries: 0 });
  await assert.rejects(closed.listCheckoutOrders(), expectClass(wc.TransportError, 'transport_error'));

  const client = new wc.Client(sb.client({ maxRetries: 0 }));
  await client.listCheckoutOrders(); // token cached first
  await sb.control('POST', '/faults', { path: '/checkout/order/list', kind: 'drop', count: 1 });
  await assert.rejects(client.listCheckoutOrders(), expectClass(wc.TransportError, 'transport_error'));
});

test('TokenStoreError when the token store is unreachable, unless the fallback is on', async () => {
  const server = http.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r)); // nothing listens there now
  const url = `redis://:hunter2pass@127.0.0.1:${port}/0`;
  const client = new wc.Client(sb.client({ tokenStore: url }));
  assert.equal(client.tokenStore, `redis://***@127.0.0.1:${port}/0`);
  await assert.rejects(
    client.getCheckoutOrderInfo('NoSuchOrder1'),
    expectClass(wc.TokenStoreError, 'token_store', (e) => {
      assert.equal(e.retryable, true);
      assert.equal(e.outcomeUnknown, false);
      assert.ok(e.message.includes(`127.0.0.1:${port}`), e.message);
      assert.ok(!e.message.includes('hunter2pass') && !inspect(client).includes('hunter2pass'));
    }),
  );
  const fallback = new wc.Client(sb.client({ tokenStore: url, tokenStoreFallback: true }));
  await assert.rejects(fallback.getCheckoutOrderInfo('NoSuchOrder1'), (e) => e.retcode === '00010');
  assert.throws(() => new wc.Client(sb.client({ tokenStore: 'ftp://nowhere' })), wc.InvalidArgumentError);
  assert.throws(() => new wc.Client(sb.client({ tokenStoreFallback: 'yes' })), wc.InvalidArgumentError);
});

test('TimeoutError when the sandbox delays past timeoutMs', async () => {
  const client = new wc.Client(sb.client({ timeoutMs: 300, maxRetries: 0 }));
  await client.listCheckoutOrders();
  await sb.control('POST', '/faults', { path: '/checkout/order/list', kind: 'delay', delayMs: 1500, count: 1 });
  await assert.rejects(client.listCheckoutOrders(), expectClass(wc.TimeoutError, 'timeout', (e) => assert.ok(e instanceof wc.TransportError)));
});

test('retries absorb transient 503s', async () => {
  const client = new wc.Client(sb.client({ maxRetries: 2 }));
  await sb.control('POST', '/faults', { path: '/checkout/order/list', kind: 'http_503', count: 2 });
  const page = await client.listCheckoutOrders();
  assert.equal(typeof page.total, 'number');
  await sb.control('DELETE', '/faults');
});

test('ResponseSignatureError when a response signature does not match', async () => {
  const client = new wc.Client(sb.client({ maxRetries: 0 }));
  await client.listCheckoutOrders();
  await sb.control('POST', '/faults', { path: '/checkout/order/list', kind: 'bad_signature', count: 1 });
  await assert.rejects(client.listCheckoutOrders(), expectClass(wc.ResponseSignatureError, 'response_signature'));
  await sb.control('DELETE', '/faults');
});

test('DecodeError when the server is not a W Checkout API', async () => {
  // A gateway that issues tokens but answers business calls with an HTML page.
  const server = http.createServer((req, res) => {
    if (req.url.startsWith('/user/auth/oauth2/token')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"retcode":200,"retmsg":"","retdata":{"access_token":"tok","expires_in":3600}}');
      return;
    }
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html><body>502 Bad Gateway</body></html>');
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const client = new wc.Client({ ...DEMO, baseUrl: `http://127.0.0.1:${server.address().port}`, maxRetries: 0 });
    await assert.rejects(client.listCheckoutOrders(), expectClass(wc.DecodeError, 'decode_error'));
  } finally {
    server.close();
  }
  assert.throws(() => wc.parseEnvelope('<html>'), expectClass(wc.DecodeError, 'decode_error'));
});

test('SignatureMismatchError and every webhook error class', () => {
  const signer = new wc.Signer(DEMO.signKey);
  const input = { method: 'GET', timestamp: 1700000000000, path: '/x' };
  const sig = signer.sign(input);
  signer.verify(input, sig);
  assert.throws(() => signer.verify(input, sig.replace(/^./, (c) => (c === 'A' ? 'B' : 'A'))), expectClass(wc.SignatureMismatchError, 'signature_mismatch'));

  const v = new wc.WebhookVerifier(DEMO.signKey);
  const body = JSON.stringify({ eventId: 'evt_1', eventType: 'CHECKOUT_ORDER_CHANGED', timestamp: 1, data: { orderNo: 'A1', orderStatus: 'PAID' } });
  const headers = wc.signWebhookForTest(DEMO.signKey, body);
  assert.equal(v.verify(headers, body).data.orderNo, 'A1');
  assert.throws(() => v.verify({ TIMESTAMP: headers.TIMESTAMP }, body), expectClass(wc.WebhookMissingHeaderError, 'webhook_missing_header'));
  assert.throws(() => v.verify({ ...headers, TIMESTAMP: 'soon' }, body), expectClass(wc.WebhookTimestampError, 'webhook_malformed_timestamp'));
  const old = wc.signWebhookForTest(DEMO.signKey, body, { timestampMs: Date.now() - 10 * 60 * 1000 });
  assert.throws(() => v.verify(old, body), expectClass(wc.WebhookToleranceError, 'webhook_outside_tolerance'));
  assert.equal(new wc.WebhookVerifier(DEMO.signKey, { toleranceSec: 3600 }).verify(old, body).eventId, 'evt_1');
  assert.throws(() => v.verify(headers, body.replace('PAID', 'PAYING')), expectClass(wc.WebhookSignatureError, 'webhook_signature_mismatch'));
  const notJson = 'not json';
  assert.throws(() => v.verify(wc.signWebhookForTest(DEMO.signKey, notJson), notJson), expectClass(wc.WebhookPayloadError, 'webhook_malformed_json'));
  for (const cls of [wc.WebhookMissingHeaderError, wc.WebhookTimestampError, wc.WebhookToleranceError, wc.WebhookSignatureError, wc.WebhookPayloadError]) {
    assert.ok(cls.prototype instanceof wc.WebhookVerificationError);
  }
});

test('every error code was raised by a real failure above', () => {
  assert.deepEqual([...new Set(seen)].sort(), [...wc.ERROR_CODES].sort());
});

test('no secret in util.inspect, JSON or String of a client, signer or verifier', () => {
  const secret = 'S3cr3t_api_secret_value';
  const signKey = 'S1gn_key_value_secret';
  const client = new wc.Client({ apiKey: 'demo_api_key', apiSecret: secret, signKey, baseUrl: sb.url });
  const shown = [
    inspect(client, { showHidden: true, depth: 10 }),
    JSON.stringify(client),
    String(client),
    inspect(new wc.Signer(signKey), { showHidden: true }),
    inspect(new wc.WebhookVerifier(signKey), { showHidden: true }),
  ].join('\n');
  assert.ok(!shown.includes(secret), shown);
  assert.ok(!shown.includes(signKey), shown);
  assert.ok(!Object.keys(client).length, 'no enumerable state on the client');
});

test("responseSignature 'required' refuses unsigned responses; 'off' accepts them", async () => {
  const unsigned = await startSandbox({ responseSignature: 'none' });
  try {
    const strict = new wc.Client(unsigned.client({ responseSignature: 'required', maxRetries: 0 }));
    await assert.rejects(strict.listCheckoutOrders(), expectClass(wc.ResponseSignatureError, 'response_signature'));
    const lax = new wc.Client(unsigned.client({ responseSignature: 'off' }));
    assert.equal(typeof (await lax.listCheckoutOrders()).total, 'number');
  } finally {
    await unsigned.stop();
  }
});

