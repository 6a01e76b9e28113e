import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { py2kube } from '../helpers/exec.ts';
import { FIXTURES } from '../helpers/project.ts';

const copies: string[] = [];
after(() => {
  for (const dir of copies) fs.rmSync(dir, { recursive: true, force: true });
});

function copyOf(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-cli-runtime-'));
  copies.push(dir);
  fs.cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

test('init --runtime writes the companion, keeps the app\'s /health, and prints the command for the dependency it cannot add', () => {
  const dir = copyOf('flask-app-factory');
  const { stdout, exitCode } = py2kube(['init', '--runtime', dir]);
  assert.equal(exitCode, 0);
  assert.match(stdout, /^notes\/py2kube_runtime\.py: created \(wraps notes:create_app\(\)\)$/m);
  assert.match(stdout, /^gunicorn\.conf\.py: created /m);
  assert.match(stdout, /serves \/metrics \(Prometheus\)/);
  assert.match(stdout, /kept the app's own health endpoint \/health \(notes\/health\.py:8\)/);
  assert.match(stdout, /the server runs notes\.py2kube_runtime:create_app\(\), which wraps notes:create_app\(\)/);
  assert.match(stdout, /prometheus-client: not added \(the project has no package manager py2kube can run\)\. Run: add "prometheus-client" to requirements\.txt/);
  assert.ok(fs.existsSync(path.join(dir, 'notes/py2kube_runtime.py')));

  const again = py2kube(['init', '--runtime', dir]);
  assert.equal(again.exitCode, 0);
  assert.match(again.stdout, /^notes\/py2kube_runtime\.py: unchanged/m);
  assert.match(again.stdout, /^py2kube\.toml: unchanged$/m);
});

test('init --runtime --dry-run shows what it would do and writes nothing', () => {
  const dir = copyOf('pdm-starlette');
  const { stdout, exitCode } = py2kube(['init', '--runtime', '--dry-run', dir]);
  assert.equal(exitCode, 0);
  assert.match(stdout, /^src\/notes\/py2kube_runtime\.py: would create/m);
  assert.match(stdout, /prometheus-client: would run `pdm add --no-sync prometheus-client`/);
  assert.equal(fs.existsSync(path.join(dir, 'src/notes/py2kube_runtime.py')), false);
});

test('init --runtime on a project without a web app exits 2 with the fix', () => {
  const { stderr, exitCode } = py2kube(['init', '--runtime', path.join(FIXTURES, 'etl-script-no-framework')]);
  assert.equal(exitCode, 2);
  assert.match(stderr, /^error: /);
  assert.match(stderr, /fix: /);
});
