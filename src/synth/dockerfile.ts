import * as path from 'node:path';
import { GENERATE_DEFAULTS as D } from '../config/defaults.ts';
import { UserError } from '../errors.ts';
import type { AppModel } from '../model/app.ts';
import type { Layout } from './bundle.ts';
import { APP_DIR, RUNTIME_DIR, VENV_DIR, celeryWorkerCommand, containerDir, serverCommand } from './commands.ts';
import { metadataDependencies, type MetadataDependencies } from './metadata-dependencies.ts';
import type { ResolvedOptions } from './options.ts';
import { requirementsFiles, type RequirementsFiles } from './requirements-files.ts';

/**
 * The production image: a builder stage that installs exactly the lockfile into VENV_DIR with
 * the project's own installer, and a runtime stage that copies only that venv and the source,
 * runs as a numeric non-root user and installs nothing at start.
 */

/** Installers that run only in the builder, each from its own venv; none reaches the runtime image. */
export const TOOL_VENVS = { poetry: '/opt/poetry', pipenv: '/opt/pipenv', pdm: '/opt/pdm' } as const;
/** Where lock exports go in the builder (outside APP_DIR, so they are not copied to the runtime). */
export const EXPORTED_REQUIREMENTS = '/tmp/requirements.txt';

const UV_CACHE = '--mount=type=cache,target=/root/.cache/uv';
const PIP_CACHE = '--mount=type=cache,target=/root/.cache/pip';

interface Bases {
  builder: string;
  runtime: string;
  /** The interpreter both stages share; the venv links to it, so it must exist at the same path in the runtime. */
  python: string;
  distroless: boolean;
}

function bases(options: ResolvedOptions): Bases {
  const version = options.pythonVersion;
  if (options.baseImage === 'slim') {
    const image = `python:${version}-slim`;
    return { builder: image, runtime: image, python: `/usr/local/bin/python${version}`, distroless: false };
  }
  const d = D.image.distroless;
  if (version !== d.python) {
    throw new UserError(`base-image = "distroless" needs Python ${d.python}, but the project runs on Python ${version}: ${d.image} (the only maintained distroless Python) ships Debian's Python ${d.python}, and a venv built for another version does not run on it.`, {
      code: 'E_CONFIG_CONFLICT',
      hint: `Set base-image = "slim" in [tool.py2kube] (python:${version}-slim), or move the project to Python ${d.python}.`,
    });
  }
  return { builder: d.builder, runtime: d.image, python: `/usr/bin/python${version}`, distroless: true };
}

/** POSIX path of `to` relative to `from`, both relative to the analysed folder; '' when equal. */
function relative(from: string, to: string): string {
  return path.posix.relative(from === '.' ? '' : from, to === '.' ? '' : to);
}

/** `RUN` with optional BuildKit mounts and commands chained with `&&`, one per line. */
function run(mounts: string[], commands: string[]): string {
  const [first, ...rest] = commands;
  const head = mounts.length > 0 ? `RUN ${mounts.join(' ')} \\\n    ${first}` : `RUN ${first}`;
  return [head, ...rest.map((c) => `    && ${c}`)].join(' \\\n');
}

/** `COPY a b ./` keeping each file's folder, relative to WORKDIR. */
function copyFiles(files: string[]): string[] {
  const flat = files.filter((f) => !f.includes('/'));
  const nested = files.filter((f) => f.includes('/'));
  return [
    ...(flat.length > 0 ? [`COPY ${flat.join(' ')} ./`] : []),
    ...nested.map((f) => `COPY ${f} ${f}`),
  ];
}

/** Runtime dependencies that publish no wheel for Linux and compile in the builder. */
export function compiledDependencies(model: AppModel): string[] {
  const names = new Set<string>();
  for (const dep of model.dependencies) {
    if (dep.group !== 'runtime') continue;
    if (dep.name in D.image.compiled) names.add(dep.name);
    // psycopg[c] pulls in psycopg-c, the C implementation built against libpq.
    if (dep.name === 'psycopg' && dep.extras?.includes('c')) names.add('psycopg-c');
  }
  return [...names].sort();
}

function aptInstall(packages: string[], why: string): string[] {
  return [
    `# ${why}`,
    '# Debian packages are not version-pinned: a stable release only changes them for security fixes, and a pin',
    '# breaks the build as soon as the mirror drops the old version.',
    '# hadolint ignore=DL3008',
    run([], ['apt-get update', `apt-get install -y --no-install-recommends ${packages.join(' ')}`, 'rm -rf /var/lib/apt/lists/*']),
  ];
}

/** What the Dockerfile needs from the project's files beyond the model (`readDockerfileInputs`). */
export interface DockerfileInputs {
  /** The files `pip install -r` reads, when the install is from a requirements file. */
  requirements: RequirementsFiles | null;
}

interface InstallContext {
  model: AppModel;
  bases: Bases;
  pythonVersion: string;
  /** null when the caller read no files: requirement includes are then unknown. */
  inputs: DockerfileInputs | null;
  /** The lockfile relative to the build context. */
  lockfile: string | null;
  /** The app root relative to the build context ('' unless a uv workspace root sits above it). */
  appInContext: string;
}

function venvCommand(ctx: InstallContext, dir: string): string {
  return `${ctx.bases.python} -m venv ${dir}`;
}

/** Installs a builder-only tool into its own venv. */
function toolVenv(ctx: InstallContext, dir: string, packages: string[], why: string): string[] {
  return [`# ${why}`, run([PIP_CACHE], [venvCommand(ctx, dir), `${dir}/bin/pip install ${packages.join(' ')}`])];
}

function pip(args: string): string {
  return `${VENV_DIR}/bin/pip install ${args}`;
}

/** The project itself, after its locked dependencies: --no-deps because the lock already installed them. */
function projectInstall(ctx: InstallContext, noDeps: boolean): string[] {
  if (!ctx.model.packaged) return [];
  return [
    '# The project is a package of its own: install it (not editable) so its modules and entry points work from any folder.',
    run([PIP_CACHE], [pip(`${noDeps ? '--no-deps ' : ''}.`)]),
  ];
}

/** Locked requirements exported by the project's tool, installed with pip in hash-checking mode. */
/** Without a committed lockfile the tool locks in the builder first: versions are then chosen at build time. */
function lockFirst(ctx: InstallContext, lockCommand: string): string[] {
  return ctx.lockfile === null ? [lockCommand] : [];
}

function exportedInstall(ctx: InstallContext, exportCommand: string, inputs: string[], tool: string, lockCommand: string): string[] {
  return [
    `# Dependencies first, from the lockfile alone: this layer is reused until ${inputs.join(' or ')} changes.`,
    ctx.lockfile !== null
      ? `# ${tool} only exports the lock (offline, with hashes); pip installs exactly those pins into ${VENV_DIR}.`
      : `# No lockfile is committed, so ${tool} resolves one here (commit it for repeatable builds); pip installs those pins into ${VENV_DIR}.`,
    ...copyFiles(inputs),
    run([PIP_CACHE], [...lockFirst(ctx, lockCommand), `${exportCommand} --output ${EXPORTED_REQUIREMENTS}`, pip(`--require-hashes --no-deps -r ${EXPORTED_REQUIREMENTS}`)]),
    'COPY . .',
    ...projectInstall(ctx, true),
  ];
}

function uvInstall(ctx: InstallContext): string[] {
  const workspace = ctx.appInContext !== '';
  const directory = workspace ? ` --directory ${ctx.appInContext}` : '';
  const manifests = ['pyproject.toml', ...(ctx.lockfile !== null ? [ctx.lockfile] : []), ...(workspace ? [`${ctx.appInContext}/pyproject.toml`] : [])];
  // Without uv.lock, uv resolves at build time (the W_NO_LOCKFILE diagnostic says to commit one).
  const frozen = ctx.lockfile !== null ? '--frozen ' : '';
  return [
    `COPY --from=${D.image.uvImage} /uv /usr/local/bin/uv`,
    '# uv uses the image\'s interpreter, never a downloaded one, so the venv runs in the runtime stage;',
    '# bytecode is compiled here because the runtime\'s root filesystem is read-only.',
    'ENV UV_COMPILE_BYTECODE=1 \\',
    '    UV_LINK_MODE=copy \\',
    '    UV_PYTHON_DOWNLOADS=never \\',
    `    UV_PYTHON=${ctx.bases.python} \\`,
    `    UV_PROJECT_ENVIRONMENT=${VENV_DIR}`,
    `WORKDIR ${APP_DIR}`,
    `# Dependencies first, from the ${ctx.lockfile !== null ? 'lockfile' : 'manifest'} alone: this layer is reused until ${manifests.join(' or ')} changes.${workspace ? ' Only the app\'s workspace member and what it needs are installed.' : ''}`,
    ...copyFiles(manifests),
    run([UV_CACHE], [`uv sync ${frozen}--no-dev ${workspace ? '--no-install-workspace' : '--no-install-project'}${directory}`]),
    '# Then the project, installed as a package (not editable), so the venv never points into this stage.',
    'COPY . .',
    run([UV_CACHE], [`uv sync ${frozen}--no-dev --no-editable${directory}`]),
  ];
}

function poetryInstall(ctx: InstallContext): string[] {
  const dir = TOOL_VENVS.poetry;
  return [
    ...toolVenv(ctx, dir, [`poetry==${D.image.poetry}`, `poetry-plugin-export==${D.image.poetryExport}`],
      'Poetry runs from its own venv in this stage only, so no Poetry virtualenv or Poetry itself reaches the image.'),
    run([], [venvCommand(ctx, VENV_DIR)]),
    `WORKDIR ${APP_DIR}`,
    ...exportedInstall(ctx, `${dir}/bin/poetry export --only main --format requirements.txt`, ['pyproject.toml', ...(ctx.lockfile !== null ? [ctx.lockfile] : [])], 'Poetry', `${dir}/bin/poetry lock`),
  ];
}

function pipenvInstall(ctx: InstallContext): string[] {
  const dir = TOOL_VENVS.pipenv;
  const pipfile = ctx.lockfile !== null ? path.posix.join(path.posix.dirname(ctx.lockfile), 'Pipfile') : 'Pipfile';
  return [
    ...toolVenv(ctx, dir, [`pipenv==${D.image.pipenv}`], 'Pipenv runs from its own venv in this stage only; the image gets the packages, not Pipenv.'),
    run([], [venvCommand(ctx, VENV_DIR)]),
    `WORKDIR ${APP_DIR}`,
    ...copyFiles([pipfile, ...(ctx.lockfile !== null ? [ctx.lockfile] : [])]),
    ctx.lockfile !== null
      ? '# Dependencies first, from Pipfile.lock alone (default packages, with their hashes): this layer is reused until it changes.'
      : '# No Pipfile.lock is committed, so Pipenv resolves one here (commit it for repeatable builds).',
    run([PIP_CACHE], [...lockFirst(ctx, `${dir}/bin/pipenv lock`), `${dir}/bin/pipenv requirements --hash > ${EXPORTED_REQUIREMENTS}`, pip(`--require-hashes --no-deps -r ${EXPORTED_REQUIREMENTS}`)]),
    'COPY . .',
    ...projectInstall(ctx, true),
  ];
}

function pdmInstall(ctx: InstallContext): string[] {
  const dir = TOOL_VENVS.pdm;
  return [
    ...toolVenv(ctx, dir, [`pdm==${D.image.pdm}`], 'PDM runs from its own venv in this stage only; the image gets the packages, not PDM.'),
    run([], [venvCommand(ctx, VENV_DIR)]),
    'ENV PDM_CHECK_UPDATE=false',
    `WORKDIR ${APP_DIR}`,
    ...exportedInstall(ctx, `${dir}/bin/pdm export --prod --format requirements`, ['pyproject.toml', ...(ctx.lockfile !== null ? [ctx.lockfile] : [])], 'PDM', `${dir}/bin/pdm lock`),
  ];
}

/** The requirements file plain pip installs, relative to the build context: the lockfile, else the file the package manager was read from. */
function requirementsFile(model: AppModel): string | null {
  if (!['pip', 'setuptools', null].includes(model.packageManager)) return null;
  if (model.lockfile !== null) return relative(model.installRoot, model.lockfile);
  const source = model.evidence['packageManager']?.[0]?.source?.file;
  if (source === undefined || !/\.(txt|in)$/.test(source)) return null;
  return relative(model.installRoot, source);
}

/**
 * Reads what the Dockerfile needs beyond the model: the files a requirements install
 * includes. `read` takes paths relative to the analysed folder (`Project.read`).
 */
export function readDockerfileInputs(model: AppModel, read: (file: string) => string | null): DockerfileInputs {
  const root = requirementsFile(model);
  const inContext = (file: string): string => (model.installRoot === '.' ? file : `${model.installRoot}/${file}`);
  return { requirements: root === null ? null : requirementsFiles(root, (file) => read(inContext(file))) };
}

function pipToolsInstall(ctx: InstallContext): string[] {
  const lock = ctx.lockfile ?? 'requirements.txt';
  const hashes = ctx.model.lockfileHashes;
  return [
    run([], [venvCommand(ctx, VENV_DIR)]),
    `WORKDIR ${APP_DIR}`,
    `# Dependencies first, from the compiled lockfile alone: this layer is reused until ${lock} changes.`,
    hashes
      ? '# --require-hashes: every download must match a hash pip-compile recorded; --no-deps: the file already lists every package.'
      : '# --no-deps: pip-compile already listed every package, so nothing outside the lock is installed.',
    ...copyFiles([lock]),
    run([PIP_CACHE], [pip(`${hashes ? '--require-hashes ' : ''}--no-deps -r ${lock}`)]),
    'COPY . .',
    ...projectInstall(ctx, true),
  ];
}

/** The suppression `py2kube check` honours, for the cases its rule's docs name: the install needs the source. */
const SOURCE_FIRST = 'py2kube-ignore require-deps-before-source --';

/** Dependencies from the requirements files alone, then the source; the whole project first only when they need it. */
function requirementsInstall(ctx: InstallContext, file: string): string[] {
  const hashes = ctx.model.lockfileHashes && file === ctx.lockfile;
  const install = [
    ...(hashes ? ['# --require-hashes: every download must match the hashes recorded in the file.'] : []),
    run([PIP_CACHE], [pip(`${hashes ? '--require-hashes ' : ''}-r ${file}`)]),
  ];
  const included = ctx.inputs?.requirements ?? null;
  if (included === null) {
    return [`# ${file} may include other files (-r, -c), so the whole project is copied before installing.`, 'COPY . .', ...install, ...projectInstall(ctx, false)];
  }
  if (included.local.length > 0) {
    return [
      `# ${included.local.join(', ')} install${included.local.length === 1 ? 's' : ''} from a folder of the project, so the whole project is copied before installing.`,
      `# ${SOURCE_FIRST} local requirements need the source in place`,
      'COPY . .',
      ...install,
      ...projectInstall(ctx, false),
    ];
  }
  const others = included.files.filter((f) => f !== file);
  return [
    ...(others.length === 0
      ? [`# Dependencies first, from ${file} alone: this layer is reused until it changes.`]
      : [`# Dependencies first, from ${file} and the files it includes (-r, -c), each at its own path so the includes`, '# resolve: this layer is reused until one of them changes.']),
    ...copyFiles(included.files),
    ...install,
    'COPY . .',
    ...projectInstall(ctx, false),
  ];
}

/** Static requirements read from the metadata file alone; the project install then finds them installed. */
function metadataInstall(ctx: InstallContext, metadata: MetadataDependencies): string[] {
  return [
    `# Dependencies first, from ${metadata.file} alone: this layer is reused until it changes.`,
    `# ${metadata.why}`,
    '# No lockfile: pip resolves them at build time (commit a lockfile for repeatable builds).',
    ...copyFiles([metadata.file]),
    run([PIP_CACHE], [`${VENV_DIR}/bin/python -c '${metadata.program}' > ${EXPORTED_REQUIREMENTS}`, pip(`-r ${EXPORTED_REQUIREMENTS}`)]),
    'COPY . .',
    ...(ctx.model.packaged
      ? [
        '# The project is a package of its own: install it (not editable) so its modules and entry points work from any folder.',
        '# pip finds its dependencies installed and adds only those the metadata file could not give.',
        run([PIP_CACHE], [pip('.')]),
      ]
      : []),
  ];
}

function plainPipInstall(ctx: InstallContext): string[] {
  const lines = [run([], [venvCommand(ctx, VENV_DIR)]), `WORKDIR ${APP_DIR}`];
  const file = requirementsFile(ctx.model);
  if (file !== null) return [...lines, ...requirementsInstall(ctx, file)];
  const metadata = metadataDependencies(ctx.model, ctx.pythonVersion);
  if (metadata !== null) return [...lines, ...metadataInstall(ctx, metadata)];
  if (!ctx.model.packaged) return [...lines, '# The project declares no dependencies to install.', 'COPY . .'];
  return [
    ...lines,
    '# No lockfile, and the package\'s dependencies are only known by building it (setup.py computes them), so the',
    '# whole project is copied first and pip resolves them at build time (commit a lockfile for repeatable builds).',
    `# ${SOURCE_FIRST} setup.py declares the dependencies, and building it needs the source`,
    'COPY . .',
    run([PIP_CACHE], [pip('.')]),
  ];
}

function installSteps(ctx: InstallContext): string[] {
  switch (ctx.model.packageManager) {
    case 'uv': return uvInstall(ctx);
    case 'poetry': return poetryInstall(ctx);
    case 'pipenv': return pipenvInstall(ctx);
    case 'pdm': return pdmInstall(ctx);
    case 'pip-tools': return pipToolsInstall(ctx);
    case 'pip':
    case 'setuptools':
    case null: return plainPipInstall(ctx);
  }
}

/** What the image runs when the Deployment gives no command: the web server, else the Celery worker. */
export function imageCommand(model: AppModel, options: ResolvedOptions): { argv: string[]; web: boolean } {
  if (model.framework !== null || model.appPath !== null) return { argv: serverCommand(model, options), web: true };
  if (model.celery !== null && options.celery !== null) return { argv: celeryWorkerCommand(model, options), web: false };
  const firstJob = options.cronjobs[0];
  if (firstJob !== undefined) return { argv: firstJob.command, web: false };
  // Scripts and other worker systems: every Job/CronJob sets its own command; a bare run says so.
  return {
    argv: ['python', '-c', `import sys; sys.exit("${model.name}: this image has no default command; the Kubernetes Job or CronJob sets it (cronjobs in [tool.py2kube]).")`],
    web: false,
  };
}

function header(model: AppModel, options: ResolvedOptions, ctx: InstallContext): string[] {
  const pythonAt = model.pythonVersion === null ? 'py2kube\'s default: the project names none' : model.evidence['pythonVersion']?.[0]?.at ?? 'the project';
  const installer = model.packageManager === null ? 'no package manager' : `${model.packageManager}${ctx.lockfile !== null ? ` (${ctx.lockfile})` : ', no lockfile'}`;
  const dockerfile = ctx.appInContext === '' ? '' : ` -f ${ctx.appInContext}/Dockerfile`;
  const context = ctx.appInContext === '' ? 'in this folder' : `in the ${model.packageManager} workspace root (the build context)`;
  return [
    `# Image for "${model.name}", written by py2kube generate from: ${installer}, Python ${options.pythonVersion} (${pythonAt}), base image ${options.baseImage}.`,
    '# Change it with [tool.py2kube] in pyproject.toml (or py2kube.toml): python, base-image, port, workers, app; then re-run py2kube generate.',
    `# Build with BuildKit ${context}: docker build${dockerfile} --build-arg VERSION=<version> --build-arg GIT_SHA=$(git rev-parse HEAD) -t ${options.image}:<tag> .`,
    '# Base images are referenced by tag, not digest; pin them with @sha256:... (or let Renovate/Dependabot do it) for byte-identical rebuilds.',
  ];
}

/**
 * The Dockerfile (pure: same model, options, layout and inputs give the same text). Without
 * `inputs` the files a requirements file includes are unknown, so its install copies the
 * whole project first.
 */
export function synthesizeDockerfile(model: AppModel, options: ResolvedOptions, layout: Layout, inputs: DockerfileInputs | null = null): string {
  const b = bases(options);
  const appInContext = relative(model.installRoot, model.appRoot);
  const ctx: InstallContext = {
    model,
    bases: b,
    pythonVersion: options.pythonVersion,
    inputs,
    lockfile: model.lockfile === null ? null : relative(model.installRoot, model.lockfile),
    appInContext,
  };
  const compiled = compiledDependencies(model);
  if (b.distroless) {
    const needsLibs = compiled.filter((name) => D.image.compiled[name]!.runtime.length > 0);
    if (needsLibs.length > 0) {
      throw new UserError(`base-image = "distroless" cannot run ${needsLibs.join(', ')}: ${needsLibs.length === 1 ? 'it links' : 'they link'} against Debian libraries (${needsLibs.flatMap((n) => D.image.compiled[n]!.runtime).join(', ')}) that distroless has no package manager to install.`, {
        code: 'E_CONFIG_CONFLICT',
        hint: `Set base-image = "slim" in [tool.py2kube], or use the wheel-only variant (${needsLibs.map((n) => (n === 'psycopg2' ? 'psycopg2-binary' : n === 'psycopg-c' ? 'psycopg[binary]' : `${n} via a wheel`)).join(', ')}).`,
      });
    }
  }
  const { argv, web } = imageCommand(model, options);
  const buildPackages = [
    ...(b.distroless ? ['python3', 'python3-venv'] : []),
    ...(compiled.length > 0 ? ['build-essential', ...(b.distroless ? ['python3-dev'] : [])] : []),
    ...compiled.flatMap((n) => D.image.compiled[n]!.build),
  ];
  const runtimePackages = [...new Set(compiled.flatMap((n) => D.image.compiled[n]!.runtime))].sort();
  const runtimeHelpers = model.celery !== null ? path.posix.join(appInContext, layout.runtimeDir) : null;
  const uid = options.uid;

  const builder = [
    `FROM ${b.builder} AS builder`,
    ...(buildPackages.length > 0
      ? aptInstall([...new Set(buildPackages)].sort(), [
        ...(b.distroless ? [`Debian's python3 is the interpreter ${b.runtime} ships, at the same path.`] : []),
        ...(compiled.length > 0 ? [`${compiled.join(', ')} compile${compiled.length === 1 ? 's' : ''} from source: a C toolchain and headers, in this stage only.`] : []),
      ].join(' '))
      : []),
    ...(model.packageManager === 'uv' ? [] : ['ENV PIP_DISABLE_PIP_VERSION_CHECK=1']),
    ...installSteps(ctx),
  ];

  const env = [
    'PYTHONUNBUFFERED=1',
    'PYTHONDONTWRITEBYTECODE=1',
    `PATH=${VENV_DIR}/bin:$PATH`,
    ...(runtimeHelpers !== null ? [`PYTHONPATH=${RUNTIME_DIR}`] : []),
    ...(web ? [`WEB_CONCURRENCY=${options.workers}`] : []),
    'HOME=/tmp',
    'APP_VERSION=${VERSION}',
  ];
  const runtime = [
    `FROM ${b.runtime}`,
    'ARG VERSION=dev',
    'ARG GIT_SHA=unknown',
    'ARG SOURCE_URL=""',
    `LABEL org.opencontainers.image.title="${model.name}" \\`,
    '      org.opencontainers.image.version="${VERSION}" \\',
    '      org.opencontainers.image.revision="${GIT_SHA}" \\',
    '      org.opencontainers.image.source="${SOURCE_URL}"',
    ...(runtimePackages.length > 0 ? aptInstall(runtimePackages, `Shared libraries ${compiled.join(', ')} link against at run time.`) : []),
    ...(b.distroless
      ? ['# distroless has no shell or useradd: the numeric USER below needs no passwd entry.']
      : [
        `# The user exists with numeric ids; USER names the ids so the kubelet can verify runAsNonRoot (a named USER fails with CreateContainerConfigError).`,
        run([], [`groupadd --system --gid ${uid} app`, `useradd --system --uid ${uid} --gid ${uid} --no-create-home --home-dir /tmp --shell /usr/sbin/nologin app`]),
      ]),
    '# HOME=/tmp: the pod mounts a writable emptyDir there under a read-only root. gunicorn >= 25.1 creates its',
    '# control socket in $HOME/.gunicorn at start, and other libraries write caches under $HOME.',
    `ENV ${env.join(' \\\n    ')}`,
    '# The venv and the source belong to root and are read-only for the app user; nothing is installed at start.',
    `COPY --from=builder ${VENV_DIR} ${VENV_DIR}`,
    `COPY --from=builder ${APP_DIR} ${APP_DIR}`,
    ...(runtimeHelpers !== null ? [`COPY ${runtimeHelpers} ${RUNTIME_DIR}`] : []),
    `WORKDIR ${containerDir(model, model.workdir)}`,
    `USER ${uid}:${uid}`,
    ...(web ? [`EXPOSE ${model.port}`] : []),
    ...(b.distroless ? ['# The distroless image\'s entrypoint is python3; the CMD below is the whole command.', 'ENTRYPOINT []'] : []),
    '# Exec form: the server is PID 1 and receives SIGTERM itself.',
    `CMD [${argv.map((a) => JSON.stringify(a)).join(', ')}]`,
  ];

  return [
    '# syntax=docker/dockerfile:1',
    ...header(model, options, ctx),
    '',
    ...builder,
    '',
    ...runtime,
    '',
  ].join('\n');
}
