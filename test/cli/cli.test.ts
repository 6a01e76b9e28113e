import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { py2kube } from '../helpers/exec.ts';
import { FIXTURES, testdir } from '../helpers/project.ts';

test('detect --json prints every key of the documented contract', () => {
  const { stdout, exitCode } = py2kube(['detect', path.join(FIXTURES, 'monorepo-backend'), '--json']);
  assert.equal(exitCode, 0);
  const json = JSON.parse(stdout) as Record<string, unknown>;
  for (const key of ['framework', 'appPath', 'appRoot', 'workdir', 'server', 'port', 'pythonVersion', 'packageManager', 'lockfile', 'celery', 'migrate', 'datastores', 'mlHeavy', 'health', 'evidence', 'diagnostics']) {
    assert.ok(key in json, `missing key ${key}`);
  }
  assert.equal(json['appRoot'], 'backend');
});

test('a malformed pyproject exits 2 with the position and no stack trace', () => {
  const { stderr, exitCode } = py2kube(['detect', path.join(FIXTURES, 'broken-pyproject')]);
  assert.equal(exitCode, 2);
  assert.match(stderr, /^error: pyproject\.toml:\d+:\d+: "pyproject\.toml" is not valid TOML/);
  assert.match(stderr, /fix: /);
  assert.doesNotMatch(stderr, /\n\s+at /);
});

test('a folder that does not exist exits 2', () => {
  const { stderr, exitCode } = py2kube(['detect', '/nonexistent/py2kube-nowhere']);
  assert.equal(exitCode, 2);
  assert.match(stderr, /"\/nonexistent\/py2kube-nowhere" does not exist/);
});

test('an empty folder exits 2 with a message saying there is nothing to analyse', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-empty-'));
  const { stdout, exitCode } = py2kube(['detect', dir]);
  assert.equal(exitCode, 2);
  assert.match(stdout, /The folder is empty/);
});

test('an --app-root outside the folder exits 2 naming the option', () => {
  const { stderr, exitCode } = py2kube(['detect', path.join(FIXTURES, 'monorepo-backend'), '--app-root', '../elsewhere']);
  assert.equal(exitCode, 2);
  assert.match(stderr, /--app-root "\.\.\/elsewhere" is not a folder inside/);
});

test('an invalid config value exits 2 naming the file, line, key and value', () => {
  const dir = testdir({ 'pyproject.toml': '[project]\nname = "x"\n\n[tool.py2kube]\nport = 70000\n' });
  const { stderr, exitCode } = py2kube(['detect', dir]);
  assert.equal(exitCode, 2);
  assert.match(stderr, /pyproject\.toml:5: \[tool\.py2kube\] "port" must be between 1 and 65535 \(got 70000\)/);
});

test('an unknown option or command exits 2 with usage', () => {
  assert.equal(py2kube(['detect', '--jsn']).exitCode, 2);
  const unknown = py2kube(['deploi']);
  assert.equal(unknown.exitCode, 2);
  assert.match(unknown.stderr, /unknown command "deploi"/);
});

test('--help prints the usage generated from the command definition', () => {
  const { stdout, exitCode } = py2kube(['detect', '--help']);
  assert.equal(exitCode, 0);
  assert.match(stdout, /--app-root/);
  assert.match(stdout, /--json/);
});

test('init then detect shows the recorded values as config evidence', () => {
  const dir = testdir({
    'pyproject.toml': '[project]\nname = "svc"\nrequires-python = ">=3.12"\ndependencies = ["flask", "gunicorn"]\n',
    'svc.py': 'from flask import Flask\napp = Flask(__name__)\n',
  });
  const init = py2kube(['init', dir]);
  assert.equal(init.exitCode, 0, init.stderr);
  assert.match(init.stdout, /pyproject\.toml: added to \d+ keys/);
  const again = py2kube(['init', dir]);
  assert.match(again.stdout, /nothing to add/);
  const detect = JSON.parse(py2kube(['detect', dir, '--json']).stdout) as { evidence: Record<string, Array<{ why: string }>> };
  assert.match(detect.evidence['port']![0]!.why, /config wins over detection/);
});

test('an --app-root without any Python exits 2 and says so', () => {
  const { stdout, exitCode } = py2kube(['detect', path.join(FIXTURES, 'monorepo-backend'), '--app-root', 'frontend']);
  assert.equal(exitCode, 2);
  assert.match(stdout, /--app-root "frontend" holds no Python files/);
});
