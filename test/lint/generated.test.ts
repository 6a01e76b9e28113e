import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { check } from '../../src/lint/index.ts';
import { REPO_ROOT } from '../helpers/project.ts';

const GOLDEN = path.join(REPO_ROOT, 'test/golden');
const hasKubectl = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

// What `generate` writes for every example and fixture project (test/golden/) must pass `check`:
// the Kustomize overlays are rendered, so every environment is checked as it would be applied.
for (const project of fs.existsSync(GOLDEN) ? fs.readdirSync(GOLDEN).sort() : []) {
  const deploy = path.join(GOLDEN, project, 'deploy');
  // Projects with nothing to deploy (a library, a plain script) get an empty base.
  if (!fs.existsSync(deploy) || !fs.readdirSync(path.join(deploy, 'base')).some((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml')) continue;
  test(`generate's output for ${project} has zero findings`, { skip: !hasKubectl && 'kubectl is not installed to render the overlays' }, async () => {
    const result = await check(['deploy'], { cwd: path.join(GOLDEN, project), severity: 'info' });
    assert.deepEqual(result.findings.map((f) => `${f.file}:${f.line} ${f.rule}: ${f.message}`), []);
  });
}
