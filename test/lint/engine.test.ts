import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isUserError } from '../../src/errors.ts';
import { lintText } from '../../src/lint/index.ts';
import { createSource, parseYaml } from '../../src/lint/load/yaml.ts';
import { effectiveSecurityContext, toWorkload } from '../../src/lint/workload.ts';

const POD = (annotations: string, containers = '    - name: web\n      image: api:1\n    - name: metrics\n      image: exporter:1\n'): string =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n${annotations}spec:\n  containers:\n${containers}`;

const rulesOf = (text: string, options: Parameters<typeof lintText>[1] = {}) => lintText(text, options).findings.map((f) => `${f.rule}@${f.container ?? '-'}`);

test('containers get roles: container, init, sidecar (init with restartPolicy Always), ephemeral', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  initContainers:\n    - {name: migrate, image: a}\n    - {name: proxy, image: b, restartPolicy: Always}\n  containers:\n    - {name: web, image: c}\n  ephemeralContainers:\n    - {name: debug, image: d}\n';
  const workload = toWorkload(parseYaml(createSource('p.yaml', text, 'file')).manifests[0]!)!;
  assert.deepEqual(workload.containers.map((c) => `${c.name}:${c.role}`), ['web:container', 'migrate:init', 'proxy:sidecar', 'debug:ephemeral']);
});

test('containers inherit the pod securityContext and their own fields win', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      securityContext: {runAsUser: 1000, runAsNonRoot: true, fsGroup: 2000}\n      containers:\n        - name: web\n          image: a\n          securityContext: {runAsUser: 2000}\n';
  const ref = toWorkload(parseYaml(createSource('d.yaml', text, 'file')).manifests[0]!)!.containers[0]!;
  const security = effectiveSecurityContext(ref);
  assert.deepEqual(security.values, { runAsUser: 2000, runAsNonRoot: true });
  assert.deepEqual(security.pathOf('runAsNonRoot'), ['spec', 'template', 'spec', 'securityContext', 'runAsNonRoot']);
  assert.deepEqual(security.pathOf('runAsUser'), ['spec', 'template', 'spec', 'containers', 0, 'securityContext', 'runAsUser']);
});

test('an annotation suppresses a rule for one container only, and the suppressed finding keeps its reason', () => {
  const result = lintText(POD('  annotations:\n    py2kube.io/ignore: "require-memory-limit@metrics -- the exporter is capped by its own flag"\n'));
  const memory = result.findings.filter((f) => f.rule === 'require-memory-limit').map((f) => f.container);
  assert.deepEqual(memory, ['web']);
  assert.deepEqual(result.suppressed.filter((f) => f.rule === 'require-memory-limit').map((f) => [f.container, f.suppression]), [['metrics', { kind: 'annotation', reason: 'the exporter is capped by its own flag' }]]);
});

test('a pod-template annotation suppresses findings of a Deployment', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    metadata:\n      annotations:\n        py2kube.io/ignore: "require-memory-limit, require-resource-requests -- sized by the VPA"\n    spec:\n      containers:\n        - {name: web, image: a}\n';
  const rules = rulesOf(text);
  assert.ok(!rules.some((r) => r.startsWith('require-memory-limit') || r.startsWith('require-resource-requests')), rules.join(', '));
});

test('a suppression without a reason suppresses nothing and is itself a finding', () => {
  const rules = rulesOf(POD('  annotations:\n    py2kube.io/ignore: "require-memory-limit"\n'));
  assert.ok(rules.includes('require-memory-limit@web'));
  assert.ok(rules.includes('require-valid-suppression@-'));
});

test('a comment suppresses findings inside the field on the next line', () => {
  const rules = rulesOf(POD('', '    # py2kube-ignore require-memory-limit -- batch sidecar\n    - name: metrics\n      image: exporter:1\n    - name: web\n      image: api:1\n'));
  assert.ok(rules.includes('require-memory-limit@web'));
  assert.ok(!rules.includes('require-memory-limit@metrics'));
});

test('config ignores match kind, name and container with globs', () => {
  const rules = rulesOf(POD(''), { ignores: [{ rules: ['require-memory-limit'], kind: 'Pod', name: 'a*', container: 'metrics', reason: 'third-party chart' }] });
  assert.ok(rules.includes('require-memory-limit@web'));
  assert.ok(!rules.includes('require-memory-limit@metrics'));
});

test('--strict refuses suppressions of non-suppressible rules and says so', () => {
  const text = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: beat\n  annotations:\n    py2kube.io/ignore: "no-celery-beat-replicas -- RedBeat lock"\nspec:\n  replicas: 2\n  strategy: {type: Recreate}\n  template:\n    spec:\n      containers:\n        - {name: beat, image: a, args: [celery, beat]}\n';
  assert.ok(!rulesOf(text).includes('no-celery-beat-replicas@-'));
  const strict = lintText(text, { strict: true }).findings;
  assert.ok(strict.some((f) => f.rule === 'no-celery-beat-replicas'));
  assert.ok(strict.some((f) => f.rule === 'require-valid-suppression' && f.messageId === 'notSuppressible'));
});

test('severity overrides and "off" come from settings; options are validated', () => {
  const result = lintText(POD(''), { settings: { 'require-memory-limit': 'warning', 'require-resource-requests': 'off' } });
  assert.ok(result.findings.filter((f) => f.rule === 'require-memory-limit').every((f) => f.severity === 'warning'));
  assert.ok(!result.findings.some((f) => f.rule === 'require-resource-requests'));
  assert.throws(() => lintText(POD(''), { settings: { 'require-prestop-sleep': { options: { seconds: 0 } } } }), (e: unknown) => isUserError(e) && /require-prestop-sleep\.seconds/.test(e.message));
  assert.throws(() => lintText(POD(''), { settings: { 'require-memory-limits': 'off' } }), (e: unknown) => isUserError(e) && /Did you mean "require-memory-limit"/.test(e.hint ?? ''));
});
