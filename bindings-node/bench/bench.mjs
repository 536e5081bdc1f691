// Benchmarks: the binding against plain node:crypto doing the same work, in one run.
//   npm run build:release && npm run bench      (a debug addon measures the Rust debug build)
// Prints operations per second and the ratio binding / node:crypto (above 1 = binding faster).
import crypto from 'node:crypto';
import wc from '../lib/index.js';

const DURATION_MS = Number(process.env.BENCH_MS ?? 2000);

function measure(fn) {
  for (let i = 0; i < 20000; i += 1) fn(); // warm up (JIT, caches)
  let ops = 0;
  const start = process.hrtime.bigint();
  const end = start + BigInt(DURATION_MS) * 1_000_000n;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 1000; i += 1) fn();
    ops += 1000;
    now = process.hrtime.bigint();
  }
  return ops / (Number(now - start) / 1e9);
}

function row(name, opsPerSec) {
  console.log(`${name.padEnd(58)} ${Math.round(opsPerSec).toLocaleString('en-US').padStart(12)} ops/s  ${(1e6 / opsPerSec).toFixed(2).padStart(7)} µs/op`);
}

function compare(title, ours, theirs) {
  console.log(`\n${title}`);
  const results = [];
  for (const [name, fn] of [...ours, ...theirs]) {
    const r = measure(fn);
    results.push(r);
    row(name, r);
  }
  const base = results[results.length - 1];
  for (let i = 0; i < ours.length; i += 1) {
    console.log(`  ratio ${ours[i][0]} / ${theirs[theirs.length - 1][0]}: ${(results[i] / base).toFixed(2)}x`);
  }
}

// --- signRequest ---------------------------------------------------------------------------
const KEY = 'aR2822Y6XbehWMclnB0Y2NJK';
const body = JSON.stringify({ orderNo: '1759988038609', orderAmount: 0.5, customerId: '6', merchantId: '1', token: 'ETH_USDT', expiredIn: 1800 });
const input = { method: 'POST', timestamp: '1759988038609', path: '/checkout/order/create', query: '', body };
const expected = crypto.createHmac('sha512', KEY).update(`POST${input.timestamp}${input.path}${body}`).digest('base64');
if (wc.signRequest(KEY, input) !== expected) throw new Error('signatures differ');
const signer = new wc.Signer(KEY);

compare(
  `signRequest (POST, ${Buffer.byteLength(body)}-byte body)`,
  [
    ['wcheckout signRequest(signKey, input)', () => wc.signRequest(KEY, input)],
    ['wcheckout new Signer(signKey).sign(input) reused', () => signer.sign(input)],
  ],
  [
    [
      'node:crypto createHmac(sha512) + base64',
      () =>
        crypto
          .createHmac('sha512', KEY)
          .update(input.method.toUpperCase() + input.timestamp + input.path + input.query + input.body)
          .digest('base64'),
    ],
  ],
);

// --- webhook verify + parse ----------------------------------------------------------------
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
const signed = wc.signWebhookForTest(KEY, raw);
// What Node's http server hands over as req.headers.
const headers = {
  host: 'merchant.example',
  'user-agent': 'wcheckout-webhook/1.0',
  'content-type': 'application/json',
  'content-length': String(raw.length),
  signature: signed.SIGNATURE,
  timestamp: signed.TIMESTAMP,
};
const verifier = new wc.WebhookVerifier(KEY);

function nodeVerify(h, rawBody) {
  const sig = h.signature ?? h['d-signature'];
  const ts = h.timestamp ?? h['d-timestamp'];
  if (sig === undefined || ts === undefined || !/^\d{1,20}$/.test(ts)) throw new Error('missing header');
  if (Math.abs(Date.now() - Number(ts)) > 120_000) throw new Error('outside tolerance');
  const mac = crypto.createHmac('sha512', KEY).update(ts).update(rawBody).digest();
  const given = Buffer.from(sig, 'base64');
  if (given.length !== mac.length || !crypto.timingSafeEqual(given, mac)) throw new Error('mismatch');
  return JSON.parse(rawBody.toString('utf8'));
}
if (nodeVerify(headers, raw).eventId !== verifier.verify(headers, raw).eventId) throw new Error('verify differs');

compare(
  `webhook verify + parse (${raw.length}-byte body, ${Object.keys(headers).length} headers)`,
  [['wcheckout WebhookVerifier#verify(req.headers, rawBody)', () => verifier.verify(headers, raw)]],
  [['node:crypto createHmac + timingSafeEqual + JSON.parse', () => nodeVerify(headers, raw)]],
);
console.log('\nNote: the node:crypto baselines return floats for amounts (989.19 as a double); the binding');
console.log('returns exact decimal strings and typed events, and checks the same headers and window.');
