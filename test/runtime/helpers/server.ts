import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

/**
 * Runs a server command (the argv `generate` writes into the Deployment) as a real process
 * group, collects its output, and speaks plain HTTP/1.1 to it.
 */

export interface RunningProcess {
  child: ChildProcess;
  pid: number;
  output: () => string;
  /** Resolves with the exit code (or signal name) once the process has exited. */
  exited: Promise<number | string>;
  signal: (name: NodeJS.Signals) => void;
  /** Kills the whole process group (workers included). */
  kill: () => Promise<void>;
}

/** Starts argv with `bin` first on PATH, as the image's venv is. */
export function startProcess(argv: string[], options: { cwd: string; bin: string; env: Record<string, string> }): RunningProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, ...options.env, PATH: `${options.bin}${path.delimiter}${process.env['PATH'] ?? ''}` };
  delete env['PROMETHEUS_MULTIPROC_DIR'];
  const program = path.join(options.bin, argv[0]!);
  const child = spawn(program, argv.slice(1), { cwd: options.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const pid = child.pid!;
  return {
    child,
    pid,
    output: () => out,
    exited,
    signal: (name) => process.kill(pid, name),
    kill: async () => {
      try {
        process.kill(-pid, 'SIGKILL');
      } catch {
        // already gone
      }
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    },
  };
}

/** The server argv with its port replaced: gunicorn's `--bind host:port` or uvicorn's `--port`. */
export function withPort(argv: string[], port: number): string[] {
  const out = [...argv];
  const bind = out.indexOf('--bind');
  if (bind >= 0) out[bind + 1] = out[bind + 1]!.replace(/:\d+$/, `:${port}`);
  const portFlag = out.indexOf('--port');
  if (portFlag >= 0) out[portFlag + 1] = String(port);
  return out;
}

export interface Response {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One HTTP/1.1 request on its own connection; `bodyChunks` are written with `pause` between them. */
export function request(
  port: number,
  method: string,
  target: string,
  options: { headers?: Record<string, string>; body?: string; timeoutMs?: number; afterHeaders?: () => Promise<void> } = {},
): Promise<Response> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`${method} ${target}: no complete response within ${options.timeoutMs ?? 30_000} ms`));
    }, options.timeoutMs ?? 30_000);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.once('end', () => {
      clearTimeout(timer);
      try {
        resolve(parseResponse(Buffer.concat(chunks).toString('utf8')));
      } catch (error) {
        reject(error);
      }
    });
    socket.once('connect', () => {
      const body = options.body ?? '';
      const headers = { Host: `127.0.0.1:${port}`, Connection: 'close', ...(options.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(body)) } : {}), ...options.headers };
      socket.write(`${method} ${target} HTTP/1.1\r\n${Object.entries(headers).map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`);
      void (async () => {
        if (options.afterHeaders !== undefined) await options.afterHeaders();
        socket.write(body);
      })();
    });
  });
}

function parseResponse(raw: string): Response {
  const split = raw.indexOf('\r\n\r\n');
  if (split < 0) throw new Error(`incomplete HTTP response: ${JSON.stringify(raw.slice(0, 200))}`);
  const [statusLine, ...headerLines] = raw.slice(0, split).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine ?? '')?.[1]);
  const headers: Record<string, string> = {};
  for (const line of headerLines) {
    const colon = line.indexOf(':');
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  let body = raw.slice(split + 4);
  if (headers['transfer-encoding'] === 'chunked') body = dechunk(body);
  return { status, headers, body };
}

function dechunk(body: string): string {
  let out = '';
  let rest = body;
  for (;;) {
    const end = rest.indexOf('\r\n');
    const size = parseInt(rest.slice(0, end), 16);
    if (!(size > 0)) return out;
    out += rest.slice(end + 2, end + 2 + size);
    rest = rest.slice(end + 2 + size + 2);
  }
}

export const get = (port: number, target: string, headers: Record<string, string> = {}): Promise<Response> => request(port, 'GET', target, { headers });

/** Polls `target` until it answers `status` (the app imports slowly on a cold machine). */
export async function waitFor(port: number, target: string, status: number, timeoutMs: number, server?: RunningProcess): Promise<number> {
  const started = Date.now();
  for (;;) {
    try {
      const response = await get(port, target);
      if (response.status === status) return Date.now() - started;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > timeoutMs) throw new Error(`${target} did not answer ${status} within ${timeoutMs} ms${server ? `; server output:\n${server.output().slice(-3000)}` : ''}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Runs `count` requests with `parallel` connections at a time. */
export async function many(count: number, parallel: number, make: (i: number) => Promise<Response>): Promise<Response[]> {
  const results: Response[] = new Array(count);
  let next = 0;
  await Promise.all(Array.from({ length: parallel }, async () => {
    while (next < count) {
      const i = next++;
      results[i] = await make(i);
    }
  }));
  return results;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
