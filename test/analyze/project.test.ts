import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { openProject, walkFiles } from '../../src/analyze/project.ts';
import { detect } from '../../src/analyze/index.ts';
import { testdir } from '../helpers/project.ts';

test('skips .git, virtualenvs, node_modules and site-packages while walking', () => {
  const dir = testdir({
    'app.py': '',
    '.git/config': '',
    '.venv/lib/python3.12/site-packages/flask/__init__.py': '',
    'venv/bin/activate': '',
    'node_modules/x/index.js': '',
    'vendor/lib/site-packages/y.py': '',
    'pkg.egg-info/PKG-INFO': '',
    'src/pkg/__init__.py': '',
  });
  assert.deepEqual(walkFiles(dir).files, ['app.py', 'src/pkg/__init__.py']);
});

test('does not follow a symlink loop and still reads symlinked files', () => {
  const dir = testdir({ 'real/app.py': 'x = 1\n' });
  fs.symlinkSync(path.join(dir, 'real'), path.join(dir, 'real/loop'));
  fs.symlinkSync(path.join(dir, 'real/app.py'), path.join(dir, 'linked.py'));
  fs.symlinkSync(path.join(dir, 'missing'), path.join(dir, 'dangling.py'));
  assert.deepEqual(walkFiles(dir).files, ['linked.py', 'real/app.py']);
});

test('a binary file is skipped with a warning instead of being parsed', () => {
  const dir = testdir({ 'requirements.txt': Buffer.from([0x66, 0x6c, 0x00, 0x61, 0x73, 0x6b]) });
  const project = openProject(dir, '.', walkFiles(dir));
  assert.equal(project.read('requirements.txt'), null);
  assert.equal(project.problems[0]?.kind === 'problem' && project.problems[0].code, 'W_BINARY_FILE');
});

test('a file over the size limit is skipped with a note', () => {
  const dir = testdir({ 'data.py': `x = "${'a'.repeat(3 * 1024 * 1024)}"\n` });
  const project = openProject(dir, '.', walkFiles(dir));
  assert.equal(project.read('data.py'), null);
  assert.equal(project.problems[0]?.kind === 'problem' && project.problems[0].code, 'I_FILE_TOO_LARGE');
});

test('a UTF-8 byte-order mark does not break TOML parsing', () => {
  const dir = testdir({ 'pyproject.toml': '\uFEFF[project]\nname = "bom"\n' });
  const project = openProject(dir, '.', walkFiles(dir));
  assert.deepEqual(JSON.parse(JSON.stringify(project.readToml('pyproject.toml'))), { project: { name: 'bom' } });
});

test('detect survives binary and garbage files anywhere in the tree', async () => {
  const dir = testdir({
    'pyproject.toml': '[project]\nname = "svc"\ndependencies = ["flask"]\n',
    'svc.py': 'from flask import Flask\napp = Flask(__name__)\n',
    'broken.py': 'def (:\n  ))) class\n',
    'requirements-dev.txt': Buffer.from([0xff, 0xfe, 0x00, 0x00, 0x01]),
    'Procfile': Buffer.from([0x00, 0x01, 0x02]),
    'compose.yaml': 'services: [unclosed\n',
    'Dockerfile': 'FROM\nCMD [\n',
  });
  const { model } = await detect(dir);
  assert.equal(model.appPath, 'svc:app');
  assert.ok(model.diagnostics.some((d) => d.code === 'W_BINARY_FILE'));
});
