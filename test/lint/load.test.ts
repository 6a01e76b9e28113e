import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readFast } from '../../src/lint/load/fast-yaml.ts';
import { positionOf } from '../../src/lint/load/manifest.ts';
import { loadInputs } from '../../src/lint/load/sources.ts';
import { createSource, parseYaml } from '../../src/lint/load/yaml.ts';
import { isUserError } from '../../src/errors.ts';
import { REPO_ROOT, testdir } from '../helpers/project.ts';

const MANIFESTS = path.join(REPO_ROOT, 'fixtures/manifests');

test('a field path maps to the line and column of its key, or of the nearest ancestor when missing', () => {
  const { manifests } = parseYaml(createSource('a.yaml', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\nspec:\n  containers:\n    - name: web\n      image: a:1\n', 'file'));
  const pod = manifests[0]!;
  assert.deepEqual(positionOf(pod, ['spec', 'containers', 0, 'image']).line, 8);
  assert.equal(positionOf(pod, ['spec', 'containers', 0, 'image']).column, 7);
  assert.equal(positionOf(pod, ['spec', 'containers', 0, 'resources', 'limits']).line, 7);
  assert.equal(positionOf(pod, ['spec', 'containers', 0, 'resources', 'limits']).column, 7);
});

test('List items become objects that point into the list', () => {
  const loaded = loadInputs([path.join(MANIFESTS, 'list-kind/list.yaml')], { cwd: REPO_ROOT });
  assert.deepEqual(loaded.manifests.map((m) => `${m.kind}/${m.name}`), ['ConfigMap/settings', 'Deployment/api']);
  const deployment = loaded.manifests[1]!;
  assert.deepEqual(deployment.root, ['items', 1]);
  assert.equal(positionOf(deployment, ['spec', 'template', 'spec', 'containers', 0, 'image']).line, 18);
});

test('a malformed document is a problem at its position and the other documents are still read', () => {
  const parsed = parseYaml(createSource('a.yaml', 'apiVersion: v1\nkind: A\nmetadata: {name: a}\n---\nkind: [\n---\napiVersion: v1\nkind: B\nmetadata: {name: b}\n', 'file'));
  assert.deepEqual(parsed.manifests.map((m) => m.kind), ['A', 'B']);
  assert.equal(parsed.problems.length, 1);
  assert.equal(parsed.problems[0]!.messageId, 'syntax');
  assert.equal(parsed.problems[0]!.data['document'], 2);
});

test('documents that are not Kubernetes objects are skipped with a note; CRDs pass through', () => {
  const parsed = parseYaml(createSource('v.yaml', 'replicaCount: 2\n---\napiVersion: keda.sh/v1alpha1\nkind: ScaledObject\nmetadata: {name: w}\n', 'file'));
  assert.deepEqual(parsed.manifests.map((m) => m.kind), ['ScaledObject']);
  assert.match(parsed.notes[0]!, /v\.yaml: skipped document 1: not a Kubernetes object/);
});

test('standard input honours Helm "# Source:" comments: file is the template, lines count from the comment', () => {
  const text = fs.readFileSync(path.join(MANIFESTS, 'helm-rendered/stdin.yaml'), 'utf8');
  const loaded = loadInputs(['-'], { stdin: text, cwd: REPO_ROOT });
  assert.deepEqual(loaded.manifests.map((m) => m.file), ['shop/templates/serviceaccount.yaml', 'shop/templates/service.yaml', 'shop/templates/deployment.yaml']);
  const deployment = loaded.manifests[2]!;
  assert.equal(positionOf(deployment, ['kind']).line, 2);
  assert.equal(positionOf(deployment, ['spec', 'template', 'spec', 'containers', 0]).line, 17);
});

test('deeply nested and alias-bomb documents become problems, not crashes', () => {
  const deep = (n: number): string => `apiVersion: v1\nkind: ConfigMap\ndata: ${'['.repeat(n)}${']'.repeat(n)}\n---\n`;
  const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...'bcdefgh'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(',')}]`)].join('\n');
  const started = Date.now();
  const parsed = parseYaml(createSource('x.yaml', `${deep(300)}${deep(50_000)}${bomb}\n`, 'file'));
  assert.deepEqual(parsed.problems.map((p) => p.messageId), ['tooDeep', 'tooDeep', 'aliases']);
  assert.ok(Date.now() - started < 5000);
});

test('a folder is walked recursively for YAML and Dockerfiles by name', () => {
  const dir = testdir({
    'k8s/app.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n',
    'k8s/more/svc.yml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\n',
    'Dockerfile': 'FROM python:3.12\n',
    'docker/worker.Dockerfile': 'FROM python:3.12\n',
    'docker/Dockerfile.prod': 'FROM python:3.12\n',
    'node_modules/x/a.yaml': 'apiVersion: v1\nkind: Secret\nmetadata: {name: no}\n',
    'README.md': '# not yaml\n',
  });
  const loaded = loadInputs(['.'], { cwd: dir });
  assert.deepEqual(loaded.manifests.map((m) => m.file).sort(), ['k8s/app.yaml', 'k8s/more/svc.yml']);
  assert.deepEqual(loaded.dockerfiles.map((d) => d.source.path).sort(), ['Dockerfile', 'docker/Dockerfile.prod', 'docker/worker.Dockerfile']);
});

test('a Kustomize folder is rendered, and a base that an overlay includes is not rendered twice', () => {
  const rendered: string[] = [];
  const loaded = loadInputs([path.join(MANIFESTS, 'kustomize-app')], {
    cwd: REPO_ROOT,
    renderKustomize: (dir) => {
      rendered.push(path.relative(MANIFESTS, dir));
      return 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\n  namespace: prod\n';
    },
  });
  assert.deepEqual(rendered, ['kustomize-app/overlays/prod']);
  assert.equal(loaded.manifests[0]!.source.origin, 'kustomize');
  assert.equal(loaded.manifests[0]!.file, 'fixtures/manifests/kustomize-app/overlays/prod/kustomization.yaml');
  const image = loaded.manifests[0]!.sourceMap?.locate(['spec', 'template', 'spec', 'containers', 0, 'image']);
  assert.equal(`${image?.source.path}:${image?.position.line}`, 'fixtures/manifests/kustomize-app/base/deployment.yaml:20');
});

test('both read paths agree on how deep a path resolves', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: x\n  labels:\nspec:\n  containers:\n    - name: web\n      args: [a, b]\n';
  const fast = parseYaml(createSource('a.yaml', text, 'file')).manifests[0]!;
  // An anchor sends the document down the `yaml` path.
  const anchored = text.replace('name: x', 'name: &n x');
  assert.equal(readFast(anchored, 100), null);
  const slow = parseYaml(createSource('b.yaml', anchored, 'file')).manifests[0]!;
  const paths = [[], ['spec', 'containers', 0, 'args', 1], ['spec', 'containers', 0, 'args', 2], ['spec', 'containers', 1], ['spec', 'containers', 'web'], ['metadata', 'labels', 'app'], ['metadata', 'name', 'x'], ['status']];
  for (const p of paths) assert.equal(fast.locator.depth(p), slow.locator.depth(p), JSON.stringify(p));
  assert.deepEqual(paths.map((p) => fast.locator.depth(p)), [0, 5, 4, 2, 2, 2, 2, 0]);
});

test('a folder of Kustomize layouts renders every overlay and the migrate overlays nested in them, and reads no resource file on its own', () => {
  const k = (resources: string[]): string => `resources:\n${resources.map((r) => `  - ${r}\n`).join('')}`;
  const dir = testdir({
    'deploy/base/kustomization.yaml': k(['deployment.yaml']),
    'deploy/base/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\n',
    'deploy/base/migrate/kustomization.yaml': k(['job.yaml']),
    'deploy/base/migrate/job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata: {name: migrate}\n',
    'deploy/overlays/dev/kustomization.yaml': k(['../../base']),
    'deploy/overlays/dev/patches/replicas.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec: {replicas: 1}\n',
    'deploy/overlays/dev/migrate/kustomization.yaml': k(['../../../base/migrate']),
    'deploy/overlays/prod/kustomization.yaml': k(['../../base']),
  });
  const rendered: string[] = [];
  const loaded = loadInputs(['deploy'], {
    cwd: dir,
    renderKustomize: (folder) => {
      rendered.push(path.relative(dir, folder));
      return 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n';
    },
  });
  assert.deepEqual(rendered.sort(), ['deploy/overlays/dev', 'deploy/overlays/dev/migrate', 'deploy/overlays/prod']);
  assert.ok(loaded.manifests.every((m) => m.source.origin === 'kustomize'), 'a resource file of a kustomization was read on its own');
});

test('a Helm chart folder is refused with the command that renders it', () => {
  const dir = testdir({ 'chart/Chart.yaml': 'name: x\n', 'chart/templates/d.yaml': 'kind: {{ .Values.kind }}\n' });
  assert.throws(() => loadInputs(['chart'], { cwd: dir }), (e: unknown) => isUserError(e) && /helm template chart/.test(e.hint ?? ''));
});

test('an input over the size cap is a clear error, read no further', () => {
  const dir = testdir({ 'big.yaml': 'a: 1\n' });
  fs.truncateSync(path.join(dir, 'big.yaml'), 100 * 1024 * 1024);
  const started = Date.now();
  assert.throws(() => loadInputs(['big.yaml'], { cwd: dir }), (e: unknown) => isUserError(e) && /"big\.yaml" is 100\.0 MB; py2kube check reads at most 32\.0 MB/.test(e.message));
  assert.ok(Date.now() - started < 2000);
});

test('a path that does not exist is a UserError', () => {
  assert.throws(() => loadInputs(['nope.yaml'], { cwd: testdir({}) }), (e: unknown) => isUserError(e) && /"nope\.yaml" does not exist/.test(e.message));
});
