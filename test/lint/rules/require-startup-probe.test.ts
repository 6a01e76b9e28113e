import rule from '../../../src/lint/rules/require-startup-probe.ts';
import type { AppModel } from '../../../src/model/app.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const mlProject = { name: 'ml', mlHeavy: true, mlPackages: ['torch', 'transformers'], port: 8000, health: { liveness: null, readiness: null, paths: [] } } as unknown as AppModel;

runRuleTester(rule, {
  valid: [
    {
      name: 'a startup probe covers a model server',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  template:
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.9.0
          startupProbe:
            httpGet: {path: /health, port: 8000}
            periodSeconds: 10
            failureThreshold: 60
          livenessProbe:
            httpGet: {path: /health, port: 8000}
`,
    },
    {
      name: 'the default liveness budget (0 + 3 × 10 = 30 s) is not short',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      livenessProbe:
        httpGet: {path: /livez, port: 8000}
`,
    },
    {
      name: 'without a liveness probe nothing kills a slow start',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: llm
spec:
  containers:
    - name: tgi
      image: ghcr.io/huggingface/text-generation-inference:3.0
      readinessProbe:
        httpGet: {path: /health, port: 80}
`,
    },
    {
      name: 'a slow starter whose liveness budget already covers the load time',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: llm
spec:
  containers:
    - name: web
      image: api:1
      args: [uvicorn, app:app, --host, 0.0.0.0]
      env:
        - name: MODEL_ID
          value: bert-base
      livenessProbe:
        httpGet: {path: /livez, port: 8000}
        initialDelaySeconds: 300
`,
    },
    {
      name: 'init containers and Jobs are not judged',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: warm
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: warm
          image: vllm/vllm-openai:v0.9.0
          livenessProbe:
            exec: {command: [true]}
            periodSeconds: 1
            failureThreshold: 1
`,
    },
    {
      name: 'an ML project does not make a Celery beat container slow',
      project: mlProject,
      code: `apiVersion: v1
kind: Pod
metadata:
  name: beat
spec:
  containers:
    - name: beat
      image: app:1
      command: [celery, -A, proj, beat]
      livenessProbe:
        exec: {command: [cat, /tmp/beat]}
`,
    },
  ],
  invalid: [
    {
      name: 'a model server with only a liveness probe gets a startup probe copied from it',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  template:
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.9.0
          livenessProbe:
            httpGet:
              path: /health
              port: 8000
`,
      errors: [{ messageId: 'slowStart', path: 'spec.template.spec.containers[0].startupProbe', line: 9 }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: llm
spec:
  template:
    spec:
      containers:
        - name: vllm
          image: vllm/vllm-openai:v0.9.0
          livenessProbe:
            httpGet:
              path: /health
              port: 8000
          startupProbe:
            httpGet:
              path: /health
              port: 8000
            periodSeconds: 10
            failureThreshold: 30
`,
    },
    {
      name: 'the project (--project) loads ML libraries and the container serves it',
      project: mlProject,
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      command: [gunicorn, app:app, -k, uvicorn_worker.UvicornWorker]
      livenessProbe:
        httpGet:
          path: /livez
          port: 8000
        periodSeconds: 10
        failureThreshold: 6
`,
      errors: [{ messageId: 'slowStart', path: 'spec.containers[0].startupProbe' }],
    },
    {
      name: 'a --model flag in the command marks a slow starter',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      args: [python, -m, app.serve, --model=/models/bert]
      livenessProbe:
        tcpSocket: {port: 8000}
`,
      errors: [{ messageId: 'slowStart', path: 'spec.containers[0].startupProbe' }],
    },
    {
      name: 'a liveness probe that gives up after 15 s',
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
          path: /livez
          port: http
        periodSeconds: 5
        failureThreshold: 3
`,
      errors: [{ messageId: 'shortLivenessBudget', path: 'spec.containers[0].startupProbe', line: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      livenessProbe:
        httpGet:
          path: /livez
          port: http
        periodSeconds: 5
        failureThreshold: 3
      startupProbe:
        httpGet:
          path: /livez
          port: http
        periodSeconds: 5
        failureThreshold: 30
`,
    },
  ],
});
