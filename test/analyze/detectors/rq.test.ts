import { test } from 'node:test';
import assert from 'node:assert/strict';
import { rq } from '../../../src/analyze/detectors/rq.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads RQ queues and a worker script as the worker command', async () => {
  const project = await fixtureProject('rq-worker');
  assert.deepEqual(rq.detect(project), [
    { kind: 'worker-system', value: 'rq', source: { file: 'jobs/queue.py', line: 7 }, why: 'jobs/queue.py:7 creates an RQ queue' },
    { kind: 'datastore', value: 'redis', optional: false, source: { file: 'jobs/queue.py', line: 7 }, why: 'jobs/queue.py:7 creates an RQ queue, and RQ keeps its queues in Redis' },
    { kind: 'worker-system', value: 'rq', source: { file: 'worker.py', line: 6 }, why: 'worker.py:6 creates an RQ worker' },
    { kind: 'datastore', value: 'redis', optional: false, source: { file: 'worker.py', line: 6 }, why: 'worker.py:6 creates an RQ worker, and RQ keeps its queues in Redis' },
    { kind: 'command', process: 'worker', argv: ['python', 'worker.py'], source: { file: 'worker.py', line: 6 }, why: 'worker.py:6 starts an RQ worker with work(), so running the script runs the worker' },
  ]);
});

test('ignores files that only mention rq in passing', async () => {
  const project = await tempProject({ 'notes.py': '# we might use rq later\nqueue = []\n' });
  assert.deepEqual(rq.detect(project), []);
});
