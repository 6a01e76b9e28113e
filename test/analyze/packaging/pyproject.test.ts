import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dependencyGroupFacts, projectDependencyFacts, projectName, readAppPyproject } from '../../../src/analyze/packaging/pyproject.ts';
import { tempProject } from '../../helpers/project.ts';

const PYPROJECT = `[project]
name = "billing"
dependencies = [
  "Django>=5.0",
  "celery[redis]>=5.4 ; sys_platform != 'win32'",
  "broken>=",
]

[project.optional-dependencies]
postgres = ["psycopg[binary]>=3.2"]

[dependency-groups]
dev = [{ include-group = "lint" }, "pytest>=8"]
lint = ["ruff"]
docs = [{ include-group = "missing" }]
`;

test('reads [project] dependencies and optional dependencies with their lines', async () => {
  const project = await tempProject({ 'pyproject.toml': PYPROJECT });
  const doc = readAppPyproject(project)!;
  assert.deepEqual(projectDependencyFacts(doc), [
    { kind: 'dependency', name: 'django', specifier: '>=5.0', group: 'runtime', source: { file: 'pyproject.toml', line: 4 }, why: '[project] dependencies are installed with the app' },
    {
      kind: 'dependency', name: 'celery', specifier: '>=5.4', group: 'runtime', extras: ['redis'], marker: "sys_platform != 'win32'",
      source: { file: 'pyproject.toml', line: 5 }, why: '[project] dependencies are installed with the app',
    },
    {
      kind: 'problem', level: 'warning', code: 'W_DEPENDENCY_SYNTAX',
      message: 'pyproject.toml:6: "broken>=" is not a valid requirement: ">=" is not followed by a version. Write it as a PEP 508 requirement such as "flask>=3.0".',
      source: { file: 'pyproject.toml', line: 6 }, why: 'a requirement py2kube cannot parse would also fail to install',
    },
    {
      kind: 'dependency', name: 'psycopg', specifier: '>=3.2', group: 'optional', extra: 'postgres', extras: ['binary'],
      source: { file: 'pyproject.toml', line: 10 }, why: '[project.optional-dependencies] postgres is installed only when the "postgres" extra is requested',
    },
  ]);
});

test('reports PEP 735 groups as dev and checks that included groups exist', async () => {
  const project = await tempProject({ 'pyproject.toml': PYPROJECT });
  const doc = readAppPyproject(project)!;
  assert.deepEqual(dependencyGroupFacts(doc), [
    {
      kind: 'dependency', name: 'pytest', specifier: '>=8', group: 'dev', extra: 'dev',
      source: { file: 'pyproject.toml', line: 13 }, why: '[dependency-groups] dev is a development group that is not installed with the app',
    },
    {
      kind: 'dependency', name: 'ruff', specifier: '', group: 'dev', extra: 'lint',
      source: { file: 'pyproject.toml', line: 14 }, why: '[dependency-groups] lint is a development group that is not installed with the app',
    },
    {
      kind: 'problem', level: 'warning', code: 'W_DEPENDENCY_GROUP_INCLUDE',
      message: 'pyproject.toml:15: dependency group "docs" includes "missing", which is not defined in [dependency-groups]. Define it or remove the include.',
      source: { file: 'pyproject.toml', line: 15 }, why: 'installers refuse a dependency group that includes an undefined group',
    },
  ]);
});

test('takes the project name from [project], else from [tool.poetry]', async () => {
  const pep621 = await tempProject({ 'pyproject.toml': '[project]\nname = "a"\n[tool.poetry]\nname = "b"\n' });
  const poetry = await tempProject({ 'pyproject.toml': '[tool.poetry]\nversion = "1"\nname = "b"\n' });
  assert.deepEqual(projectName(readAppPyproject(pep621)!), { value: 'a', line: 2, table: 'project' });
  assert.deepEqual(projectName(readAppPyproject(poetry)!), { value: 'b', line: 3, table: 'tool.poetry' });
});
