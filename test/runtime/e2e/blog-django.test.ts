import { defineWebScenario, lockedRead } from '../helpers/scenario.ts';
import { run } from '../helpers/python-env.ts';

// Django under gunicorn's sync workers, pip-tools with hashes; Celery's broker is RabbitMQ.
await defineWebScenario({
  example: 'blog-django',
  services: ['postgresql', 'rabbitmq'],
  env: () => ({ CELERY_BROKER_URL: 'amqp://guest:guest@127.0.0.1:5672//', SECRET_KEY: 'e2e-not-secret' }),
  prepare: (prepared, env) => {
    const migrate = run([prepared.python, 'manage.py', 'migrate', '--noinput'], { cwd: prepared.copy, env: { ...process.env, ...env } });
    if (migrate.status !== 0) throw new Error(`manage.py migrate failed:\n${migrate.output}`);
    // The image's build step (Procfile), so WhiteNoise has its files.
    const collect = run([prepared.python, 'manage.py', 'collectstatic', '--noinput'], { cwd: prepared.copy, env: { ...process.env, ...env } });
    if (collect.status !== 0) throw new Error(`manage.py collectstatic failed:\n${collect.output}`);
  },
  checks: ['postgresql', 'rabbitmq'],
  idPath: (i) => `/api/posts/post-${i}/`,
  idTemplate: '/api/posts/<slug:slug>/',
  slowRequest: (port, prepared) => lockedRead(port, prepared, 'posts_post', '/api/posts/'),
});
