import { test } from 'node:test';
import assert from 'node:assert/strict';
import { saq } from '../../../src/analyze/detectors/saq.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads a saq queue URL and its settings dict as the worker command', async () => {
  const project = await tempProject({
    'tasks.py': 'from saq import Queue\n\nqueue = Queue.from_url("redis://redis:6379/2")\n\nasync def ping(ctx):\n    return "pong"\n\nsettings = {\n    "queue": queue,\n    "functions": [ping],\n}\n',
  });
  assert.deepEqual(saq.detect(project), [
    { kind: 'worker-system', value: 'saq', source: { file: 'tasks.py', line: 3 }, why: 'tasks.py:3 creates a saq queue' },
    { kind: 'datastore', value: 'redis', optional: false, source: { file: 'tasks.py', line: 3 }, why: 'tasks.py:3 creates a saq queue at redis://redis:6379/2' },
    { kind: 'command', process: 'worker', argv: ['saq', 'tasks.settings'], source: { file: 'tasks.py', line: 8 }, why: 'tasks.py:8 defines the saq worker settings "settings", which the saq CLI runs' },
  ]);
});
