import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { lintText } from '../../../src/lint/index.ts';
import rule from '../../../src/lint/rules/no-shell-wrapper.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'the exec form',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, --bind, 0.0.0.0:8000]
`,
    },
    {
      name: 'a script that ends with exec',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: ["/bin/sh", "-c"]
      args:
        - |
          python manage.py collectstatic --noinput
          exec gunicorn shop.wsgi --bind 0.0.0.0:8000
`,
    },
    {
      name: 'a script that traps SIGTERM itself',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [bash, -c, "trap 'kill -TERM $PID' TERM; gunicorn app:app & PID=$!; wait $PID"]
`,
    },
    {
      name: 'Jobs and init containers run to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      initContainers:
        - name: wait
          image: busybox:1
          command: [sh, -c, "until nc -z db 5432; do sleep 1; done"]
      containers:
        - name: migrate
          image: api:1
          command: [sh, -c, "python manage.py migrate --noinput"]
`,
    },
    {
      name: 'a helm test Pod runs its script to completion',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: shop-test-api
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: smoke
      image: api:1
      command:
        - sh
        - -c
        - python -c "import urllib.request; urllib.request.urlopen('http://shop-web:80/health', timeout=5)"
  restartPolicy: Never
`,
    },
    {
      name: 'a bare Pod with restartPolicy OnFailure runs to completion',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: seed
spec:
  restartPolicy: OnFailure
  containers:
    - name: seed
      image: api:1
      command: [sh, -c, "python -m app.seed && echo done"]
`,
    },
    {
      name: 'assignments written before exec',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [sh, -c, "FORWARDED_ALLOW_IPS='*' exec gunicorn app:app"]
`,
    },
  ],
  invalid: [
    {
      name: 'a migration chained before the server without exec',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          command: ["sh", "-c"]
          args:
            - "python manage.py migrate && gunicorn shop.wsgi --bind 0.0.0.0:8000"
`,
      errors: [{ messageId: 'shellWithoutExec', path: 'spec.template.spec.containers[0].args[0]', line: 13 }],
      output: null,
    },
    {
      name: 'a single command wrapped in bash -c',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      command:
        - /bin/bash
        - -c
        - celery -A proj worker --concurrency 2
`,
      errors: [{ messageId: 'shellWithoutExec', path: 'spec.containers[0].command[2]', line: 12 }],
    },
    {
      name: 'background processes and wait without a trap',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [sh, -c, "celery -A proj worker & gunicorn app:app & wait"]
`,
      errors: [{ messageId: 'backgroundedServer', path: 'spec.containers[0].command[2]' }],
    },
  ],
});

/** The message for one container running `sh -c <script>` in a Deployment. */
function messageFor(script: string): string {
  const code = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          command: [sh, -c, ${JSON.stringify(script)}]
`;
  const findings = lintText(code, { rules: [rule] }).findings.filter((f) => f.rule === rule.id);
  assert.equal(findings.length, 1);
  return findings[0]!.message;
}

describe('no-shell-wrapper messages', () => {
  test('the suggested exec line quotes the words sh would otherwise glob or split', () => {
    const message = messageFor(`gunicorn app:app --forwarded-allow-ips '*' --name "my app" --log-level=info`);
    assert.ok(message.includes("Write `exec gunicorn app:app --forwarded-allow-ips '*' --name 'my app' --log-level=info` as the script’s last command"), message);
    assert.ok(message.includes('or drop the shell and use the exec form: command: ["gunicorn", "app:app", "--forwarded-allow-ips", "*", "--name", "my app", "--log-level=info"]'), message);
  });

  test('a migration before the server is named, with where it belongs, instead of being dropped silently', () => {
    const message = messageFor('python manage.py migrate --noinput && gunicorn config.wsgi --bind 0.0.0.0:8000');
    assert.ok(message.includes('Write `exec gunicorn config.wsgi --bind 0.0.0.0:8000`'), message);
    assert.ok(message.includes('would leave out what the script runs before it (`python manage.py migrate --noinput`)'), message);
    assert.match(message, /migrations belong in a Job run once per release .* or in an init container/);
  });

  test('steps that only prepare the environment point at the pod spec', () => {
    const message = messageFor('cd /srv/app; export MODE=web\nuvicorn app.main:app --host 0.0.0.0');
    assert.ok(message.includes('(`cd /srv/app; export MODE=web`)'), message);
    assert.ok(message.includes('workingDir, env'), message);
  });

  test('a command that reads shell variables keeps the shell: no exec form is offered', () => {
    const message = messageFor('gunicorn app:app --bind 0.0.0.0:${PORT:-8000} --workers $WORKERS');
    assert.ok(message.includes('Write `exec gunicorn app:app --bind 0.0.0.0:${PORT:-8000} --workers $WORKERS`'), message);
    assert.ok(!message.includes('exec form'), message);
  });

  test('assignments stay in front of exec, with only their value quoted, and move to env in the exec form', () => {
    const message = messageFor(`PYTHONUNBUFFERED=1 FORWARDED_ALLOW_IPS='*' celery -A proj worker`);
    assert.ok(message.includes("Write `PYTHONUNBUFFERED=1 FORWARDED_ALLOW_IPS='*' exec celery -A proj worker`"), message);
    assert.ok(message.includes('command: ["celery", "-A", "proj", "worker"] with PYTHONUNBUFFERED, FORWARDED_ALLOW_IPS under env'), message);
  });
});
