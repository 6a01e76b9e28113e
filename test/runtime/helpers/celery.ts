import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { detect } from '../../../src/analyze/index.ts';
import { planInit, writeInit } from '../../../src/config/init.ts';
import { celeryWorkerCommand } from '../../../src/synth/commands.ts';
import { CELERY_RUNTIME_FILE, celeryRuntimeModule } from '../../../src/synth/celery-runtime.ts';
import { resolveOptions } from '../../../src/synth/options.ts';
import { prepareExample, type Prepared } from './scenario.ts';
import { run } from './python-env.ts';
import { sleep, startProcess, type RunningProcess } from './server.ts';
import { servicesDown, type ServiceName } from './services.ts';

/**
 * A Celery worker started through the generated py2kube_celery wrapper is sent SIGTERM while
 * its tasks run; a second worker then starts. Every task must complete exactly once, counted
 * by a PostgreSQL trigger on the row the task itself updates when it finishes.
 */

export interface CeleryScenario {
  example: string;
  broker: ServiceName;
  /** The broker URL the app is given (also used to delete the test's queue afterwards). */
  brokerUrl: string;
  env: (prepared: Prepared) => Record<string, string>;
  /** Migrations, the counting trigger and the rows the tasks work on; returns their ids. */
  prepare: (prepared: Prepared, env: Record<string, string>) => number[];
  /** Enqueues one task per id on `queue`, through the app's own task. */
  enqueue: (prepared: Prepared, env: Record<string, string>, ids: number[], queue: string) => void;
  /** Keeps the first tasks from finishing until released (they run slowly on their own when absent). */
  hold?: (prepared: Prepared, ids: number[]) => Promise<{ release: () => Promise<void> }>;
  /** SQL returning one row (id, completions) per id whose task completed. */
  completions: string;
}

function query(prepared: Prepared, sql: string): Array<[number, number]> {
  const script = 'import sys, json, psycopg\nwith psycopg.connect(sys.argv[1]) as c:\n    print(json.dumps(c.execute(sys.argv[2]).fetchall()))\n';
  const result = run([prepared.python, '-c', script, prepared.databaseUrl, sql]);
  if (result.status !== 0) throw new Error(result.output);
  return JSON.parse(result.output.trim().split('\n').pop()!) as Array<[number, number]>;
}

async function until(what: string, check: () => boolean, timeoutMs: number, worker?: RunningProcess): Promise<void> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms${worker ? `\n${worker.output().slice(-3000)}` : ''}`);
    await sleep(200);
  }
}

export async function defineCeleryScenario(scenario: CeleryScenario): Promise<void> {
  const down = await servicesDown(['postgresql', scenario.broker]);
  if (down !== null) console.log(`# skipping ${scenario.example} Celery test: ${down}`);

  describe(`${scenario.example}: a Celery worker on ${scenario.broker} stopped mid-task`, { skip: down ?? false, timeout: 1_200_000 }, () => {
    let prepared: Prepared & { drop: () => void };
    let env: Record<string, string>;
    let argv: string[];
    let cwd: string;
    let ids: number[];
    const queue = `py2kube-e2e-${randomBytes(4).toString('hex')}`;
    const workers: RunningProcess[] = [];

    before(async () => {
      prepared = await prepareExample(scenario.example, `${scenario.example.replace(/-.*/, '')}_celery`);
      env = { ...scenario.env(prepared), DATABASE_URL: prepared.databaseUrl, PYTHONUNBUFFERED: '1' };
      ids = scenario.prepare(prepared, env);
      // A queue of its own, set the way a user would: [tool.py2kube] celery.queues, which the generated command passes on.
      const { project, config } = await detect(prepared.copy);
      const file = config.file!;
      const text = fs.readFileSync(path.join(project.dir, file), 'utf8');
      writeInit(project.dir, planInit(file, text, config.config, config.table, [{ key: 'celery.queues', value: [queue], comment: 'the test\'s own queue' }]), config.table);
      const { model, config: reloaded } = await detect(prepared.copy);
      const options = resolveOptions(model, reloaded.config);
      const runtimeDir = fs.mkdtempSync(path.join(prepared.copy, '.py2kube-runtime-'));
      fs.writeFileSync(path.join(runtimeDir, CELERY_RUNTIME_FILE), celeryRuntimeModule(model, options));
      env['PYTHONPATH'] = runtimeDir; // RUNTIME_DIR in the image
      argv = celeryWorkerCommand(model, options);
      cwd = path.join(prepared.copy, model.celery!.workdir);
      console.log(`# ${scenario.example}: ${argv.join(' ')}`);
    }, { timeout: 1_200_000 });

    after(async () => {
      for (const worker of workers) await worker.kill();
      if (prepared !== undefined) {
        // Celery declared the test's queue on the broker; leave no durable queue behind.
        const drop = 'import sys, kombu\nwith kombu.Connection(sys.argv[1]) as c:\n    c.default_channel.queue_delete(sys.argv[2])\n';
        run([prepared.python, '-c', drop, scenario.brokerUrl, queue]);
        prepared.drop();
      }
    });

    it('completes every task exactly once across a SIGTERM mid-task and a new worker', async () => {
      const bin = path.join(prepared.venv, 'bin');
      const first = startProcess(argv, { cwd, bin, env });
      workers.push(first);
      await until('the first worker is ready', () => / ready\.?/.test(first.output()), 120_000, first);
      const held = scenario.hold === undefined ? null : await scenario.hold(prepared, ids);
      scenario.enqueue(prepared, env, ids, queue);
      await until('the first worker has tasks running', () => (first.output().match(/ received/g) ?? []).length >= 1, 60_000, first);
      await sleep(1500);
      const doneBefore = query(prepared, scenario.completions).length;
      assert.ok(doneBefore < ids.length, 'tasks are still running when SIGTERM is sent');
      const sent = Date.now();
      first.signal('SIGTERM');
      await sleep(1000);
      await held?.release();
      const code = await Promise.race([first.exited, sleep(60_000).then(() => 'still running')]);
      const stopped = Date.now() - sent;
      assert.equal(code, 0, `warm shutdown ends cleanly:\n${first.output().slice(-3000)}`);
      const doneByFirst = query(prepared, scenario.completions).length;
      assert.ok(doneByFirst >= 1, `the tasks running at SIGTERM finished before the worker exited:\n${first.output().slice(-3000)}`);

      const second = startProcess(argv, { cwd, bin, env });
      workers.push(second);
      await until('every task completed', () => query(prepared, scenario.completions).length === ids.length, 120_000, second);
      await sleep(3000); // time for a duplicate delivery to show up
      const rows = query(prepared, scenario.completions);
      assert.deepEqual(rows.map(([id]) => id).sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
      assert.ok(rows.every(([, count]) => count === 1), `each task completed once: ${JSON.stringify(rows)}`);
      second.signal('SIGTERM');
      await Promise.race([second.exited, sleep(30_000)]);
      console.log(`# ${scenario.example}: ${ids.length} tasks; ${doneBefore} done when SIGTERM was sent, ${doneByFirst} when the first worker exited (${stopped} ms after SIGTERM), all ${rows.length} exactly once after the second worker`);
    });
  });
}
