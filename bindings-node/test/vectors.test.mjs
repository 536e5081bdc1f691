// The shared vectors in tests/vectors/*.json, every case through the binding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { REPO } from './helpers/sandbox.mjs';
import wc from '../lib/index.js';

const DIR = path.join(REPO, 'tests/vectors');
const load = (name) => JSON.parse(readFileSync(path.join(DIR, name), 'utf8'));

test('every vector file is covered by this suite', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  assert.deepEqual(files, ['amounts.json', 'enums.json', 'envelope.json', 'signing.json', 'webhook.json']);
  for (const f of files) assert.ok(load(f).description.length > 20, `${f} has a description`);
});

test('signing vectors: string to sign, signature, verification', () => {
  const { vectors } = load('signing.json');
  assert.ok(vectors.length >= 20);
  for (const v of vectors) {
    const input = { method: v.method, timestamp: v.timestamp, path: v.path, query: v.query, body: v.body, queryPrefix: v.queryPrefix };
    const sts = wc.stringToSign(input);
    assert.equal(sts, v.stringToSign, v.name);
    assert.equal(Buffer.byteLength(sts), v.stringToSignBytes, v.name);
    assert.equal(wc.signRequest(v.signKey, input), v.signature, v.name);
    // Body as bytes signs the same; a pre-keyed Signer agrees and verifies.
    assert.equal(wc.signRequest(v.signKey, { ...input, body: Buffer.from(v.body) }), v.signature, v.name);
    const signer = new wc.Signer(v.signKey, { queryPrefix: v.queryPrefix });
    const { queryPrefix, ...plain } = input;
    assert.equal(signer.sign(plain), v.signature, v.name);
    signer.verify(plain, v.signature);
    assert.throws(() => signer.verify({ ...plain, path: `${v.path}x` }, v.signature), wc.SignatureMismatchError, v.name);
  }
});

test('signing rejects: typed errors, never a signature', () => {
  const { rejects } = load('signing.json');
  assert.ok(rejects.length >= 5);
  for (const r of rejects) {
    const input = { method: r.method, timestamp: r.timestamp, path: r.path, query: r.query, body: r.body, queryPrefix: r.queryPrefix };
    assert.throws(
      () => wc.signRequest(r.signKey, input),
      (e) => e instanceof wc.WCheckoutError && e.code === r.error,
      r.name,
    );
  }
});

function text(v) {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

test('webhook vectors: verified events and every failure code', () => {
  const { cases } = load('webhook.json');
  assert.ok(cases.length >= 30);
  for (const c of cases) {
    const verifier = new wc.WebhookVerifier(c.signKey, { toleranceSec: c.toleranceSec });
    const run = (body) => verifier.verify(c.headers, body, { nowMs: c.nowMs });
    if (c.expect.ok) {
      for (const body of [c.body, Buffer.from(c.body)]) {
        const ev = run(body);
        assert.equal(ev.eventType, c.expect.eventType, c.name);
        assert.equal(ev.eventId, c.expect.eventId, c.name);
        assert.equal(ev.known, wc.KNOWN_VALUES.eventType.includes(c.expect.eventType), c.name);
        if (c.expect.timestamp !== undefined) assert.equal(ev.timestamp, c.expect.timestamp, c.name);
        for (const [field, want] of Object.entries(c.expect.data ?? {})) {
          const got = field in ev.data ? ev.data[field] : ev.raw.data[field];
          assert.equal(text(got), want, `${c.name}: data.${field}`);
        }
      }
    } else {
      assert.throws(
        () => run(c.body),
        (e) => e instanceof wc.WCheckoutError && e.code === c.expect.error,
        c.name,
      );
    }
  }
});

test('webhook failures are WebhookVerificationError subclasses', () => {
  const { cases } = load('webhook.json');
  const codes = new Set();
  for (const c of cases.filter((x) => !x.expect.ok)) {
    const verifier = new wc.WebhookVerifier(c.signKey, { toleranceSec: c.toleranceSec });
    try {
      verifier.verify(c.headers, c.body, { nowMs: c.nowMs });
      assert.fail(`${c.name} verified`);
    } catch (e) {
      assert.ok(e instanceof wc.WebhookVerificationError, `${c.name}: ${e.name}`);
      codes.add(e.code);
    }
  }
  assert.deepEqual(
    [...codes].sort(),
    ['webhook_malformed_json', 'webhook_malformed_timestamp', 'webhook_missing_header', 'webhook_outside_tolerance', 'webhook_signature_mismatch'],
  );
});

test('amount vectors: exact canonical text, rejects by code', () => {
  const { parse, rejects } = load('amounts.json');
  for (const v of parse) {
    const canonical = wc.amountFromJson(v.json);
    assert.equal(canonical, v.canonical, v.name);
    assert.equal(wc.normalizeAmount(canonical), v.canonical, `${v.name} (again)`);
    assert.equal(wc.amountFromJson(canonical), v.canonical, `${v.name} (as a number)`);
    if (v.json.startsWith('"')) assert.equal(wc.normalizeAmount(JSON.parse(v.json)), v.canonical, v.name);
  }
  for (const r of rejects) {
    assert.throws(
      () => wc.amountFromJson(r.json),
      (e) => e instanceof wc.InvalidAmountError && e.code === r.error,
      r.name,
    );
    if (r.json.startsWith('"')) {
      assert.throws(() => wc.normalizeAmount(JSON.parse(r.json)), wc.InvalidAmountError, r.name);
    }
  }
});

test('envelope vectors: retdata or ApiError / DecodeError', () => {
  const { cases } = load('envelope.json');
  for (const c of cases) {
    if (c.expect.ok) {
      assert.deepEqual(wc.parseEnvelope(c.body, c.httpStatus), c.expect.retdata ?? null, c.name);
      continue;
    }
    assert.throws(
      () => wc.parseEnvelope(Buffer.from(c.body), c.httpStatus),
      (e) => {
        assert.equal(e.code, c.expect.error, c.name);
        if (e.code === 'api_error') {
          assert.ok(e instanceof wc.ApiError);
          assert.equal(e.retcode, c.expect.retcode, c.name);
          assert.equal(e.retmsg, c.expect.retmsg, c.name);
          assert.equal(e.httpStatus, c.expect.httpStatus, c.name);
        } else {
          assert.ok(e instanceof wc.DecodeError, c.name);
        }
        return true;
      },
      c.name,
    );
  }
});

test('enum vectors: the shipped types name exactly the known values', () => {
  const doc = load('enums.json');
  const dts = readFileSync(path.join(REPO, 'bindings-node/lib/types.d.ts'), 'utf8');
  // The literal union of `export type <Name> = Open<...>;` (or of Known<Name> for event types).
  const literals = (name) => {
    const m = dts.match(new RegExp(`export type ${name} =([^;]*);`));
    assert.ok(m, `types.d.ts declares ${name}`);
    return [...m[1].matchAll(/'([A-Z_]+)'/g)].map((x) => x[1]);
  };
  const types = {
    token: 'Token', orderStatus: 'OrderStatus', refundStatus: 'RefundStatus', settleStatus: 'SettleStatus',
    abnormalPaymentType: 'AbnormalPaymentType', abnormalPaymentStatus: 'AbnormalPaymentStatus', eventType: 'KnownEventType',
  };
  assert.deepEqual(Object.keys(doc).sort(), [...Object.keys(types), 'description', 'notCodes'].sort());
  for (const [key, name] of Object.entries(types)) assert.deepEqual(literals(name), doc[key], key);
  for (const text of doc.notCodes) assert.ok(!literals('Token').includes(text), text);
});
