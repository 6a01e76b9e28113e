import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cfgListEntries, parseSetupCfg } from '../../../src/analyze/packaging/setup-cfg.ts';

test('reads multi-line options with the line of every entry, skipping comment lines', () => {
  const cfg = parseSetupCfg('[metadata]\nname = shop\n\n[options]\ninstall_requires =\n    flask>=3\n    # gunicorn\n    redis\npython-requires: >=3.10\n');
  assert.deepEqual(cfg.get('metadata')?.get('name'), { line: 2, lines: [{ text: 'shop', line: 2 }] });
  assert.deepEqual(cfgListEntries(cfg.get('options')!.get('install_requires')!), [
    { text: 'flask>=3', line: 6 },
    { text: 'redis', line: 8 },
  ]);
  assert.deepEqual(cfg.get('options')?.get('python_requires'), { line: 9, lines: [{ text: '>=3.10', line: 9 }] });
});

test('splits a one-line requirements value on semicolons like setuptools does', () => {
  const cfg = parseSetupCfg('[options]\ninstall_requires = flask; gunicorn\n');
  assert.deepEqual(cfgListEntries(cfg.get('options')!.get('install_requires')!), [
    { text: 'flask', line: 2 },
    { text: 'gunicorn', line: 2 },
  ]);
});
