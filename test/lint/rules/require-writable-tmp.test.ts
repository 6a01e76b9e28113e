import assert from 'node:assert/strict';
import { test } from 'node:test';
import { applyFixes, lintText } from '../../../src/lint/index.ts';
import readOnlyRoot from '../../../src/lint/rules/require-read-only-root-filesystem.ts';
import rule from '../../../src/lint/rules/require-writable-tmp.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'gunicorn with a read-only root and an emptyDir at /tmp',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: ["gunicorn", "acme.wsgi", "--bind", "0.0.0.0:8000"]
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: tmp
      emptyDir: {}
`,
    },
    {
      name: 'gunicorn with --worker-tmp-dir /dev/shm needs no volume',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: ["gunicorn", "acme.wsgi", "-b", "0.0.0.0:8000", "--worker-tmp-dir", "/dev/shm"]
      securityContext:
        readOnlyRootFilesystem: true
`,
    },
    {
      name: 'TMPDIR pointing at a writable mount is what tempfile uses',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: ["gunicorn", "acme.wsgi", "-b", "0.0.0.0:8000"]
      env:
        - name: TMPDIR
          value: /scratch
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: scratch
          mountPath: /scratch
  volumes:
    - name: scratch
      emptyDir: {}
`,
    },
    {
      name: 'a gunicorn config file may set worker_tmp_dir, so it is not judged',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: ["gunicorn", "-c", "/app/gunicorn.conf.py", "acme.wsgi"]
      securityContext:
        readOnlyRootFilesystem: true
`,
    },
    {
      name: 'beat with a database scheduler keeps no schedule file',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: beat
spec:
  template:
    spec:
      containers:
        - name: beat
          image: api:1
          command: ["celery", "-A", "proj", "beat", "--scheduler", "django_celery_beat.schedulers:DatabaseScheduler"]
          securityContext:
            readOnlyRootFilesystem: true
`,
    },
    {
      name: 'beat with its schedule on a mounted emptyDir',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: beat
spec:
  template:
    spec:
      containers:
        - name: beat
          image: api:1
          command: ["celery", "-A", "proj", "beat", "-s", "/var/lib/beat/schedule"]
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: state
              mountPath: /var/lib/beat
      volumes:
        - name: state
          emptyDir: {}
`,
    },
    {
      name: 'a writable root is require-read-only-root-filesystem’s business, not this rule’s',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: ["gunicorn", "acme.wsgi", "-b", "0.0.0.0:8000"]
`,
    },
  ],
  invalid: [
    {
      name: 'gunicorn with a read-only root and nothing writable: the fix mounts an emptyDir at /tmp',
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
          command: ["gunicorn", "acme.wsgi", "--bind", "0.0.0.0:8000"]
          securityContext:
            readOnlyRootFilesystem: true
`,
      errors: [{ messageId: 'gunicornTmp', path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem', line: 13 }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          command: ["gunicorn", "acme.wsgi", "--bind", "0.0.0.0:8000"]
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
`,
    },
    {
      name: 'a --worker-tmp-dir on the read-only root is reported at the option, with no fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command:
        - gunicorn
        - acme.wsgi
        - --worker-tmp-dir
        - /run/gunicorn
      securityContext:
        readOnlyRootFilesystem: true
`,
      errors: [{ messageId: 'gunicornTmp', path: 'spec.containers[0].command[2]', line: 12 }],
      output: null,
    },
    {
      name: 'beat with -s under /tmp and no volume: the fix mounts the emptyDir',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: beat
spec:
  containers:
    - name: beat
      image: api:1
      args:
        - celery
        - -A
        - proj
        - beat
        - -s
        - /tmp/celerybeat-schedule
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: config
          mountPath: /etc/beat
  volumes:
    - name: config
      configMap:
        name: beat
`,
      errors: [{ messageId: 'beatSchedule', path: 'spec.containers[0].args[5]', line: 15 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: beat
spec:
  containers:
    - name: beat
      image: api:1
      args:
        - celery
        - -A
        - proj
        - beat
        - -s
        - /tmp/celerybeat-schedule
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: config
          mountPath: /etc/beat
        - name: tmp
          mountPath: /tmp
  volumes:
    - name: config
      configMap:
        name: beat
    - name: tmp
      emptyDir: {}
`,
    },
    {
      name: 'beat writing its default schedule file to the working directory of a read-only image',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: beat
spec:
  template:
    spec:
      containers:
        - name: beat
          image: api:1
          command: ["celery", "-A", "proj", "beat"]
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
`,
      errors: [{ messageId: 'beatRelativeSchedule', path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem', line: 13 }],
      output: null,
    },
    {
      name: 'a worker with embedded beat and workingDir resolves the schedule file there',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      workingDir: /app
      command: ["celery", "-A", "proj", "worker", "-B"]
      securityContext:
        readOnlyRootFilesystem: true
`,
      errors: [{ messageId: 'beatSchedule', path: 'spec.containers[0].securityContext.readOnlyRootFilesystem', line: 12 }],
      output: null,
    },
  ],
});

test('with require-read-only-root-filesystem, --fix adds one tmp volume to a pod both rules fix', () => {
  const code = `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: metrics
      image: exporter:1
    - name: web
      image: api:1
      command: ["gunicorn", "acme.wsgi", "--bind", "0.0.0.0:8000"]
      securityContext:
        readOnlyRootFilesystem: true
`;
  const rules = [rule, readOnlyRoot];
  const result = lintText(code, { rules, settings: { [rule.id]: 'error', [readOnlyRoot.id]: 'warning' } });
  assert.deepEqual(result.findings.map((f) => `${f.rule} ${f.path}`).sort(), [
    'require-read-only-root-filesystem spec.containers[0].securityContext.readOnlyRootFilesystem',
    'require-writable-tmp spec.containers[1].securityContext.readOnlyRootFilesystem',
  ]);
  const fixed = applyFixes(result.fixes);
  assert.deepEqual(fixed.skipped, []);
  const after = fixed.files[0]!.after;
  assert.equal(after.match(/emptyDir: \{\}/g)?.length, 1, after);
  assert.equal(after.match(/mountPath: \/tmp/g)?.length, 2, after);
});
