// A real redis-server on a free loopback port (persistence off), stopped by `stop()`. Without
// redis-server installed: an error when WCHECKOUT_REQUIRE_REDIS=1 (make test installs it), else
// `null` so the caller can skip.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';

async function freePort() {
  const server = net.createServer();
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  await new Promise((r) => server.close(r));
  return port;
}

export function command(port, line) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let out = '';
    socket.on('connect', () => socket.write(`${line}\r\n`));
    socket.on('data', (d) => {
      out += d;
      socket.end();
    });
    socket.on('error', () => resolve(''));
    socket.on('close', () => resolve(out));
  });
}

export async function startRedis() {
  if (spawnSync('redis-server', ['--version']).error) {
    if (process.env.WCHECKOUT_REQUIRE_REDIS === '1') throw new Error('redis-server is not installed (scripts/ensure-redis.sh installs it)');
    return null;
  }
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const port = await freePort();
    const child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no', '--loglevel', 'warning'],
      { stdio: 'ignore' },
    );
    const deadline = Date.now() + 10000;
    while (Date.now() < deadline && child.exitCode === null) {
      if ((await command(port, 'PING')).startsWith('+PONG')) {
        return {
          port,
          url: `redis://127.0.0.1:${port}/0`,
          command: (line) => command(port, line),
          async stop() {
            if (child.exitCode !== null) return;
            const exited = new Promise((r) => child.once('exit', r));
            child.kill('SIGKILL');
            await exited;
          },
        };
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    if (child.exitCode === null) child.kill('SIGKILL');
  }
  throw new Error('redis-server did not start');
}
