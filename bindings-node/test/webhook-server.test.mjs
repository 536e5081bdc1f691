// A real node:http server receives the sandbox's webhook deliveries and verifies each one from
// the raw body, answering with the acknowledgement; the sandbox records them as delivered.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { startSandbox, uniqueNo, DEMO } from './helpers/sandbox.mjs';
import wc from '../lib/index.js';

let sb;
let server;
let client;
const events = [];
const refused = [];
let failNext = 0;

function rawBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

before(async () => {
  const verifier = new wc.WebhookVerifier(DEMO.signKey);
  server = http.createServer(async (req, res) => {
    const body = await rawBody(req); // the exact bytes: never JSON.parse before verifying
    try {
      if (failNext > 0) {
        failNext -= 1;
        throw new Error('simulated outage');
      }
      const event = verifier.verify(req.headers, body);
      events.push(event);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(wc.ACKNOWLEDGEMENT);
    } catch (err) {
      refused.push(err);
      res.writeHead(err instanceof wc.WebhookVerificationError ? 400 : 500);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  sb = await startSandbox({ webhookUrl: `http://127.0.0.1:${server.address().port}/webhooks/wcheckout` });
  client = new wc.Client(sb.client());
});

after(async () => {
  await sb?.stop();
  await new Promise((r) => server.close(r));
});

async function until(what, predicate, timeoutMs = 10000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = predicate();
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('payment, refund, settlement and abnormal events arrive verified and typed', async () => {
  const orderNo = uniqueNo('W');
  const created = await client.createCheckoutOrder({ orderNo, orderAmount: '30.10', customerId: 'c', token: 'ETH_USDT' });
  await sb.control('POST', `/orders/${orderNo}/pay`, { amount: created.payingAmount, txHash: '0xw1' });
  const paid = await until('PAID event', () =>
    events.find((e) => e.eventType === 'CHECKOUT_ORDER_CHANGED' && e.data.orderNo === orderNo && e.data.orderStatus === 'PAID'),
  );
  assert.equal(paid.known, true);
  assert.match(paid.eventId, /^evt_/);
  assert.equal(paid.data.payingAmount, '30.10');
  assert.equal(paid.raw.data.orderNo, orderNo);

  const refundOrderNo = uniqueNo('WR');
  await client.createRefundOrder({ refundOrderNo, orderNo, amount: '5' });
  await sb.control('POST', `/refunds/${refundOrderNo}/process`);
  const refunding = await until('refund event', () =>
    events.find((e) => e.eventType === 'REFUND_ORDER_CHANGED' && e.data.refundOrderNo === refundOrderNo),
  );
  assert.equal(refunding.data.amount, '5');

  const settlementOrderNo = uniqueNo('WS');
  await client.createSettlementOrder({ settlementOrderNo, token: 'ETH_USDT', address: '0xabc', amount: '1.5' });
  await sb.control('POST', `/settlements/${settlementOrderNo}/process`);
  const settling = await until('settlement event', () =>
    events.find((e) => e.eventType === 'SETTLEMENT_ORDER_CHANGED' && e.data.settlementOrderNo === settlementOrderNo),
  );
  assert.equal(settling.known, true);

  const over = uniqueNo('WO');
  await client.createCheckoutOrder({ orderNo: over, orderAmount: '2', customerId: 'c', token: 'ETH_USDT' });
  await sb.control('POST', `/orders/${over}/pay`, { amount: '2.75', txHash: '0xw2' });
  const abnormal = await until('abnormal event', () =>
    events.find((e) => e.eventType === 'ABNORMAL_PAYMENT' && e.data.orderNo === over),
  );
  assert.equal(abnormal.data.pendingAmount, '0.75');

  // The sandbox marks a delivery delivered once it has read the acknowledgement, a moment after
  // the receiver has the event: wait for that.
  let mine = [];
  for (let i = 0; i < 250; i++) {
    const log = await sb.control('GET', '/webhooks');
    mine = log.deliveries.filter((d) => events.some((e) => e.eventId === d.eventId));
    if (mine.length >= 4 && mine.every((d) => d.status === 'delivered')) break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(mine.length >= 4);
  assert.ok(mine.every((d) => d.status === 'delivered'), JSON.stringify(mine.map((d) => d.status)));
  assert.equal(refused.length, 0);
});

test('a failed acknowledgement is retried and then verified', async () => {
  failNext = 1;
  const orderNo = uniqueNo('WF');
  const created = await client.createCheckoutOrder({ orderNo, orderAmount: '3', customerId: 'c', token: 'ETH_USDT' });
  await sb.control('POST', `/orders/${orderNo}/pay`, { amount: created.payingAmount, txHash: '0xw3' });
  const ev = await until('retried PAID event', () => events.find((e) => e.data.orderNo === orderNo && e.data.orderStatus === 'PAID'));
  // The acknowledgement is recorded a moment after the receiver has the event.
  let delivery;
  for (let i = 0; i < 250; i++) {
    delivery = (await sb.control('GET', '/webhooks')).deliveries.find((d) => d.eventId === ev.eventId);
    if (delivery?.status === 'delivered') break;
    await new Promise((r) => setTimeout(r, 20));
  }
  assert.ok(delivery.attempts.length >= 2, JSON.stringify(delivery.attempts));
  assert.equal(delivery.status, 'delivered');
});

test('a body re-serialised after parsing is refused (verify the raw bytes)', async () => {
  const log = await sb.control('GET', '/webhooks');
  const d = log.deliveries.find((x) => x.body.includes('"payingAmount"'));
  const headers = wc.signWebhookForTest(DEMO.signKey, d.body);
  const verifier = new wc.WebhookVerifier(DEMO.signKey);
  assert.equal(verifier.verify(headers, d.body).eventId, d.eventId);
  const reserialised = JSON.stringify(JSON.parse(d.body), null, 1);
  assert.throws(() => verifier.verify(headers, reserialised), wc.WebhookSignatureError);
});
