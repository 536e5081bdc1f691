'use strict';
// Finds and loads the compiled addon for this machine. Published installs get it from one
// platform package (`wcheckout-linux-x64-gnu`, …), an optional dependency npm picks by its
// `os`/`cpu`/`libc` fields; a source checkout gets it from `native/` (written by `napi build`).
// When nothing fits, the error names this platform and what to do, never a generic npm text.

const fs = require('node:fs');
const path = require('node:path');

/** Platform key → the Rust target its addon is built for (the keys of the platform packages). */
const PLATFORMS = Object.freeze({
  'linux-x64-gnu': 'x86_64-unknown-linux-gnu',
  'linux-arm64-gnu': 'aarch64-unknown-linux-gnu',
  'linux-x64-musl': 'x86_64-unknown-linux-musl',
  'linux-arm64-musl': 'aarch64-unknown-linux-musl',
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
  'win32-x64-msvc': 'x86_64-pc-windows-msvc',
});

const PACKAGE = 'wcheckout';
const SOURCE_HINT =
  'build the addon from source (Rust >= 1.85 and Node >= 20): clone https://github.com/wcheckout/wcheckout, ' +
  'then in bindings-node run `npm ci && npm run build:release`, and either use that checkout ' +
  '(`npm install /path/to/wcheckout/bindings-node`) or point WCHECKOUT_NATIVE_PATH at the built ' +
  '`native/wcheckout.<platform>.node` file';

/** 'glibc', 'musl', or null off Linux. */
function detectLibc(platform = process.platform) {
  if (platform !== 'linux') return null;
  try {
    // Alpine's /usr/bin/ldd is musl's loader itself; glibc's is a shell script.
    return fs.readFileSync('/usr/bin/ldd', 'latin1').includes('musl') ? 'musl' : 'glibc';
  } catch {
    // No ldd (distroless images): ask the runtime below.
  }
  try {
    const report = process.report.getReport();
    if (report.header && report.header.glibcVersionRuntime) return 'glibc';
    const libs = report.sharedObjects || [];
    if (libs.some((f) => f.includes('musl'))) return 'musl';
  } catch {
    // process.report unavailable: assume the common case.
  }
  return 'glibc';
}

/** The platform key for an os/arch/libc triple, e.g. `linux-x64-gnu`, `darwin-arm64`, `win32-x64-msvc`. */
function platformKey({ platform, arch, libc }) {
  if (platform === 'linux') return `linux-${arch}-${libc === 'musl' ? 'musl' : 'gnu'}`;
  if (platform === 'win32') return `win32-${arch}-msvc`;
  return `${platform}-${arch}`;
}

function describePlatform({ platform, arch, libc }) {
  return `os=${platform}, arch=${arch}${libc ? `, libc=${libc}` : ''}`;
}

function notFound(message, details) {
  const err = new Error(message, details.cause ? { cause: details.cause } : undefined);
  err.name = 'WCheckoutNativeLoadError';
  err.code = 'ERR_WCHECKOUT_NATIVE';
  err.platform = details.key;
  return err;
}

function isModuleNotFound(err, request) {
  return err && err.code === 'MODULE_NOT_FOUND' && String(err.message).includes(request);
}

/**
 * Loads the addon. `env` is the machine description (overridable for tests): platform, arch,
 * libc, the environment variables, the directory holding `native/`, and `require`.
 */
function loadNative(env = {}) {
  const platform = env.platform ?? process.platform;
  const arch = env.arch ?? process.arch;
  const libc = env.libc === undefined ? detectLibc(platform) : env.libc;
  const vars = env.vars ?? process.env;
  const root = env.root ?? path.join(__dirname, '..');
  const load = env.require ?? require;
  const version = env.version ?? require('../package.json').version;
  const key = platformKey({ platform, arch, libc });
  const here = describePlatform({ platform, arch, libc });
  const supported = Object.keys(PLATFORMS).join(', ');

  // 1. An explicit path always wins (a self-built addon on an unsupported platform).
  const explicit = vars.WCHECKOUT_NATIVE_PATH;
  if (explicit) {
    try {
      return load(path.resolve(explicit));
    } catch (cause) {
      throw notFound(`wcheckout: WCHECKOUT_NATIVE_PATH=${explicit} could not be loaded on this platform (${here}): ${cause.message}`, { key, cause });
    }
  }

  // 2. A source checkout: `napi build --platform` wrote native/wcheckout.<key>.node.
  const local = path.join(root, 'native', `${PACKAGE}.${key}.node`);
  if (fs.existsSync(local)) {
    try {
      return load(local);
    } catch (cause) {
      throw notFound(`wcheckout: the addon built in this checkout (${local}) does not load on this platform (${here}): ${cause.message}. Rebuild it with \`npm run build\`.`, { key, cause });
    }
  }

  if (!Object.hasOwn(PLATFORMS, key)) {
    throw notFound(
      `wcheckout: no prebuilt native addon for this platform (${here}). ` +
        `Prebuilt addons exist for: ${supported}. To use wcheckout here, ${SOURCE_HINT}.`,
      { key },
    );
  }

  // 3. The platform package npm installed as an optional dependency.
  const pkg = `${PACKAGE}-${key}`;
  let addon;
  try {
    addon = load(pkg);
  } catch (cause) {
    if (isModuleNotFound(cause, pkg)) {
      throw notFound(
        `wcheckout: the native addon for this platform (${here}) is in the package \`${pkg}\`, which is not installed. ` +
          'npm installs it as an optional dependency of wcheckout; it is missing when optional dependencies were ' +
          'skipped (`--omit=optional`, `--no-optional`) or the lockfile was made on another platform. ' +
          `Run \`npm install --include=optional\` (or \`npm install ${pkg}@${version}\`) on this machine. ` +
          `Prebuilt addons exist for: ${supported}. Otherwise ${SOURCE_HINT}.`,
        { key, cause },
      );
    }
    throw notFound(
      `wcheckout: the installed package \`${pkg}\` does not load on this platform (${here}): ${cause.message}. ` +
        `Reinstall it (\`npm install ${pkg}@${version}\`), or ${SOURCE_HINT}.`,
      { key, cause },
    );
  }
  let found;
  try {
    found = load(`${pkg}/package.json`).version;
  } catch {
    found = undefined;
  }
  if (found !== version) {
    throw notFound(
      `wcheckout: version mismatch: wcheckout ${version} needs \`${pkg}\` ${version}, but ${found ?? 'an unknown version'} is installed. ` +
        `Run \`npm install wcheckout@${version}\` so npm installs the matching addon.`,
      { key },
    );
  }
  return addon;
}

module.exports = { loadNative, platformKey, detectLibc, PLATFORMS };
