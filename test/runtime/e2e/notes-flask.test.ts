import * as path from 'node:path';
import { defineWebScenario, lockedRead } from '../helpers/scenario.ts';
import { run } from '../helpers/python-env.ts';

// A Flask app factory with psycopg's pool under gunicorn's sync workers; Poetry-managed.
await defineWebScenario({
  example: 'notes-flask',
  services: ['postgresql'],
  env: () => ({}),
  prepare: (prepared, env) => {
    const schema = run([path.join(prepared.venv, 'bin/flask'), '--app', 'notes', 'init-db'], { cwd: prepared.copy, env: { ...process.env, ...env } });
    if (schema.status !== 0) throw new Error(`flask init-db failed:\n${schema.output}`);
  },
  checks: ['postgresql'],
  idPath: (i) => `/notes/${i}`,
  idTemplate: '/notes/<int:note_id>',
  slowRequest: (port, prepared) => lockedRead(port, prepared, 'notes', '/notes'),
});
