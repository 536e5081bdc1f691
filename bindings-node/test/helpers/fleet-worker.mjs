// One worker process of the multi-process tests (not a test file):
//   node fleet-worker.mjs calls SANDBOX_URL STORE N   -> N calls with its own Client on STORE
//   node fleet-worker.mjs claim STORE N               -> claims order:K0:PAID … order:K{N-1}:PAID
// Prints "ready", waits for a line on stdin (so every worker starts at once), then prints one
// JSON line with the result.
import { createInterface } from 'node:readline';
import { randomBytes } from 'node:crypto';
import wc from '../../lib/index.js';

const [mode, ...args] = process.argv.slice(2);
if (mode !== 'calls' && mode !== 'claim') {
  // `node --test test/` also loads this file: without a mode there is nothing to do.
  process.exit(0);
}
const lines = createInterface({ input: process.stdin });
const go = new Promise((resolve) => lines.once('line', resolve));

async function ready() {
  process.stdout.write('ready\n');
  await go;
}

async function calls(url, store, n) {
  const client = new wc.Client({
    apiKey: 'demo_api_key', apiSecret: 'demo_api_secret', signKey: 'demo_sign_key', baseUrl: url, tokenStore: store, maxRetries: 2,
  });
  await ready();
  let ok = 0;
  const failed = [];
  for (let i = 0; i < n; i += 1) {
    try {
      if (i % 4 === 0) {
        const orderNo = `N${randomBytes(10).toString('hex')}`;
        await client.createCheckoutOrder({ orderNo, orderAmount: '1', customerId: 'c', token: 'ETH_USDT' });
      } else {
        await client.listCheckoutOrders({ pageSize: 1 });
      }
      ok += 1;
    } catch (e) {
      failed.push(e.code);
    }
  }
  return { ok, failed };
}

async function claim(store, n) {
  const dedupe = new wc.EventDeduplicator(store);
  await ready();
  const won = [];
  for (let i = 0; i < n; i += 1) {
    if (await dedupe.claim(`order:K${i}:PAID`)) won.push(`order:K${i}:PAID`);
  }
  return { won };
}

const result = mode === 'calls' ? await calls(args[0], args[1], Number(args[2])) : await claim(args[0], Number(args[1]));
process.stdout.write(`${JSON.stringify(result)}\n`);
lines.close();
