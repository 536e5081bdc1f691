// `wcheckout/testing`: the sandbox inside the package. These tests use only the toolkit (no
// `wcheckout` binary, no sandbox process): the sandbox runs inside this Node process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { Sandbox, WebhookInbox, WebhookTimeoutError } from 'wcheckout/testing';
import wc from 'wcheckout';

let seq = 0;
const uid = (p) => `${p}${process.pid}${Date.now().toString(36)}${(seq += 1)}`;

test('end to end with only the toolkit: create, pay, PAID webhook, partial refund, settlement', async () => {
  const sb = await Sandbox.start();
  try {
    const client = sb.client();
    const inbox = await sb.webhookInbox();
    const orderNo = uid('E');
    const created = await client.createCheckoutOrder({ orderNo, orderAmount: '25.00', customerId: 'c1', token: 'ETH_USDT' });
    assert.equal(created.payingAmount, '25.00');

    const payment = await sb.pay(orderNo, created.payingAmount);
    assert.equal(payment.order.orderStatus, 'PAID');
    assert.equal(payment.abnormalPayment, null);
    const paid = await inbox.waitFor({ eventType: 'CHECKOUT_ORDER_CHANGED', orderNo, orderStatus: 'PAID' });
    assert.equal(paid.known, true);
    assert.match(paid.eventId, /^evt_/);
    assert.equal(paid.data.payingAmount, '25.00');
    assert.equal(paid.raw.data.orderNo, orderNo);

    const refund = await client.createRefundOrder({ refundOrderNo: uid('R'), orderNo, amount: '5.50' });
    assert.equal((await sb.completeRefund(refund.refundOrderNo)).refundStatus, 'REFUNDED');
    const refunded = await inbox.waitFor({ eventType: 'REFUND_ORDER_CHANGED', refundStatus: 'REFUNDED' });
    assert.equal(refunded.data.amount, '5.50');
    const order = await client.getCheckoutOrderInfo(orderNo);
    assert.equal(order.orderStatus, 'PARTIAL_REFUNDED');
    assert.equal(order.refundedAmount, '5.50');

    const settlement = await client.createSettlementOrder({ settlementOrderNo: uid('S'), token: 'ETH_USDT', address: '0xabc', amount: '19.50' });
    assert.equal((await sb.completeSettlement(settlement.settlementOrderNo)).settleStatus, 'SETTLED');
    await inbox.waitFor((e) => e.eventType === 'SETTLEMENT_ORDER_CHANGED' && e.data.settleStatus === 'SETTLED');
    assert.equal((await sb.state()).balances.ETH_USDT, '0.00'); // exact decimal text

    const log = await sb.webhooks();
    assert.deepEqual(log.map((d) => d.eventId), inbox.events.map((e) => e.eventId));
    assert.equal(log[0].event.data.orderNo, orderNo);
    assert.deepEqual(inbox.rejected, []);
  } finally {
    await sb.close();
  }
  assert.equal(sb.closed, true);
});

test('two sandboxes side by side in one process', async () => {
  const a = await Sandbox.start();
  const b = await Sandbox.start({ apiKey: 'k2', apiSecret: 's2', signKey: 'sign2' });
  try {
    assert.notEqual(a.baseUrl, b.baseUrl);
    const [ia, ib] = [await a.webhookInbox(), await b.webhookInbox()];
    await a.client().createCheckoutOrder({ orderNo: 'SAME1', orderAmount: '1.25', customerId: 'c', token: 'ETH_USDT' });
    await b.client().createCheckoutOrder({ orderNo: 'SAME1', orderAmount: '2.50', customerId: 'c', token: 'ETH_USDT' });
    await a.pay('SAME1', '1.25');
    await b.pay('SAME1', '2.50');
    assert.equal((await ia.waitFor({ orderStatus: 'PAID' })).data.payingAmount, '1.25');
    assert.equal((await ib.waitFor({ orderStatus: 'PAID' })).data.payingAmount, '2.50');
    const wrong = a.client({ apiKey: 'k2', apiSecret: 's2', signKey: 'sign2', maxRetries: 0, responseSignature: 'off' });
    await assert.rejects(wrong.getCheckoutOrderInfo('SAME1'), wc.AuthenticationError);
    await a.reset();
    assert.equal((await a.state()).counts.orders, 0);
    assert.equal((await b.state()).counts.orders, 1);
    assert.deepEqual(ib.events.map((e) => e.data.orderNo), ['SAME1']);
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
});

test('control errors are typed; a stopped sandbox refuses calls', async () => {
  const sb = await Sandbox.start();
  await assert.rejects(sb.pay('NOPE1', '1'), (e) => e instanceof wc.ApiError && e.retcode === '00010' && e.httpStatus === 404);
  await assert.rejects(sb.pay('NOPE1', 1.5), wc.InvalidArgumentError);
  await assert.rejects(sb.completeRefund('NOREFUND1'), (e) => e instanceof wc.ApiError && e.retcode === '00010');
  await assert.rejects(sb.fault('teleport'), (e) => e instanceof wc.ApiError && e.retcode === '00008' && e.httpStatus === 400);
  await assert.rejects(sb.advanceClock(-1), wc.InvalidArgumentError);
  await sb.close();
  await sb.close();
  await assert.rejects(sb.state(), (e) => e instanceof wc.InvalidArgumentError && /stopped/.test(e.message));
  await assert.rejects(Sandbox.start({ tokenPolicy: 'sometimes' }), (e) => e instanceof wc.InvalidArgumentError && /tokenPolicy/.test(e.message));
  await assert.rejects(Sandbox.start({ apiKey: '' }), wc.InvalidArgumentError);
  assert.throws(() => new Sandbox(), wc.InvalidArgumentError);
});

test('clock, faults, token expiry and state', async () => {
  const sb = await Sandbox.start();
  try {
    const client = sb.client({ maxRetries: 0 });
    const orderNo = uid('C');
    await client.createCheckoutOrder({ orderNo, orderAmount: '10', customerId: 'c', token: 'TRX_USDT', expiredIn: 60 });
    assert.equal((await sb.advanceClock(61)).offsetSeconds, 61);
    assert.equal((await sb.clock()).offsetSeconds, 61);
    assert.equal((await client.getCheckoutOrderInfo(orderNo)).orderStatus, 'TIMEOUT');
    const late = await sb.pay(orderNo, '10');
    assert.equal(late.abnormalPayment.abnormalType, 'LATE_PAYMENT');

    await sb.fault({ kind: 'http_503', path: '/checkout/order/info', retryAfter: 3 });
    await assert.rejects(client.getCheckoutOrderInfo(orderNo), (e) => e.httpStatus === 503 && e.retryable);
    await sb.fault({ kind: 'http_500', count: 5 });
    await sb.clearFaults();
    assert.equal((await client.getCheckoutOrderInfo(orderNo)).orderNo, orderNo);

    assert.equal(await sb.expireToken(), true);
    assert.equal((await client.getCheckoutOrderInfo(orderNo)).orderNo, orderNo); // refetched once
    const { counts } = await sb.state();
    assert.equal(counts.tokensIssued, 2);
    assert.equal(counts.tokenRejections, 1);
    assert.deepEqual(await sb.control('GET', '/health'), { status: 'ok' });
    const res = await fetch(`${sb.baseUrl}/_sandbox/health`); // the HTTP control API still works
    assert.equal((await res.json()).retdata.status, 'ok');
  } finally {
    await sb.close();
  }
});

test('a lost webhook never arrives, and waitFor says what did', async () => {
  const sb = await Sandbox.start();
  try {
    const inbox = await sb.webhookInbox();
    await sb.fault({ kind: 'lose_webhook', eventType: 'CHECKOUT_ORDER_CHANGED' });
    const orderNo = uid('L');
    await sb.client().createCheckoutOrder({ orderNo, orderAmount: '3', customerId: 'c', token: 'ETH_USDT' });
    await sb.pay(orderNo, '3');
    assert.deepEqual((await sb.webhooks()).map((d) => d.status), ['lost']);
    await assert.rejects(inbox.waitFor({ orderNo }, { timeoutMs: 200 }), (e) => {
      assert.ok(e instanceof WebhookTimeoutError && e instanceof wc.WCheckoutError);
      assert.match(e.message, /received 0: nothing/);
      assert.ok(e.message.includes(orderNo));
      return true;
    });
    await sb.setWebhookUrl(null);
    assert.equal(await sb.webhookUrl(), null);
  } finally {
    await sb.close();
  }
});

test('an inbox refuses deliveries that do not verify', async () => {
  const inbox = new WebhookInbox('inbox_key');
  try {
    const body = '{"eventId":"evt_1","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}';
    const post = async (headers) => (await fetch(inbox.url, { method: 'POST', headers, body })).status;
    assert.equal(await post(wc.signWebhookForTest('wrong_key', body)), 400);
    assert.deepEqual(inbox.rejected.map((r) => r.code), ['webhook_signature_mismatch']);
    assert.deepEqual(inbox.events, []);
    assert.equal(await post(wc.signWebhookForTest('inbox_key', body)), 200);
    assert.equal((await inbox.waitFor({ orderNo: 'A1' }, { timeoutMs: 1000 })).eventId, 'evt_1');
    inbox.clear();
    assert.deepEqual(inbox.events, []);
  } finally {
    await inbox.close();
  }
  assert.equal(inbox.closed, true);
});

test('Symbol.asyncDispose closes it (await using, where the runtime supports it)', async () => {
  const sb = await Sandbox.start();
  const inbox = await sb.webhookInbox();
  await sb[Symbol.asyncDispose]();
  assert.equal(sb.closed, true);
  assert.equal(inbox.closed, true);
  let usingWorks = true;
  try {
    // eslint-disable-next-line no-new-func
    new Function('Sandbox', 'return (async () => { await using s = await Sandbox.start(); return s; })()');
  } catch {
    usingWorks = false; // Node 20 does not parse `await using`; the method above is what it calls
  }
  if (usingWorks) {
    const fn = new Function('Sandbox', 'return (async () => { await using s = await Sandbox.start(); return s; })()');
    const s = await fn(Sandbox);
    assert.equal(s.closed, true);
  }
});

test('a sandbox left running neither keeps the process alive nor outlives it', () => {
  const script = `
    import { execFileSync } from 'node:child_process';
    import { Sandbox } from 'wcheckout/testing';
    const sb = await Sandbox.start();
    const inbox = await sb.webhookInbox();
    const ports = [new URL(sb.baseUrl).port, new URL(inbox.url).port];
    process.on('exit', () => {
      // After the toolkit's own exit hook (registered first): both ports must refuse connections.
      const probe = 'const s=require("net").connect(+process.argv[1],"127.0.0.1");s.on("connect",()=>{console.log("open");s.destroy()});s.on("error",()=>console.log("closed"))';
      const states = ports.map((p) => execFileSync(process.execPath, ['-e', probe, p], { encoding: 'utf8' }).trim());
      console.log(JSON.stringify({ states, closed: [sb.closed, inbox.closed] }));
    });
  `;
  const started = Date.now();
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20000 });
  assert.deepEqual(JSON.parse(out.trim()), { states: ['closed', 'closed'], closed: [true, true] });
  assert.ok(Date.now() - started < 15000);
});
