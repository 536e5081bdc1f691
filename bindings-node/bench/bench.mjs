// The Node rows of `make bench-all`: each SDK path against what a user would write instead with
// node:crypto and fetch (undici), in one run. Every figure is the median of rounds that alternate
// SDK and baseline, so load drifts hit both alike. Not a test.
//
//   make bench-all BENCH_ONLY=node        (release addon, sandboxes started for it)
// or by hand, after `npm run build:release`:
//   WCHECKOUT_BENCH_URL=http://127.0.0.1:PORT WCHECKOUT_BENCH_SLOW_URL=http://127.0.0.1:PORT2 \
//   WCHECKOUT_BENCH_JSON=rows.json node bench/bench.mjs [name-filter ...]
//
// Rows (ratio = baseline time / SDK time; above 1 the SDK is faster):
//   node.sign                       signRequest(signKey, input) vs createHmac + base64
//   node.webhook                    WebhookVerifier#verify + 3 reads vs createHmac + timingSafeEqual + JSON.parse
//   node.call_vs_fetch              getCheckoutOrderInfo vs the same signed call with fetch
//   node.call_vs_fetch.concurrent8  the same, 8 calls in flight
//   node.concurrent8                8 calls in flight vs one at a time, sandbox delaying each 20 ms
import crypto from 'node:crypto';
import fs from 'node:fs';
import wc from '../lib/index.js';

const ROUNDS = 9;
const SIGN_KEY = 'demo_sign_key';
const filters = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const want = (name) => filters.length === 0 || filters.some((f) => name.includes(f));

const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)];
const now = () => process.hrtime.bigint();

/** ns per operation of sdk(n) and base(n) (each may return a Promise): medians of alternating rounds. */
async function alternate(batch, sdk, base, rounds = ROUNDS) {
  await sdk(Math.max(1, Math.floor(batch / 10)));
  await base(Math.max(1, Math.floor(batch / 10)));
  const s = [];
  const b = [];
  const timed = async (f) => {
    const t = now();
    await f(batch);
    return Number(now() - t) / batch;
  };
  for (let r = 0; r < rounds; r += 1) {
    if (r % 2 === 0) {
      s.push(await timed(sdk));
      b.push(await timed(base));
    } else {
      b.push(await timed(base));
      s.push(await timed(sdk));
    }
  }
  return [median(s), median(b)];
}

const loop = (fn) => (n) => {
  for (let i = 0; i < n; i += 1) fn();
};
const sequential = (fn) => async (n) => {
  for (let i = 0; i < n; i += 1) await fn();
};
const inFlight = (fn, width = 8) => async (n) => {
  const per = Math.ceil(n / width);
  await Promise.all(Array.from({ length: width }, async () => {
    for (let i = 0; i < per; i += 1) await fn();
  }));
};

const row = (name, sdk, sdkNs, baseline, baselineNs) => ({
  name,
  language: 'node',
  sdk,
  sdk_ns: Math.round(sdkNs),
  baseline,
  baseline_ns: Math.round(baselineNs),
  ratio: Math.round((baselineNs / sdkNs) * 1000) / 1000,
});

// --- what a user writes instead ------------------------------------------------------------
function nodeSign(key, { method, timestamp, path, query, body }) {
  return crypto.createHmac('sha512', key).update(method.toUpperCase() + timestamp + path + query + body).digest('base64');
}

function nodeVerify(key, h, rawBody, nowMs) {
  const sig = h.signature ?? h['d-signature'];
  const ts = h.timestamp ?? h['d-timestamp'];
  if (sig === undefined || ts === undefined || !/^\d{1,20}$/.test(ts)) throw new Error('missing header');
  if (Math.abs(nowMs - Number(ts)) > 120_000) throw new Error('outside tolerance');
  const mac = crypto.createHmac('sha512', key).update(ts).update(rawBody).digest();
  const given = Buffer.from(sig, 'base64');
  if (given.length !== mac.length || !crypto.timingSafeEqual(given, mac)) throw new Error('mismatch');
  return JSON.parse(rawBody.toString('utf8'));
}

class PlainFetch {
  constructor(url) {
    this.url = url;
  }

  async init() {
    const q = 'grant_type=client_credentials&api_key=demo_api_key&api_secret=demo_api_secret';
    const r = await fetch(`${this.url}/user/auth/oauth2/token?${q}`, { method: 'POST' });
    this.token = (await r.json()).retdata.access_token;
    return this;
  }

  async get(path, query) {
    const ts = String(Date.now());
    const sig = crypto.createHmac('sha512', SIGN_KEY).update(`GET${ts}${path}${query}`).digest('base64');
    const r = await fetch(`${this.url}${path}?${query}`, {
      headers: { Authorization: `Bearer ${this.token}`, SIGNATURE: sig, TIMESTAMP: ts },
    });
    const envelope = JSON.parse(await r.text());
    if (String(envelope.retcode) !== '200') throw new Error(`call failed: ${JSON.stringify(envelope)}`);
    return envelope.retdata;
  }
}

const clientFor = (url) => new wc.Client({ apiKey: 'demo_api_key', apiSecret: 'demo_api_secret', signKey: SIGN_KEY, baseUrl: url });

// --- rows ----------------------------------------------------------------------------------
async function signRows() {
  const body = JSON.stringify({ orderNo: '1759988038609', orderAmount: '0.5', customerId: '6', merchantId: '1', token: 'ETH_USDT', expiredIn: 1800 });
  const input = { method: 'POST', timestamp: '1759988038609', path: '/checkout/order/create', query: '', body };
  if (wc.signRequest(SIGN_KEY, input) !== nodeSign(SIGN_KEY, input)) throw new Error('signatures differ');
  const [sdk, base] = await alternate(
    100_000,
    loop(() => wc.signRequest(SIGN_KEY, input)),
    loop(() => nodeSign(SIGN_KEY, input)),
  );
  return [row('node.sign', `signRequest(signKey, input), ${Buffer.byteLength(body)}-byte body`, sdk, 'createHmac(sha512) + base64', base)];
}

async function webhookRows() {
  const event = {
    eventId: 'evt_0a4fee0f8882',
    eventType: 'CHECKOUT_ORDER_CHANGED',
    timestamp: 1758701681,
    data: {
      orderNo: 'A20251123112729',
      token: 'ETH_USDT',
      payingAmount: 989.19,
      orderAmount: 989.19,
      orderStatus: 'PAID',
      refundedAmount: 0,
      txHash: '0x5e1f8c3a9b2d4e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7',
      createdTime: '2025-11-23 11:27:29',
      updatedTime: '2025-11-23 11:27:29',
    },
  };
  const raw = Buffer.from(JSON.stringify(event));
  const nowMs = 1758701681000;
  const signed = wc.signWebhookForTest(SIGN_KEY, raw, { timestampMs: nowMs });
  // What Node's http server hands over as req.headers.
  const headers = {
    host: 'merchant.example',
    'user-agent': 'wcheckout-webhook/1.0',
    'content-type': 'application/json',
    'content-length': String(raw.length),
    signature: signed.SIGNATURE,
    timestamp: signed.TIMESTAMP,
  };
  const verifier = new wc.WebhookVerifier(SIGN_KEY);
  const opts = { nowMs };
  const sdk = () => {
    const ev = verifier.verify(headers, raw, opts);
    return [ev.eventType, ev.data.orderStatus, ev.data.orderAmount];
  };
  const base = () => {
    const ev = nodeVerify(SIGN_KEY, headers, raw, nowMs);
    return [ev.eventType, ev.data.orderStatus, ev.data.orderAmount];
  };
  if (JSON.stringify(sdk()) !== '["CHECKOUT_ORDER_CHANGED","PAID","989.19"]') throw new Error(`sdk: ${sdk()}`);
  if (JSON.stringify(base()) !== '["CHECKOUT_ORDER_CHANGED","PAID",989.19]') throw new Error(`base: ${base()}`);
  const [s, b] = await alternate(50_000, loop(sdk), loop(base));
  return [
    row(
      'node.webhook',
      `WebhookVerifier#verify(req.headers, rawBody) + 3 reads, ${raw.length}-byte body`,
      s,
      'createHmac + timingSafeEqual + JSON.parse, same reads (amounts as doubles)',
      b,
    ),
  ];
}

async function callRows(url) {
  const client = clientFor(url);
  const orderNo = `BENCHJS${process.pid}`;
  await client.createCheckoutOrder({ orderNo, orderAmount: '12.50', customerId: 'c', token: 'ETH_USDT' });
  const plain = await new PlainFetch(url).init();
  const query = `orderNo=${orderNo}`;
  const sdk = async () => (await client.getCheckoutOrderInfo(orderNo)).orderStatus;
  const base = async () => (await plain.get('/checkout/order/info', query)).orderStatus;
  if ((await sdk()) !== (await base())) throw new Error('call results differ');
  const rows = [];
  let [s, b] = await alternate(400, sequential(sdk), sequential(base));
  rows.push(row('node.call_vs_fetch', 'client.getCheckoutOrderInfo', s, 'fetch (undici) + createHmac + JSON.parse', b));
  [s, b] = await alternate(800, inFlight(sdk), inFlight(base));
  rows.push(row('node.call_vs_fetch.concurrent8', '8 calls in flight on one Client', s, '8 fetch calls in flight', b));
  return rows;
}

async function concurrentRows(slowUrl) {
  const client = clientFor(slowUrl);
  const orderNo = `BENCHJST${process.pid}`;
  await client.createCheckoutOrder({ orderNo, orderAmount: '1', customerId: 'c', token: 'ETH_USDT' });
  const call = () => client.getCheckoutOrderInfo(orderNo);
  const t = now();
  await call();
  if (Number(now() - t) < 19e6) throw new Error('the slow sandbox must delay each call by 20 ms');
  const [s, b] = await alternate(80, inFlight(call), sequential(call), 5);
  return [row('node.concurrent8', '8 calls in flight on one Client (20 ms server delay)', s, 'the same Client, one call at a time', b)];
}

const rows = [];
console.log(`wcheckout (node ${process.version})`);
if (want('node.sign')) rows.push(...(await signRows()));
if (want('node.webhook')) rows.push(...(await webhookRows()));
if (process.env.WCHECKOUT_BENCH_URL && want('node.call')) rows.push(...(await callRows(process.env.WCHECKOUT_BENCH_URL)));
if (process.env.WCHECKOUT_BENCH_SLOW_URL && want('node.concurrent8')) rows.push(...(await concurrentRows(process.env.WCHECKOUT_BENCH_SLOW_URL)));
for (const r of rows) {
  console.log(`${r.name.padEnd(34)} sdk ${String(r.sdk_ns).padStart(10)} ns  baseline ${String(r.baseline_ns).padStart(10)} ns  ratio ${r.ratio.toFixed(2)}`);
}
if (process.env.WCHECKOUT_BENCH_JSON) fs.writeFileSync(process.env.WCHECKOUT_BENCH_JSON, JSON.stringify(rows, null, 1));
