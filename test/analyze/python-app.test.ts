import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appSourceFiles, pyModule, referenceOf, starImportsOf } from '../../src/analyze/python-app.ts';
import { descendants } from '../../src/analyze/python.ts';
import { tempProject } from '../helpers/project.ts';

test('resolves relative imports against the module that makes them', async () => {
  const project = await tempProject({
    'pkg/__init__.py': 'from . import views\nfrom .core import build as make\n',
    'pkg/sub/mod.py': 'from ..core import build\nfrom .. import views as v\nfrom ...outside import x\n',
  });
  assert.deepEqual([...pyModule(project, 'pkg/__init__.py')!.imports], [['views', 'pkg.views'], ['make', 'pkg.core.build']]);
  assert.deepEqual([...pyModule(project, 'pkg/sub/mod.py')!.imports], [['build', 'pkg.core.build'], ['v', 'pkg.views'], ['x', '...outside.x']]);
});

test('names local objects after their module and imported ones after their origin', async () => {
  const project = await tempProject({ 'svc/main.py': 'from fastapi import FastAPI as F\napp = F()\nprint(app)\n' });
  const mod = pyModule(project, 'svc/main.py')!;
  const call = descendants(mod.tree.root, 'call')[0]!;
  const printed = descendants(mod.tree.root, 'call')[1]!.childForFieldName('arguments')!.namedChild(0);
  assert.deepEqual([referenceOf(call.childForFieldName('function'), mod), referenceOf(printed, mod)], ['fastapi.FastAPI', 'svc.main.app']);
});

test('reads star imports of split settings as absolute modules', async () => {
  const project = await tempProject({ 'config/settings/production.py': 'from .base import *\nfrom config.settings.common import *\nfrom os import path\n' });
  assert.deepEqual(starImportsOf(pyModule(project, 'config/settings/production.py')!), ['config.settings.base', 'config.settings.common']);
});

test('leaves tests, docs, examples, migrations and scripts out of the app sources', async () => {
  const project = await tempProject({
    'api/main.py': '', 'api/test_main.py': '', 'api/main_test.py': '', 'conftest.py': '', 'tests/x.py': '',
    'docs/conf.py': '', 'examples/demo.py': '', 'orders/migrations/0001_initial.py': '', 'scripts/seed.py': '', 'README.md': '',
  });
  assert.deepEqual(appSourceFiles(project), ['api/main.py']);
});
