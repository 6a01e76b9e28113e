import { test } from 'node:test';
import assert from 'node:assert/strict';
import { arq } from '../../../src/analyze/detectors/arq.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads an arq WorkerSettings class as the worker command', async () => {
  const project = await tempProject({
    'svc/__init__.py': '',
    'svc/worker.py': 'from arq.connections import RedisSettings\n\n\nasync def download(ctx, url):\n    return url\n\n\nclass WorkerSettings:\n    functions = [download]\n    redis_settings = RedisSettings(host="redis")\n',
  });
  const at = { file: 'svc/worker.py', line: 8 };
  assert.deepEqual(arq.detect(project), [
    { kind: 'worker-system', value: 'arq', source: at, why: 'svc/worker.py:8 defines the arq worker settings class WorkerSettings' },
    { kind: 'datastore', value: 'redis', optional: false, source: at, why: 'svc/worker.py:8 defines arq worker settings, and arq keeps its jobs in Redis' },
    { kind: 'command', process: 'worker', argv: ['arq', 'svc.worker.WorkerSettings'], source: at, why: 'svc/worker.py:8 defines WorkerSettings, which the arq CLI runs as a worker' },
  ]);
});

test('ignores classes without a functions list', async () => {
  const project = await tempProject({ 'models.py': 'import arq\nclass Settings:\n    debug = True\n' });
  assert.deepEqual(arq.detect(project), []);
});
