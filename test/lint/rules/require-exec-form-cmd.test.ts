import rule from '../../../src/lint/rules/require-exec-form-cmd.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'exec form CMD',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
CMD ["gunicorn", "app:app", "--bind", "0.0.0.0:8000"]
`,
    },
    {
      name: 'a shell wrapper that execs the server',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
ENTRYPOINT ["sh", "-c", "python manage.py migrate && exec gunicorn app.wsgi"]
`,
    },
    {
      name: 'shell form in a build stage never runs in the final image',
      filename: 'Dockerfile',
      code: `FROM python:3.12 AS build
CMD echo building
FROM python:3.12-slim
CMD ["uvicorn", "app:app"]
`,
    },
  ],
  invalid: [
    {
      name: 'shell form CMD, with the exec form suggested',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
WORKDIR /app
CMD gunicorn app:app --bind 0.0.0.0:8000
`,
      errors: [{ messageId: 'shellForm', path: 'instructions[2]', line: 3 }],
      output: null,
    },
    {
      name: 'an sh -c wrapper without exec',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
CMD ["/bin/sh", "-c", "python manage.py migrate && gunicorn app.wsgi"]
`,
      errors: [{ messageId: 'shellWrapper', path: 'instructions[1]', line: 2 }],
    },
  ],
});
