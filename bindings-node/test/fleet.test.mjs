// Many processes, one merchant, on the real sandbox and a real redis-server: 4 Python + 2 Node
// processes share one token through Redis (and thrash without it), workers claim each event key
// once, and the reconciler finds a lost PAID webhook whose late delivery is then deduplicated.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { existsSync } from 'node:fs';
import { startSandbox, uniqueNo, DEMO, REPO } from './helpers/sandbox.mjs';
import { startRedis } from './helpers/redis.mjs';
import wc from '../lib/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const NODE_WORKER = path.join(here, 'helpers/fleet-worker.mjs');
const PY_WORKER = path.join(REPO, 'bindings-python/tests/fleet_worker.py');
// The Python package as `make test-python` installs it (the wheel, in the target's virtualenv).
const PYTHON = process.env.WCHECKOUT_PYTHON ?? path.join(REPO, 'target/py-venv/bin/python');

let redis;

before(async () => {
  redis = await startRedis();
});
after(async () => redis?.stop());

function needRedis(t) {
  if (redis === null) t.skip('redis-server not installed');
  return redis !== null;
}

/** Starts every worker, releases them together once all are ready, resolves with their results. */
async function runWorkers(specs) {
  const procs = specs.map(([cmd, args]) => spawn(cmd, args, { stdio: ['pipe', 'pipe', 'inherit'] }));
  try {
    const outputs = procs.map((p) => {
      const lines = [];
      const rl = createInterface({ input: p.stdout });
      const readyP = new Promise((resolve, reject) => {
        rl.on('line', (l) => {
          if (l === 'ready') resolve();
          else lines.push(l);
        });
        p.once('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready`)));
      });
      const doneP = new Promise((resolve) => p.once('exit', (code) => resolve(code)));
      return { readyP, doneP, lines };
    });
    await Promise.all(outputs.map((o) => o.readyP));
    for (const p of procs) p.stdin.write('go\n');
    const results = [];
    for (const o of outputs) {
      assert.equal(await o.doneP, 0);
      results.push(JSON.parse(o.lines.at(-1)));
    }
    return results;
  } finally {
    for (const p of procs) if (p.exitCode === null) p.kill('SIGKILL');
  }
}

function pythonReady() {
  if (!existsSync(PYTHON)) return false;
  return spawnSync(PYTHON, ['-c', 'import wcheckout; wcheckout.EventDeduplicator']).status === 0;
}

async function tokenCounts(sb) {
  const { counts } = await sb.control('GET', '/state');
  return { issued: counts.tokensIssued, rejected: counts.tokenRejections };
}

async function mixedFleet(store) {
  assert.ok(pythonReady(), `${PYTHON} cannot import wcheckout: run \`make test-python\` (or set WCHECKOUT_PYTHON)`);
  const sb = await startSandbox(); // --token-policy supersede is the default: one live token
  try {
    const specs = [
      ...Array.from({ length: 4 }, () => [PYTHON, [PY_WORKER, 'calls', sb.url, store, '80']]),
      ...Array.from({ length: 2 }, () => [process.execPath, [NODE_WORKER, 'calls', sb.url, store, '80']]),
    ];
    const results = await runWorkers(specs);
    return { results, counts: await tokenCounts(sb) };
  } finally {
    await sb.stop();
  }
}

test('4 Python + 2 Node processes on one Redis token store: 0 failed calls, exactly 1 token', async (t) => {
  if (!needRedis(t)) return;
  const { results, counts } = await mixedFleet(redis.url);
  assert.deepEqual(results.map((r) => r.failed), [[], [], [], [], [], []]);
  assert.equal(results.reduce((n, r) => n + r.ok, 0), 480);
  assert.deepEqual(counts, { issued: 1, rejected: 0 });
});

test('the same fleet with memory stores thrashes: many tokens, refused calls', async () => {
  const { results, counts } = await mixedFleet('memory');
  assert.ok(counts.issued > 1 && counts.rejected > 0, JSON.stringify(counts));
  for (const r of results) for (const code of r.failed) assert.equal(code, 'auth_error');
});

test('2 Node processes claiming the same 200 keys: each won exactly once', async (t) => {
  if (!needRedis(t)) return;
  await redis.command('FLUSHALL');
  const results = await runWorkers(Array.from({ length: 2 }, () => [process.execPath, [NODE_WORKER, 'claim', redis.url, '200']]));
  const won = results.flatMap((r) => r.won).sort();
  assert.deepEqual(won, Array.from({ length: 200 }, (_, i) => `order:K${i}:PAID`).sort());
});

test('EventDeduplicator: claim, release, TTL, bad input, unreachable store', async (t) => {
  if (!needRedis(t)) return;
  for (const url of ['memory', redis.url]) {
    const d = new wc.EventDeduplicator(url);
    const key = `order:${uniqueNo('D')}:PAID`;
    assert.equal(await d.claim(key), true);
    assert.equal(await d.claim(key), false);
    await d.release(key);
    assert.equal(await d.claim(key), true);
    assert.equal(d.ttlMs, 7 * 86400 * 1000);
    await assert.rejects(d.claim(''), wc.InvalidArgumentError);
  }
  const short = new wc.EventDeduplicator(redis.url, { ttlMs: 1000, namespace: 'node-ttl' });
  assert.equal(await short.claim('k'), true);
  await new Promise((r) => setTimeout(r, 1100));
  assert.equal(await short.claim('k'), true, 'the claim expired');
  assert.throws(() => new wc.EventDeduplicator('ftp://x'), wc.InvalidArgumentError);
  const dead = new wc.EventDeduplicator('redis://:hunter2pass@127.0.0.1:1/0', { timeoutMs: 500 });
  await assert.rejects(dead.claim('k'), (e) => e instanceof wc.TokenStoreError && !e.message.includes('hunter2pass'));
});

test('a lost PAID webhook is found in one poll; the late webhook is deduplicated', async (t) => {
  if (!needRedis(t)) return;
  const dedupe = new wc.EventDeduplicator(redis.url, { namespace: uniqueNo('ns') });
  const verifier = new wc.WebhookVerifier(DEMO.signKey);
  const processed = [];
  const duplicates = [];
  const handle = async (event) => {
    if (await dedupe.claim(event.dedupeKey)) processed.push(event.dedupeKey);
    else duplicates.push(event.dedupeKey);
  };
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      await handle(verifier.verify(req.headers, Buffer.concat(chunks)));
      res.writeHead(200, { 'content-type': 'application/json' }).end(wc.ACKNOWLEDGEMENT);
    });
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const receiver = `http://127.0.0.1:${server.address().port}/webhook`;
  const sb = await startSandbox({ webhookUrl: receiver });
  try {
    const client = new wc.Client(sb.client({ tokenStore: redis.url }));
    const rec = new wc.Reconciler(client, { store: redis.url });
    const orderNo = uniqueNo('L');
    await client.createCheckoutOrder({ orderNo, orderAmount: '5', customerId: 'c', token: 'ETH_USDT' });
    await rec.watchOrder(orderNo);
    await sb.control('POST', '/faults', { kind: 'lose_webhook', eventType: 'CHECKOUT_ORDER_CHANGED' });
    await sb.control('POST', `/orders/${orderNo}/pay`, { amount: '5' });
    const lost = (await sb.control('GET', '/webhooks')).deliveries.filter((d) => d.event.data.orderNo === orderNo);
    assert.deepEqual(lost.map((d) => [d.event.data.orderStatus, d.status]), [['PAID', 'lost']]);
    const poll = await rec.runOnce(handle);
    assert.equal(poll.events.length, 1);
    const [event] = poll.events;
    assert.equal(event.reconciled, true);
    assert.equal(event.eventType, 'CHECKOUT_ORDER_CHANGED');
    assert.equal(event.data.orderStatus, 'PAID');
    assert.equal(event.data.payingAmount, '5');
    assert.equal(event.raw.data.orderNo, orderNo);
    assert.equal(event.dedupeKey, `order:${orderNo}:PAID`);
    assert.deepEqual(processed, [`order:${orderNo}:PAID`]);
    assert.deepEqual(await rec.watched(), []);
    // The delivery arrives after all: verified, deduplicated, acknowledged.
    const body = lost[0].body;
    const res = await fetch(receiver, { method: 'POST', headers: { ...wc.signWebhookForTest(DEMO.signKey, body), 'content-type': 'application/json' }, body });
    assert.equal(res.status, 200);
    assert.deepEqual(duplicates, [`order:${orderNo}:PAID`]);
    assert.deepEqual(processed, [`order:${orderNo}:PAID`], 'processed exactly once');
  } finally {
    await sb.stop();
    await new Promise((r) => server.close(r));
  }
});

test('runOnce is at least once; runForever hands events over until stopped', async () => {
  const sb = await startSandbox();
  try {
    const client = new wc.Client(sb.client());
    const rec = new wc.Reconciler(client, { concurrency: 2 });
    const orderNo = uniqueNo('B');
    await client.createCheckoutOrder({ orderNo, orderAmount: '3', customerId: 'c', token: 'ETH_USDT' });
    await rec.watchOrder(orderNo);
    await rec.watchOrder('NOSUCHORDER1');
    await sb.control('POST', `/orders/${orderNo}/pay`, { amount: '3' });
    await assert.rejects(rec.runOnce(async () => { throw new Error('handler failed'); }), /handler failed/);
    const poll = await rec.poll();
    assert.deepEqual(poll.events.map((e) => e.dedupeKey), [`order:${orderNo}:PAID`]);
    assert.equal(poll.failures.length, 1);
    assert.ok(poll.failures[0].error instanceof wc.ApiError);
    assert.equal(poll.failures[0].error.retcode, '00010');
    assert.equal(await rec.unwatch('order', 'NOSUCHORDER1'), true);
    const seen = [];
    let resolveSeen;
    const gotOne = new Promise((r) => { resolveSeen = r; });
    const loop = rec.runForever(50, (e) => { seen.push(e.dedupeKey); resolveSeen(); });
    await gotOne;
    await loop.stop();
    assert.deepEqual(seen, [`order:${orderNo}:PAID`]);
    assert.deepEqual(await rec.watched(), []);
    assert.throws(() => new wc.Reconciler(client, { concurrency: 0 }), wc.InvalidArgumentError);
    assert.throws(() => new wc.Reconciler({}, {}), wc.InvalidArgumentError);
  } finally {
    await sb.stop();
  }
});
