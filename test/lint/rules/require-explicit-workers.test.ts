import assert from 'node:assert/strict';
import { test } from 'node:test';
import { lint } from '../../../src/lint/engine.ts';
import { createSource, parseYaml } from '../../../src/lint/load/yaml.ts';
import rule from '../../../src/lint/rules/require-explicit-workers.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'explicit counts for gunicorn, uvicorn and Celery',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, -w, "3"]
    - name: asgi
      image: api:1
      command: [uvicorn, app:app, --workers, "1"]
    - name: worker
      image: api:1
      command: [celery, -A, proj, worker, --concurrency=2]
`,
    },
    {
      name: 'WEB_CONCURRENCY, a gunicorn config file, Celery --autoscale and the solo pool',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app]
      env:
        - name: WEB_CONCURRENCY
          valueFrom:
            resourceFieldRef: {resource: limits.cpu}
    - name: conf
      image: api:1
      command: [gunicorn, -c, /etc/gunicorn.conf.py, app:app]
    - name: auto
      image: api:1
      command: [celery, -A, proj, worker, --autoscale=4,1]
    - name: solo
      image: api:1
      command: [celery, -A, proj, worker, -P, solo]
`,
    },
    {
      name: 'WEB_CONCURRENCY from a ConfigMap through envFrom, or from a ConfigMap the run does not include',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app]
      envFrom:
        - configMapRef: {name: app-settings}
    - name: asgi
      image: api:1
      command: [uvicorn, app:app]
      envFrom:
        - configMapRef: {name: elsewhere}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-settings
data:
  WEB_CONCURRENCY: "3"
`,
    },
    {
      name: 'containers that do not say what they run are not judged',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: web
      image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'a Celery worker without -c forks one process per node CPU',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: api:1
          command:
            - celery
            - -A
            - proj
            - worker
            - --loglevel=INFO
          resources:
            requests:
              cpu: 500m
`,
      errors: [{ messageId: 'celeryDefault', path: 'spec.template.spec.containers[0].command[0]', line: 12 }],
      output: null,
    },
    {
      name: 'gunicorn and uvicorn relying on their defaults',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: web
      image: api:1
      args: [uv, run, gunicorn, app.wsgi, --bind, 0.0.0.0:8000]
    - name: asgi
      image: api:1
      command: [python, -m, uvicorn, app.main:app, --host, 0.0.0.0]
`,
      errors: [
        { messageId: 'gunicornDefault', path: 'spec.containers[0].args[2]' },
        { messageId: 'uvicornDefault', path: 'spec.containers[1].command[2]' },
      ],
    },
    {
      name: 'worker counts computed from nproc or cpu_count()',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: web
      image: api:1
      command: [sh, -c, 'exec gunicorn app:app -w $(( 2 * $(nproc) + 1 ))']
    - name: python
      image: api:1
      args:
        - sh
        - -c
        - exec gunicorn app:app --workers "$(python -c 'import multiprocessing as m; print(m.cpu_count() * 2 + 1)')"
`,
      errors: [
        { messageId: 'cpuCountFromNode', path: 'spec.containers[0].command[2]', line: 9 },
        { messageId: 'cpuCountFromNode', path: 'spec.containers[1].args[2]', line: 15 },
      ],
    },
    {
      name: 'a ConfigMap without the key and a Secret the run does not include do not set the count',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app]
      envFrom:
        - configMapRef: {name: app-settings}
        - secretRef: {name: app-secrets}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: app-settings
data:
  DJANGO_SETTINGS_MODULE: app.settings
`,
      errors: [{ messageId: 'gunicornDefault', path: 'spec.containers[0].command[0]', line: 9 }],
    },
    {
      name: 'dramatiq without --processes',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: worker
      image: api:1
      command: [dramatiq, app.tasks]
`,
      errors: [{ messageId: 'dramatiqDefault', path: 'spec.containers[0].command[0]' }],
    },
    {
      name: 'reported at the program the launcher runs, not at a launcher option that names it',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: app
spec:
  containers:
    - name: asgi
      image: api:1
      command: [uv, run, --with, uvicorn, uvicorn, app.main:app, --host, 0.0.0.0]
`,
      errors: [{ messageId: 'uvicornDefault', path: 'spec.containers[0].command[4]' }],
    },
  ],
});

/** Lints several inputs in one run, as `check` does: `kustomize` sources are rendered overlays, `file` sources plain files. */
function lintTogether(inputs: Array<{ path: string; origin: 'kustomize' | 'file'; text: string }>): string[] {
  const manifests = inputs.flatMap((input) => parseYaml(createSource(input.path, input.text, input.origin)).manifests);
  const result = lint({ manifests, dockerfiles: [] }, { rules: [rule], kubeVersion: '1.34' });
  return result.findings.map((f) => `${f.file} ${f.messageId} ${f.path}`);
}

const configured = (data: string): string => `apiVersion: v1
kind: ConfigMap
metadata:
  name: api-config
data:
  ${data}
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          args: ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
          envFrom:
            - configMapRef: {name: api-config}
`;

test('the ConfigMap of another overlay rendered in the same run does not set the worker count', () => {
  const findings = lintTogether([
    { path: 'overlays/dev/kustomization.yaml', origin: 'kustomize', text: configured('LOG_LEVEL: debug') },
    { path: 'overlays/prod/kustomization.yaml', origin: 'kustomize', text: configured('WEB_CONCURRENCY: "4"') },
  ]);
  assert.deepEqual(findings, ['overlays/dev/kustomization.yaml gunicornDefault spec.template.spec.containers[0].args[0]']);
});
