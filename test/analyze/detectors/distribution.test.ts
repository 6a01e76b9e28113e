import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distribution } from '../../../src/analyze/detectors/distribution.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('a [build-system] with a [tool.poetry] or [project] name makes the app a package of its own', async () => {
  assert.deepEqual(distribution.detect(await fixtureProject('poetry-src-layout')), [
    { kind: 'distribution', packaged: true, source: { file: 'pyproject.toml', line: 25 }, why: '[build-system] names the backend that builds the project into a wheel, so it is installed like any dependency' },
  ]);
  assert.deepEqual(distribution.detect(await fixtureProject('fastapi-uv')), [
    { kind: 'distribution', packaged: false, source: { file: 'pyproject.toml', line: 1 }, why: 'pyproject.toml has no [build-system], so the project is a set of dependencies rather than a package' },
  ]);
});

test('reads the app member of a uv workspace', async () => {
  const [fact] = distribution.detect(await fixtureProject('uv-workspace-root-lock', 'packages/api'));
  assert.equal(fact?.kind === 'distribution' && fact.packaged, true);
  assert.equal(fact?.source.file, 'packages/api/pyproject.toml');
});

test('Poetry package-mode = false, uv package = false and PDM distribution = false are not packages', async () => {
  for (const [toml, line] of [
    ['[tool.poetry]\nname = "x"\npackage-mode = false\n\n[build-system]\nrequires = ["poetry-core"]\n', 3],
    ['[project]\nname = "x"\n\n[tool.uv]\npackage = false\n\n[build-system]\nrequires = ["hatchling"]\n', 5],
    ['[project]\nname = "x"\n\n[tool.pdm]\ndistribution = false\n', 5],
  ] as const) {
    const facts = distribution.detect(await tempProject({ 'pyproject.toml': toml }));
    assert.deepEqual(facts.map((f) => [f.kind, f.kind === 'distribution' && f.packaged, f.source.line]), [['distribution', false, line]], toml);
  }
});

test('a [project] table without a build backend is not a package; setup.py alone is', async () => {
  const pep621 = distribution.detect(await tempProject({ 'pyproject.toml': '[project]\nname = "x"\ndependencies = ["flask"]\n' }));
  assert.equal(pep621[0]?.kind === 'distribution' && pep621[0].packaged, false);
  const legacy = distribution.detect(await tempProject({ 'setup.py': 'from setuptools import setup\nsetup(name="x")\n' }));
  assert.deepEqual(legacy, [{ kind: 'distribution', packaged: true, source: { file: 'setup.py', line: 0 }, why: 'setup.py makes the project installable with setuptools' }]);
});

test('reports requirements files that pin with --hash, at the first hash', async () => {
  const facts = distribution.detect(await tempProject({
    'requirements.txt': 'flask==3.1.3 \\\n    --hash=sha256:0ef0e52b8a9cd932855379197dd8f94047b359ca0a78695144304cb45f87c9eb\n',
    'requirements-dev.txt': 'pytest==8.3.0\n',
    'notes.txt': '--hash=sha256:abc\n',
  }));
  assert.deepEqual(facts, [
    { kind: 'requirements-hashes', file: 'requirements.txt', source: { file: 'requirements.txt', line: 2 }, why: 'requirements.txt pins its requirements with --hash, so pip checks every download against it' },
  ]);
});

test('gives nothing for a project with neither packaging metadata nor requirements', async () => {
  assert.deepEqual(distribution.detect(await tempProject({ 'app.py': 'print(1)\n' })), []);
});
