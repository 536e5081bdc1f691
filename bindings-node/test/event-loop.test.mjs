// Network calls run on the SDK's own worker threads: the event loop keeps turning while they wait.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startSandbox, uniqueNo } from './helpers/sandbox.mjs';
import wc from '../lib/index.js';

let sb;
let client;
before(async () => {
  sb = await startSandbox();
  client = new wc.Client(sb.client({ timeoutMs: 10000 }));
  await client.listCheckoutOrders(); // token fetched up front
});
after(async () => sb?.stop());

function ticker(everyMs) {
  let ticks = 0;
  let last = performance.now();
  let maxGap = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxGap = Math.max(maxGap, now - last);
    last = now;
    ticks += 1;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return { ticks, maxGap };
    },
  };
}

test('a timer keeps firing while a call waits on an injected 800 ms delay', async () => {
  await sb.control('POST', '/faults', { path: '/checkout/order/list', kind: 'delay', delayMs: 800, count: 1 });
  const t = ticker(10);
  const started = performance.now();
  const page = await client.listCheckoutOrders();
  const elapsed = performance.now() - started;
  const { ticks, maxGap } = t.stop();
  assert.equal(typeof page.total, 'number');
  assert.ok(elapsed >= 750, `the delay applied (${elapsed} ms)`);
  assert.ok(ticks >= 40, `timer fired ${ticks} times during ${elapsed.toFixed(0)} ms`);
  assert.ok(maxGap < 200, `longest pause between ticks ${maxGap.toFixed(1)} ms`);
});

test('many calls in flight at once all complete', async () => {
  const orders = [];
  for (let i = 0; i < 5; i += 1) {
    const orderNo = uniqueNo('E');
    orders.push(orderNo);
    await client.createCheckoutOrder({ orderNo, orderAmount: `${i + 1}.01`, customerId: 'loop', token: 'ETH_USDC' });
  }
  await sb.control('POST', '/faults', { path: '/checkout/order/info', kind: 'delay', delayMs: 200, count: 6 });
  const t = ticker(10);
  const calls = [];
  for (let i = 0; i < 60; i += 1) {
    const orderNo = orders[i % orders.length];
    calls.push(client.getCheckoutOrderInfo(orderNo).then((o) => assert.equal(o.orderNo, orderNo)));
    if (i % 10 === 0) calls.push(client.listCheckoutOrders({ customerId: 'loop', pageSize: 2 }));
    if (i % 20 === 0) calls.push(client.iterCheckoutOrders({ customerId: 'loop', pageSize: 2 }).toArray().then((all) => assert.equal(all.length, 5)));
  }
  const results = await Promise.allSettled(calls);
  const { ticks, maxGap } = t.stop();
  const failed = results.filter((r) => r.status === 'rejected');
  assert.deepEqual(failed.map((r) => String(r.reason)), []);
  assert.equal(results.length, 69);
  assert.ok(ticks > 0);
  assert.ok(maxGap < 250, `longest pause between ticks ${maxGap.toFixed(1)} ms`);
});
