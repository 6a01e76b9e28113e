// Real-world-style `helm template` output piped to `py2kube check -`: the exact findings, each one
// checked against its rule's page (docs/rules/<id>.md) and ../shared/facts/runtime.md (cited as
// "facts N.N"), at the template and line the `# Source:` comment gives (lines count from it).
// A problem (findings the tool once got wrong) also has a test of its own; while the tool is wrong
// it is marked `todo`, and the exact-list test leaves out only the findings it covers.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT, testdir } from '../helpers/project.ts';

const CORPUS = path.join(REPO_ROOT, 'fixtures/manifests/helm-realworld');

interface Finding {
  rule: string;
  message: string;
  file: string;
  line: number;
  path: string;
  origin: string;
  fixable: boolean;
  object?: { kind: string; name: string };
}

interface Report {
  failed: boolean;
  summary: { objects: number };
  findings: Finding[];
  suppressed: Array<Finding & { suppression: { kind: string; reason: string } }>;
  notes: string[];
}

interface Run {
  report: Report;
  stdout: string;
  exitCode: number;
  keys: string[];
}

// An empty working directory, so no check config of the repository applies.
const CWD = testdir({});

/** `helm template … | py2kube check - -f json`, from source. */
function check(input: string): Run {
  const result = spawnSync(process.execPath, ['--import', import.meta.resolve('tsx'), path.join(REPO_ROOT, 'src/cli/main.ts'), 'check', '-', '-f', 'json'], {
    cwd: CWD,
    input,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
  });
  assert.equal(result.stderr, '', result.stderr);
  const report = JSON.parse(result.stdout) as Report;
  return { report, stdout: result.stdout, exitCode: result.status ?? -1, keys: report.findings.map(key) };
}

const key = (f: Finding): string => `${f.file}:${f.line} ${f.rule} ${f.path}`;
const rendered = (file: string): string => fs.readFileSync(path.join(CORPUS, file), 'utf8');
/** Replaces text that must be in the fixture, so a variant cannot silently stop being one. */
function variant(text: string, from: string, to: string): string {
  assert.ok(text.includes(from), `the fixture no longer contains ${from}`);
  return text.replace(from, to);
}

interface Problem {
  /** What the tool should do, as a test name. */
  name: string;
  /** What the tool does today, while it is wrong: the test is then marked todo. */
  todo?: string;
  /** The findings (`file:line rule path`) this problem is about, expected and actual. */
  covers: (key: string) => boolean;
}

/**
 * The exact list, minus what the open (todo) problems cover; then one test per problem. `known`
 * are problems a test of another input already asserts, left out here (while open) without a second test.
 */
function assertCorpus(label: string, run: () => Run, expected: readonly string[], problems: readonly Problem[], known: readonly Problem[] = []): void {
  // Only a problem the tool still gets wrong is left out; a fixed one is part of the exact list.
  const covered = (k: string): boolean => [...problems, ...known].some((p) => p.todo !== undefined && p.covers(k));
  test(`${label}: exactly the expected findings, at the template lines`, () => {
    const { keys, exitCode, report } = run();
    assert.equal(exitCode, 1);
    assert.deepEqual(keys.filter((k) => !covered(k)), expected.filter((k) => !covered(k)));
    assert.deepEqual(report.notes, []);
    // Standard input is never rewritten by --fix.
    assert.ok(report.findings.every((f) => !f.fixable));
  });
  for (const problem of problems) {
    test(`${label}: ${problem.name}`, problem.todo === undefined ? {} : { todo: problem.todo }, () => {
      assert.deepEqual(run().keys.filter(problem.covers), expected.filter(problem.covers));
    });
  }
}

/** Runs the CLI once per input and test file, however many tests read it. */
function once(input: () => string): () => Run {
  let cached: Run | undefined;
  return () => (cached ??= check(input()));
}

// ---------------------------------------------------------------------------------------------
// a. `helm create mysite`, adapted to Django/gunicorn, with the scaffold's `{}` defaults.

const scaffold = once(() => rendered('django-scaffold.yaml'));

const SCAFFOLD: readonly string[] = [
  // The ServiceAccount says automountServiceAccountToken: true (the scaffold's `automount: true`)
  // and the pod spec says nothing, so the token is mounted into a Django app that never calls the API.
  'mysite/templates/deployment.yaml:24 no-service-account-token-automount spec.template.spec.automountServiceAccountToken',
  // The HPA may run up to 100 replicas (counted by the rule), with no spreading constraint.
  'mysite/templates/deployment.yaml:24 require-topology-spread spec.template.spec.topologySpreadConstraints',
  // Behind Service "mysite" with no preStop: gunicorn closes its socket on SIGTERM while
  // endpoints are still being removed (facts 2.1.2, 4.1.9, 4.1.11).
  'mysite/templates/deployment.yaml:29 require-prestop-sleep spec.template.spec.containers[0].lifecycle.preStop',
  // `securityContext: {}` on the container and the pod: restricted PSS fails on every control
  // (facts 7.3), and the root filesystem is writable.
  'mysite/templates/deployment.yaml:30 no-privilege-escalation spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
  'mysite/templates/deployment.yaml:30 require-drop-all-capabilities spec.template.spec.containers[0].securityContext.capabilities.drop',
  'mysite/templates/deployment.yaml:30 require-read-only-root-filesystem spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
  'mysite/templates/deployment.yaml:30 require-run-as-non-root spec.template.spec.containers[0].securityContext.runAsNonRoot',
  'mysite/templates/deployment.yaml:30 require-seccomp-profile spec.template.spec.containers[0].securityContext.seccompProfile',
  // gunicorn's graceful_timeout defaults to 30 s, the same as the default grace period, so the
  // kubelet SIGKILLs it before its own timeout (facts 4.1.5, 2.1.1).
  'mysite/templates/deployment.yaml:34 require-graceful-timeout spec.template.spec.containers[0].command[0]',
  // Liveness and readiness are the same `httpGet /` on `http` with the same default budget
  // (3 × 10 s): the kubelet restarts the container exactly when it leaves the Service, so a busy
  // moment becomes a restart (facts 1.2.10; kube-score pod-probes-identical).
  'mysite/templates/deployment.yaml:48 no-identical-liveness-readiness spec.template.spec.containers[0].livenessProbe.httpGet',
  // `resources: {}`: no requests (BestEffort; the HPA's CPU utilization has nothing to divide by)
  // and no memory limit for 4 gunicorn workers.
  'mysite/templates/deployment.yaml:55 require-memory-limit spec.template.spec.containers[0].resources.limits.memory',
  'mysite/templates/deployment.yaml:55 require-resource-requests spec.template.spec.containers[0].resources.requests',
  // The scaffold's autoscaling.minReplicas: 1 scales the served Deployment down to one pod.
  'mysite/templates/hpa.yaml:16 no-single-replica spec.minReplicas',
  // 80% CPU utilization over a pod with no CPU request: the HPA cannot compute utilization
  // ("missing request for cpu") and never scales.
  'mysite/templates/hpa.yaml:19 require-cpu-request-for-hpa spec.metrics[0]',
  // The `helm test` Pod: it runs as an ordinary Pod in the release namespace, so the restricted
  // Pod Security Standard (enforced on Pods, facts 7.7) and a requests quota apply to it too;
  // its default ServiceAccount mounts a token; `busybox` without a tag is `busybox:latest`.
  'mysite/templates/tests/test-connection.yaml:13 no-service-account-token-automount spec.automountServiceAccountToken',
  'mysite/templates/tests/test-connection.yaml:15 no-privilege-escalation spec.containers[0].securityContext.allowPrivilegeEscalation',
  'mysite/templates/tests/test-connection.yaml:15 require-drop-all-capabilities spec.containers[0].securityContext.capabilities.drop',
  'mysite/templates/tests/test-connection.yaml:15 require-memory-limit spec.containers[0].resources.limits.memory',
  'mysite/templates/tests/test-connection.yaml:15 require-read-only-root-filesystem spec.containers[0].securityContext.readOnlyRootFilesystem',
  'mysite/templates/tests/test-connection.yaml:15 require-resource-requests spec.containers[0].resources.requests',
  'mysite/templates/tests/test-connection.yaml:15 require-run-as-non-root spec.containers[0].securityContext.runAsNonRoot',
  'mysite/templates/tests/test-connection.yaml:15 require-seccomp-profile spec.containers[0].securityContext.seccompProfile',
  'mysite/templates/tests/test-connection.yaml:16 no-latest-image-tag spec.containers[0].image',
  // Not reported, rightly: the probes target the declared `http` port; liveness budget is the
  // default 3 × 10 s = 30 s, not below require-startup-probe's 30 s; --workers 4 is explicit and
  // there is no CPU request or memory limit to compare it with (left to the rules above); the
  // HPA target and the Ingress backend (Service port 8000) exist; gunicorn binds 0.0.0.0.
];

/** The scaffold's test Pod carries the Service's selector labels, so the Service "selects" it. */
const TEST_POD_TARGET_PORT: Problem = {
  // The run-to-completion helm.sh/hook: test Pod declares no "http" port, and runs no server.
  name: 'the helm test Pod the Service happens to select is not a backend missing the "http" port',
  covers: (k) => k.includes(' require-target-port-exists '),
};

assertCorpus('helm create (Django)', scaffold, SCAFFOLD, [TEST_POD_TARGET_PORT]);

test('helm create (Django): every object is read and located through its # Source: comment', () => {
  const { report } = scaffold();
  assert.equal(report.summary.objects, 6);
  assert.ok(report.findings.every((f) => f.file.startsWith('mysite/templates/')));
});

test('helm create (Django): findings located through # Source: comments report origin "helm"', () => {
  assert.deepEqual([...new Set(scaffold().report.findings.map((f) => f.origin))], ['helm']);
});

// The same chart with the Service's targetPort templated as a number, as many charts do.
const numericTargetPort = once(() => variant(rendered('django-scaffold.yaml'), 'targetPort: http', 'targetPort: 8000'));

assertCorpus('helm create (Django), numeric targetPort', numericTargetPort, SCAFFOLD, [
  {
    // Neither require-readiness-probe (error) nor require-prestop-sleep: the wget Pod
    // (restartPolicy: Never, helm.sh/hook: test) does not serve Service "mysite".
    name: 'the helm test Pod is not judged as a Service backend',
    covers: (k) => k.startsWith('mysite/templates/tests/') && (k.includes(' require-readiness-probe ') || k.includes(' require-prestop-sleep ')),
  },
]);

// The same chart with the migrate-then-serve shell command Django images often use.
const SHELL_COMMAND = `command: ["sh", "-c", "python manage.py migrate --noinput && gunicorn config.wsgi --bind 0.0.0.0:8000 --workers 4 --forwarded-allow-ips '*'"]`;
const shellCommand = once(() => variant(rendered('django-scaffold.yaml'), 'command: ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "4"]', SHELL_COMMAND));

assertCorpus(
  'helm create (Django), sh -c command',
  shellCommand,
  SCAFFOLD.flatMap((k) =>
    k.includes(' require-graceful-timeout ')
      ? [
          // A long-running web server whose script does not exec it: sh stays PID 1 and
          // SIGTERM never reaches gunicorn (facts 2.3.1, 2.3.3).
          'mysite/templates/deployment.yaml:34 no-shell-wrapper spec.template.spec.containers[0].command[2]',
          'mysite/templates/deployment.yaml:34 require-graceful-timeout spec.template.spec.containers[0].command[2]',
        ]
      : [k],
  ),
  [],
  [TEST_POD_TARGET_PORT],
);

// Unquoted, `--forwarded-allow-ips *` would make sh expand * to the file names of the working directory.
test("helm create (Django), sh -c command: no-shell-wrapper's suggested exec line keeps the script's quoting", () => {
  const finding = shellCommand().report.findings.find((f) => f.rule === 'no-shell-wrapper');
  assert.ok(finding);
  assert.match(finding.message, /`exec gunicorn config\.wsgi --bind 0\.0\.0\.0:8000 --workers 4 --forwarded-allow-ips (?:'\*'|"\*"|\\\*)`/);
});

// ---------------------------------------------------------------------------------------------
// b. A community-style FastAPI + Celery chart.

const community = once(() => rendered('fastapi-celery.yaml'));

const COMMUNITY: readonly string[] = [
  // Beat with replicas: 1 but the default RollingUpdate: the new beat starts before the old one
  // stops and both send the periodic tasks (facts 3.2, 5.13). `strategy` is missing, so the
  // finding points at `spec`.
  'shop/templates/beat/deployment.yaml:12 no-celery-beat-replicas spec.strategy.type',
  // The shared env block writes DATABASE_URL as postgresql://shop:<password>@… in every pod.
  'shop/templates/beat/deployment.yaml:49 no-literal-secrets-in-env spec.template.spec.containers[0].env[0].value',
  // readOnlyRootFilesystem: true, and beat keeps celerybeat-schedule in its working directory
  // (no -s), not in the /tmp emptyDir: beat cannot open it and exits (facts 5.13).
  'shop/templates/beat/deployment.yaml:69 require-writable-tmp spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
  // The cleanup CronJob: no startingDeadlineSeconds, no backoffLimit (default 6 retries),
  // no activeDeadlineSeconds (a hung run blocks every later one under Forbid). Its history
  // limits (3/1) and concurrencyPolicy are written, so those rules stay quiet.
  'shop/templates/cronjob.yaml:12 require-cronjob-starting-deadline spec.startingDeadlineSeconds',
  'shop/templates/cronjob.yaml:18 require-job-backoff-limit spec.jobTemplate.spec.backoffLimit',
  'shop/templates/cronjob.yaml:18 require-job-deadline spec.jobTemplate.spec.activeDeadlineSeconds',
  'shop/templates/cronjob.yaml:44 no-literal-secrets-in-env spec.jobTemplate.spec.template.spec.containers[0].env[0].value',
  // The migration hook: backoffLimit is written, a deadline is not (a migration waiting on a lock
  // outlives `helm upgrade --timeout` and keeps running).
  'shop/templates/migrate-job.yaml:15 require-job-deadline spec.activeDeadlineSeconds',
  'shop/templates/migrate-job.yaml:42 no-literal-secrets-in-env spec.template.spec.containers[0].env[0].value',
  // minAvailable: 1 of 2 replicas allows a drain, but the default IfHealthyBudget keeps
  // crash-looping pods from being evicted once the budget is used (the rule's second case).
  'shop/templates/pdb.yaml:12 no-pdb-blocking-eviction spec.unhealthyPodEvictionPolicy',
  // The uvicorn web Deployment: 2 replicas with no spreading; no preStop behind the Service;
  // no --timeout-graceful-shutdown, so uvicorn waits without bound (facts 4.2.1, 4.2.4); a
  // 500m CPU limit for 2 processes with both HTTP probes at the default 1 s timeout
  // (facts 1.6.4, 6.3.2), and the CPU limit itself (prefer-no-cpu-limit's default `forbid`).
  'shop/templates/web/deployment.yaml:28 require-topology-spread spec.template.spec.topologySpreadConstraints',
  'shop/templates/web/deployment.yaml:37 require-prestop-sleep spec.template.spec.containers[0].lifecycle.preStop',
  'shop/templates/web/deployment.yaml:41 require-graceful-timeout spec.template.spec.containers[0].command[0]',
  'shop/templates/web/deployment.yaml:58 no-literal-secrets-in-env spec.template.spec.containers[0].env[0].value',
  'shop/templates/web/deployment.yaml:67 no-short-probe-timeout-with-cpu-limit spec.template.spec.containers[0].livenessProbe.timeoutSeconds',
  'shop/templates/web/deployment.yaml:73 no-short-probe-timeout-with-cpu-limit spec.template.spec.containers[0].readinessProbe.timeoutSeconds',
  'shop/templates/web/deployment.yaml:81 prefer-no-cpu-limit spec.template.spec.containers[0].resources.limits.cpu',
  // The Celery worker: a prefork pool that never recycles its children (facts 5.8, 6.1.4),
  // reported at the `worker` subcommand; --concurrency 4 on a 500m request, above
  // ceil(2 × 0.5 + 1) = 2 (facts 6.3.7); `celery inspect ping` without -d as liveness: any
  // worker's reply passes (facts 5.12).
  'shop/templates/worker/deployment.yaml:44 require-celery-max-tasks-per-child spec.template.spec.containers[0].command[3]',
  'shop/templates/worker/deployment.yaml:48 no-workers-above-cpu spec.template.spec.containers[0].command[7]',
  'shop/templates/worker/deployment.yaml:51 no-literal-secrets-in-env spec.template.spec.containers[0].env[0].value',
  'shop/templates/worker/deployment.yaml:62 require-celery-ping-destination spec.template.spec.containers[0].livenessProbe.exec.command',
  // Not reported, rightly: the ServiceAccount sets automountServiceAccountToken: false, which
  // every pod inherits; the shared securityContext satisfies the restricted profile; SECRET_KEY
  // comes from a secretKeyRef; the Service and the PDB select only the web pods; the worker's
  // 4 × 160Mi + 64Mi fits its 1Gi limit and the web's 2 × 160Mi + 64Mi its 512Mi; uvicorn binds
  // 0.0.0.0 and --workers/--concurrency are explicit; the worker has no Service, so no readiness
  // probe or preStop is asked of it; the web liveness budget is 10 + 3 × 10 s; the OnFailure
  // restartPolicy of the CronJob is accepted; require-celery-worker-grace is opt-in (info).
];

assertCorpus('community FastAPI + Celery chart', community, COMMUNITY, [
  {
    // Helm deletes a hook without helm.sh/hook-delete-policy before the next run (before-hook-creation
    // is its default), so "applying a new version under the same name fails" does not happen.
    name: 'a Helm hook Job is not asked for ttlSecondsAfterFinished',
    covers: (k) => k.includes(' require-job-ttl '),
  },
  {
    // no-shell-wrapper skips run-to-completion pods (Jobs, the helm.sh/hook: test Pod with
    // restartPolicy: Never): there is no server to drain.
    name: 'the helm test Pod is not judged as a long-running server',
    covers: (k) => k.startsWith('shop/templates/tests/') && k.includes(' no-shell-wrapper '),
  },
  {
    // Not at line 43 (command[2], the -A value "shop.worker", which contains "worker").
    name: 'require-celery-max-tasks-per-child points at the worker subcommand, not at -A shop.worker',
    covers: (k) => k.includes(' require-celery-max-tasks-per-child '),
  },
]);

test('community FastAPI + Celery chart: every object is read, and no message repeats the database password', () => {
  const { report, stdout } = community();
  assert.equal(report.summary.objects, 11);
  assert.ok(stdout.includes('postgresql://shop:****@shop-postgresql:5432/shop'));
  assert.ok(!stdout.includes('Sh0p-Pr0d-2024'));
});

// ---------------------------------------------------------------------------------------------
// c. A kopf operator chart rendered with --include-crds: a CRD, a custom resource, a `List`.

const operator = once(() => rendered('kopf-operator.yaml'));

const OPERATOR: readonly string[] = [
  // The CronJob inside the `List`, lines counted from the List's `# Source:` comment. Its
  // template forgot the chart's securityContext helpers: restricted PSS fails (facts 7.3), the
  // root filesystem is writable, and the operator's ServiceAccount mounts a token into a job
  // that only purges exported files.
  'reports-operator/templates/cronjobs.yaml:25 no-service-account-token-automount spec.jobTemplate.spec.template.spec.automountServiceAccountToken',
  'reports-operator/templates/cronjobs.yaml:29 no-privilege-escalation spec.jobTemplate.spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation',
  'reports-operator/templates/cronjobs.yaml:29 require-drop-all-capabilities spec.jobTemplate.spec.template.spec.containers[0].securityContext.capabilities.drop',
  'reports-operator/templates/cronjobs.yaml:29 require-read-only-root-filesystem spec.jobTemplate.spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem',
  'reports-operator/templates/cronjobs.yaml:29 require-run-as-non-root spec.jobTemplate.spec.template.spec.containers[0].securityContext.runAsNonRoot',
  'reports-operator/templates/cronjobs.yaml:29 require-seccomp-profile spec.jobTemplate.spec.template.spec.containers[0].securityContext.seccompProfile',
  // Not reported, rightly: the CRD matches the apiextensions.k8s.io/v1 schema and the
  // ReportSchedule custom resource has no bundled schema, so both pass through; the operator
  // Deployment is hardened, runs one replica with Recreate and no Service, and its liveness
  // probe targets the declared `health` port with a 90 s budget.
];

assertCorpus('kopf operator chart with a CRD and a List', operator, OPERATOR, []);

test('kopf operator chart: the CRD, the custom resource and the List item are all read; the annotation suppresses the token finding', () => {
  const { report } = operator();
  // CRD, ServiceAccount, ClusterRole, ClusterRoleBinding, Deployment, the List's CronJob, ReportSchedule.
  assert.equal(report.summary.objects, 7);
  assert.deepEqual(
    report.suppressed.map((f) => [key(f), f.suppression.kind, f.suppression.reason]),
    [
      [
        'reports-operator/templates/deployment.yaml:26 no-service-account-token-automount spec.template.spec.automountServiceAccountToken',
        'annotation',
        'kopf watches ReportSchedule objects through the Kubernetes API',
      ],
    ],
  );
});
