// Starts the real `wcheckout sandbox` process on a free port and drives its control API.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const here = path.dirname(fileURLToPath(import.meta.url));
export const REPO = path.resolve(here, '../../..');
export const BIN = process.env.WCHECKOUT_BIN ?? path.join(REPO, 'target/debug/wcheckout');

export const DEMO = Object.freeze({
  apiKey: 'demo_api_key',
  apiSecret: 'demo_api_secret',
  signKey: 'demo_sign_key',
});

let seq = 0;
/** A fresh merchant number (letters and digits only). */
export function uniqueNo(prefix = 'N') {
  seq += 1;
  return `${prefix}${process.pid}${Date.now().toString(36)}${seq}`.replace(/[^A-Za-z0-9]/g, '');
}

export async function startSandbox({ webhookUrl, responseSignature, timeScale = '0.001' } = {}) {
  const args = ['sandbox', '--port', '0', '--time-scale', timeScale];
  if (webhookUrl) args.push('--webhook-url', webhookUrl);
  if (responseSignature) args.push('--response-signature', responseSignature);
  const child = spawn(BIN, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`sandbox did not start: ${stderr}`)), 15000);
    child.once('exit', (code) => reject(new Error(`sandbox exited with ${code}: ${stderr}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line);
    });
  });
  const m = /listening on (http:\/\/\S+)/.exec(first);
  if (!m) throw new Error(`unexpected first line: ${first}`);
  lines.on('line', () => {}); // keep draining stdout
  const url = m[1];

  async function control(method, p, body) {
    const res = await fetch(`${url}/_sandbox${p}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const env = JSON.parse(text);
    if (res.status !== 200 || String(env.retcode) !== '200') {
      throw new Error(`control ${method} ${p} failed: HTTP ${res.status} ${text}`);
    }
    return env.retdata;
  }

  return {
    url,
    control,
    client: (extra = {}) => ({ ...DEMO, baseUrl: url, ...extra }),
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
