import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dotenv } from '../../../src/analyze/detectors/dotenv.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads the database URL and port of .env.example', async () => {
  const project = await fixtureProject('flask-migrate-waitress');
  assert.deepEqual(dotenv.detect(project), [
    { kind: 'datastore', value: 'postgresql', optional: false, source: { file: '.env.example', line: 2 }, why: 'sets DATABASE_URL=postgresql://notes:***@localhost:5432/notes' },
    { kind: 'port', value: 8080, source: { file: '.env.example', line: 4 }, why: 'sets PORT=8080' },
  ]);
});

test('reads quoted and exported values and every datastore scheme', async () => {
  const project = await tempProject({
    '.env.sample': [
      'export REDIS_URL="redis://cache:6379/0"',
      "CELERY_BROKER_URL='amqp://guest:guest@mq:5672//'",
      'MONGODB_URI=mongodb+srv://cluster0.example.net/app # production cluster',
      'SENTRY_DSN=https://key@sentry.example/1',
      'DB_HOST=postgres',
      '',
    ].join('\n'),
  });
  assert.deepEqual(dotenv.detect(project).map((f) => [f.kind, 'value' in f ? f.value : null, f.source.line]), [
    ['datastore', 'redis', 1],
    ['datastore', 'rabbitmq', 2],
    ['datastore', 'mongodb', 3],
  ]);
});

test('never reads .env itself', async () => {
  const project = await tempProject({ '.env': 'DATABASE_URL=postgresql://u:secret@db/app\n' });
  assert.deepEqual(dotenv.detect(project), []);
});
