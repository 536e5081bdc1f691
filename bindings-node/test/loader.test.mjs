// The addon loader (lib/loader.js): where the addon comes from (a source build, the platform
// package npm installed, WCHECKOUT_NATIVE_PATH) and what it says when none fits this machine.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const PKG = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const { loadNative, platformKey, detectLibc, PLATFORMS } = require('../lib/loader.js');
const { version } = require('../package.json');

const HOST = { platform: process.platform, arch: process.arch, libc: detectLibc() };
const HOST_KEY = platformKey(HOST);
const BUILT = path.join(PKG, 'native', `wcheckout.${HOST_KEY}.node`);
let work;
let empty;

/** A project whose node_modules holds `wcheckout-<key>` with the given version and addon file. */
function projectWith(key, { pkgVersion = version, addon = BUILT } = {}) {
  const dir = mkdtempSync(path.join(work, 'project-'));
  const pkgDir = path.join(dir, 'node_modules', `wcheckout-${key}`);
  mkdirSync(pkgDir, { recursive: true });
  const main = `wcheckout.${key}.node`;
  writeFileSync(path.join(pkgDir, 'package.json'), JSON.stringify({ name: `wcheckout-${key}`, version: pkgVersion, main }));
  if (typeof addon === 'string') copyFileSync(addon, path.join(pkgDir, main));
  else writeFileSync(path.join(pkgDir, main), addon);
  return createRequire(path.join(dir, 'index.js'));
}

before(() => {
  work = mkdtempSync(path.join(tmpdir(), 'wcheckout-loader-'));
  empty = path.join(work, 'no-native'); // a package root without native/: a registry install
  mkdirSync(empty);
});

after(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

test('platform keys match the platform packages', () => {
  assert.equal(platformKey({ platform: 'linux', arch: 'x64', libc: 'glibc' }), 'linux-x64-gnu');
  assert.equal(platformKey({ platform: 'linux', arch: 'arm64', libc: 'musl' }), 'linux-arm64-musl');
  assert.equal(platformKey({ platform: 'darwin', arch: 'arm64', libc: null }), 'darwin-arm64');
  assert.equal(platformKey({ platform: 'win32', arch: 'x64', libc: null }), 'win32-x64-msvc');
  const dirs = readdirSync(path.join(PKG, 'npm')).sort();
  assert.deepEqual(Object.keys(PLATFORMS).sort(), dirs);
  for (const key of dirs) {
    const pkg = JSON.parse(readFileSync(path.join(PKG, 'npm', key, 'package.json'), 'utf8'));
    const fields = { platform: pkg.os[0], arch: pkg.cpu[0], libc: pkg.libc ? pkg.libc[0] : null };
    assert.equal(platformKey(fields), key, `npm/${key}/package.json os/cpu/libc`);
  }
  assert.equal(detectLibc('darwin'), null);
});

test('an unsupported platform gets its os/arch named, the supported list and the source build', () => {
  const env = { platform: 'freebsd', arch: 'x64', libc: null, vars: {}, root: empty };
  assert.throws(() => loadNative(env), (err) => {
    assert.equal(err.code, 'ERR_WCHECKOUT_NATIVE');
    assert.match(err.message, /no prebuilt native addon for this platform \(os=freebsd, arch=x64\)/);
    for (const key of Object.keys(PLATFORMS)) assert.ok(err.message.includes(key), key);
    assert.match(err.message, /build the addon from source/);
    assert.match(err.message, /WCHECKOUT_NATIVE_PATH/);
    assert.doesNotMatch(err.message, /bug related to optional dependencies/);
    return true;
  });
  const arm32 = { platform: 'linux', arch: 'arm', libc: 'glibc', vars: {}, root: empty };
  assert.throws(() => loadNative(arm32), /os=linux, arch=arm, libc=glibc/);
});

test('a supported platform whose package was skipped is told to install optional dependencies', () => {
  const env = { platform: 'linux', arch: 'arm64', libc: 'musl', vars: {}, root: empty, require: createRequire(path.join(empty, 'x.js')) };
  assert.throws(() => loadNative(env), (err) => {
    assert.match(err.message, /\(os=linux, arch=arm64, libc=musl\)/);
    assert.match(err.message, /`wcheckout-linux-arm64-musl`, which is not installed/);
    assert.match(err.message, /npm install --include=optional/);
    assert.ok(err.message.includes(`npm install wcheckout-linux-arm64-musl@${version}`));
    assert.match(err.message, /build the addon from source/);
    assert.doesNotMatch(err.message, /bug related to optional dependencies/);
    assert.equal(err.cause.code, 'MODULE_NOT_FOUND');
    return true;
  });
});

test('the installed platform package is loaded when the package has no native/ of its own', () => {
  const env = { ...HOST, vars: {}, root: empty, require: projectWith(HOST_KEY) };
  const addon = loadNative(env);
  assert.equal(addon.VERSION, version);
  assert.equal(typeof addon.ACKNOWLEDGEMENT, 'string');
});

test('a platform package of another version is refused with the fix', () => {
  const env = { ...HOST, vars: {}, root: empty, require: projectWith(HOST_KEY, { pkgVersion: '0.0.1' }) };
  assert.throws(() => loadNative(env), new RegExp(`version mismatch: wcheckout ${version} needs \`wcheckout-${HOST_KEY}\` ${version}, but 0.0.1 is installed`));
});

test('a platform package whose addon does not load names the platform and the cause', () => {
  const env = { ...HOST, vars: {}, root: empty, require: projectWith(HOST_KEY, { addon: Buffer.from('not an ELF file') }) };
  assert.throws(() => loadNative(env), (err) => {
    assert.ok(err.message.includes(`\`wcheckout-${HOST_KEY}\` does not load on this platform (os=${HOST.platform}, arch=${HOST.arch}`), err.message);
    assert.ok(err.cause instanceof Error);
    return true;
  });
});

test('WCHECKOUT_NATIVE_PATH wins, and a bad one is named', () => {
  const addon = loadNative({ ...HOST, vars: { WCHECKOUT_NATIVE_PATH: BUILT }, root: empty });
  assert.equal(addon.VERSION, version);
  const missing = path.join(work, 'missing.node');
  assert.throws(() => loadNative({ ...HOST, vars: { WCHECKOUT_NATIVE_PATH: missing }, root: empty }), (err) => {
    assert.ok(err.message.includes(`WCHECKOUT_NATIVE_PATH=${missing} could not be loaded`), err.message);
    return true;
  });
});

test('a source checkout loads its own native/ build first', () => {
  const addon = loadNative({ ...HOST, vars: {}, root: PKG, require: createRequire(path.join(empty, 'x.js')) });
  assert.equal(addon.VERSION, version);
});

test('no shipped JS file carries the npm optional-dependency bug text', () => {
  for (const f of readdirSync(path.join(PKG, 'lib'))) {
    assert.doesNotMatch(readFileSync(path.join(PKG, 'lib', f), 'utf8'), /bug related to optional dependencies/, f);
  }
});
