import rule from '../../../src/lint/rules/require-deps-before-source.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'requirements first, then the source',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
COPY requirements.txt ./
RUN pip install --no-cache-dir -r requirements.txt
COPY . .
`,
    },
    {
      name: 'uv: dependencies alone, then the project after the source',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-install-project
COPY . .
RUN uv sync --frozen
`,
    },
    {
      name: 'the project install with --no-deps after the source is fine',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
COPY . .
RUN pip install --no-deps .
`,
    },
    {
      name: 'a COPY from another stage is not the source',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
COPY --from=builder . .
RUN pip install -r requirements.txt
`,
    },
  ],
  invalid: [
    {
      name: 'COPY . . before pip install -r',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
WORKDIR /app
COPY . .
RUN pip install --no-cache-dir -r requirements.txt
`,
      errors: [{ messageId: 'sourceBeforeDeps', path: 'instructions[2]', line: 3 }],
      output: null,
    },
    {
      name: 'ADD of the whole context before poetry install',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
ADD . /app
RUN cd /app && poetry install --only main
`,
      errors: [{ messageId: 'sourceBeforeDeps', path: 'instructions[1]', line: 2 }],
    },
    {
      name: 'a project install that also installs its dependencies',
      filename: 'Dockerfile',
      code: `FROM python:3.12-slim
COPY . .
RUN --mount=type=cache,target=/root/.cache/pip pip install .
`,
      errors: [{ messageId: 'sourceBeforeDeps', path: 'instructions[1]', line: 2 }],
    },
  ],
});
