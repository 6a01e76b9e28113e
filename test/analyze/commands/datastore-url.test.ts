import { test } from 'node:test';
import assert from 'node:assert/strict';
import { datastoreOfUrl, redactUrl } from '../../../src/analyze/commands/datastore-url.ts';

test('maps connection URL schemes to datastores, SQLAlchemy drivers included', () => {
  assert.equal(datastoreOfUrl('postgres://u:p@db/app'), 'postgresql');
  assert.equal(datastoreOfUrl('postgresql+asyncpg://db/app'), 'postgresql');
  assert.equal(datastoreOfUrl('mysql+pymysql://db/app'), 'mysql');
  assert.equal(datastoreOfUrl('rediss://cache:6380/0'), 'redis');
  assert.equal(datastoreOfUrl('pyamqp://guest@mq//'), 'rabbitmq');
  assert.equal(datastoreOfUrl('mongodb+srv://cluster/app'), 'mongodb');
});

test('gives null for brokers and databases that need no service', () => {
  assert.equal(datastoreOfUrl('sqs://'), null);
  assert.equal(datastoreOfUrl('sqlite:///db.sqlite3'), null);
  assert.equal(datastoreOfUrl('memory://'), null);
  assert.equal(datastoreOfUrl('not a url'), null);
});

test('hides the password of a URL', () => {
  assert.equal(redactUrl('postgresql://app:s3cret@db:5432/app'), 'postgresql://app:***@db:5432/app');
  assert.equal(redactUrl('redis://cache:6379/0'), 'redis://cache:6379/0');
});
