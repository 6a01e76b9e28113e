import { test } from 'node:test';
import assert from 'node:assert/strict';
import { healthCheckUrl } from '../../../src/analyze/commands/health-check.ts';

test('reads the path and port of a local URL a health check requests', () => {
  assert.deepEqual(healthCheckUrl('curl -f http://localhost:8000/api/v1/utils/health-check/', {}), { url: 'http://localhost:8000/api/v1/utils/health-check/', path: '/api/v1/utils/health-check/', port: 8000 });
  assert.deepEqual(healthCheckUrl('wget -qO- "http://127.0.0.1:${PORT:-8080}/ping?full=1" || exit 1', {}), { url: 'http://127.0.0.1:${PORT:-8080}/ping', path: '/ping', port: 8080 });
  assert.deepEqual(healthCheckUrl('curl --fail http://localhost/', {}), { url: 'http://localhost/', path: '/', port: 80 });
});

test('fills in known variables and leaves unknown parts unread', () => {
  assert.deepEqual(healthCheckUrl('curl -f "http://localhost:${APP_PORT}/health"', { APP_PORT: '8088' }), { url: 'http://localhost:8088/health', path: '/health', port: 8088 });
  assert.deepEqual(healthCheckUrl('curl http://localhost:$PORT/$CHECK_PATH', {}), { url: 'http://localhost:$PORT/$CHECK_PATH', path: null, port: null });
});

test('ignores checks that reach another host or request no URL', () => {
  assert.equal(healthCheckUrl('curl -f https://example.com/health', {}), null);
  assert.equal(healthCheckUrl('pg_isready -U postgres', {}), null);
});
