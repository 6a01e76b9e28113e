import rule from '../../../src/lint/rules/no-install-at-start.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'the server starts directly',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
RUN pip install --no-cache-dir -r requirements.txt
CMD ["gunicorn", "app:app"]
`,
    },
    {
      name: 'uv run --no-sync',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
CMD ["uv", "run", "--no-sync", "uvicorn", "app:app"]
`,
    },
    {
      name: 'uv run with UV_NO_SYNC set',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
ENV UV_NO_SYNC=1
CMD ["uv", "run", "uvicorn", "app:app"]
`,
    },
    `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          image: api:1
          command: [gunicorn, app:app]
`,
  ],
  invalid: [
    {
      name: 'pip install in a shell-form CMD',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
COPY . /app
CMD pip install -r requirements.txt && exec gunicorn app:app
`,
      errors: [{ messageId: 'installAtStart', path: 'instructions[2]', line: 3 }],
      output: null,
    },
    {
      name: 'apt-get in an sh -c ENTRYPOINT',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
ENTRYPOINT ["sh", "-c", "apt-get update && apt-get install -y curl && exec python -m app"]
`,
      errors: [{ messageId: 'installAtStart', path: 'instructions[1]', line: 2 }],
    },
    {
      name: 'uv run syncs before starting',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
CMD ["uv", "run", "uvicorn", "app:app"]
`,
      errors: [{ messageId: 'uvRunSyncs', path: 'instructions[1]', line: 2 }],
    },
    {
      name: 'a Deployment container that installs before starting',
      code: `apiVersion: apps/v1
kind: Deployment
metadata: {name: api}
spec:
  template:
    spec:
      containers:
        - name: api
          image: python:3.12-slim
          command: [sh, -c]
          args: ["pip install -r /src/requirements.txt && exec gunicorn app:app"]
`,
      errors: [{ messageId: 'installAtStart', path: 'spec.template.spec.containers[0].args[0]', line: 11 }],
    },
    {
      name: 'an init container running poetry install',
      code: `apiVersion: v1
kind: Pod
metadata: {name: api}
spec:
  initContainers:
    - name: deps
      image: python:3.12-slim
      command: [poetry, install, --no-root]
  containers:
    - name: api
      image: api:1
`,
      errors: [{ messageId: 'installAtStart', path: 'spec.initContainers[0].command[1]', line: 8 }],
    },
  ],
});
