import rule from '../../../src/lint/rules/require-python-env.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'both set in one ENV',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
ENV PYTHONUNBUFFERED=1 \\
    PYTHONDONTWRITEBYTECODE=1
CMD ["gunicorn", "app:app"]
`,
    },
    {
      name: 'legacy ENV form, inherited from the stage the final stage is built FROM',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim AS base
ENV PYTHONUNBUFFERED 1
ENV PYTHONDONTWRITEBYTECODE 1
FROM base
CMD ["python", "-m", "app"]
`,
    },
    {
      name: 'not a Python image',
      filename: 'Dockerfile',
      code: `FROM nginx:1.27-alpine
COPY site/ /usr/share/nginx/html/
`,
    },
  ],
  invalid: [
    {
      name: 'both missing in the final stage (set only in the builder)',
      filename: 'Dockerfile',
      code: `FROM python:3.12 AS builder
ENV PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
RUN pip install -r requirements.txt
FROM python:3.12-slim
CMD ["gunicorn", "app:app"]
`,
      errors: [
        { messageId: 'missingUnbuffered', path: 'instructions[3]', line: 4 },
        { messageId: 'missingDontWriteBytecode', path: 'instructions[3]', line: 4 },
      ],
      output: null,
    },
    {
      name: 'an empty value does not turn it on',
      filename: 'Dockerfile',
      code: `FROM debian:bookworm-slim
ENV PYTHONUNBUFFERED="" PYTHONDONTWRITEBYTECODE=1
CMD ["uvicorn", "app:app"]
`,
      errors: [{ messageId: 'missingUnbuffered', path: 'instructions[0]', line: 1 }],
    },
  ],
});
