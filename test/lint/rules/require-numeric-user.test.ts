import rule from '../../../src/lint/rules/require-numeric-user.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'numeric user and group',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
RUN useradd --uid 10001 app
USER 10001:10001
CMD ["gunicorn", "app:app"]
`,
    },
    {
      name: 'numeric user from an ARG default',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
ARG APP_UID=10001
USER \${APP_UID}
`,
    },
    {
      name: 'a root builder stage does not matter',
      filename: 'Dockerfile',
      code: `FROM python:3.12 AS builder
USER root
RUN pip install -r requirements.txt
FROM python:3.12-slim
USER 10001
`,
    },
    {
      name: 'the USER of the stage the final stage is built FROM is inherited',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim AS base
USER 10001
FROM base
CMD ["python", "-m", "app"]
`,
    },
    {
      name: 'distroless nonroot images set a numeric USER themselves',
      filename: 'Dockerfile',
      code: `FROM gcr.io/distroless/python3-debian12:nonroot
CMD ["app.py"]
`,
    },
  ],
  invalid: [
    {
      name: 'no USER at all',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
CMD ["gunicorn", "app:app"]
`,
      errors: [{ messageId: 'noUser', path: 'instructions[0]', line: 1 }],
      output: null,
    },
    {
      name: 'a named USER, with the UID its useradd gave it suggested',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
RUN useradd --system --uid 10001 app
USER app
`,
      errors: [{ messageId: 'namedUser', path: 'instructions[2]', line: 3 }],
    },
    {
      name: 'USER root at the end',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
USER 10001
USER root
`,
      errors: [{ messageId: 'rootUser', path: 'instructions[2]', line: 3 }],
    },
    {
      name: 'USER 0:0',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
USER 0:0
`,
      errors: [{ messageId: 'rootUser', path: 'instructions[1]', line: 2 }],
    },
  ],
});
