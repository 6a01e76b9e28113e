import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'smol-toml';
import { initProject } from '../../src/config/init-project.ts';
import { testdir } from '../helpers/project.ts';

const PYPROJECT = `# Ledger service — keep this comment
[project]
name = "ledger"
version = "0.1.0"
requires-python = ">=3.12"
dependencies = ["fastapi>=0.110", "uvicorn>=0.30"]   # trailing comment

[tool.ruff]
line-length = 100
`;

const MAIN = 'from fastapi import FastAPI\n\napp = FastAPI()\n';

test('appends [tool.py2kube] without changing a byte of the existing file', async () => {
  const dir = testdir({ 'pyproject.toml': PYPROJECT, 'ledger/__init__.py': '', 'ledger/main.py': MAIN });
  const result = await initProject(dir);
  const after = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
  assert.ok(after.startsWith(PYPROJECT), 'the original text is a prefix of the new text');
  assert.ok(result.written);
  const config = (parse(after) as { tool: { py2kube: Record<string, unknown> } }).tool.py2kube;
  assert.equal(config['python'], '3.13');
  assert.equal(config['port'], 8000);
  assert.match(after, /# pyproject\.toml:\d+: .*\npython = "3\.13"/);
});

test('running init twice changes nothing the second time', async () => {
  const dir = testdir({ 'pyproject.toml': PYPROJECT, 'ledger/main.py': MAIN });
  await initProject(dir);
  const first = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
  const second = await initProject(dir);
  assert.equal(second.written, false);
  assert.equal(second.plan.added.length, 0);
  assert.equal(fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8'), first);
});

test('never overwrites a key the user set and inserts missing keys into their table', async () => {
  const withConfig = `${PYPROJECT}\n[tool.py2kube]\n# we run behind a sidecar on 9000\nport = 9000\n\n[tool.black]\nline-length = 100\n`;
  const dir = testdir({ 'pyproject.toml': withConfig, 'ledger/main.py': MAIN });
  const result = await initProject(dir);
  const after = fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8');
  assert.ok(result.plan.kept.includes('port'));
  assert.match(after, /# we run behind a sidecar on 9000\nport = 9000\n/);
  const config = (parse(after) as { tool: { py2kube: Record<string, unknown>; black: unknown } }).tool.py2kube;
  assert.equal(config['port'], 9000);
  assert.equal(config['python'], '3.13');
  // Every original line is still there, in order.
  const originalLines = withConfig.split('\n');
  const afterLines = after.split('\n');
  let cursor = 0;
  for (const line of afterLines) if (line === originalLines[cursor]) cursor += 1;
  assert.equal(cursor, originalLines.length);
});

test('writes py2kube.toml when the project has no pyproject', async () => {
  const dir = testdir({ 'requirements.txt': 'flask==3.1.0\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
  const result = await initProject(dir);
  assert.equal(result.plan.file, 'py2kube.toml');
  const config = parse(fs.readFileSync(path.join(dir, 'py2kube.toml'), 'utf8')) as Record<string, unknown>;
  assert.equal(config['port'], 8000);
});

test('--dry-run writes nothing', async () => {
  const dir = testdir({ 'pyproject.toml': PYPROJECT, 'ledger/main.py': MAIN });
  const result = await initProject(dir, { dryRun: true });
  assert.equal(result.written, false);
  assert.ok(result.plan.added.length > 0);
  assert.equal(fs.readFileSync(path.join(dir, 'pyproject.toml'), 'utf8'), PYPROJECT);
});
