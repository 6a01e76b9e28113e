import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { parse, parseAllDocuments } from 'yaml';
import { generate } from '../../src/generate/index.ts';
import { REPO_ROOT } from '../helpers/project.ts';

const SHOP = path.join(REPO_ROOT, 'examples/shop-fastapi');

/** A fresh copy of the shop example to generate into. */
function shop(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-generate-'));
  fs.cpSync(SHOP, dir, { recursive: true });
  return dir;
}

/** Every file under `dir` with its bytes, for comparing trees. */
function tree(dir: string): Record<string, string> {
  return Object.fromEntries((fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name))
    .sort()
    .map((f) => [path.relative(dir, f), fs.readFileSync(f, 'utf8')]));
}

test('two runs on two copies write byte-identical trees', async () => {
  const [a, b] = [shop(), shop()];
  await generate(a);
  await generate(b);
  assert.deepEqual(tree(a), tree(b));
  const second = await generate(a);
  assert.equal(second.written, false, 'a second run over its own output changes nothing');
  assert.ok(second.plan.changes.every((c) => c.action === 'unchanged'));
});

test('--check exits clean right after generate and reports a generated file changed on disk', async () => {
  const dir = shop();
  assert.ok((await generate(dir, { check: true })).drift.length > 0, 'before the first generate everything is missing');
  assert.equal(fs.existsSync(path.join(dir, 'deploy')), false, '--check writes nothing');
  await generate(dir);
  assert.deepEqual((await generate(dir, { check: true })).drift, []);
  const service = path.join(dir, 'deploy/base/service-shop.yaml');
  fs.appendFileSync(service, '# tweak\n');
  const before = tree(dir);
  assert.deepEqual((await generate(dir, { check: true })).drift, [{ path: 'deploy/base/service-shop.yaml', action: 'edited', forced: 'update' }]);
  assert.deepEqual(tree(dir), before, '--check still writes nothing');
});

test('a user\'s patch listed in the prod overlay survives regeneration, and kubectl sees both patches', async () => {
  const dir = shop();
  await generate(dir);
  const overlay = path.join(dir, 'deploy/overlays/prod');
  fs.writeFileSync(path.join(overlay, 'my-patch.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  template:\n    metadata:\n      annotations:\n        team: shop\n');
  const kustomization = path.join(overlay, 'kustomization.yaml');
  fs.writeFileSync(kustomization, fs.readFileSync(kustomization, 'utf8').replace('  - path: patch-deployment-shop.yaml\n', '  - path: patch-deployment-shop.yaml\n  # the team annotation\n  - path: my-patch.yaml\n'));
  await generate(dir);
  const text = fs.readFileSync(kustomization, 'utf8');
  assert.deepEqual(parse(text).patches, [{ path: 'patch-deployment-shop.yaml' }, { path: 'my-patch.yaml' }]);
  assert.match(text, /# the team annotation/);
  assert.equal(fs.readFileSync(path.join(overlay, 'my-patch.yaml'), 'utf8').startsWith('apiVersion'), true, 'the user\'s patch is untouched');
  assert.deepEqual((await generate(dir, { check: true })).drift, []);
  const rendered = spawnSync('kubectl', ['kustomize', overlay], { encoding: 'utf8' });
  if (rendered.status === null || rendered.error !== undefined) return; // kubectl absent: the merge itself is checked above
  assert.equal(rendered.status, 0, rendered.stderr);
  const web = parseAllDocuments(rendered.stdout).map((d) => d.toJS()).find((o) => o.kind === 'Deployment' && o.metadata.name === 'shop');
  assert.equal(web.spec.template.metadata.annotations.team, 'shop', 'the user\'s patch applies');
  assert.ok(web.spec.template.spec.containers[0].env.some((e: { name: string }) => e.name === 'WEB_CONCURRENCY'), 'py2kube\'s patch applies');
});

test('a generated file edited by hand stops generate with exit-2 advice and nothing written, until --force', async () => {
  const dir = shop();
  await generate(dir);
  const service = path.join(dir, 'deploy/base/service-shop.yaml');
  fs.appendFileSync(service, '# tweak\n');
  fs.rmSync(path.join(dir, 'Dockerfile'));
  await assert.rejects(generate(dir), (error: { code?: string; message: string; hint?: string }) =>
    error.code === 'E_OUTPUT' && error.message.includes('deploy/base/service-shop.yaml') && /--force/.test(error.hint ?? ''));
  assert.equal(fs.existsSync(path.join(dir, 'Dockerfile')), false, 'nothing was written, not even the missing Dockerfile');
  await generate(dir, { force: true });
  assert.doesNotMatch(fs.readFileSync(service, 'utf8'), /# tweak/);
});

test('a file without the py2kube header where py2kube would write is kept, never overwritten', async () => {
  const dir = shop();
  fs.writeFileSync(path.join(dir, 'Dockerfile'), 'FROM python:3.11\n');
  const result = await generate(dir, { force: true });
  assert.equal(fs.readFileSync(path.join(dir, 'Dockerfile'), 'utf8'), 'FROM python:3.11\n');
  assert.deepEqual(result.plan.changes.find((c) => c.path === 'Dockerfile'), { path: 'Dockerfile', action: 'kept' });
});

test('--env writes only that overlay; an environment dropped from config has its generated files deleted, the user\'s kept', async () => {
  const dir = shop();
  await generate(dir, { env: 'staging' });
  assert.deepEqual(fs.readdirSync(path.join(dir, 'deploy/overlays')), ['staging']);
  await generate(dir);
  fs.writeFileSync(path.join(dir, 'deploy/overlays/dev/notes.txt'), 'mine\n');
  fs.appendFileSync(path.join(dir, 'pyproject.toml'), '\n[tool.py2kube.env.staging]\nreplicas = 2\n\n[tool.py2kube.env.prod]\nreplicas = 3\n');
  const result = await generate(dir);
  assert.ok(result.plan.changes.some((c) => c.path === 'deploy/overlays/dev/kustomization.yaml' && c.action === 'delete'));
  assert.deepEqual(fs.readdirSync(path.join(dir, 'deploy/overlays/dev')), ['notes.txt']);
});

test('an unknown --env is a UserError listing the environments', async () => {
  await assert.rejects(generate(SHOP, { env: 'qa', check: true }), /--env "qa" is not one of the environments: dev, staging, prod/);
});

test('--out outside the app is refused', async () => {
  await assert.rejects(generate(SHOP, { outDir: '../elsewhere', check: true }), (error: { code?: string }) => error.code === 'E_OUTPUT');
});

test('--out names the Kustomize folder inside the app', async () => {
  const dir = shop();
  await generate(dir, { outDir: 'k8s' });
  assert.ok(fs.existsSync(path.join(dir, 'k8s/overlays/prod/kustomization.yaml')));
  assert.match(fs.readFileSync(path.join(dir, '.github/workflows/py2kube.yml'), 'utf8'), /generate \. --out k8s --check/);
});
