import rule from '../../../src/lint/rules/require-multi-stage.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'a builder stage installs; the final stage copies the venv',
      filename: 'Dockerfile',
      code: `FROM python:3.12 AS builder
RUN apt-get update && apt-get install -y build-essential libpq-dev
RUN python -m venv /opt/venv && /opt/venv/bin/pip install -r requirements.txt
FROM python:3.12-slim
COPY --from=builder /opt/venv /opt/venv
CMD ["/opt/venv/bin/gunicorn", "app:app"]
`,
    },
    {
      name: 'a single stage that installs nothing',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
COPY app.py /app/
CMD ["python", "/app/app.py"]
`,
    },
    {
      name: 'runtime system libraries alone are not build tools',
      filename: 'Dockerfile',
      code: `FROM debian:bookworm-slim
RUN apt-get update && apt-get install -y --no-install-recommends libpq5 ca-certificates
`,
    },
  ],
  invalid: [
    {
      name: 'a single stage that installs compilers',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
RUN apt-get update && apt-get install -y gcc libpq-dev
RUN pip install --no-cache-dir -r requirements.txt
CMD ["gunicorn", "app:app"]
`,
      errors: [{ messageId: 'buildTools', path: 'instructions[1]', line: 2 }],
      output: null,
    },
    {
      name: 'a single stage that pip installs',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
CMD ["gunicorn", "app:app"]
`,
      errors: [{ messageId: 'dependencies', path: 'instructions[3]', line: 4 }],
    },
    {
      name: 'two stages where the final one is built FROM the builder is still one image',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim AS base
RUN uv sync --frozen
FROM base
CMD ["uvicorn", "app:app"]
`,
      errors: [{ messageId: 'dependencies', path: 'instructions[1]', line: 2 }],
    },
  ],
});
