// Operating in real networks and busy processes: calls off libuv's pool, AbortSignal and per-call
// overrides, request logs, TLS trust (private CA, caBundle, NODE_EXTRA_CA_CERTS, SSL_CERT_FILE)
// and proxies — against the real sandbox, behind real TLS and a real CONNECT proxy.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { startSandbox, uniqueNo, DEMO } from './helpers/sandbox.mjs';
import { privateCa, tlsFront, connectProxy } from './helpers/net.mjs';
import wc from '../lib/index.js';

const require = createRequire(import.meta.url);
const native = require('../lib/native.js');
const LIST = '/checkout/order/list';
const CREATE = '/checkout/order/create';
const PROXY_VARS = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy', 'NO_PROXY', 'no_proxy'];

let sb;
let client;
before(async () => {
  for (const name of PROXY_VARS) delete process.env[name];
  sb = await startSandbox();
  client = new wc.Client(sb.client({ timeoutMs: 10000 }));
  await client.listCheckoutOrders(); // token fetched up front
});
after(async () => sb?.stop());

/** Runs `fn` with environment variables set (undefined removes one), restoring them after. */
async function withEnv(vars, fn) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

test('fs.readFile completes while 8 slow calls are in flight (calls never occupy libuv threads)', async () => {
  const file = path.join(tmpdir(), `wcheckout-loop-${process.pid}.txt`);
  await writeFile(file, 'x'.repeat(1024));
  await sb.control('POST', '/faults', { path: LIST, kind: 'delay', delayMs: 1500, count: 8 });
  let done = 0;
  const calls = Array.from({ length: 8 }, () => client.listCheckoutOrders().then(() => (done += 1)));
  await new Promise((r) => setTimeout(r, 100)); // every call is now waiting on the sandbox
  const started = performance.now();
  // Several fs and crypto jobs: each would queue behind the 8 calls if they held libuv's 4 threads.
  await Promise.all(Array.from({ length: 8 }, () => readFile(file)));
  const took = performance.now() - started;
  const callsDoneWhenReadFinished = done;
  await Promise.all(calls);
  console.log(`# fs.readFile x8 with 8 slow calls in flight: ${took.toFixed(1)} ms`);
  assert.equal(callsDoneWhenReadFinished, 0, 'every file read finished before any slow call');
  const [threads] = native.nativePoolStats();
  assert.ok(threads >= 8, `the SDK's pool ran the 8 calls on its own threads (${threads})`);
  await rm(file, { force: true });
});

test('an AbortSignal rejects at once with AbortError, and the request may still land', async () => {
  const orderNo = uniqueNo('AB');
  await sb.control('POST', '/faults', { path: CREATE, kind: 'delay', delayMs: 1000, count: 1 });
  const controller = new AbortController();
  let landed = false;
  const pending = client.createCheckoutOrder(
    { orderNo, orderAmount: '7.00', customerId: 'abort', token: 'ETH_USDT' },
    { signal: controller.signal },
  );
  setTimeout(() => controller.abort(new Error('user went away')), 100);
  const err = await pending.catch((e) => e);
  // The sandbox is still sleeping on the request: it has not been answered yet.
  await client.getCheckoutOrderInfo(orderNo).then(() => (landed = true), () => {});
  assert.equal(landed, false, 'rejected before the server answered');
  assert.ok(err instanceof wc.AbortError && err instanceof wc.WCheckoutError, String(err));
  assert.equal(err.name, 'AbortError');
  assert.equal(err.code, 'aborted');
  assert.equal(err.outcomeUnknown, true);
  assert.match(err.message, /may still reach the server/);
  assert.equal(err.cause.message, 'user went away');
  // …and it did land: the server processed it after the caller stopped waiting.
  await new Promise((r) => setTimeout(r, 1200));
  assert.equal((await client.getCheckoutOrderInfo(orderNo)).orderNo, orderNo);
});

test('an already aborted signal sends nothing; AbortSignal.timeout works; a bad signal is refused', async () => {
  await sb.control('POST', '/faults', { path: LIST, kind: 'http_500', count: 1 });
  const err = await client.listCheckoutOrders({}, { signal: AbortSignal.abort() }).catch((e) => e);
  assert.ok(err instanceof wc.AbortError);
  const [fault] = (await sb.control('GET', '/faults')).faults;
  assert.equal(fault.remaining, 1, 'no request reached the sandbox');
  await sb.control('DELETE', '/faults');
  await sb.control('POST', '/faults', { path: LIST, kind: 'delay', delayMs: 800, count: 1 });
  await assert.rejects(client.listCheckoutOrders({}, { signal: AbortSignal.timeout(100) }), wc.AbortError);
  await assert.rejects(client.listCheckoutOrders({}, { signal: 'stop' }), wc.InvalidArgumentError);
  const it = client.iterCheckoutOrders({}, { signal: AbortSignal.abort() });
  await assert.rejects(it.toArray(), wc.AbortError);
  await new Promise((r) => setTimeout(r, 800));
});

test('per-call timeoutMs and maxRetries apply to that call only', async () => {
  await sb.control('POST', '/faults', { path: LIST, kind: 'delay', delayMs: 1500, count: 1 });
  const err = await client.listCheckoutOrders({}, { timeoutMs: 200, maxRetries: 0 }).catch((e) => e);
  assert.ok(err instanceof wc.TimeoutError, String(err));
  assert.equal(err.outcomeUnknown, true);
  await sb.control('POST', '/faults', { path: LIST, kind: 'http_503', count: 1 });
  await assert.rejects(client.listCheckoutOrders(undefined, { maxRetries: 0 }), (e) => e.httpStatus === 503);
  await sb.control('POST', '/faults', { path: LIST, kind: 'http_503', count: 1 });
  assert.equal(typeof (await client.listCheckoutOrders()).total, 'number', "the client's own budget retries");
  await assert.rejects(client.getCheckoutOrderInfo('X1', { maxRetries: 11 }), wc.InvalidArgumentError);
  await new Promise((r) => setTimeout(r, 1400));
});

test('onRequest sees every attempt, retries included, and never a secret or a body unless asked', async () => {
  const logs = [];
  const logged = new wc.Client(sb.client({ onRequest: (log) => logs.push(log) }));
  const orderNo = uniqueNo('LG');
  await sb.control('POST', '/faults', { path: CREATE, kind: 'http_503', count: 1 });
  await logged.createCheckoutOrder({ orderNo, orderAmount: '3.50', customerId: 'log', token: 'ETH_USDT' });
  const token = logs.filter((l) => l.tokenRequest);
  const creates = logs.filter((l) => l.path === CREATE);
  assert.equal(token.length, 1);
  assert.deepEqual(creates.map((l) => [l.attempt, l.status, l.retcode]), [[1, 503, '503'], [2, 200, '200']]);
  assert.ok(creates[0].retryInMs >= 0 && creates[1].retryInMs === null, JSON.stringify(creates));
  assert.ok(creates.every((l) => l.method === 'POST' && typeof l.elapsedMs === 'number'));
  const text = JSON.stringify(logs);
  for (const s of [DEMO.apiSecret, DEMO.signKey, orderNo, '3.50', 'Bearer']) assert.ok(!text.includes(s), `${s} in ${text}`);
  // A failing call's attempts arrive too.
  await logged.getCheckoutOrderInfo('MISSING1').catch(() => {});
  assert.equal(logs.at(-1).retcode, '00010');

  const withBodies = [];
  const verbose = new wc.Client(sb.client({ onRequest: (l) => withBodies.push(l), logBodies: true }));
  await verbose.createCheckoutOrder({ orderNo: uniqueNo('LB'), orderAmount: '4.25', customerId: 'log', token: 'ETH_USDT' });
  const bodies = JSON.stringify(withBodies);
  assert.ok(bodies.includes('4.25') && !bodies.includes(DEMO.apiSecret) && !bodies.includes(DEMO.signKey));
  assert.throws(() => new wc.Client(sb.client({ onRequest: 'yes' })), wc.InvalidArgumentError);
});

test('TLS: a private CA is refused with a certificate message; caBundle, NODE_EXTRA_CA_CERTS and SSL_CERT_FILE trust it', async () => {
  const ca = privateCa();
  const front = await tlsFront(ca, sb.url);
  try {
    const err = await new wc.Client(sb.client({ baseUrl: front.url, maxRetries: 0 })).listCheckoutOrders().catch((e) => e);
    assert.ok(err instanceof wc.TransportError, String(err));
    assert.match(err.message, /certificate/);
    assert.ok(err.message.includes(front.url.slice('https://'.length)) && err.message.includes('ca_bundle'), err.message);
    assert.equal(err.outcomeUnknown, false);
    assert.equal(err.retryable, false, 'a certificate problem is not fixed by repeating the call');
    await new wc.Client(sb.client({ baseUrl: front.url, caBundle: ca.caPath })).listCheckoutOrders();
    await new wc.Client(sb.client({ baseUrl: front.localhostUrl, caBundle: ca.caPath })).listCheckoutOrders();
    await withEnv({ NODE_EXTRA_CA_CERTS: ca.caPath }, () => new wc.Client(sb.client({ baseUrl: front.url })).listCheckoutOrders());
    await withEnv({ NODE_EXTRA_CA_CERTS: undefined, SSL_CERT_FILE: ca.caPath, SSL_CERT_DIR: undefined }, () =>
      new wc.Client(sb.client({ baseUrl: front.url })).listCheckoutOrders(),
    );
    assert.throws(() => new wc.Client(sb.client({ caBundle: path.join(ca.dir, 'missing.pem') })), /ca_bundle/);
  } finally {
    await front.close();
    ca.remove();
  }
});

test('proxies: the proxy option and HTTP_PROXY carry the calls, NO_PROXY and "direct" bypass them', async () => {
  const proxy = await connectProxy();
  const upstream = sb.url.slice('http://'.length);
  try {
    await new wc.Client(sb.client({ proxy: proxy.url })).listCheckoutOrders();
    assert.ok(proxy.tunnels.length > 0 && proxy.tunnels.every((t) => t.target === upstream), JSON.stringify(proxy.tunnels));
    const seen = proxy.tunnels.length;
    await withEnv({ HTTP_PROXY: proxy.url }, () => new wc.Client(sb.client()).listCheckoutOrders());
    assert.ok(proxy.tunnels.length > seen);
    const after = proxy.tunnels.length;
    await withEnv({ HTTP_PROXY: proxy.url, NO_PROXY: 'example.com, 127.0.0.1' }, () => new wc.Client(sb.client()).listCheckoutOrders());
    await withEnv({ HTTP_PROXY: proxy.url }, () => new wc.Client(sb.client({ proxy: 'direct' })).listCheckoutOrders());
    assert.equal(proxy.tunnels.length, after);
  } finally {
    await proxy.close();
  }
});

test('proxy credentials are sent and never appear in errors or logs', async () => {
  const proxy = await connectProxy('agent:pr0xy-pass');
  try {
    await new wc.Client(sb.client({ proxy: `http://agent:pr0xy-pass@127.0.0.1:${proxy.port}` })).listCheckoutOrders();
    assert.ok(proxy.tunnels.every((t) => t.auth?.startsWith('Basic ')));
    const logs = [];
    const bad = new wc.Client(
      sb.client({ proxy: `http://agent:wr0ng-pass@127.0.0.1:${proxy.port}`, maxRetries: 0, onRequest: (l) => logs.push(l), logBodies: true }),
    );
    const err = await bad.listCheckoutOrders().catch((e) => e);
    assert.ok(err instanceof wc.TransportError && /407/.test(err.message) && /proxy/.test(err.message), String(err));
    const text = `${err.message} ${JSON.stringify(err)} ${JSON.stringify(logs)} ${JSON.stringify(bad)}`;
    assert.ok(!text.includes('pr0xy-pass') && !text.includes('wr0ng-pass'), text);
  } finally {
    await proxy.close();
  }
});
