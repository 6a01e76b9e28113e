import rule from '../../../src/lint/rules/require-pip-no-cache.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    { name: '--no-cache-dir', filename: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN pip install --no-cache-dir -r requirements.txt\n' },
    { name: 'PIP_NO_CACHE_DIR in ENV', filename: 'Dockerfile', code: 'FROM python:3.12-slim\nENV PIP_NO_CACHE_DIR=1\nRUN python -m pip install -r requirements.txt\n' },
    { name: 'PIP_NO_CACHE_DIR on the command', filename: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN PIP_NO_CACHE_DIR=1 pip install gunicorn\n' },
    {
      name: 'a BuildKit cache mount over the pip cache',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
RUN --mount=type=cache,target=/root/.cache/pip \\
    /opt/venv/bin/pip install -r requirements.txt
`,
    },
    {
      name: 'a builder stage whose cache never reaches the final image',
      filename: 'Dockerfile',
      code: `FROM python:3.12 AS builder
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt
FROM python:3.12-slim
COPY --from=builder /opt/venv /opt/venv
`,
    },
    { name: 'uv pip keeps its own cache', filename: 'Dockerfile', code: 'FROM python:3.12-slim\nRUN uv pip install --system -r requirements.txt\n' },
  ],
  invalid: [
    {
      name: 'plain pip install in the final image',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
WORKDIR /app
RUN pip install -r requirements.txt
`,
      errors: [{ messageId: 'pipCache', path: 'instructions[2]', line: 3 }],
      output: null,
    },
    {
      name: 'a cache mount for apt does not cover pip',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
RUN --mount=type=cache,target=/var/cache/apt apt-get update && pip3 install gunicorn
`,
      errors: [{ messageId: 'pipCache', path: 'instructions[1]', line: 2 }],
    },
    {
      name: 'pip in the stage the final one is built FROM',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim AS base
RUN python3 -m pip install gunicorn
FROM base
`,
      errors: [{ messageId: 'pipCache', path: 'instructions[1]', line: 2 }],
    },
  ],
});
