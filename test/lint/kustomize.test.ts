import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generate } from '../../src/generate/index.ts';
import { check } from '../../src/lint/index.ts';
import { loadInputs } from '../../src/lint/load/sources.ts';
import { REPO_ROOT } from '../helpers/project.ts';

// Real layouts rendered by the real kubectl kustomize (or kustomize build): findings must land
// on the lines a person edits, not on lines of the rendered output.

const TOOL_MISSING = ['kubectl', 'kustomize'].every((command) => spawnSync(command, ['version', '--client'], { encoding: 'utf8' }).error !== undefined)
  ? 'neither kubectl nor kustomize is installed to render the layouts'
  : null;
const OVERLAYS = 'fixtures/manifests/kustomize-overlays';

/** 1-based line of the first line of `file` containing `needle`. */
function lineOf(file: string, needle: string): number {
  const index = fs.readFileSync(file, 'utf8').split('\n').findIndex((line) => line.includes(needle));
  assert.ok(index >= 0, `"${needle}" is in ${file}`);
  return index + 1;
}

test('findings in a prefixed overlay land on the base, on the patch that sets the field, and on JSON 6902 operations', async (t) => {
  if (TOOL_MISSING !== null) return t.skip(TOOL_MISSING);
  const result = await check([OVERLAYS], { cwd: REPO_ROOT, severity: 'info' });
  const shown = (rule: string): string[] => result.findings.filter((f) => f.rule === rule).map((f) => `${f.file}:${f.line}:${f.column} ${f.object?.kind}/${f.object?.namespace}/${f.object?.name} ${f.container ?? ''}`.trim());
  const base = path.join(REPO_ROOT, OVERLAYS, 'base/deployment.yaml');
  // The web container has requests but no limits, in the base and in the prod patch: the base's resources.
  assert.deepEqual(shown('require-memory-limit'), [`${OVERLAYS}/base/deployment.yaml:${lineOf(base, 'resources:')}:11 Deployment/prod/prod-web web`]);
  assert.deepEqual(shown('no-latest-image-tag'), [`${OVERLAYS}/overlays/prod/patch-web.yaml:${lineOf(path.join(REPO_ROOT, OVERLAYS, 'overlays/prod/patch-web.yaml'), 'log-shipper:latest')}:11 Deployment/prod/prod-web log-shipper`]);
  assert.deepEqual(shown('no-single-replica'), [`${OVERLAYS}/overlays/prod/replicas.yaml:${lineOf(path.join(REPO_ROOT, OVERLAYS, 'overlays/prod/replicas.yaml'), 'value: 1')}:3 Deployment/prod/prod-web`]);
  assert.deepEqual(
    result.suppressed.map((f) => `${f.file}:${f.line} ${f.rule} ${f.suppression.kind}`),
    [`${OVERLAYS}/base/deployment.yaml:${lineOf(base, 'allowPrivilegeEscalation: true')} no-privilege-escalation comment`],
  );
  assert.ok(result.findings.every((f) => f.origin === 'kustomize' && !f.fixable));
});

test('a generated ConfigMap, with its hash suffix, keeps the rendered output and its kustomization', (t) => {
  if (TOOL_MISSING !== null) return t.skip(TOOL_MISSING);
  const loaded = loadInputs([OVERLAYS], { cwd: REPO_ROOT });
  const mapped = loaded.manifests.map((m) => `${m.kind}/${m.name} ${m.sourceMap === undefined ? m.file : 'mapped'}`).sort();
  assert.equal(mapped.length, 3);
  assert.match(mapped[0]!, new RegExp(`^ConfigMap/prod-web-settings-\\w+ ${OVERLAYS}/overlays/prod/kustomization\\.yaml$`));
  assert.deepEqual(mapped.slice(1), ['Deployment/prod-web mapped', 'Service/prod-web mapped']);
});

test("check on generate's layout points a problem added to the base at the base file's line", async (t) => {
  if (TOOL_MISSING !== null) return t.skip(TOOL_MISSING);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-kustomize-'));
  fs.cpSync(path.join(REPO_ROOT, 'examples/shop-fastapi'), dir, { recursive: true });
  await generate(dir);
  const worker = path.join(dir, 'deploy/base/deployment-shop-worker.yaml');
  const text = fs.readFileSync(worker, 'utf8');
  // The worker's limits hold only its memory: take both lines out, and let it escalate privileges.
  const broken = text.replace(/\n {12}limits:\n {14}memory: \S+/, '').replace('allowPrivilegeEscalation: false', 'allowPrivilegeEscalation: true');
  assert.notEqual(broken, text);
  fs.writeFileSync(worker, broken);

  const result = await check(['deploy'], { cwd: dir, severity: 'info' });
  const file = 'deploy/base/deployment-shop-worker.yaml';
  // Every overlay (dev, staging, prod) renders the worker unchanged: one finding each, not three.
  assert.deepEqual(
    result.findings.filter((f) => f.rule === 'require-memory-limit' || f.rule === 'no-privilege-escalation').map((f) => `${f.file}:${f.line}:${f.column} ${f.rule}`),
    [`${file}:${lineOf(worker, 'resources:')}:11 require-memory-limit`, `${file}:${lineOf(worker, 'allowPrivilegeEscalation')}:13 no-privilege-escalation`],
  );
  assert.ok(!result.findings.some((f) => f.file.endsWith('kustomization.yaml')), 'no finding is left on rendered lines');
});
