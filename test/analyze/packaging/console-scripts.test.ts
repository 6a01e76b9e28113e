import { test } from 'node:test';
import assert from 'node:assert/strict';
import { consoleScripts } from '../../../src/analyze/packaging/console-scripts.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads console scripts from pyproject, Poetry, setup.cfg and a literal setup.py entry_points', async () => {
  const project = await tempProject({
    'pyproject.toml': '[project]\nname = "x"\n\n[project.scripts]\nx-admin = "x.cli:main"\n\n[tool.poetry.scripts]\nx-old = { reference = "x.old:run", type = "console" }\n',
    'setup.cfg': '[options.entry_points]\nconsole_scripts =\n    x-cfg = x.cfg_cli:main\n',
    'setup.py': 'from setuptools import setup\n\nENTRY = {"console_scripts": ["x-py=x.py_cli:cli [extra]"], "other": ["y=z:w"]}\n\nsetup(name="x", entry_points=ENTRY)\n',
  });
  assert.deepEqual(consoleScripts(project), [
    { name: 'x-admin', target: 'x.cli:main', file: 'pyproject.toml', line: 5 },
    { name: 'x-old', target: 'x.old:run', file: 'pyproject.toml', line: 8 },
    { name: 'x-cfg', target: 'x.cfg_cli:main', file: 'setup.cfg', line: 3 },
    { name: 'x-py', target: 'x.py_cli:cli', file: 'setup.py', line: 3 },
  ]);
});

test('finds no console scripts in setup.py when entry_points is computed', async () => {
  const project = await tempProject({ 'setup.py': 'from setuptools import setup\nsetup(name="x", entry_points=load_entry_points())\n' });
  assert.deepEqual(consoleScripts(project), []);
});
