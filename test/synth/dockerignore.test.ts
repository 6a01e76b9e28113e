import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { detect } from '../../src/analyze/index.ts';
import { synthesizeDockerignore } from '../../src/synth/dockerignore.ts';
import { REPO_ROOT } from '../helpers/project.ts';

const LAYOUT = { outDir: 'deploy', runtimeDir: 'deploy/runtime' };

/** Docker's rule: a pattern excludes a path when it matches the path or one of its folders; later lines win, `!` re-includes. */
function excluded(ignore: string, file: string): boolean {
  const toRegExp = (glob: string): RegExp => new RegExp(`^${glob
    .replace(/[.+^${}()|\\]/g, '\\$&')
    .replace(/\*\*\//g, '\u0000')
    .replace(/\*\*/g, '\u0001')
    .replace(/\*/g, '[^/]*')
    .replace(/\?/g, '[^/]')
    .replace(/\u0000/g, '(?:.*/)?')
    .replace(/\u0001/g, '.*')}$`);
  const prefixes = file.split('/').map((_, i, parts) => parts.slice(0, i + 1).join('/'));
  let out = false;
  for (const raw of ignore.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const re = toRegExp(negated ? line.slice(1) : line);
    if (prefixes.some((p) => re.test(p))) out = !negated;
  }
  return out;
}

test('keeps out VCS, local venvs, caches, node_modules and every .env file', async () => {
  const { model } = await detect(path.join(REPO_ROOT, 'examples/shop-fastapi'));
  const ignore = synthesizeDockerignore(model, LAYOUT);
  for (const file of ['.git/HEAD', '.venv/bin/python', 'src/shop/__pycache__/main.cpython-311.pyc', '.pytest_cache/v/x', 'frontend/node_modules/x/index.js', '.env', '.env.production', 'src/shop/.env', 'deploy/base/deployment.yaml', '.github/workflows/ci.yml']) {
    assert.ok(excluded(ignore, file), `${file} is excluded`);
  }
});

test('never excludes what the install needs: lockfiles, manifests, README, source, the runtime helpers', async () => {
  const { model } = await detect(path.join(REPO_ROOT, 'examples/shop-fastapi'));
  const ignore = synthesizeDockerignore(model, LAYOUT);
  for (const file of ['uv.lock', 'pyproject.toml', 'README.md', '.python-version', 'poetry.lock', 'Pipfile', 'Pipfile.lock', 'pdm.lock', 'requirements.txt', 'requirements/base.txt', 'src/shop/main.py', 'alembic.ini', 'migrations/env.py', 'deploy/runtime/py2kube_celery.py']) {
    assert.ok(!excluded(ignore, file), `${file} is kept`);
  }
});

test('in a uv workspace the patterns are relative to the workspace root, the build context', async () => {
  const { model } = await detect(path.join(REPO_ROOT, 'fixtures/projects/uv-workspace-root-lock'));
  const ignore = synthesizeDockerignore(model, LAYOUT);
  assert.ok(excluded(ignore, 'packages/api/deploy/base/kustomization.yaml'));
  assert.ok(!excluded(ignore, 'packages/api/deploy/runtime/py2kube_celery.py'));
  assert.ok(!excluded(ignore, 'packages/core/src/core/rates.py'));
});
