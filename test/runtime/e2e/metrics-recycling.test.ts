import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { detect } from '../../../src/analyze/index.ts';
import { serverCommand } from '../../../src/synth/commands.ts';
import { resolveOptions } from '../../../src/synth/options.ts';
import { parsePrometheusText } from '../helpers/prometheus.ts';
import { run } from '../helpers/python-env.ts';
import { prepareExample, type Prepared } from '../helpers/scenario.ts';
import { get, many, sleep, startProcess, waitFor, withPort, type RunningProcess } from '../helpers/server.ts';
import { freePort, servicesDown } from '../helpers/services.ts';

// gunicorn recycles workers (max_requests); their counts must survive, and their metric files
// must not pile up: gunicorn.conf.py's child_exit folds them into one archive per type.
const down = await servicesDown(['postgresql']);
if (down !== null) console.log(`# skipping metrics across recycled workers: ${down}`);

describe('notes-flask: Prometheus counts across gunicorn worker recycling', { skip: down ?? false, timeout: 1_200_000 }, () => {
  let prepared: Prepared & { drop: () => void };
  let server: RunningProcess;
  let port: number;

  before(async () => {
    prepared = await prepareExample('notes-flask', 'notes_recycle');
    const env = { DATABASE_URL: prepared.databaseUrl, WEB_CONCURRENCY: '2' };
    const schema = run([path.join(prepared.venv, 'bin/flask'), '--app', 'notes', 'init-db'], { cwd: prepared.copy, env: { ...process.env, ...env } });
    assert.equal(schema.status, 0, schema.output);
    const { model, config } = await detect(prepared.copy);
    // Later flags win in gunicorn: recycle every 40 requests instead of every ~1,000.
    const argv = [...withPort(serverCommand(model, resolveOptions(model, config.config)), (port = await freePort())), '--max-requests', '40', '--max-requests-jitter', '0'];
    server = startProcess(argv, { cwd: prepared.copy, bin: path.join(prepared.venv, 'bin'), env });
    await waitFor(port, '/healthz', 200, 180_000, server);
  }, { timeout: 1_200_000 });

  after(async () => {
    await server?.kill();
    prepared?.drop();
  });

  it('counts every request of recycled workers once and keeps one file per live worker plus an archive', async () => {
    await many(400, 4, (i) => get(port, `/notes/${i + 1}`));
    await sleep(1000); // the last recycled worker's child_exit
    const recycled = (server.output().match(/Autorestarting worker/g) ?? []).length;
    assert.ok(recycled >= 5, `workers were recycled (${recycled})`);
    const families = parsePrometheusText((await get(port, '/metrics')).body);
    const served = families.get('http_requests_total')!.samples.filter((s) => s.labels['route'] === '/notes/<int:note_id>').reduce((n, s) => n + s.value, 0);
    assert.equal(served, 400);
    const inFlight = families.get('http_requests_in_progress')!.samples.reduce((n, s) => n + s.value, 0);
    assert.equal(inFlight, 0, 'exited workers no longer count as serving');
    const base = path.join(os.tmpdir(), 'py2kube-metrics');
    const dir = fs.readdirSync(base).find((d) => d.startsWith(`${server.pid}-`));
    assert.ok(dir !== undefined, 'the master created its metrics directory');
    const counters = fs.readdirSync(path.join(base, dir)).filter((f) => f.startsWith('counter_'));
    assert.ok(counters.includes('counter_archive.db'));
    assert.ok(counters.length <= 3, `files: ${counters.join(', ')}`);
    server.signal('SIGTERM');
    assert.equal(await server.exited, 0);
    assert.equal(fs.existsSync(path.join(base, dir)), false, 'the master removes its directory on exit');
    console.log(`# notes-flask: 400 requests over ${recycled} recycled workers counted ${served}; counter files at the end: ${counters.join(', ')}`);
  });
});
