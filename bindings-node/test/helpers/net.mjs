// Loopback network pieces for the trust and proxy tests (real TLS, real tunnels, no mocks):
// a private CA made with the `openssl` CLI, an HTTPS front (Node's tls) forwarding to the
// sandbox, and an HTTP CONNECT proxy recording the tunnels asked of it. All on 127.0.0.1.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import net from 'node:net';
import tls from 'node:tls';
import http from 'node:http';
import { randomUUID } from 'node:crypto';

/** A CA and a server certificate for localhost / 127.0.0.1: `{ dir, caPath, caPem, cert, key, remove() }`. */
export function privateCa() {
  const dir = mkdtempSync(path.join(tmpdir(), 'wcheckout-ca-'));
  const f = (n) => path.join(dir, n);
  writeFileSync(
    f('server.ext'),
    'basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=DNS:localhost,IP:127.0.0.1\n',
  );
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes'];
  const run = (...args) => execFileSync('openssl', args, { stdio: 'pipe' });
  run('req', '-x509', ...ec, '-keyout', f('ca.key'), '-out', f('ca.pem'), '-days', '2',
    '-subj', `/CN=wcheckout test CA ${randomUUID().slice(0, 8)}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  run('req', ...ec, '-keyout', f('server.key'), '-out', f('server.csr'), '-subj', '/CN=localhost');
  run('x509', '-req', '-in', f('server.csr'), '-CA', f('ca.pem'), '-CAkey', f('ca.key'), '-CAcreateserial',
    '-out', f('server.pem'), '-days', '2', '-extfile', f('server.ext'));
  return {
    dir,
    caPath: f('ca.pem'),
    caPem: readFileSync(f('ca.pem'), 'utf8'),
    cert: readFileSync(f('server.pem')),
    key: readFileSync(f('server.key')),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

function closer(server, sockets) {
  return () =>
    new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** An HTTPS server presenting `ca`'s server certificate, forwarding to `upstreamUrl` (http://host:port). */
export async function tlsFront(ca, upstreamUrl) {
  const { hostname, port } = new URL(upstreamUrl);
  const sockets = new Set();
  const server = tls.createServer({ cert: ca.cert, key: ca.key }, (client) => {
    const up = net.connect(Number(port), hostname);
    for (const s of [client, up]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {});
    }
    client.pipe(up).pipe(client);
  });
  server.on('tlsClientError', () => {}); // a client refusing our certificate: expected in some tests
  const p = await listen(server);
  return { url: `https://127.0.0.1:${p}`, localhostUrl: `https://localhost:${p}`, close: closer(server, sockets) };
}

/** An HTTP CONNECT proxy; `tunnels` lists `{ target, auth }` asked for. `credentials` ('user:pass') makes it require them. */
export async function connectProxy(credentials) {
  const required = credentials === undefined ? undefined : `Basic ${Buffer.from(credentials).toString('base64')}`;
  const tunnels = [];
  const sockets = new Set();
  const server = http.createServer((req, res) => res.writeHead(405).end());
  server.on('connect', (req, client, head) => {
    const auth = req.headers['proxy-authorization'];
    tunnels.push({ target: req.url, auth });
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => {});
    if (required !== undefined && auth !== required) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    const [host, port] = [req.url.slice(0, req.url.lastIndexOf(':')), req.url.slice(req.url.lastIndexOf(':') + 1)];
    const up = net.connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) up.write(head);
      client.pipe(up).pipe(client);
    });
    sockets.add(up);
    up.on('close', () => sockets.delete(up));
    up.on('error', () => client.destroy());
  });
  const p = await listen(server);
  return { url: `http://127.0.0.1:${p}`, port: p, tunnels, close: closer(server, sockets) };
}
