// `npm pack` gives a tarball that installs into a clean temporary project and works there:
// CommonJS and ESM imports, a call against the sandbox, and the shipped types under tsc --strict.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, copyFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startSandbox } from './helpers/sandbox.mjs';

const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work;
let project;
let tarball;
let files;
let sb;

before(async () => {
  work = mkdtempSync(path.join(tmpdir(), 'wcheckout-pack-'));
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', work], { cwd: PKG, encoding: 'utf8' });
  const [info] = JSON.parse(out);
  tarball = path.join(work, info.filename);
  files = info.files.map((f) => f.path).sort();
  project = path.join(work, 'app');
  execFileSync('mkdir', ['-p', project]);
  writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'app', version: '1.0.0', private: true }));
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--prefer-offline', tarball], { cwd: project, encoding: 'utf8' });
  sb = await startSandbox();
});

after(async () => {
  await sb?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the tarball ships the JS layer, types, native loader and addon, and nothing else', () => {
  assert.ok(files.includes('package.json'));
  assert.ok(files.includes('README.md'));
  for (const f of ['lib/index.js', 'lib/index.d.ts', 'lib/types.d.ts', 'lib/errors.js', 'lib/loader.js', 'lib/native.js', 'lib/testing.js', 'lib/testing.d.ts']) {
    assert.ok(files.includes(f), `${f} in ${files.join(', ')}`);
  }
  assert.ok(files.some((f) => /^native\/wcheckout\..+\.node$/.test(f)), 'the addon');
  assert.ok(!files.some((f) => f.startsWith('src/') || f.startsWith('test/') || f.includes('node_modules')), files.join(', '));
});

test('no `any` or `unknown` in any shipped .d.ts', () => {
  const installed = path.join(project, 'node_modules', 'wcheckout');
  const dts = files.filter((f) => f.endsWith('.d.ts'));
  assert.ok(dts.length >= 2, dts.join(", ")); // lib/index.d.ts, lib/types.d.ts
  for (const f of dts) {
    const code = readFileSync(path.join(installed, f), 'utf8')
      .replace(/\/\*[\s\S]*?\*\//g, '')
      .replace(/\/\/.*$/gm, '');
    assert.doesNotMatch(code, /\bany\b/, `${f} mentions any`);
    assert.doesNotMatch(code, /\bunknown\b/, `${f} mentions unknown`);
  }
});

test('installed package works from CommonJS and ESM, against the sandbox', () => {
  const cjs = `
    const wc = require('wcheckout');
    const sig = wc.signRequest('aR2822Y6XbehWMclnB0Y2NJK', { method: 'POST', timestamp: '1636360661729', path: '/openapi/test', body: '{"a":"124"}' });
    if (sig !== 'MxrYnCm9Q7JOAvOrISf8+T2kuTW1d/w0at8aaPaoiX08VWfun3XPokVlIx1TkHXdcitls09wzfUGtXQZq23xdg==') throw new Error(sig);
    const client = new wc.Client({ apiKey: 'demo_api_key', apiSecret: 'demo_api_secret', signKey: 'demo_sign_key', baseUrl: process.argv[2] });
    client.createCheckoutOrder({ orderNo: 'PK' + Date.now(), orderAmount: '9.99', customerId: 'c', token: 'ETH_USDT' })
      .then((o) => console.log('cjs', o.payingAmount));
  `;
  const esm = `
    import { Client, WebhookVerifier, signWebhookForTest, ApiError } from 'wcheckout';
    const body = '{"eventId":"evt_1","eventType":"CHECKOUT_ORDER_CHANGED","timestamp":1,"data":{"orderNo":"A1","orderStatus":"PAID"}}';
    const ev = new WebhookVerifier('k').verify(signWebhookForTest('k', body), body);
    const client = new Client({ apiKey: 'demo_api_key', apiSecret: 'demo_api_secret', signKey: 'demo_sign_key', baseUrl: process.argv[2] });
    try { await client.getCheckoutOrderInfo('Missing1'); } catch (e) { console.log('esm', ev.data.orderStatus, e instanceof ApiError, e.retcode); }
  `;
  writeFileSync(path.join(project, 'a.cjs'), cjs);
  writeFileSync(path.join(project, 'b.mjs'), esm);
  assert.equal(execFileSync(process.execPath, ['a.cjs', sb.url], { cwd: project, encoding: 'utf8' }).trim(), 'cjs 9.99');
  assert.equal(execFileSync(process.execPath, ['b.mjs', sb.url], { cwd: project, encoding: 'utf8' }).trim(), 'esm PAID true 00010');
});

test('wcheckout/testing from the installed package alone: CommonJS and ESM run the scenario in-process', () => {
  const cjs = `
    const { Sandbox } = require('wcheckout/testing');
    (async () => {
      const sb = await Sandbox.start();
      const client = sb.client();
      const inbox = await sb.webhookInbox();
      const o = await client.createCheckoutOrder({ orderNo: 'TK1', orderAmount: '9.99', customerId: 'c', token: 'ETH_USDT' });
      await sb.pay('TK1', o.payingAmount);
      const ev = await inbox.waitFor({ eventType: 'CHECKOUT_ORDER_CHANGED', orderNo: 'TK1', orderStatus: 'PAID' });
      await client.createRefundOrder({ refundOrderNo: 'TKR1', orderNo: 'TK1', amount: '1' });
      const r = await sb.completeRefund('TKR1');
      await client.createSettlementOrder({ settlementOrderNo: 'TKS1', token: 'ETH_USDT', address: '0xabc', amount: '8.99' });
      const s = await sb.completeSettlement('TKS1');
      console.log('cjs', ev.data.payingAmount, r.refundStatus, s.settleStatus);
      await sb.close();
    })();
  `;
  const esm = `
    import { Sandbox, WebhookTimeoutError } from 'wcheckout/testing';
    const a = await Sandbox.start();
    const b = await Sandbox.start({ apiKey: 'other' });
    const inbox = await a.webhookInbox();
    const err = await inbox.waitFor({ orderNo: 'none' }, { timeoutMs: 50 }).catch((e) => e);
    console.log('esm', a.baseUrl !== b.baseUrl, b.apiKey, err instanceof WebhookTimeoutError);
    await Promise.all([a.close(), b.close()]);
  `;
  writeFileSync(path.join(project, 't.cjs'), cjs);
  writeFileSync(path.join(project, 't.mjs'), esm);
  // No sandbox binary anywhere: an empty PATH and no WCHECKOUT_BIN.
  const env = { HOME: process.env.HOME ?? '', PATH: '' };
  const run = (f) => execFileSync(process.execPath, [f], { cwd: project, encoding: 'utf8', env }).trim();
  assert.equal(run('t.cjs'), 'cjs 9.99 REFUNDED SETTLED');
  assert.equal(run('t.mjs'), 'esm true other true');
});

test('the shipped types check a consumer under tsc --strict', () => {
  copyFileSync(path.join(PKG, 'test/fixtures/consumer.ts'), path.join(project, 'consumer.ts'));
  copyFileSync(path.join(PKG, 'test/fixtures/testing-consumer.ts'), path.join(project, 'testing-consumer.ts'));
  const tsc = path.join(PKG, 'node_modules/typescript/bin/tsc');
  const args = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', 'consumer.ts', 'testing-consumer.ts'];
  try {
    execFileSync(process.execPath, [tsc, ...args], { cwd: project, encoding: 'utf8' });
  } catch (e) {
    assert.fail(`tsc failed:\n${e.stdout}${e.stderr}`);
  }
  assert.ok(readdirSync(project).includes('consumer.ts'));
});

// Names the README's blocks use without defining them (each block is a module of its own).
const README_GLOBALS = `
import type * as wc from 'wcheckout';
declare global {
  const Client: typeof wc.Client;
  const ApiError: typeof wc.ApiError;
  const AbortError: typeof wc.AbortError;
  const WCheckoutError: typeof wc.WCheckoutError;
  const WebhookVerificationError: typeof wc.WebhookVerificationError;
  const ACKNOWLEDGEMENT: string;
  const normalizeAmount: typeof wc.normalizeAmount;
  const amountFromJson: typeof wc.amountFromJson;
  const parseJsonExact: typeof wc.parseJsonExact;
  const client: wc.Client;
  const verifier: wc.WebhookVerifier;
  const apiKey: string;
  const apiSecret: string;
  const signKey: string;
  const credentials: { apiKey: string; apiSecret: string; signKey: string };
  const orderNo: string;
  const request: wc.CreateCheckoutOrderRequest;
  const req: { ip: string };
  const text: string;
  const body: string;
  const bodyText: string;
  const logger: { debug(fields: object, message: string): void };
  function fulfil(orderNo: string): void;
  function handle(event: wc.WebhookEvent): void;
  function handleOnce(event: wc.WebhookEvent): Promise<void>;
  const log: { warn(error: unknown): void };
  // Jest / Vitest globals, for the README's Jest block.
  function beforeEach(fn: () => unknown): void;
  function afterEach(fn: () => unknown): void;
  function test(name: string, fn: () => unknown): void;
  function expect(value: unknown): { toBe(expected: unknown): void };
  const express: { raw(options: { type: string }): (req: object, res: object, next: () => void) => void };
  const app: {
    post(
      path: string,
      middleware: (req: object, res: object, next: () => void) => void,
      handler: (
        req: { headers: Record<string, string | string[] | undefined>; body: Buffer },
        res: { type(t: string): { send(body: string): void }; sendStatus(status: number): void },
      ) => void,
    ): void;
  };
}
export {};
`;

test('every js block of the README type-checks against the shipped types (tsc --strict, checkJs)', () => {
  const readme = readFileSync(path.join(PKG, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
  assert.ok(blocks.length >= 10, `${blocks.length} blocks`);
  const dir = path.join(project, 'readme');
  execFileSync('mkdir', ['-p', dir]);
  writeFileSync(path.join(dir, 'globals.d.ts'), README_GLOBALS);
  const names = blocks.map((code, i) => {
    const name = `block_${String(i + 1).padStart(2, '0')}.mjs`;
    writeFileSync(path.join(dir, name), `${code}\nexport {};\n`);
    return name;
  });
  const tsc = path.join(PKG, 'node_modules/typescript/bin/tsc');
  const args = ['--noEmit', '--strict', '--allowJs', '--checkJs', '--module', 'nodenext', '--moduleResolution', 'nodenext',
    '--target', 'es2022', '--types', 'node', '--typeRoots', path.join(PKG, 'node_modules/@types'), 'globals.d.ts', ...names];
  try {
    execFileSync(process.execPath, [tsc, ...args], { cwd: dir, encoding: 'utf8' });
  } catch (e) {
    assert.fail(`README blocks fail tsc --strict:\n${e.stdout}${e.stderr}`);
  }
});

test('every declaration and class member of index.d.ts carries JSDoc', async () => {
  const { createRequire } = await import('node:module');
  const ts = createRequire(import.meta.url)(path.join(PKG, 'node_modules/typescript'));
  const file = path.join(PKG, 'lib/index.d.ts');
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const missing = [];
  const documented = (node) => ts.getJSDocCommentsAndTags(node).length > 0;
  const nameOf = (node) => node.name?.getText(source) ?? ts.SyntaxKind[node.kind];
  for (const stmt of source.statements) {
    if (ts.isImportDeclaration(stmt) || ts.isExportDeclaration(stmt)) continue;
    const decls = ts.isVariableStatement(stmt) ? [stmt] : [stmt];
    for (const d of decls) {
      const name = ts.isVariableStatement(d) ? d.declarationList.declarations[0].name.getText(source) : nameOf(d);
      if (!documented(d)) missing.push(name);
      if (ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d)) {
        for (const m of d.members) {
          if (ts.isConstructorDeclaration(m) || (m.modifiers ?? []).some((x) => x.kind === ts.SyntaxKind.PrivateKeyword)) continue;
          if (!documented(m)) missing.push(`${name}.${nameOf(m)}`);
        }
      }
    }
  }
  assert.deepEqual(missing, []);
});
