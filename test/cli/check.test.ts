import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { py2kube } from '../helpers/exec.ts';
import { REPO_ROOT, testdir } from '../helpers/project.ts';

const MANIFESTS = path.join(REPO_ROOT, 'fixtures/manifests');

/** Runs the CLI from source in any folder (tsx resolved from the repo), optionally with standard input. */
function run(args: string[], options: { cwd?: string; input?: string } = {}): { stdout: string; stderr: string; exitCode: number } {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(REPO_ROOT, 'src/cli/main.ts'), ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input ?? '',
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status ?? -1 };
}

test('check exits 0 on clean manifests and Dockerfiles', () => {
  const { stdout, exitCode } = py2kube(['check', 'fixtures/manifests/clean-api']);
  assert.equal(exitCode, 0, stdout);
  assert.match(stdout, /✔ no problems in 2 objects and 1 Dockerfile in 2 files/);
});

test('check finds exactly the expected problems in a broken setup, at the offending fields', () => {
  const { stdout, exitCode } = py2kube(['check', 'fixtures/manifests/broken-api', '-f', 'json']);
  assert.equal(exitCode, 1);
  const json = JSON.parse(stdout) as { findings: Array<{ rule: string; file: string; line: number; path: string }>; suppressed: Array<{ rule: string }> };
  assert.deepEqual(json.findings.map((f) => `${f.file}:${f.line} ${f.rule} ${f.path}`), [
    'fixtures/manifests/broken-api/api.yaml:15 no-service-account-token-automount spec.template.spec.automountServiceAccountToken',
    'fixtures/manifests/broken-api/api.yaml:15 require-topology-spread spec.template.spec.topologySpreadConstraints',
    'fixtures/manifests/broken-api/api.yaml:17 require-prestop-sleep spec.template.spec.containers[0].lifecycle.preStop',
    'fixtures/manifests/broken-api/api.yaml:17 require-readiness-probe spec.template.spec.containers[0].readinessProbe',
    'fixtures/manifests/broken-api/api.yaml:19 no-gunicorn-localhost-bind spec.template.spec.containers[0].command[0]',
    'fixtures/manifests/broken-api/api.yaml:19 require-graceful-timeout spec.template.spec.containers[0].command[0]',
    'fixtures/manifests/broken-api/api.yaml:19 no-workers-above-cpu spec.template.spec.containers[0].command[3]',
    'fixtures/manifests/broken-api/api.yaml:27 require-memory-for-workers spec.template.spec.containers[0].resources.limits.memory',
    'fixtures/manifests/broken-api/api.yaml:28 no-privilege-escalation spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
    'fixtures/manifests/broken-api/api.yaml:28 require-drop-all-capabilities spec.template.spec.containers[0].securityContext.capabilities.drop',
    'fixtures/manifests/broken-api/api.yaml:28 require-read-only-root-filesystem spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
    'fixtures/manifests/broken-api/api.yaml:28 require-seccomp-profile spec.template.spec.containers[0].securityContext.seccompProfile',
    'fixtures/manifests/broken-api/beat.yaml:7 no-celery-beat-replicas spec.strategy.type',
    'fixtures/manifests/broken-api/beat.yaml:8 no-celery-beat-replicas spec.replicas',
    'fixtures/manifests/broken-api/beat.yaml:16 no-service-account-token-automount spec.template.spec.automountServiceAccountToken',
    'fixtures/manifests/broken-api/beat.yaml:25 require-drop-all-capabilities spec.template.spec.containers[0].securityContext.capabilities.drop',
    'fixtures/manifests/broken-api/beat.yaml:25 require-read-only-root-filesystem spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
    'fixtures/manifests/broken-api/beat.yaml:25 require-seccomp-profile spec.template.spec.containers[0].securityContext.seccompProfile',
    'fixtures/manifests/broken-api/Dockerfile:1 require-dockerignore instructions[0]',
    'fixtures/manifests/broken-api/Dockerfile:1 require-numeric-user instructions[0]',
    'fixtures/manifests/broken-api/Dockerfile:1 require-python-env instructions[0]',
    'fixtures/manifests/broken-api/Dockerfile:1 require-python-env instructions[0]',
    'fixtures/manifests/broken-api/Dockerfile:4 require-exec-form-cmd instructions[3]',

  ]);
  assert.deepEqual(json.suppressed.map((s) => s.rule), ['require-memory-limit']);
});

test('the JSON output has every key of the documented contract', () => {
  const { stdout } = py2kube(['check', 'fixtures/manifests/broken-api', '-f', 'json']);
  const json = JSON.parse(stdout) as Record<string, unknown> & { findings: Array<Record<string, unknown>> };
  assert.deepEqual(Object.keys(json), ['version', 'tool', 'kubeVersion', 'threshold', 'failed', 'summary', 'findings', 'suppressed', 'notes']);
  // A container-level finding carries every key; a pod-level one (here the first, no-service-account-token-automount) omits the optional `container`.
  const containerFinding = json.findings.find((f) => f['rule'] === 'no-gunicorn-localhost-bind')!;
  assert.deepEqual(Object.keys(containerFinding), ['rule', 'messageId', 'severity', 'message', 'object', 'container', 'file', 'line', 'column', 'endLine', 'endColumn', 'path', 'fixable', 'origin']);
  assert.equal(json.findings[0]!['rule'], 'no-service-account-token-automount');
  assert.deepEqual(Object.keys(json.findings[0]!), ['rule', 'messageId', 'severity', 'message', 'object', 'file', 'line', 'column', 'endLine', 'endColumn', 'path', 'fixable', 'origin']);
  const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs/check-json.md'), 'utf8');
  for (const key of [...Object.keys(json), ...Object.keys(containerFinding), ...Object.keys(json['summary'] as object)]) assert.ok(docs.includes(`\`${key}\``), `docs/check-json.md does not document "${key}"`);
});

test('--severity sets the exit threshold', () => {
  const dir = testdir({ 'svc.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: api\n  labels: {app: api}\nspec:\n  automountServiceAccountToken: false\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: web\n      image: api:1\n      readinessProbe: {tcpSocket: {port: 8000}}\n      resources: {requests: {cpu: 100m, memory: 64Mi}, limits: {memory: 64Mi}}\n      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: api}\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 8000}]\n' });
  assert.equal(py2kube(['check', dir]).exitCode, 0, 'a warning alone passes the default threshold');
  assert.equal(py2kube(['check', dir, '--severity', 'warning']).exitCode, 1);
  assert.equal(py2kube(['check', dir, '--severity', 'loud']).exitCode, 2);
});

test('standard input from helm template points findings at the templates', () => {
  const { stdout, exitCode } = run(['check', '-'], { input: fs.readFileSync(path.join(MANIFESTS, 'helm-rendered/stdin.yaml'), 'utf8') });
  assert.equal(exitCode, 1);
  assert.deepEqual([...stdout.matchAll(/^ {2}(\d+:\d+) +(error|warning|info) +.* {2}([a-z-]+)$/gm)].map((m) => `${m[1]} ${m[2]} ${m[3]}`), [
    '5:1 warning no-single-replica',
    '13:5 warning no-service-account-token-automount',
    '17:11 error no-privilege-escalation',
    '17:11 error require-drop-all-capabilities',
    '17:11 warning require-read-only-root-filesystem',
    '17:11 error require-seccomp-profile',
  ]);
  assert.match(stdout, /^shop\/templates\/deployment\.yaml\n {2}5:1 +warning +Deployment "shop" runs 1 replica behind Service "shop"/m);
  assert.match(stdout, /^ {2}17:11 +error +Container "shop" does not set securityContext\.allowPrivilegeEscalation/m);
  assert.match(stdout, /^✖ 6 problems \(3 errors, 3 warnings, 0 info\) in 3 objects in 1 file/m);
});

test('--fix rewrites only what the fixes touch, then reports what is left; a second run fixes nothing', () => {
  const dir = testdir({ 'beat.yaml': fs.readFileSync(path.join(MANIFESTS, 'broken-api/beat.yaml'), 'utf8') });
  const first = run(['check', '.', '--fix'], { cwd: dir });
  // replicas and strategy (beat), seccomp, drop ALL and token automount; the read-only root is reported without a fix because beat writes its schedule outside /tmp.
  assert.match(first.stdout, /^fixed 5 problems in beat\.yaml$/m);
  assert.match(first.stdout, /require-read-only-root-filesystem/);
  assert.equal(first.exitCode, 0, first.stdout);
  const after = fs.readFileSync(path.join(dir, 'beat.yaml'), 'utf8');
  assert.match(after, /^ {2}replicas: 1$/m);
  assert.match(after, /^ {2}strategy:\n {4}type: Recreate\n/m);
  const second = run(['check', '.', '--fix'], { cwd: dir });
  assert.doesNotMatch(second.stdout, /fixed/);
  assert.equal(fs.readFileSync(path.join(dir, 'beat.yaml'), 'utf8'), after);
});

test('config ignores and severities come from .py2kube.yaml, and an unknown rule there exits 2', () => {
  const dir = testdir({
    'pod.yaml': 'apiVersion: v1\nkind: Pod\nmetadata: {name: redis}\nspec:\n  automountServiceAccountToken: false\n  securityContext: {runAsNonRoot: true, seccompProfile: {type: RuntimeDefault}}\n  containers:\n    - name: redis\n      image: redis:7\n      resources: {requests: {cpu: 100m, memory: 64Mi}}\n      securityContext: {allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: {drop: [ALL]}}\n      volumeMounts: [{name: data, mountPath: /data}]\n  volumes: [{name: data, emptyDir: {}}]\n',
    '.py2kube.yaml': 'check:\n  ignore:\n    - rules: [require-memory-limit]\n      kind: Pod\n      name: redis\n      reason: third-party chart, sized upstream\n',
  });
  assert.equal(run(['check', '.'], { cwd: dir }).exitCode, 0);
  fs.writeFileSync(path.join(dir, '.py2kube.yaml'), 'check:\n  rules:\n    require-memory-limt: off\n');
  const bad = run(['check', '.'], { cwd: dir });
  assert.equal(bad.exitCode, 2);
  assert.match(bad.stderr, /Unknown rule "require-memory-limt"[\s\S]*Did you mean "require-memory-limit"/);
});

test('bad input exits 2: a missing path, nothing to check, an unbundled Kubernetes version', () => {
  assert.equal(py2kube(['check', 'no/such/path.yaml']).exitCode, 2);
  const empty = testdir({ 'values.yaml': 'replicaCount: 1\n' });
  const nothing = py2kube(['check', empty]);
  assert.equal(nothing.exitCode, 2);
  assert.match(nothing.stderr, /Found no Kubernetes objects or Dockerfiles/);
  assert.equal(py2kube(['check', 'fixtures/manifests/clean-api', '--kube-version', '1.12']).exitCode, 2);
});

test('a Kustomize folder is rendered with kubectl when it is installed', { skip: spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status !== 0 }, () => {
  const { stdout, exitCode } = py2kube(['check', 'fixtures/manifests/kustomize-app', '-f', 'json']);
  assert.equal(exitCode, 0, stdout);
  assert.equal((JSON.parse(stdout) as { summary: { objects: number } }).summary.objects, 1);
});

test('explain prints the rule page; an unknown rule exits 2 with the closest ids', () => {
  const page = py2kube(['explain', 'require-prestop-sleep']);
  assert.equal(page.exitCode, 0);
  assert.equal(page.stdout, fs.readFileSync(path.join(REPO_ROOT, 'docs/rules/require-prestop-sleep.md'), 'utf8'));
  const unknown = py2kube(['explain', 'require-pre-stop']);
  assert.equal(unknown.exitCode, 2);
  assert.match(unknown.stderr, /There is no rule "require-pre-stop"[\s\S]*"require-prestop-sleep"/);
});

test('check --help lists every option', () => {
  const { stdout } = py2kube(['check', '--help']);
  for (const option of ['--format', '--fix', '--severity', '--strict', '--project', '--dockerfile', '--kube-version', '--config']) assert.match(stdout, new RegExp(option));
});
