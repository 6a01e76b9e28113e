import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { py2kube } from '../helpers/exec.ts';
import { FIXTURES, REPO_ROOT, testdir } from '../helpers/project.ts';

/** A small FastAPI project with gunicorn + uvicorn-worker and the given [tool.py2kube] lines. */
function project(config: string): string {
  return testdir({
    'pyproject.toml': `[project]\nname = "api"\nversion = "1"\nrequires-python = ">=3.12"\ndependencies = ["fastapi", "gunicorn", "uvicorn-worker"]\n\n[tool.py2kube]\n${config}\n`,
    'api/__init__.py': '',
    'api/main.py': 'from fastapi import FastAPI\napp = FastAPI()\n',
  });
}

test('generate writes the Dockerfile, the Kustomize tree and the workflow, listing each file', () => {
  const dir = project('');
  const { stdout, exitCode } = py2kube(['generate', dir]);
  assert.equal(exitCode, 0, stdout);
  for (const file of ['Dockerfile', '.dockerignore', 'deploy/base/kustomization.yaml', 'deploy/overlays/prod/kustomization.yaml', '.github/workflows/py2kube.yml']) {
    assert.ok(fs.existsSync(path.join(dir, file)), `${file} exists`);
    assert.match(stdout, new RegExp(`  ${file.replace(/\./g, '\\.')}  created`));
  }
  const check = py2kube(['generate', dir, '--check']);
  assert.equal(check.exitCode, 0);
  assert.match(check.stdout, /^up to date: \d+ generated files match/);
});

test('--check exits 1 naming the file that differs, and writes nothing', () => {
  const dir = project('');
  py2kube(['generate', dir]);
  fs.rmSync(path.join(dir, 'deploy/overlays/dev/kustomization.yaml'));
  const { stdout, exitCode } = py2kube(['generate', dir, '--check']);
  assert.equal(exitCode, 1);
  assert.match(stdout, /deploy\/overlays\/dev\/kustomization\.yaml  missing/);
  assert.equal(fs.existsSync(path.join(dir, 'deploy/overlays/dev/kustomization.yaml')), false);
});

test('--kube-version selects the schema; an unsupported one exits 2 listing the bundled versions', () => {
  assert.equal(py2kube(['generate', project(''), '--kube-version', '1.30']).exitCode, 0);
  const { stderr, exitCode } = py2kube(['generate', project(''), '--kube-version', '1.12']);
  assert.equal(exitCode, 2);
  assert.match(stderr, /Kubernetes version "1\.12" has no bundled schema; py2kube can validate against 1\.30, .*1\.37/);
});

test('a project without a production server exits 2 with the command that adds one', () => {
  const { stderr, exitCode } = py2kube(['generate', path.join(FIXTURES, 'litestar-app'), '--check']);
  assert.equal(exitCode, 2);
  assert.match(stderr, /needs a production ASGI server/);
  assert.match(stderr, /fix: Add one to the runtime dependencies/);
});

const BAD_CONFIG: Array<[string, string, RegExp]> = [
  ['replicas 0', 'replicas = 0', /"replicas" must be at least 1 \(got 0\)/],
  ['memory in MB', '[tool.py2kube.resources]\nmemory = "1GB"', /"resources\.memory" must be a Kubernetes memory quantity such as "512Mi" or "1Gi" .*"MB"\/"GB" are not Kubernetes units\) \(got "1GB"\)/],
  ['an invalid cron schedule', '[[tool.py2kube.cronjobs]]\nname = "etl"\nschedule = "0 25 * * *"\ncommand = ["python", "-m", "api.etl"]', /"cronjobs\.0\.schedule" must be a cron schedule with five fields such as "0 3 \* \* \*" .* \(got "0 25 \* \* \*"\)/],
  ['a hostname with a space', '[tool.py2kube.ingress]\nhost = "api example.com"', /"ingress\.host" must be a lowercase DNS name such as "api\.example\.com" \(no spaces, no scheme, no port\) \(got "api example\.com"\)/],
  ['a port out of range', 'port = 70000', /"port" must be between 1 and 65535 \(got 70000\)/],
];

for (const [what, config, message] of BAD_CONFIG) {
  test(`bad config (${what}) exits 2 naming the key, the value and the fix, and writes nothing`, () => {
    const dir = project(config);
    fs.mkdirSync(path.join(dir, 'deploy/overlays/prod'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'deploy/overlays/prod/my-patch.yaml'), 'kind: Deployment\n');
    const before = fs.readdirSync(dir, { recursive: true }).sort();
    const { stderr, exitCode } = py2kube(['generate', dir]);
    assert.equal(exitCode, 2, stderr);
    assert.match(stderr, /^error: Invalid py2kube configuration in "pyproject\.toml":\n  pyproject\.toml:\d+: \[tool\.py2kube\] /);
    assert.match(stderr, message);
    assert.match(stderr, /fix: /);
    assert.deepEqual(fs.readdirSync(dir, { recursive: true }).sort(), before, 'nothing was written');
  });
}

test('the README\'s main command generates the shop example into a temporary copy', () => {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const main = /```sh\n(.*)\n```/.exec(readme)?.[1] ?? '';
  assert.match(main, /generate "\$out"/);
  assert.match(main, /cp -R examples\/shop-fastapi\/\. "\$out"/);
});
