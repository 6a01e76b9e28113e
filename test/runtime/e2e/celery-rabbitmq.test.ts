import { defineCeleryScenario } from '../helpers/celery.ts';
import { run } from '../helpers/python-env.ts';
import { holdLock, sql } from '../helpers/services.ts';

// blog-django's comment notifications on RabbitMQ: each task e-mails (console backend) and sets
// Comment.notified_at; a trigger counts those updates. Row locks held by the test keep the
// first tasks waiting on that update, so SIGTERM lands mid-task.
await defineCeleryScenario({
  example: 'blog-django',
  broker: 'rabbitmq',
  brokerUrl: 'amqp://guest:guest@127.0.0.1:5672//',
  env: () => ({ CELERY_BROKER_URL: 'amqp://guest:guest@127.0.0.1:5672//', SECRET_KEY: 'e2e-not-secret' }),
  prepare: (prepared, env) => {
    const migrate = run([prepared.python, 'manage.py', 'migrate', '--noinput'], { cwd: prepared.copy, env: { ...process.env, ...env } });
    if (migrate.status !== 0) throw new Error(`manage.py migrate failed:\n${migrate.output}`);
    sql(prepared.python, prepared.databaseUrl, `
      CREATE TABLE task_runs (id int NOT NULL, at timestamptz NOT NULL DEFAULT now());
      CREATE FUNCTION count_notification() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN INSERT INTO task_runs (id) VALUES (NEW.id); RETURN NEW; END $$;
      CREATE TRIGGER count_notification AFTER UPDATE OF notified_at ON posts_comment
        FOR EACH ROW WHEN (NEW.notified_at IS NOT NULL) EXECUTE FUNCTION count_notification();`);
    const seed = [
      'from django.utils import timezone',
      'from posts.models import Comment, Post',
      'post = Post.objects.create(title="Celery", slug="celery", author_email="author@example.com", body="x", published_at=timezone.now())',
      'print([Comment.objects.create(post=post, author_name=f"c{i}", author_email=f"c{i}@example.com", body="hi").pk for i in range(6)])',
    ].join('\n');
    const result = run([prepared.python, 'manage.py', 'shell', '-c', seed], { cwd: prepared.copy, env: { ...process.env, ...env } });
    if (result.status !== 0) throw new Error(`seeding failed:\n${result.output}`);
    return JSON.parse(result.output.trim().split('\n').pop()!) as number[];
  },
  enqueue: (prepared, env, ids, queue) => {
    const script = `from posts.tasks import notify_new_comment\nfor i in ${JSON.stringify(ids)}:\n    notify_new_comment.apply_async(args=[i], queue=${JSON.stringify(queue)})`;
    const result = run([prepared.python, 'manage.py', 'shell', '-c', script], { cwd: prepared.copy, env: { ...process.env, ...env } });
    if (result.status !== 0) throw new Error(`enqueueing failed:\n${result.output}`);
  },
  hold: (prepared, ids) => holdLock(prepared.python, prepared.databaseUrl, `SELECT id FROM posts_comment WHERE id IN (${ids.join(', ')}) FOR UPDATE`),
  completions: 'SELECT id, count(*) FROM task_runs GROUP BY id ORDER BY id',
});
