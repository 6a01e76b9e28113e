import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { detect } from '../../../src/analyze/index.ts';
import type { AppModel } from '../../../src/model/app.ts';
import { initRuntime, type InitRuntimeResult } from '../../../src/runtime/init-runtime.ts';
import { serverCommand } from '../../../src/synth/commands.ts';
import { resolveOptions } from '../../../src/synth/options.ts';
import { REPO_ROOT } from '../../helpers/project.ts';
import { parsePrometheusText } from './prometheus.ts';
import { appVenv, pythonFor, run, toolsVenv } from './python-env.ts';
import { get, many, request, sleep, startProcess, waitFor, withPort, type Response, type RunningProcess } from './server.ts';
import { freePort, holdLock, pythonIn, SERVICES, servicesDown, tcpProxy, throwawayDatabase, type ServiceName } from './services.ts';

/**
 * The end-to-end scenario every example goes through: copy it, `init --runtime`, install its
 * locked dependencies, start it with the command `generate` writes, and exercise the
 * companion against the real PostgreSQL, Redis and RabbitMQ.
 */

export interface Prepared {
  copy: string;
  venv: string;
  python: string;
  databaseUrl: string;
  model: AppModel;
  runtime: InitRuntimeResult;
}

export interface WebScenario {
  example: string;
  services: ServiceName[];
  /** Environment of the server besides DATABASE_URL (which points at the closable proxy). */
  env: (prepared: Prepared) => Record<string, string>;
  /** Migrations, schema, seed data: run before the server starts. */
  prepare: (prepared: Prepared, env: Record<string, string>) => void;
  /** The readiness checks that must pass, by name. */
  checks: string[];
  /** A route with an id in the path, and the label its requests must get. */
  idPath: (i: number) => string;
  idTemplate: string;
  /** Starts a request the server cannot finish until `release` (a slow upstream, a lock). */
  slowRequest: (port: number, prepared: Prepared) => Promise<{ response: Promise<Response>; release: () => Promise<void> }>;
}

/** Copies an example without caches, the way a user's checkout looks. */
export function copyExample(example: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `py2kube-e2e-${example}-`));
  fs.cpSync(path.join(REPO_ROOT, 'examples', example), dir, {
    recursive: true,
    filter: (src) => !/(^|\/)(__pycache__|\.venv|\.pytest_cache|staticfiles)(\/|$)/.test(src),
  });
  return dir;
}

/** `init --runtime` with uv and pip-compile on PATH, then the app's own locked environment. */
export async function prepareExample(example: string, dbPrefix: string | null): Promise<Prepared & { drop: () => void }> {
  const copy = copyExample(example);
  const version = (await detect(copy)).model.pythonVersion ?? '3.11';
  const python = pythonFor(version);
  if (python === null) throw new Error(`python${version} is not installed`);
  const tools = await toolsVenv(python, version);
  const runtime = await initRuntime(copy, {
    run: (argv, cwd) => {
      const result = run(argv, { cwd, env: { ...process.env, PATH: `${tools}${path.delimiter}${process.env['PATH']}` } });
      return { exitCode: result.status, output: result.output };
    },
  });
  const { model } = await detect(copy);
  // Poetry cannot read this machine's index, so its lock cannot gain prometheus-client: install it on top.
  const extra = runtime.dependency?.status === 'manual' ? ['prometheus-client'] : [];
  const venv = await appVenv(example, copy, model, python, tools, extra);
  const db = dbPrefix === null ? null : throwawayDatabase(pythonIn(venv), dbPrefix);
  return {
    copy, venv, python: pythonIn(venv), databaseUrl: db?.url ?? '', model, runtime,
    drop: () => {
      db?.drop();
      fs.rmSync(copy, { recursive: true, force: true });
    },
  };
}

export function sha256(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

export function jsonLines(output: string): Array<Record<string, unknown>> {
  return output.split('\n').filter((l) => l.startsWith('{')).map((l) => {
    try {
      return JSON.parse(l) as Record<string, unknown>;
    } catch {
      return {};
    }
  });
}

export async function defineWebScenario(scenario: WebScenario): Promise<void> {
  const down = await servicesDown(scenario.services);
  if (down !== null) console.log(`# skipping ${scenario.example} end-to-end: ${down}`);

  describe(`${scenario.example}: the runtime companion under the generated server command`, { skip: down ?? false, timeout: 1_200_000 }, () => {
    let prepared: Prepared & { drop: () => void };
    let server: RunningProcess;
    let proxy: Awaited<ReturnType<typeof tcpProxy>>;
    let port: number;
    let argv: string[];

    before(async () => {
      prepared = await prepareExample(scenario.example, scenario.example.replace(/-.*/, '') + '_rt');
      proxy = await tcpProxy(SERVICES.postgresql);
      const proxied = prepared.databaseUrl.replace(':5432/', `:${proxy.port}/`);
      const env = { ...scenario.env(prepared), DATABASE_URL: proxied, WEB_CONCURRENCY: '2', PYTHONUNBUFFERED: '1' };
      scenario.prepare(prepared, { ...env, DATABASE_URL: prepared.databaseUrl });
      const { model, config } = await detect(prepared.copy);
      argv = withPort(serverCommand(model, resolveOptions(model, config.config)), (port = await freePort()));
      server = startProcess(argv, { cwd: path.join(prepared.copy, model.workdir), bin: path.join(prepared.venv, 'bin'), env });
      await waitFor(port, '/healthz', 200, 180_000, server);
    }, { timeout: 1_200_000 });

    after(async () => {
      await server?.kill();
      await proxy?.shutdown();
      prepared?.drop();
    });

    it('runs the wrapped app with the command generate writes', () => {
      assert.equal(prepared.model.appPath, prepared.runtime.serves);
      assert.ok(argv.includes(prepared.runtime.serves) || argv.includes(prepared.runtime.serves.replace(/\(\)$/, '')), argv.join(' '));
      console.log(`# ${scenario.example}: ${argv.join(' ')}`);
    });

    it('answers /healthz with 200 from the process itself', async () => {
      const response = await get(port, '/healthz');
      assert.equal(response.status, 200);
      assert.deepEqual(JSON.parse(response.body), { status: 'ok' });
    });

    it('answers /readyz with 200 after checking every dependency', async () => {
      const started = Date.now();
      const response = await get(port, '/readyz');
      const report = JSON.parse(response.body) as { status: string; checks: Record<string, { ok?: boolean }> };
      assert.equal(response.status, 200, response.body);
      for (const name of scenario.checks) assert.equal(report.checks[name]?.ok, true, `${name}: ${response.body}`);
      console.log(`# ${scenario.example}: /readyz 200 in ${Date.now() - started} ms: ${response.body}`);
    });

    it('echoes X-Request-ID, makes one when absent, and logs JSON lines that carry it', async () => {
      const id = `e2e-${randomBytes(6).toString('hex')}`;
      const given = await get(port, scenario.idPath(424242), { 'X-Request-ID': id });
      assert.equal(given.headers['x-request-id'], id);
      const made = await get(port, scenario.idPath(424243));
      assert.match(made.headers['x-request-id'] ?? '', /^[0-9a-f]{32}$/);
      await sleep(300);
      const lines = jsonLines(server.output());
      assert.ok(lines.some((l) => l['request_id'] === id), `no JSON log line carries ${id}:\n${server.output().slice(-2000)}`);
      const starts = lines.filter((l) => typeof l['lockfile_sha256'] === 'string');
      assert.equal(starts.length, 1, 'exactly one startup line');
      assert.equal(starts[0]!['lockfile_sha256'], sha256(path.join(prepared.copy, prepared.model.lockfile!)));
      assert.match(String(starts[0]!['python']), /^3\.\d+\.\d+$/);
      const plain = server.output().split('\n').filter((l) => l.trim() !== '' && !l.startsWith('{'));
      assert.deepEqual(plain, [], 'every line the server wrote is JSON');
    });

    it('exposes /metrics as Prometheus text with bounded route labels after 1,000 distinct ids', async () => {
      const started = Date.now();
      const responses = await many(1000, 8, (i) => get(port, scenario.idPath(i + 1)));
      await many(50, 8, (i) => get(port, `/no-such-page-${i}`));
      const took = Date.now() - started;
      assert.ok(responses.every((r) => r.status > 0));
      const scrape = await get(port, '/metrics');
      assert.equal(scrape.status, 200);
      assert.match(scrape.headers['content-type'] ?? '', /^text\/plain/);
      const families = parsePrometheusText(scrape.body);
      const requests = families.get('http_requests_total') ?? families.get('http_requests');
      assert.ok(requests, 'http_requests_total is exported');
      assert.equal(requests.type, 'counter');
      const routes = new Set<string>();
      for (const family of families.values()) for (const s of family.samples) if (s.labels['route'] !== undefined) routes.add(s.labels['route']);
      assert.ok(routes.has(scenario.idTemplate), `routes: ${[...routes].join(', ')}`);
      assert.ok(routes.has('unmatched'));
      assert.ok(routes.size <= 4, `route labels stay bounded: ${[...routes].join(', ')}`);
      const idCount = requests.samples.filter((s) => s.labels['route'] === scenario.idTemplate).reduce((sum, s) => sum + s.value, 0);
      // 1,000 ids plus the two of the request-id test; both workers' counts are in one scrape.
      assert.equal(idCount, 1002);
      const seriesCount = [...families.values()].reduce((n, f) => n + f.samples.length, 0);
      assert.ok(families.get('http_request_duration_seconds')?.type === 'histogram');
      assert.ok((families.get('process_resident_memory_bytes')?.samples[0]?.value ?? 0) > 0);
      console.log(`# ${scenario.example}: 1,050 requests in ${took} ms; scrape has ${families.size} families, ${seriesCount} series, route labels: ${[...routes].join(', ')}; server_processes=${families.get('server_processes')?.samples[0]?.value}`);
    });

    it('answers /readyz with 503 when DATABASE_URL points at a closed port, while /healthz stays 200', async () => {
      await proxy.close();
      try {
        const started = Date.now();
        const ready = await get(port, '/readyz');
        const took = Date.now() - started;
        assert.equal(ready.status, 503, ready.body);
        const report = JSON.parse(ready.body) as { checks: Record<string, { ok?: boolean; error?: string }> };
        assert.equal(report.checks[scenario.checks[0]!]?.ok, false);
        assert.ok(took < 2500, `answered in ${took} ms`);
        assert.equal((await get(port, '/healthz')).status, 200);
        console.log(`# ${scenario.example}: /readyz 503 in ${took} ms with the database port closed: ${ready.body}`);
      } finally {
        await proxy.open();
      }
      await waitFor(port, '/readyz', 200, 10_000, server);
    });

    it('on SIGTERM during a slow request: /readyz turns 503 at once, the slow request completes with 200', async () => {
      const slow = await scenario.slowRequest(port, prepared);
      await sleep(700);
      const sent = Date.now();
      server.signal('SIGTERM');
      await sleep(100);
      const ready = await get(port, '/readyz');
      const readyAfter = Date.now() - sent;
      const health = await get(port, '/healthz');
      assert.equal(ready.status, 503, ready.body);
      assert.deepEqual(JSON.parse(ready.body), { status: 'stopping' });
      assert.equal(health.status, 200);
      await slow.release();
      const response = await slow.response;
      const slowDone = Date.now() - sent;
      assert.equal(response.status, 200, response.body.slice(0, 300));
      const code = await Promise.race([server.exited, sleep(40_000).then(() => 'still running')]);
      assert.equal(code, 0, `the server exits cleanly:\n${server.output().slice(-2000)}`);
      console.log(`# ${scenario.example}: /readyz 503 ${readyAfter} ms after SIGTERM; the slow request finished with ${response.status} ${slowDone} ms after it; server exit ${code} ${Date.now() - sent} ms after it`);
    });
  });
}

/** GET that stays in flight until `release`, by holding a lock on the table it reads. */
export async function lockedRead(port: number, prepared: Prepared, table: string, target: string): Promise<{ response: Promise<Response>; release: () => Promise<void> }> {
  const lock = await holdLock(prepared.python, prepared.databaseUrl, `LOCK TABLE ${table} IN ACCESS EXCLUSIVE MODE`);
  const response = request(port, 'GET', target, { timeoutMs: 60_000 });
  return { response, release: lock.release };
}
