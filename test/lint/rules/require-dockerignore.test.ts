import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after } from 'node:test';
import rule from '../../../src/lint/rules/require-dockerignore.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const made: string[] = [];
after(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** A folder holding the given files (and a `.git` marking the repository root), returning the Dockerfile's path. */
function project(files: Record<string, string>, dockerfile = 'Dockerfile'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-dockerignore-'));
  made.push(dir);
  fs.mkdirSync(path.join(dir, '.git'));
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return path.join(dir, dockerfile);
}

const DOCKERFILE = `FROM python:3.12-slim
COPY . .
`;

runRuleTester(rule, {
  valid: [
    { name: 'a .dockerignore that leaves out .git and .env', filename: project({ '.dockerignore': '.git\n**/.env\n' }), code: DOCKERFILE },
    { name: 'an allow-list .dockerignore', filename: project({ '.dockerignore': '*\n!src\n!pyproject.toml\n' }), code: DOCKERFILE },
    { name: 'a Dockerfile-specific ignore file beside it', filename: project({ 'api.Dockerfile.dockerignore': '.git\n.env*\n' }, 'api.Dockerfile'), code: DOCKERFILE },
    { name: 'the build context is a folder above (a monorepo)', filename: project({ '.dockerignore': '.git\n.env\n' }, 'services/api/Dockerfile'), code: DOCKERFILE },
  ],
  invalid: [
    {
      name: 'no .dockerignore up to the repository root',
      filename: project({}),
      code: DOCKERFILE,
      errors: [{ messageId: 'missing', path: 'instructions[0]', line: 1 }],
      output: null,
    },
    {
      name: 'a .dockerignore that keeps .env',
      filename: project({ '.dockerignore': '.git\n__pycache__\n' }),
      code: DOCKERFILE,
      errors: [{ messageId: 'notIgnored', path: 'instructions[0]', line: 1 }],
    },
    {
      name: 'an exception brings .git back',
      filename: project({ '.dockerignore': '.*\n!.git\n' }),
      code: DOCKERFILE,
      errors: [{ messageId: 'notIgnored', path: 'instructions[0]', line: 1 }],
    },
  ],
});
