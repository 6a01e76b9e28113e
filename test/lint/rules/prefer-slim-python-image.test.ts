import rule from '../../../src/lint/rules/prefer-slim-python-image.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'full image for the builder, slim for the final stage',
      filename: 'Dockerfile',
      code: `FROM python:3.12 AS builder
RUN pip wheel -r requirements.txt -w /wheels
FROM python:3.12-slim-bookworm
`,
    },
    { name: 'alpine', filename: 'Dockerfile', code: 'FROM python:3.12-alpine\n' },
    { name: 'distroless', filename: 'Dockerfile', code: 'FROM gcr.io/distroless/python3-debian12\n' },
  ],
  invalid: [
    {
      name: 'full image with a version tag',
      filename: 'Dockerfile',
      code: `FROM python:3.12
CMD ["python", "-m", "app"]
`,
      errors: [{ messageId: 'fullImage', path: 'instructions[0]', line: 1 }],
      output: null,
    },
    {
      name: 'full Debian-named variant through the Docker Hub path, in the stage the final one builds on',
      filename: 'Dockerfile',
      code: `FROM docker.io/library/python:3.11-bookworm AS base
FROM base
`,
      errors: [{ messageId: 'fullImage', path: 'instructions[0]', line: 1 }],
    },
    {
      name: 'no tag at all, resolved through a global ARG',
      filename: 'Dockerfile',
      code: `ARG BASE=python
FROM \${BASE}
`,
      errors: [{ messageId: 'fullImage', path: 'instructions[1]', line: 2 }],
    },
  ],
});
