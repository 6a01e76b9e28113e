import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import * as path from 'node:path';
import { run } from './python-env.ts';

/** The services on this machine the end-to-end tests talk to. */
export const SERVICES = {
  postgresql: { host: '127.0.0.1', port: 5432 },
  redis: { host: '127.0.0.1', port: 6379 },
  rabbitmq: { host: '127.0.0.1', port: 5672 },
} as const;

export type ServiceName = keyof typeof SERVICES;

export function reachable(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The reason to skip, naming the first service that is down, or null when all are up. */
export async function servicesDown(names: ServiceName[]): Promise<string | null> {
  for (const name of names) {
    const { host, port } = SERVICES[name];
    if (!(await reachable(host, port))) return `${name} is not reachable on ${host}:${port}`;
  }
  return null;
}

export const ADMIN_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/** Runs SQL on PostgreSQL through the app venv's psycopg (trust auth, as on the dev and CI machines). */
export function sql(python: string, url: string, statements: string): void {
  const script = 'import sys, psycopg\nwith psycopg.connect(sys.argv[1], autocommit=True) as c:\n    c.execute(sys.stdin.read())\n';
  const result = run([python, '-c', script, url], { input: statements });
  if (result.status !== 0) throw new Error(`SQL failed: ${result.output}`);
}

/** A throwaway database; `drop` removes it (connections are terminated first). */
export function throwawayDatabase(python: string, prefix: string): { url: string; name: string; drop: () => void } {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`;
  sql(python, ADMIN_URL, `CREATE DATABASE ${name}`);
  return {
    name,
    url: `postgresql://postgres@127.0.0.1:5432/${name}`,
    drop: () => {
      try {
        // Separate statements: DROP DATABASE refuses to run inside a multi-statement string.
        sql(python, ADMIN_URL, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '${name}'`);
        sql(python, ADMIN_URL, `DROP DATABASE IF EXISTS ${name}`);
      } catch {
        // best effort: a leftover test database is harmless
      }
    },
  };
}

/**
 * A transaction that holds a lock until released: `LOCK TABLE t` (or `SELECT … FOR UPDATE`)
 * makes the app's own queries wait, which is how the tests hold a request or a task in flight.
 */
export async function holdLock(python: string, url: string, statement: string): Promise<{ release: () => Promise<void> }> {
  const script = [
    'import sys, psycopg',
    'conn = psycopg.connect(sys.argv[1])',
    'conn.execute(sys.argv[2])',
    'print("locked", flush=True)',
    'sys.stdin.readline()',
    'conn.commit()',
    'print("released", flush=True)',
  ].join('\n');
  const child: ChildProcessWithoutNullStreams = spawn(python, ['-c', script, url, statement]);
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('locked')) resolve();
    });
    child.stderr.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.once('exit', (code) => reject(new Error(`lock holder exited (${code}): ${out}`)));
  });
  return {
    release: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.stdin.end('\n');
    }),
  };
}

/** A free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * A TCP forwarder in front of a service: the app is pointed at it, and `close()` makes its
 * port refuse new connections (a database that went away, as a fresh connection sees it)
 * while connections already open keep working; `open()` listens on the same port again.
 */
export async function tcpProxy(target: { host: string; port: number }): Promise<{ port: number; close: () => Promise<void>; open: () => Promise<void>; shutdown: () => Promise<void> }> {
  const port = await freePort();
  const sockets = new Set<net.Socket>();
  let server: net.Server | null = null;
  const open = (): Promise<void> => new Promise((resolve, reject) => {
    server = net.createServer((client) => {
      const upstream = net.connect(target);
      sockets.add(client).add(upstream);
      client.pipe(upstream).pipe(client);
      const end = (): void => {
        client.destroy();
        upstream.destroy();
        sockets.delete(client);
        sockets.delete(upstream);
      };
      client.on('error', end).on('close', end);
      upstream.on('error', end).on('close', end);
    });
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const close = (): Promise<void> => new Promise((resolve) => {
    // The listening socket closes now; close()'s callback would wait for every open connection.
    server?.close();
    server = null;
    setImmediate(resolve);
  });
  const shutdown = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await close();
  };
  await open();
  return { port, close, open, shutdown };
}

export function pythonIn(venv: string): string {
  return path.join(venv, 'bin/python');
}
