import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pyModule } from '../../src/analyze/python-app.ts';
import { topLevelAssignments } from '../../src/analyze/python.ts';
import { staticString } from '../../src/analyze/static-strings.ts';
import { tempProject } from '../helpers/project.ts';

/** The static value of the module-level `probe = …` in `use.py`. */
async function valueOfProbe(files: Record<string, string>): Promise<ReturnType<typeof staticString>> {
  const project = await tempProject(files);
  const mod = pyModule(project, 'use.py')!;
  const probe = topLevelAssignments(mod.tree).find((a) => a.name === 'probe')!;
  return staticString(project, mod, probe.value);
}

test('reads a constant, a concatenation and an f-string of constants', async () => {
  assert.deepEqual(await valueOfProbe({ 'use.py': 'ROOT = "/api"\nVERSION = "v1"\nprobe = f"{ROOT}/{VERSION}" + "/"\n' }), {
    value: '/api/v1/',
    origin: { file: 'use.py', line: 1, what: 'the constant ROOT' },
  });
});

test('follows a settings instance imported through a package re-export to its class default', async () => {
  assert.deepEqual(
    await valueOfProbe({
      'core/__init__.py': 'from .config import settings\n',
      'core/config.py': 'from dataclasses import dataclass\n\n@dataclass\nclass Settings:\n    prefix: str = "/v2"\n\nsettings = Settings()\n',
      'use.py': 'from core import settings\nprobe = settings.prefix\n',
    }),
    { value: '/v2', origin: { file: 'core/config.py', line: 5, what: 'the default of Settings.prefix' } },
  );
});

test('reads a default inherited from a base class, a Field default and a cached settings getter', async () => {
  const base = 'from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\nclass Base(BaseSettings):\n    root: str = Field("/base")\n\nclass Settings(Base):\n    name: str = "x"\n\n';
  assert.equal((await valueOfProbe({ 'conf.py': base, 'use.py': 'from conf import Settings\nprobe = Settings().root\n' }))?.value, '/base');
  assert.equal(
    (await valueOfProbe({ 'conf.py': `${base}@lru_cache\ndef get_settings():\n    return Settings()\n`, 'use.py': 'from conf import get_settings\nprobe = get_settings().root\n' }))?.value,
    '/base',
  );
});

test('takes a keyword given to the constructor over the class default', async () => {
  assert.equal((await valueOfProbe({ 'use.py': 'class S:\n    root = "/a"\n\ns = S(root="/b")\nprobe = s.root\n' }))?.value, '/b');
});

test('gives null for values that depend on runtime state', async () => {
  for (const files of [
    { 'use.py': 'import os\nprobe = os.environ.get("ROOT", "/api")\n' },
    { 'use.py': 'ROOT = "/a"\nif flag:\n    ROOT = "/b"\nprobe = ROOT\n' },
    { 'use.py': 'class S:\n    root = "/a"\n\ns = S(load())\nprobe = s.root\n' },
    { 'use.py': 'class S:\n    root = "/a"\n    def setup(self):\n        self.root = "/b"\n\ns = S()\nprobe = s.root\n' },
    { 'use.py': 'from elsewhere import settings\nprobe = settings.ROOT\n' },
    { 'use.py': 'ROOT = "/a"\nprobe = f"{ROOT!r}"\n' },
  ]) {
    assert.equal(await valueOfProbe(files), null, JSON.stringify(files));
  }
});
