import * as path from 'node:path';
import { defineWebScenario } from '../helpers/scenario.ts';
import { run } from '../helpers/python-env.ts';
import { request } from '../helpers/server.ts';

// FastAPI + asyncpg under gunicorn with uvicorn workers; Celery's broker is Redis.
await defineWebScenario({
  example: 'shop-fastapi',
  services: ['postgresql', 'redis'],
  // The shop's Celery broker is REDIS_URL; the readiness check is told so.
  env: () => ({ REDIS_URL: 'redis://127.0.0.1:6379/11', PY2KUBE_READY_CHECKS: 'postgresql,redis,celery-broker=REDIS_URL' }),
  prepare: (prepared, env) => {
    const migrate = run([path.join(prepared.venv, 'bin/alembic'), 'upgrade', 'head'], { cwd: prepared.copy, env: { ...process.env, ...env } });
    if (migrate.status !== 0) throw new Error(`alembic upgrade head failed:\n${migrate.output}`);
  },
  checks: ['postgresql', 'redis', 'celery-broker'],
  idPath: (i) => `/orders/${i}`,
  idTemplate: '/orders/{order_id}',
  // The shop's own slow-upstream endpoint: it awaits `delay` seconds, then queries PostgreSQL.
  slowRequest: async (port) => ({ response: request(port, 'GET', '/products/search?q=mug&delay=3', { timeoutMs: 60_000 }), release: async () => {} }),
});
