import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../../src/config/load.ts';
import { UserError } from '../../src/errors.ts';
import { fixtureProject, tempProject } from '../helpers/project.ts';

test('reads [tool.py2kube] from pyproject.toml with key lines', async () => {
  const project = await tempProject({
    'pyproject.toml': '[project]\nname = "x"\n\n[tool.py2kube]\nport = 9000\n\n[tool.py2kube.env.prod]\nreplicas = 4\n',
  });
  const loaded = loadConfig(project);
  assert.deepEqual(loaded.config, { port: 9000, env: { prod: { replicas: 4 } } });
  assert.equal(loaded.lineOf(['port']), 5);
  assert.equal(loaded.lineOf(['env', 'prod', 'replicas']), 8);
});

test('reads py2kube.toml when there is no pyproject', async () => {
  const project = await fixtureProject('py2kube-toml-config');
  const loaded = loadConfig(project);
  assert.equal(loaded.file, 'py2kube.toml');
  assert.equal(loaded.config.port, 9100);
  assert.equal(loaded.config.ingress?.host, 'reports.example.com');
});

test('a malformed pyproject is a UserError with file, line and column', async () => {
  const project = await fixtureProject('broken-pyproject');
  assert.throws(() => loadConfig(project), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.code, 'E_TOML_SYNTAX');
    assert.match(error.message, /^pyproject\.toml:\d+:\d+: "pyproject\.toml" is not valid TOML/);
    return true;
  });
});

test('an invalid value names the file, line, key, value and fix', async () => {
  const project = await tempProject({
    'pyproject.toml': '[tool.py2kube]\nreplicas = 0\n\n[tool.py2kube.resources]\nmemory = "1GB"\n\n[tool.py2kube.ingress]\nhost = "my host.example.com"\n',
  });
  assert.throws(() => loadConfig(project), (error: unknown) => {
    assert.ok(error instanceof UserError);
    assert.equal(error.code, 'E_CONFIG_INVALID');
    assert.match(error.message, /pyproject\.toml:2: \[tool\.py2kube\] "replicas" must be at least 1 \(got 0\)/);
    assert.match(error.message, /pyproject\.toml:5: \[tool\.py2kube\] "resources\.memory" must be a Kubernetes memory quantity .* \(got "1GB"\)/);
    assert.match(error.message, /pyproject\.toml:8: \[tool\.py2kube\] "ingress\.host" must be a lowercase DNS name .* \(got "my host\.example\.com"\)/);
    return true;
  });
});

test('an unknown key is refused with its line and a pointer to the docs', async () => {
  const project = await tempProject({ 'pyproject.toml': '[tool.py2kube]\nport = 8000\nrepilcas = 3\n' });
  assert.throws(() => loadConfig(project), /pyproject\.toml:3: \[tool\.py2kube\] unknown key "repilcas"/);
});

test('a project without any config loads an empty config', async () => {
  const project = await tempProject({ 'requirements.txt': 'flask\n' });
  assert.deepEqual(loadConfig(project).config, {});
});
