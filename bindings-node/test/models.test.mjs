// One model, four languages: lib/types.d.ts's model interfaces are generated from the core's model
// schema, and every key of a real response of every model is declared there.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { REPO, startSandbox, uniqueNo, DEMO } from './helpers/sandbox.mjs';
import { render, splice } from '../scripts/gen-types.mjs';
import wc from '../lib/index.js';

const native = (await import('../lib/native.js')).default;
const SCHEMA = JSON.parse(native.modelSchema());
const DTS = readFileSync(path.join(REPO, 'bindings-node/lib/types.d.ts'), 'utf8');

/** The property names of `export interface <name> { … }` in types.d.ts. */
function declared(name) {
  const m = DTS.match(new RegExp(`export interface ${name} \\{([\\s\\S]*?)\\n\\}`));
  assert.ok(m, `types.d.ts declares ${name}`);
  return [...m[1].matchAll(/^\s{2}(\w+)\??:/gm)].map((x) => x[1]);
}

let sb;
before(async () => {
  sb = await startSandbox();
});
after(async () => sb?.stop());

test('the model section of types.d.ts is what the generator writes from the core schema', () => {
  assert.equal(splice(DTS, render(SCHEMA)), DTS, 'run node bindings-node/scripts/gen-types.mjs');
});

test('every field of every core model is declared, optional exactly when nullable', () => {
  for (const m of SCHEMA.models) {
    const body = DTS.match(new RegExp(`export interface ${m.name} \\{([\\s\\S]*?)\\n\\}`))[1];
    for (const f of m.fields) {
      assert.match(body, new RegExp(`^\\s{2}${f.wire}${f.required ? '' : '\\?'}:`, 'm'), `${m.name}.${f.wire}`);
    }
  }
  for (const e of SCHEMA.enums) {
    const union = DTS.match(new RegExp(`export type ${e.name === 'EventType' ? 'KnownEventType' : e.name} =([^;]*);`))[1];
    assert.deepEqual([...union.matchAll(/'([A-Z_]+)'/g)].map((x) => x[1]), e.values, e.name);
  }
});

test('every key of a real response and webhook of every model is declared', async () => {
  const client = new wc.Client({ ...DEMO, baseUrl: sb.url, maxRetries: 0 });
  const seen = {};
  const check = (name, obj) => {
    const keys = declared(name);
    for (const k of Object.keys(obj)) assert.ok(keys.includes(k), `${name} lacks ${k}`);
    seen[name] = true;
  };
  const orderNo = uniqueNo('M');
  check('CreatedCheckoutOrder', await client.createCheckoutOrder({ orderNo, orderAmount: '10', customerId: 'c', token: 'ETH_USDT', merchantId: 'm1' }));
  await sb.control('POST', `/orders/${orderNo}/pay`, { amount: '12', txHash: `0x${orderNo}` });
  check('CheckoutOrder', await client.getCheckoutOrderInfo(orderNo));
  const refundOrderNo = uniqueNo('R');
  check('RefundOrder', await client.createRefundOrder({ refundOrderNo, orderNo, amount: '1', address: '0xabc', remark: 'r' }));
  check('SettlementOrder', await client.createSettlementOrder({ settlementOrderNo: uniqueNo('S'), token: 'ETH_USDT', address: '0xdef', amount: '2', merchantId: 'm1' }));
  check('SettlementOrder', await client.createFiatSettlementOrder({ settlementOrderNo: uniqueNo('F'), token: 'ETH_USDT', amount: '1', fiat: 'USD', bankAccountId: 'BA1' }));
  const abnormal = await client.listAbnormalPayments({ orderNo });
  assert.equal(abnormal.records.length, 1);
  check('AbnormalPayment', abnormal.records[0]);
  // The webhooks the sandbox recorded, verified as a receiver would.
  const names = {
    CHECKOUT_ORDER_CHANGED: 'CheckoutOrderChanged',
    REFUND_ORDER_CHANGED: 'RefundOrderChanged',
    SETTLEMENT_ORDER_CHANGED: 'SettlementOrderChanged',
    ABNORMAL_PAYMENT: 'AbnormalPaymentDetected',
  };
  const verifier = new wc.WebhookVerifier(DEMO.signKey);
  for (const d of (await sb.control('GET', '/webhooks')).deliveries) {
    const headers = wc.signWebhookForTest(DEMO.signKey, d.body);
    const event = verifier.verify(headers, d.body);
    check(names[event.eventType], event.data);
  }
  const expected = SCHEMA.models.filter((m) => m.role !== 'request').map((m) => m.name);
  assert.deepEqual(Object.keys(seen).sort(), expected.sort(), 'a real object of every result and event model');
});
