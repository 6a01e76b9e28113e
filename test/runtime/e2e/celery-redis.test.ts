import * as path from 'node:path';
import { defineCeleryScenario } from '../helpers/celery.ts';
import { run } from '../helpers/python-env.ts';
import { sql } from '../helpers/services.ts';

// shop-fastapi's order confirmations on Redis: each task renders, waits CONFIRMATION_DELAY_SECONDS
// ("sends" the e-mail) and marks its order confirmed; a trigger counts those updates.
await defineCeleryScenario({
  example: 'shop-fastapi',
  broker: 'redis',
  brokerUrl: 'redis://127.0.0.1:6379/12',
  env: () => ({ REDIS_URL: 'redis://127.0.0.1:6379/12', CONFIRMATION_DELAY_SECONDS: '3' }),
  prepare: (prepared, env) => {
    const migrate = run([path.join(prepared.venv, 'bin/alembic'), 'upgrade', 'head'], { cwd: prepared.copy, env: { ...process.env, ...env } });
    if (migrate.status !== 0) throw new Error(`alembic upgrade head failed:\n${migrate.output}`);
    sql(prepared.python, prepared.databaseUrl, `
      CREATE TABLE task_runs (id int NOT NULL, at timestamptz NOT NULL DEFAULT now());
      CREATE FUNCTION count_confirmation() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO task_runs (id) VALUES (NEW.id); RETURN NEW; END $$;
      CREATE TRIGGER count_confirmation AFTER UPDATE OF status ON orders
        FOR EACH ROW WHEN (NEW.status = 'confirmed') EXECUTE FUNCTION count_confirmation();
      INSERT INTO orders (customer_email, total_cents) SELECT 'buyer' || n || '@example.com', 100 * n FROM generate_series(1, 6) AS n;`);
    return [1, 2, 3, 4, 5, 6];
  },
  enqueue: (prepared, env, ids, queue) => {
    const script = `import sys\nfrom shop.worker import send_order_confirmation\nfor i in ${JSON.stringify(ids)}:\n    send_order_confirmation.apply_async(args=[i], queue=sys.argv[1])\n`;
    const result = run([prepared.python, '-c', script, queue], { cwd: path.join(prepared.copy, 'src'), env: { ...process.env, ...env } });
    if (result.status !== 0) throw new Error(`enqueueing failed:\n${result.output}`);
  },
  completions: 'SELECT id, count(*) FROM task_runs GROUP BY id ORDER BY id',
});
