import * as path from 'node:path';
import type { Document } from 'yaml';
import { GENERATE_DEFAULTS as D } from '../config/defaults.ts';
import type { AppModel } from '../model/app.ts';
import type { Datastore } from '../model/facts.ts';
import { stringifyDocument, toYamlDocument } from '../render/yaml.ts';
import type { ResolvedOptions } from './options.ts';

/**
 * The GitHub Actions workflow `.github/workflows/py2kube.yml`, at the root of the analysed
 * folder (taken to be the repository root). On every push to main and every pull request:
 * lockfile freshness, the project's tests, `py2kube generate --check` (the committed setup matches
 * the config), and the image build; `py2kube check` uploads SARIF to code scanning in a job of its
 * own. On main (and on a manual run, for any environment) it pushes the image tagged with the
 * commit, sets that tag in the overlay, runs the migration Job and waits for it, then applies the
 * overlay and waits for every rollout. Actions are pinned by major version.
 */

export const CI_WORKFLOW_PATH = '.github/workflows/py2kube.yml';

export interface CiContext {
  /** py2kube's version: the workflow runs exactly this one, so `generate --check` compares like with like. */
  py2kubeVersion: string;
  /** Arguments after `py2kube generate` that reproduce this run from the repository root (`.`, `--app-root`, `--out`, `--kube-version`). */
  generateArgs: string[];
  /** The Kustomize folder, relative to the repository root. */
  outDir: string;
  /** The Dockerfile, relative to the repository root, and the build context (the install root). */
  dockerfile: string;
  buildContext: string;
  /** pip-compile outputs and the exact command each was made with (from its header). */
  pipCompile: Array<{ output: string; command: string }>;
  /** Names of the Deployments the overlay rolls out, for `kubectl rollout status`. */
  deployments: string[];
  /** The migration Job's base name (`shop-migrate`), or null without migrations. */
  migrationJob: string | null;
}

interface Step {
  comment?: string;
  step: Record<string, unknown>;
}

/** Pinned by major version: security and bug fixes arrive, breaking changes do not. */
const ACTIONS = {
  checkout: 'actions/checkout@v4',
  setupPython: 'actions/setup-python@v5',
  setupUv: 'astral-sh/setup-uv@v6',
  setupPdm: 'pdm-project/setup-pdm@v4',
  setupNode: 'actions/setup-node@v4',
  uploadSarif: 'github/codeql-action/upload-sarif@v3',
  setupBuildx: 'docker/setup-buildx-action@v3',
  login: 'docker/login-action@v3',
  buildPush: 'docker/build-push-action@v6',
  setupKubectl: 'azure/setup-kubectl@v4',
} as const;

/** Datastores the tests may talk to, as service containers on their standard ports, with the URL the app reads. */
const SERVICES: Record<Datastore, { image: string; env?: Record<string, string>; options: string; url: [string, string] }> = {
  postgresql: { image: 'postgres:17', env: { POSTGRES_PASSWORD: 'postgres' }, options: '--health-cmd pg_isready --health-interval 5s --health-timeout 5s --health-retries 10', url: ['DATABASE_URL', 'postgresql://postgres:postgres@localhost:5432/postgres'] },
  mysql: { image: 'mysql:8.4', env: { MYSQL_ROOT_PASSWORD: 'mysql', MYSQL_DATABASE: 'test' }, options: '--health-cmd "mysqladmin ping -pmysql" --health-interval 5s --health-timeout 5s --health-retries 20', url: ['DATABASE_URL', 'mysql://root:mysql@127.0.0.1:3306/test'] },
  redis: { image: 'redis:7', options: '--health-cmd "redis-cli ping" --health-interval 5s --health-timeout 5s --health-retries 10', url: ['REDIS_URL', 'redis://localhost:6379/0'] },
  rabbitmq: { image: 'rabbitmq:4', options: '--health-cmd "rabbitmq-diagnostics -q ping" --health-interval 10s --health-timeout 10s --health-retries 10', url: ['CELERY_BROKER_URL', 'amqp://guest:guest@localhost:5672//'] },
  mongodb: { image: 'mongo:7', options: '--health-cmd "mongosh --quiet --eval \'db.runCommand({ping: 1})\'" --health-interval 5s --health-timeout 5s --health-retries 10', url: ['MONGODB_URL', 'mongodb://localhost:27017/test'] },
};

function hasDependency(model: AppModel, name: string): boolean {
  return model.dependencies.some((d) => d.name === name);
}

/** Requirement files to install for the tests: every `.txt` a dependency came from (a `.in` stands for its compiled `.txt`). */
function requirementFiles(model: AppModel, context: CiContext): string[] {
  const compiled = new Set(context.pipCompile.map((p) => p.output));
  const files = model.dependencies
    .filter((d) => d.group !== 'optional')
    .map((d) => d.source.file.replace(/\.in$/, '.txt'))
    .filter((f) => f.endsWith('.txt') && (model.packageManager !== 'pip-tools' || compiled.has(path.posix.relative(model.installRoot === '.' ? '' : model.installRoot, f))));
  return [...new Set(files.map((f) => path.posix.relative(model.installRoot === '.' ? '' : model.installRoot, f)))].sort();
}

/** Set-up, lockfile freshness, install and test steps for the project's package manager. */
function pythonSteps(model: AppModel, options: ResolvedOptions, context: CiContext): Step[] {
  const at = model.installRoot === '.' ? {} : { 'working-directory': model.installRoot };
  const python = { uses: ACTIONS.setupPython, with: { 'python-version': options.pythonVersion } };
  const pytest = hasDependency(model, 'pytest');
  const noTests: Step = { comment: 'No test runner was detected (pytest is not a dependency): add your test command here.', step: { name: 'Tests', run: 'echo "No tests configured"' } };
  const test = (prefix: string): Step => (pytest ? { step: { name: 'Tests', run: `${prefix}pytest`, ...at } } : noTests);
  switch (model.packageManager) {
    case 'uv':
      return [
        { step: { uses: ACTIONS.setupUv, with: { 'python-version': options.pythonVersion } } },
        { comment: 'Fails when pyproject.toml changed without `uv lock`.', step: { name: 'Lockfile is up to date', run: 'uv lock --check', ...at } },
        { step: { name: 'Install', run: 'uv sync --frozen', ...at } },
        test('uv run '),
      ];
    case 'poetry':
      return [
        { step: python },
        { step: { name: 'Install Poetry', run: 'pipx install poetry' } },
        { comment: 'Fails when pyproject.toml changed without `poetry lock`.', step: { name: 'Lockfile is up to date', run: 'poetry check --lock', ...at } },
        { step: { name: 'Install', run: 'poetry install', ...at } },
        test('poetry run '),
      ];
    case 'pdm':
      return [
        { step: { uses: ACTIONS.setupPdm, with: { 'python-version': options.pythonVersion } } },
        { comment: 'Fails when pyproject.toml changed without `pdm lock`.', step: { name: 'Lockfile is up to date', run: 'pdm lock --check', ...at } },
        { step: { name: 'Install', run: 'pdm install', ...at } },
        test('pdm run '),
      ];
    case 'pipenv':
      return [
        { step: python },
        { step: { name: 'Install Pipenv', run: 'pipx install pipenv' } },
        { comment: 'Fails when the Pipfile changed without `pipenv lock`.', step: { name: 'Lockfile is up to date', run: 'pipenv verify', ...at } },
        { step: { name: 'Install', run: 'pipenv install --dev --deploy', ...at } },
        test('pipenv run '),
      ];
    case 'pip-tools': {
      const outputs = context.pipCompile.map((p) => p.output);
      return [
        { step: python },
        { step: { name: 'Install pip-tools', run: 'python -m pip install pip-tools' } },
        {
          comment: 'Recompiles each lockfile with the command in its header; pip-compile keeps existing pins, so a diff means a .in file changed without pip-compile.',
          step: { name: 'Lockfiles are up to date', run: [...context.pipCompile.map((p) => p.command), `git diff --exit-code -- ${outputs.join(' ')}`].join('\n'), ...at },
        },
        { step: { name: 'Install', run: `python -m pip install ${requirementFiles(model, context).map((f) => `-r ${f}`).join(' ')}`, ...at } },
        test('python -m '),
      ];
    }
    case 'pip': {
      const files = requirementFiles(model, context);
      return [
        { step: python },
        { step: { name: 'Install', run: files.length > 0 ? `python -m pip install ${files.map((f) => `-r ${f}`).join(' ')}` : 'python -m pip install .', ...at }, comment: 'No lockfile: installs resolve anew on every run. A lockfile (uv, Poetry, pip-tools) makes builds reproducible.' },
        test('python -m '),
      ];
    }
    default:
      return [
        { step: python },
        { comment: 'No lockfile: installs resolve anew on every run. A lockfile (uv, Poetry, pip-tools) makes builds reproducible.', step: { name: 'Install', run: `python -m pip install .${pytest ? ' pytest' : ''}`, ...at } },
        test('python -m '),
      ];
  }
}

/** The registry host of an image reference: the first part when it looks like a host, else Docker Hub. */
function registryOf(image: string): string | null {
  const first = image.split('/')[0]!;
  return image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost') ? first : null;
}

function npx(context: CiContext, args: string): string {
  return `npx --yes py2kube@${context.py2kubeVersion} ${args}`;
}

export function synthesizeCiWorkflow(model: AppModel, options: ResolvedOptions, context: CiContext): { path: string; content: string } {
  const envs = options.environments.map((e) => e.name);
  const mainEnv = envs.includes('staging') ? 'staging' : envs[0]!;
  const registry = registryOf(options.image);
  const services = options.datastores.map((name) => [name, SERVICES[name]] as const);
  const generate = context.generateArgs.join(' ');
  const deployEnv = `\${{ github.event_name == 'workflow_dispatch' && inputs.environment || '${mainEnv}' }}`;
  const overlay = '$OVERLAY';
  const tag = '$TAG';

  const verify: Step[] = [
    { step: { uses: ACTIONS.checkout } },
    ...pythonSteps(model, options, context),
    { step: { uses: ACTIONS.setupNode, with: { 'node-version': 20 } } },
    { comment: 'The committed Dockerfile and deploy/ must be what [tool.py2kube] generates: run `py2kube generate` and commit when this fails.', step: { name: 'Generated setup is up to date', run: npx(context, `generate ${generate} --check`) } },
  ];

  const check: Step[] = [
    { step: { uses: ACTIONS.checkout } },
    { step: { uses: ACTIONS.setupNode, with: { 'node-version': 20 } } },
    {
      comment: '`py2kube check` (Dockerfile and manifest rules, SARIF output) ships in the py2kube release after the one that wrote this file; run `py2kube generate` with that release and this job passes. Until then it fails on its own, without blocking the build or the deploy.',
      step: { name: 'py2kube check', run: `${npx(context, `check ${generate} --format sarif`)} > py2kube.sarif` },
    },
    { step: { name: 'Upload to code scanning', if: "always() && hashFiles('py2kube.sarif') != ''", uses: ACTIONS.uploadSarif, with: { 'sarif_file': 'py2kube.sarif', category: 'py2kube' } } },
  ];

  const push = "${{ github.event_name != 'pull_request' }}";
  const build: Step[] = [
    { step: { uses: ACTIONS.checkout } },
    { comment: `${D.release.ciTagLength} hex digits of the commit: the deployed tag also names the migration Job, which must fit in ${D.release.maxJobNameLength} characters.`, step: { name: 'Image tag', id: 'tag', run: `echo "tag=\${GITHUB_SHA::${D.release.ciTagLength}}" >> "$GITHUB_OUTPUT"` } },
    { step: { uses: ACTIONS.setupBuildx } },
    {
      step: {
        uses: ACTIONS.login,
        if: push,
        with: registry === 'ghcr.io'
          ? { registry, username: '${{ github.actor }}', password: '${{ secrets.GITHUB_TOKEN }}' }
          : { ...(registry !== null ? { registry } : {}), username: '${{ secrets.REGISTRY_USERNAME }}', password: '${{ secrets.REGISTRY_PASSWORD }}' },
      },
    },
    {
      step: {
        uses: ACTIONS.buildPush,
        with: {
          context: context.buildContext,
          file: context.dockerfile,
          push,
          tags: `${options.image}:\${{ steps.tag.outputs.tag }}\n${options.image}:\${{ github.sha }}`,
          'build-args': 'VERSION=${{ steps.tag.outputs.tag }}\nGIT_SHA=${{ github.sha }}\nSOURCE_URL=${{ github.server_url }}/${{ github.repository }}',
          'cache-from': 'type=gha',
          'cache-to': 'type=gha,mode=max',
        },
      },
    },
  ];

  const migrationJob = context.migrationJob === null ? null : `${context.migrationJob}-${tag}`;
  const deploy: Step[] = [
    { step: { uses: ACTIONS.checkout } },
    { step: { uses: ACTIONS.setupKubectl } },
    { comment: 'The cluster credentials: a kubeconfig stored as the environment secret KUBECONFIG. Objects go to its current namespace.', step: { name: 'Cluster access', run: 'mkdir -p ~/.kube && printf \'%s\' "$KUBECONFIG_DATA" > ~/.kube/config', env: { KUBECONFIG_DATA: '${{ secrets.KUBECONFIG }}' } } },
    {
      comment: 'The one value a release changes: Kustomize replacements derive the version label and the migration Job name from it. kustomize is preinstalled on GitHub-hosted runners.',
      step: {
        name: 'Set the image tag',
        'working-directory': '${{ env.OVERLAY }}',
        run: [`kustomize edit set image ${model.name}=${options.image}:${tag}`, ...(migrationJob !== null ? [`(cd migrate && kustomize edit set image ${model.name}=${options.image}:${tag})`] : [])].join('\n'),
      },
    },
    ...(migrationJob === null ? [] : [{
      comment: 'Migrations run to completion before any new pod starts; if they fail, the old pods keep serving.',
      step: {
        name: 'Migrate',
        run: [
          `kubectl apply -k ${overlay}/migrate`,
          `kubectl wait --for=condition=complete --timeout=${D.release.migrationWaitSeconds}s job/${migrationJob} || { kubectl logs job/${migrationJob} --all-containers; exit 1; }`,
        ].join('\n'),
      },
    }]),
    {
      step: {
        name: 'Roll out',
        run: [
          `kubectl apply -k ${overlay}`,
          ...context.deployments.map((d) => `kubectl rollout status deployment/${d} --timeout=${D.progressDeadlineSeconds}s`),
        ].join('\n'),
      },
    },
  ];

  const workflow = {
    name: 'py2kube',
    on: {
      push: { branches: ['main'] },
      pull_request: {},
      workflow_dispatch: { inputs: { environment: { description: 'Environment to deploy', type: 'choice', options: envs, default: mainEnv } } },
    },
    permissions: { contents: 'read' },
    jobs: {
      verify: {
        'runs-on': 'ubuntu-latest',
        ...(services.length > 0 ? {
          services: Object.fromEntries(services.map(([name, s]) => [name, { image: s.image, ...(s.env !== undefined ? { env: s.env } : {}), ports: [`${D.kube.datastorePorts[name]}:${D.kube.datastorePorts[name]}`], options: s.options }])),
          env: Object.fromEntries(services.map(([, s]) => s.url)),
        } : {}),
        steps: verify.map((s) => s.step),
      },
      check: { 'runs-on': 'ubuntu-latest', permissions: { contents: 'read', 'security-events': 'write' }, steps: check.map((s) => s.step) },
      build: {
        needs: 'verify',
        'runs-on': 'ubuntu-latest',
        permissions: { contents: 'read', packages: 'write' },
        outputs: { tag: '${{ steps.tag.outputs.tag }}' },
        steps: build.map((s) => s.step),
      },
      deploy: {
        needs: 'build',
        if: "github.event_name != 'pull_request' && (github.ref == 'refs/heads/main' || github.event_name == 'workflow_dispatch')",
        'runs-on': 'ubuntu-latest',
        environment: deployEnv,
        concurrency: { group: `deploy-${deployEnv}`, 'cancel-in-progress': false },
        env: { OVERLAY: `${context.outDir}/overlays/${deployEnv}`, TAG: '${{ needs.build.outputs.tag }}' },
        steps: deploy.map((s) => s.step),
      },
    },
  };

  const doc = toYamlDocument(workflow);
  doc.commentBefore = ` Deploys ${mainEnv} on every push to main; run it by hand (Actions → py2kube → Run workflow) to deploy another environment.\n Needs: the environment secret KUBECONFIG${registry === 'ghcr.io' ? '' : ', and REGISTRY_USERNAME / REGISTRY_PASSWORD for the registry'}.`;
  for (const [job, steps] of [['verify', verify], ['check', check], ['build', build], ['deploy', deploy]] as const) comment(doc, job, steps);
  return { path: CI_WORKFLOW_PATH, content: stringifyDocument(doc) };
}

function comment(doc: Document, job: string, steps: readonly Step[]): void {
  steps.forEach((s, i) => {
    if (s.comment === undefined) return;
    const node = doc.getIn(['jobs', job, 'steps', i], true) as { commentBefore?: string | null } | undefined;
    if (node !== undefined) node.commentBefore = ` ${s.comment}`;
  });
}
