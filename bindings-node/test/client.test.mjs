// Every client operation against the real sandbox process.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, uniqueNo } from './helpers/sandbox.mjs';
import wc from '../lib/index.js';

let sb;
let client;

before(async () => {
  sb = await startSandbox();
  client = new wc.Client(sb.client());
});
after(async () => sb?.stop());

async function paidOrder(amount = '25.00') {
  const orderNo = uniqueNo('P');
  const created = await client.createCheckoutOrder({ orderNo, orderAmount: amount, customerId: 'cust1', token: 'ETH_USDT' });
  await sb.control('POST', `/orders/${orderNo}/pay`, { amount: created.payingAmount, txHash: `0x${uniqueNo('t')}` });
  return { orderNo, created };
}

test('checkout orders: create, get, pay, list, iterate, cancel', async () => {
  const orderNo = uniqueNo('A');
  const created = await client.createCheckoutOrder(
    { orderNo, orderAmount: '1000.233567', customerId: 'cust42', token: 'ETH_USDT', expiredIn: 900 },
    { forwardedFor: '203.0.113.7' },
  );
  assert.equal(created.orderNo, orderNo);
  assert.equal(typeof created.sysid, 'string');
  assert.equal(created.payingAmount, '1000.233567'); // exact digits, a string
  assert.match(created.paymentUrl, /^http:\/\/127\.0\.0\.1:\d+\//);

  const info = await client.getCheckoutOrderInfo(orderNo);
  assert.equal(info.orderStatus, 'PAYING');
  assert.equal(info.orderAmount, '1000.233567');
  assert.equal(info.expiredIn, 900);

  await sb.control('POST', `/orders/${orderNo}/pay`, { amount: created.payingAmount, txHash: '0xfeed01' });
  const paid = await client.getCheckoutOrderInfo(orderNo);
  assert.equal(paid.orderStatus, 'PAID');
  assert.equal(paid.txHash, '0xfeed01');

  const page = await client.listCheckoutOrders({ pageNum: 1, pageSize: 100, customerId: 'cust42' });
  assert.ok(page.records.some((o) => o.orderNo === orderNo));
  assert.equal(typeof page.total, 'number');

  const other = uniqueNo('C');
  await client.createCheckoutOrder({ orderNo: other, orderAmount: '5', customerId: 'cust42', token: 'TRX_USDT' });
  const cancelled = await client.cancelCheckoutOrder(other);
  assert.equal(cancelled.orderNo, other);
  assert.equal(cancelled.orderStatus, 'CANCELLED');

  const filtered = await client.listCheckoutOrders({ orderStatus: 'CANCELLED', pageSize: 100 });
  assert.ok(filtered.records.some((o) => o.orderNo === other), 'the cancelled order is listed');
  assert.ok(filtered.records.every((o) => o.orderStatus === 'CANCELLED'));
  assert.ok(!filtered.records.some((o) => o.orderNo === orderNo), 'the paid order is not');
});

test('async iteration walks every page, each fetched off-thread', async () => {
  const customerId = uniqueNo('cust');
  const made = [];
  for (let i = 0; i < 7; i += 1) {
    const orderNo = uniqueNo('I');
    made.push(orderNo);
    await client.createCheckoutOrder({ orderNo, orderAmount: `${i + 1}.5`, customerId, token: 'SOL_USDC' });
  }
  const seen = [];
  for await (const o of client.iterCheckoutOrders({ customerId, pageSize: 2 })) seen.push(o.orderNo);
  assert.deepEqual([...seen].sort(), [...made].sort());

  const pages = [];
  for await (const p of client.iterCheckoutOrders({ customerId, pageSize: 3 }).pages()) pages.push(p.records.length);
  assert.deepEqual(pages, [3, 3, 1]);

  const first = await client.iterCheckoutOrders({ customerId, pageSize: 2 }).toArray(3);
  assert.equal(first.length, 3);

  // An iterator can be walked twice; each walk starts again from the first page.
  const it = client.iterCheckoutOrders({ customerId, pageSize: 4 });
  assert.equal((await it.toArray()).length, 7);
  assert.equal((await it.toArray()).length, 7);
});

test('refund orders: create, get, list, iterate, cancel, complete', async () => {
  const { orderNo } = await paidOrder('40.00');
  const refundOrderNo = uniqueNo('R');
  const refund = await client.createRefundOrder({ refundOrderNo, orderNo, amount: '10.25', remark: 'partial' });
  assert.equal(refund.refundOrderNo, refundOrderNo);
  assert.equal(refund.amount, '10.25');
  assert.equal(refund.refundStatus, 'PENDING_REFUND');

  assert.equal((await client.getRefundOrderInfo(refundOrderNo)).orderNo, orderNo);
  const listed = await client.listRefundOrders({ orderNo });
  assert.deepEqual(listed.records.map((r) => r.refundOrderNo), [refundOrderNo]);

  const second = uniqueNo('R');
  await client.createRefundOrder({ refundOrderNo: second, orderNo, amount: '1' });
  const cancelled = await client.cancelRefundOrder(second);
  assert.equal(cancelled.refundStatus, 'CANCELLED');

  const all = await client.iterRefundOrders({ orderNo, pageSize: 1 }).toArray();
  assert.deepEqual(all.map((r) => r.refundOrderNo).sort(), [refundOrderNo, second].sort());

  await sb.control('POST', `/refunds/${refundOrderNo}/process`);
  await sb.control('POST', `/refunds/${refundOrderNo}/complete`);
  assert.equal((await client.getRefundOrderInfo(refundOrderNo)).refundStatus, 'REFUNDED');
  const order = await client.getCheckoutOrderInfo(orderNo);
  assert.equal(order.refundedAmount, '10.25');
  assert.equal(order.orderStatus, 'PARTIAL_REFUNDED');
});

test('settlement orders: create, fiat, get, list, iterate, cancel', async () => {
  await paidOrder('100.00');
  const settlementOrderNo = uniqueNo('S');
  const s = await client.createSettlementOrder({
    settlementOrderNo,
    token: 'ETH_USDT',
    address: '0x1111111111111111111111111111111111111111',
    amount: '12.345678',
  });
  assert.equal(s.settlementOrderNo, settlementOrderNo);
  assert.equal(s.settlementAmount, '12.345678');
  assert.equal(s.settleStatus, 'PENDING_SETTLEMENT');
  assert.equal((await client.getSettlementOrder(settlementOrderNo)).address, '0x1111111111111111111111111111111111111111');

  const fiatNo = uniqueNo('F');
  const fiat = await client.createFiatSettlementOrder({
    settlementOrderNo: fiatNo,
    token: 'ETH_USDT',
    amount: '20',
    fiat: 'USD',
    bankAccountId: 'BA1',
  });
  assert.equal(fiat.fiat, 'USD');
  assert.equal(fiat.bankAccountId, 'BA1');

  assert.equal((await client.cancelSettlementOrder(fiatNo)).settleStatus, 'CANCELLED');
  const pending = await client.listSettlementOrders({ settleStatus: 'PENDING_SETTLEMENT' });
  assert.ok(pending.records.some((x) => x.settlementOrderNo === settlementOrderNo));
  const every = await client.iterSettlementOrders({ pageSize: 1 }).toArray();
  assert.ok(every.some((x) => x.settlementOrderNo === fiatNo));

  await sb.control('POST', `/settlements/${settlementOrderNo}/process`);
  await sb.control('POST', `/settlements/${settlementOrderNo}/complete`);
  assert.equal((await client.getSettlementOrder(settlementOrderNo)).settleStatus, 'SETTLED');
});

test('abnormal payments: over-payment listed, iterated and refunded', async () => {
  const orderNo = uniqueNo('O');
  const created = await client.createCheckoutOrder({ orderNo, orderAmount: '10.00', customerId: 'c', token: 'ETH_USDT' });
  const txHash = `0x${uniqueNo('over')}`;
  await sb.control('POST', `/orders/${orderNo}/pay`, { amount: '13.50', txHash });
  assert.equal(created.payingAmount, '10.00');

  const page = await client.listAbnormalPayments({ orderNo });
  assert.equal(page.records.length, 1);
  const ab = page.records[0];
  assert.equal(ab.abnormalType, 'OVER_PAID');
  assert.equal(ab.amount, '13.50');
  assert.equal(ab.pendingAmount, '3.50');
  assert.equal(ab.hash, txHash);
  assert.deepEqual((await client.iterAbnormalPayments({ orderNo }).toArray()).map((a) => a.abnormalPaymentNo), [ab.abnormalPaymentNo]);

  const refundOrderNo = uniqueNo('AR');
  const refund = await client.createAbnormalPaymentRefund({ refundOrderNo, orderNo, txHash, token: 'ETH_USDT' });
  assert.equal(refund.refundOrderNo, refundOrderNo);
  assert.equal(refund.amount, '3.50');
});

test('request(): any path, query and body, numbers kept exact', async () => {
  const { orderNo } = await paidOrder('7.10');
  const info = await client.request('GET', '/checkout/order/info', { query: { orderNo } });
  assert.equal(info.orderNo, orderNo);
  assert.equal(info.orderAmount, '7.10'); // not a JS number: a double would print 7.1

  const list = await client.request('POST', '/checkout/order/list', { body: '{ "pageNum": 1, "pageSize": 1 }' });
  assert.equal(list.records.length, 1);
  const fromObject = await client.request('POST', '/checkout/order/list', { body: { pageSize: 2 } });
  assert.ok(fromObject.total >= 1);
  assert.equal(fromObject.records.length, Math.min(2, fromObject.total));
  const pairs = await client.request('GET', '/checkout/order/info', { query: [['orderNo', orderNo]] });
  assert.equal(pairs.orderNo, orderNo);

  await assert.rejects(client.request('GET', '/checkout/nothing/here'), (e) => e instanceof wc.ApiError && e.retcode === '00013');
});

test('client properties, token cache and a clean inspect', async () => {
  assert.equal(client.baseUrl, sb.url);
  assert.match(client.userAgent, /^wcheckout\/\d+\.\d+\.\d+ node\/\d+/);
  await client.listCheckoutOrders(); // a token is cached
  const issued = async () => (await sb.control('GET', '/state')).counts.tokensIssued;
  const before = await issued();
  await client.listCheckoutOrders();
  assert.equal(await issued(), before, 'a cached token is reused');
  await sb.control('POST', '/tokens/expire');
  const page = await client.listCheckoutOrders(); // 00002, then one refetch and a resend, transparently
  assert.equal(page.pageNum, 1);
  assert.equal(await issued(), before + 1, 'the token was refetched exactly once');
  client.clearToken();
  await client.listCheckoutOrders();
  assert.equal(await issued(), before + 2, 'clearToken forces a fetch');
  assert.deepEqual(JSON.parse(JSON.stringify(client)), { baseUrl: client.baseUrl, userAgent: client.userAgent });
});

test('environment names resolve to the hosted URLs', () => {
  const base = { apiKey: 'k', apiSecret: 's', signKey: 'x' };
  assert.equal(new wc.Client({ ...base, environment: 'production' }).baseUrl, 'https://openapi.stablelink.app');
  assert.equal(new wc.Client({ ...base, environment: 'sandbox' }).baseUrl, 'https://openapi.stg.stablelink.app');
  assert.equal(new wc.Client(base).baseUrl, 'https://openapi.stg.stablelink.app');
});

test('a create whose response was lost is retried and answered with the order it made', async () => {
  const retrying = new wc.Client(sb.client({ maxRetries: 2 }));
  await retrying.listCheckoutOrders();
  await sb.control('POST', '/faults', { path: '/checkout/order/create', kind: 'drop_after_processing', count: 1 });
  const orderNo = uniqueNo('Idem');
  const created = await retrying.createCheckoutOrder({ orderNo, orderAmount: '3.30', customerId: 'c', token: 'ETH_USDT' });
  assert.equal(created.orderNo, orderNo);
  const page = await retrying.listCheckoutOrders({ customerId: 'c', pageSize: 100 });
  assert.equal(page.records.filter((o) => o.orderNo === orderNo).length, 1, 'created exactly once');
});

test('HTTP 429 is retried', async () => {
  await sb.control('POST', '/faults', { path: '/checkout/order/list', kind: 'http_429', count: 1 });
  const page = await client.listCheckoutOrders({ pageSize: 1 });
  assert.equal(page.pageSize, 1);
});

