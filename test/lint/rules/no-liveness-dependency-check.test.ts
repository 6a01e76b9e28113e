import rule from '../../../src/lint/rules/no-liveness-dependency-check.ts';
import type { AppModel } from '../../../src/model/app.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const project = { name: 'api', mlHeavy: false, port: 8000, health: { liveness: '/livez', readiness: '/health', paths: ['/livez', '/health'] } } as unknown as AppModel;

runRuleTester(rule, {
  valid: [
    {
      name: 'liveness on a cheap endpoint, readiness on the dependency check',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      readinessProbe:
        httpGet: {path: /readyz, port: http}
      livenessProbe:
        httpGet: {path: /livez, port: http}
`,
    },
    {
      name: 'the Celery heartbeat-file probe py2kube generates',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      livenessProbe:
        exec:
          command:
            - python
            - -c
            - import os, sys, time; sys.exit(0 if time.time() - os.stat("/tmp/celery-worker-heartbeat").st_mtime < 60 else 1)
`,
    },
    {
      name: 'celery inspect ping is require-celery-ping-destination’s to judge',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: api:1
      livenessProbe:
        exec:
          command: [sh, -c, 'celery -A proj inspect ping -d celery@$HOSTNAME']
`,
    },
    {
      name: 'curl to the pod’s own liveness endpoint',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      livenessProbe:
        exec:
          command: [curl, -fsS, http://localhost:8000/healthz]
`,
    },
    {
      name: 'a readiness probe may check the database',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      readinessProbe:
        exec:
          command: [pg_isready, -h, db]
`,
    },
  ],
  invalid: [
    {
      name: 'liveness on the readiness endpoint',
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
          livenessProbe:
            httpGet:
              path: /readyz
              port: 8000
`,
      errors: [{ messageId: 'dependencyPath', path: 'spec.template.spec.containers[0].livenessProbe.httpGet.path', line: 13 }],
      output: null,
    },
    {
      name: 'liveness on a database health path',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      livenessProbe:
        httpGet:
          path: /health/db
          port: 8000
`,
      errors: [{ messageId: 'dependencyPath', path: 'spec.containers[0].livenessProbe.httpGet.path', line: 11 }],
    },
    {
      name: 'the project says /health checks dependencies (--project)',
      project,
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      readinessProbe:
        httpGet: {path: /health, port: 8000}
      livenessProbe:
        httpGet: {path: /health, port: 8000}
`,
      errors: [{ messageId: 'readinessPath', path: 'spec.containers[0].livenessProbe.httpGet.path' }],
    },
    {
      name: 'an httpGet host that is another service',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      livenessProbe:
        httpGet:
          host: 10.0.0.12
          path: /
          port: 8080
`,
      errors: [{ messageId: 'remoteHost', path: 'spec.containers[0].livenessProbe.httpGet.host', line: 11 }],
    },
    {
      name: 'pg_isready and redis-cli in exec probes',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      livenessProbe:
        exec:
          command: [pg_isready, -h, postgres]
    - name: cache-user
      image: api:1
      livenessProbe:
        exec:
          command: [sh, -c, 'redis-cli -h redis ping | grep PONG']
`,
      errors: [
        { messageId: 'dependencyCommand', path: 'spec.containers[0].livenessProbe.exec.command' },
        { messageId: 'dependencyCommand', path: 'spec.containers[1].livenessProbe.exec.command' },
      ],
    },
  ],
});
