import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dramatiq } from '../../../src/analyze/detectors/dramatiq.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads the broker and actors and derives the dramatiq worker command', async () => {
  const project = await tempProject({
    'app/__init__.py': '',
    'app/broker.py': 'import dramatiq\nfrom dramatiq.brokers.redis import RedisBroker\n\ndramatiq.set_broker(RedisBroker(url="redis://redis:6379/0"))\n',
    'app/tasks.py': 'import dramatiq\n\n\n@dramatiq.actor(max_retries=3)\ndef send(address):\n    return address\n',
  });
  assert.deepEqual(dramatiq.detect(project), [
    { kind: 'datastore', value: 'redis', optional: false, source: { file: 'app/broker.py', line: 4 }, why: 'app/broker.py:4 creates a dramatiq Redis broker' },
    { kind: 'worker-system', value: 'dramatiq', source: { file: 'app/tasks.py', line: 4 }, why: 'app/tasks.py:4 declares a dramatiq actor' },
    { kind: 'command', process: 'worker', argv: ['dramatiq', 'app.tasks'], source: { file: 'app/tasks.py', line: 4 }, why: 'app/tasks.py:4 declares actors, and the dramatiq worker runs with the modules that declare them' },
  ]);
});

test('reads a bare imported actor decorator and a RabbitMQ broker', async () => {
  const project = await tempProject({ 'jobs.py': 'from dramatiq import actor\nfrom dramatiq.brokers.rabbitmq import RabbitmqBroker\nbroker = RabbitmqBroker()\n\n@actor\ndef work():\n    pass\n' });
  assert.deepEqual(dramatiq.detect(project).map((f) => [f.kind, 'value' in f ? f.value : null, f.source.line]), [
    ['datastore', 'rabbitmq', 3],
    ['worker-system', 'dramatiq', 5],
    ['command', null, 5],
  ]);
});
