import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { detect } from '../../src/analyze/index.ts';
import { GENERATE_DEFAULTS as D } from '../../src/config/defaults.ts';
import type { Config } from '../../src/config/schema.ts';
import { isUserError } from '../../src/errors.ts';
import { celeryWorkerCommand, serverCommand } from '../../src/synth/commands.ts';
import { compiledDependencies, readDockerfileInputs, synthesizeDockerfile } from '../../src/synth/dockerfile.ts';
import { resolveOptions } from '../../src/synth/options.ts';
import { REPO_ROOT, testdir } from '../helpers/project.ts';
import { check } from '../../src/lint/index.ts';
import { findPython, hadolint } from '../helpers/python-tools.ts';

const LAYOUT = { outDir: 'deploy', runtimeDir: 'deploy/runtime' };

async function generate(dir: string, config: Config = {}) {
  const absolute = path.isAbsolute(dir) ? dir : path.join(REPO_ROOT, dir);
  const { model, config: loaded, project } = await detect(absolute);
  const options = resolveOptions(model, { ...loaded.config, ...config });
  return { model, options, text: synthesizeDockerfile(model, options, LAYOUT, readDockerfileInputs(model, (f) => project.read(f))) };
}

/** What `py2kube check` reports for require-deps-before-source on a Dockerfile text. */
async function depsBeforeSourceFindings(text: string): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-dockerfile-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), text);
    const result = await check(['Dockerfile'], { cwd: dir, severity: 'info' });
    return result.findings.filter((f) => f.rule === 'require-deps-before-source').map((f) => `${f.line}: ${f.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

interface Stage { from: string; instructions: Instruction[] }

function stagesOf(text: string): Stage[] {
  const stages: Stage[] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') stages.push({ from: instruction.getArgumentsContent() ?? '', instructions: [] });
    else stages.at(-1)!.instructions.push(instruction);
  }
  return stages;
}

function of(stage: Stage, keyword: string): Instruction[] {
  return stage.instructions.filter((i) => i.getKeyword() === keyword);
}

function envOf(stage: Stage): Record<string, string> {
  const env: Record<string, string> = {};
  for (const instruction of of(stage, 'ENV')) {
    for (const p of (instruction as unknown as { getProperties(): Array<{ getName(): string; getValue(): string }> }).getProperties()) env[p.getName()] = p.getValue();
  }
  return env;
}

function runs(stage: Stage): string[] {
  return of(stage, 'RUN').map((i) => (i.getArgumentsContent() ?? '').replace(/\s+/g, ' '));
}

function cmdOf(stage: Stage): string[] | null {
  const [cmd] = of(stage, 'CMD');
  if (cmd === undefined) return null;
  // JSON.parse rather than dockerfile-ast's getJSONValue, which drops the spaces inside strings.
  return JSON.parse(cmd.getArgumentsContent() ?? 'null') as string[];
}

/** What every generated image must be, whatever the package manager. */
function assertProductionImage(text: string, pythonVersion: string, expectedCmd: string[]): { builder: Stage; runtime: Stage } {
  const stages = stagesOf(text);
  assert.equal(stages.length, 2, 'a builder and a runtime stage');
  const [builder, runtime] = stages as [Stage, Stage];
  assert.match(builder.from, / AS builder$/);
  assert.equal(builder.from, `python:${pythonVersion}-slim AS builder`, 'the builder uses the project\'s Python');
  assert.equal(runtime.from, `python:${pythonVersion}-slim`, 'the runtime uses the project\'s Python');
  const users = of(runtime, 'USER').map((u) => u.getArgumentsContent());
  assert.deepEqual(users, [`${D.uid}:${D.uid}`], 'one numeric USER, so runAsNonRoot can be verified');
  const env = envOf(runtime);
  assert.equal(env['PYTHONUNBUFFERED'], '1');
  assert.equal(env['PYTHONDONTWRITEBYTECODE'], '1');
  assert.equal(env['PATH'], '/opt/venv/bin:$PATH');
  assert.equal(env['HOME'], '/tmp');
  assert.match(text, /^CMD \[".*"\]$/m, 'exec-form CMD (a JSON array)');
  assert.deepEqual(cmdOf(runtime), expectedCmd);
  // Nothing is installed at container start: the runtime stage only creates the user (or
  // installs shared libraries at build time); no ENTRYPOINT script, no installer in the CMD.
  for (const command of runs(runtime)) assert.doesNotMatch(command, /\b(pip|uv|poetry|pipenv|pdm)\b/, `runtime RUN installs nothing Python: ${command}`);
  assert.equal(of(runtime, 'ENTRYPOINT').length, 0);
  assert.doesNotMatch(expectedCmd.join(' '), /\b(pip|uv|poetry|pipenv) /);
  assert.deepEqual(of(runtime, 'COPY').filter((c) => c.getArgumentsContent()?.startsWith('/opt/venv')).length, 1, 'the runtime copies the venv built by the builder');
  assert.match(text, /^ARG VERSION=dev$/m);
  assert.match(text, /^ARG GIT_SHA=unknown$/m);
  assert.equal(env['APP_VERSION'], '${VERSION}');
  for (const label of ['title', 'version', 'revision', 'source']) assert.match(text, new RegExp(`org\\.opencontainers\\.image\\.${label}=`));
  return { builder, runtime };
}

test('uv (shop-fastapi): lockfile-only dependency layer with cache mounts, then a non-editable sync, gunicorn with uvicorn workers', async () => {
  const { model, options, text } = await generate('examples/shop-fastapi');
  assert.equal(model.pythonVersion, '3.11');
  const { builder, runtime } = assertProductionImage(text, '3.11', serverCommand(model, options));
  assert.deepEqual(runs(builder), [
    'uv sync --frozen --no-dev --no-install-project',
    'uv sync --frozen --no-dev --no-editable',
  ]);
  assert.match(text, /RUN --mount=type=cache,target=\/root\/\.cache\/uv \\\n {4}uv sync --frozen --no-dev --no-install-project/);
  assert.match(text, new RegExp(`^COPY --from=${D.image.uvImage.replace(/[.]/g, '\\.')} /uv /usr/local/bin/uv$`, 'm'));
  const env = envOf(builder);
  assert.equal(env['UV_COMPILE_BYTECODE'], '1');
  assert.equal(env['UV_LINK_MODE'], 'copy');
  assert.equal(env['UV_PROJECT_ENVIRONMENT'], '/opt/venv');
  assert.equal(env['UV_PYTHON'], '/usr/local/bin/python3.11', 'the venv links to the interpreter the runtime image has');
  const copies = of(builder, 'COPY').map((c) => c.getArgumentsContent());
  assert.deepEqual(copies.slice(1, 2), ['pyproject.toml uv.lock ./'], 'the dependency layer sees only the manifests');
  assert.equal(envOf(runtime)['WEB_CONCURRENCY'], String(options.workers));
  assert.deepEqual(of(runtime, 'WORKDIR').map((w) => w.getArgumentsContent()), ['/app/src']);
  assert.deepEqual(of(runtime, 'EXPOSE').map((w) => w.getArgumentsContent()), ['8000']);
  // Celery is in the project, so the generated wrapper module is copied onto PYTHONPATH.
  assert.match(text, /^COPY deploy\/runtime \/opt\/py2kube$/m);
  assert.equal(envOf(runtime)['PYTHONPATH'], '/opt/py2kube');
  assert.doesNotMatch(text, /apt-get/, 'psycopg[binary] and asyncpg ship wheels: no compilers');
});

test('uv workspace: the build context is the workspace root and only the app member is installed', async () => {
  const { model, options, text } = await generate('fixtures/projects/uv-workspace-root-lock');
  assert.equal(model.installRoot, '.');
  assert.equal(model.appRoot, 'packages/api');
  const { builder, runtime } = assertProductionImage(text, '3.12', serverCommand(model, options));
  assert.deepEqual(runs(builder), [
    'uv sync --frozen --no-dev --no-install-workspace --directory packages/api',
    'uv sync --frozen --no-dev --no-editable --directory packages/api',
  ]);
  assert.match(text, /^COPY pyproject\.toml uv\.lock \.\/$/m);
  assert.match(text, /^COPY packages\/api\/pyproject\.toml packages\/api\/pyproject\.toml$/m);
  assert.deepEqual(of(runtime, 'WORKDIR').map((w) => w.getArgumentsContent()), ['/app/packages/api/src']);
  assert.match(text, /docker build -f packages\/api\/Dockerfile/, 'the header says how to build from the workspace root');
});

test('pip-tools with hashes (blog-django): --require-hashes --no-deps from the compiled lockfile alone', async () => {
  const { model, options, text } = await generate('examples/blog-django');
  assert.equal(model.lockfileHashes, true);
  const { builder } = assertProductionImage(text, '3.11', serverCommand(model, options));
  assert.deepEqual(runs(builder), [
    '/usr/local/bin/python3.11 -m venv /opt/venv',
    '/opt/venv/bin/pip install --require-hashes --no-deps -r requirements.txt',
  ]);
  assert.match(text, /^COPY requirements\.txt \.\/\nRUN --mount=type=cache,target=\/root\/\.cache\/pip/m);
});

test('pip-tools without hashes (django-pip-tools-celery-beat): --no-deps, no --require-hashes, Python 3.12 from the pip-compile header', async () => {
  const { model, options, text } = await generate('fixtures/projects/django-pip-tools-celery-beat');
  assert.equal(model.lockfileHashes, false);
  const { builder } = assertProductionImage(text, '3.12', serverCommand(model, options));
  assert.deepEqual(runs(builder), [
    '/usr/local/bin/python3.12 -m venv /opt/venv',
    '/opt/venv/bin/pip install --no-deps -r requirements.txt',
  ]);
});

test('Poetry (notes-flask): a pinned Poetry in its own builder venv exports main deps with hashes; the package installs with --no-deps', async () => {
  const { model, options, text } = await generate('examples/notes-flask');
  assert.equal(model.packaged, true);
  const { builder, runtime } = assertProductionImage(text, '3.11', serverCommand(model, options));
  assert.deepEqual(runs(builder), [
    `/usr/local/bin/python3.11 -m venv /opt/poetry && /opt/poetry/bin/pip install poetry==${D.image.poetry} poetry-plugin-export==${D.image.poetryExport}`,
    '/usr/local/bin/python3.11 -m venv /opt/venv',
    '/opt/poetry/bin/poetry export --only main --format requirements.txt --output /tmp/requirements.txt && /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.txt',
    '/opt/venv/bin/pip install --no-deps .',
  ]);
  assert.doesNotMatch(of(runtime, 'COPY').map((c) => c.getArgumentsContent()).join('\n'), /poetry/, 'Poetry stays in the builder');
});

test('Pipenv (pipfile-flask): Pipfile.lock exported with hashes and installed by pip; no Pipenv in the runtime image', async () => {
  const { model, options, text } = await generate('fixtures/projects/pipfile-flask');
  const { builder, runtime } = assertProductionImage(text, '3.11', serverCommand(model, options));
  assert.deepEqual(runs(builder), [
    `/usr/local/bin/python3.11 -m venv /opt/pipenv && /opt/pipenv/bin/pip install pipenv==${D.image.pipenv}`,
    '/usr/local/bin/python3.11 -m venv /opt/venv',
    '/opt/pipenv/bin/pipenv requirements --hash > /tmp/requirements.txt && /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.txt',
  ]);
  assert.match(text, /^COPY Pipfile Pipfile\.lock \.\/$/m);
  assert.doesNotMatch(runtime.instructions.map((i) => i.getArgumentsContent()).join('\n'), /pipenv/i);
});

test('plain pip with a pinned requirements file: the file alone is copied and installed with -r, then the source', async () => {
  const dir = testdir({
    'requirements.txt': 'flask==3.1.3\ngunicorn==27.0.1\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
    'runtime.txt': 'python-3.12.4\n',
  });
  try {
    const { model, options, text } = await generate(dir);
    assert.equal(model.packageManager, 'pip');
    const { builder } = assertProductionImage(text, '3.12', serverCommand(model, options));
    assert.deepEqual(runs(builder), ['/usr/local/bin/python3.12 -m venv /opt/venv', '/opt/venv/bin/pip install -r requirements.txt']);
    assert.match(text, /^COPY requirements\.txt \.\/\nRUN --mount=type=cache,target=\/root\/\.cache\/pip \\\n {4}\/opt\/venv\/bin\/pip install -r requirements\.txt\nCOPY \. \.$/m);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('plain pip with includes (requirements-includes): every -r and -c file is copied at its own path before the install', async () => {
  const { model, options, text } = await generate('fixtures/projects/requirements-includes');
  const { builder } = assertProductionImage(text, '3.13', serverCommand(model, options));
  assert.deepEqual(of(builder, 'COPY').map((c) => c.getArgumentsContent()), [
    'requirements.txt constraints.txt ./',
    'requirements/base.txt requirements/base.txt',
    '. .',
  ], 'requirements.txt includes requirements/base.txt and constrains with constraints.txt; requirements-dev.txt is not read');
  assert.match(text, /^COPY requirements\/base\.txt requirements\/base\.txt\nRUN --mount=type=cache,target=\/root\/\.cache\/pip \\\n {4}\/opt\/venv\/bin\/pip install -r requirements\.txt\nCOPY \. \.$/m);
});

test('includes are followed relative to the file that names them, recursively, each file once; remote, outside and missing ones skipped', async () => {
  const dir = testdir({
    'requirements.txt': '-r requirements/prod.txt\n--constraint=constraints.txt\n-r https://example.com/remote.txt\n',
    'requirements/prod.txt': '-r base.txt\n-c ../constraints.txt\nflask==3.1.3\n',
    'requirements/base.txt': '--requirement prod.txt\n-r missing.txt\n-r ../../outside.txt\ngunicorn==27.0.1\n',
    'constraints.txt': 'flask==3.1.3\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  });
  try {
    const { model, project } = await detect(dir);
    const { requirements } = readDockerfileInputs(model, (f) => project.read(f));
    assert.deepEqual(requirements, { files: ['requirements.txt', 'requirements/prod.txt', 'requirements/base.txt', 'constraints.txt'], local: [] });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a requirements file that installs a folder of the project copies the whole project first, with the suppression saying why', async () => {
  const dir = testdir({
    'requirements.txt': 'flask==3.1.3\ngunicorn==27.0.1\n-e ./libs/billing\n',
    'libs/billing/pyproject.toml': '[project]\nname = "billing"\nversion = "1.0"\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  });
  try {
    const { text } = await generate(dir);
    assert.match(text, /^# requirements\.txt:3 installs from a folder of the project, so the whole project is copied before installing\.\n# py2kube-ignore require-deps-before-source -- .+\nCOPY \. \.\nRUN --mount=type=cache,target=\/root\/\.cache\/pip \\\n {4}\/opt\/venv\/bin\/pip install -r requirements\.txt$/m);
    assert.deepEqual(await depsBeforeSourceFindings(text), [], 'the suppression is one check accepts');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('without the project files read, a requirements install copies the whole project first (its includes are unknown)', async () => {
  const { model, config } = await detect(path.join(REPO_ROOT, 'fixtures/projects/requirements-includes'));
  const text = synthesizeDockerfile(model, resolveOptions(model, config.config), LAYOUT);
  assert.match(text, /^# requirements\.txt may include other files \(-r, -c\), so the whole project is copied before installing\.\nCOPY \. \.$/m);
});

test('PDM and setuptools-only projects install correctly and simply (pdm export; setup.cfg requirements, then pip install .)', async () => {
  const pdm = await generate('fixtures/projects/pdm-starlette');
  assert.deepEqual(runs(stagesOf(pdm.text)[0]!), [
    `/usr/local/bin/python3.13 -m venv /opt/pdm && /opt/pdm/bin/pip install pdm==${D.image.pdm}`,
    '/usr/local/bin/python3.13 -m venv /opt/venv',
    '/opt/pdm/bin/pdm export --prod --format requirements --output /tmp/requirements.txt && /opt/venv/bin/pip install --require-hashes --no-deps -r /tmp/requirements.txt',
  ], '[tool.pdm] distribution = false: the project itself is not installed');
  const setuptools = await generate('fixtures/projects/setuptools-static-metadata');
  const builder = stagesOf(setuptools.text)[0]!;
  assert.deepEqual(runs(builder).map((r) => r.replace(/-c '.*'/, "-c '…'")), [
    '/usr/local/bin/python3.13 -m venv /opt/venv',
    "/opt/venv/bin/python -c '…' > /tmp/requirements.txt && /opt/venv/bin/pip install -r /tmp/requirements.txt",
    '/opt/venv/bin/pip install .',
  ]);
  assert.deepEqual(of(builder, 'COPY').map((c) => c.getArgumentsContent()), ['setup.cfg ./', '. .'], 'the dependency layer sees only setup.cfg');
});

test('a no-lock [project] package (fastapi-metrics-health) installs its static dependencies from pyproject.toml alone, then itself', async () => {
  const { model, options, text } = await generate('fixtures/projects/fastapi-metrics-health');
  assert.equal(model.lockfile, null);
  const { builder } = assertProductionImage(text, '3.13', serverCommand(model, options));
  assert.deepEqual(of(builder, 'COPY').map((c) => c.getArgumentsContent()), ['pyproject.toml ./', '. .']);
  assert.deepEqual(runs(builder).map((r) => r.replace(/-c '.*'/, "-c '…'")), [
    '/usr/local/bin/python3.13 -m venv /opt/venv',
    "/opt/venv/bin/python -c '…' > /tmp/requirements.txt && /opt/venv/bin/pip install -r /tmp/requirements.txt",
    '/opt/venv/bin/pip install .',
  ]);
  assert.match(text, /^# No lockfile: pip resolves them at build time/m);
});

/** The `python -c` program of the builder's dependency layer, run in `dir` with `python`. */
function runMetadataProgram(text: string, python: string, dir: string): { status: number | null; lines: string[]; stderr: string } {
  const program = /python -c '(.*)' > \/tmp\/requirements\.txt/.exec(text)![1]!;
  const result = spawnSync(python, ['-c', program], { cwd: dir, encoding: 'utf8' });
  return { status: result.status, lines: result.stdout.split('\n').map((l) => l.trim()).filter((l) => l !== ''), stderr: result.stderr };
}

test('the dependency-layer programs print exactly the declared requirements: static [project], dynamic [project] (none), setup.cfg', async () => {
  const python = findPython('3.13');
  const fastapi = await generate('fixtures/projects/fastapi-metrics-health');
  const dirOf = (p: string): string => path.join(REPO_ROOT, p);
  if (python.ok) {
    assert.deepEqual(runMetadataProgram(fastapi.text, python.value, dirOf('fixtures/projects/fastapi-metrics-health')).lines,
      ['fastapi>=0.115', 'uvicorn[standard]>=0.30', 'prometheus-fastapi-instrumentator>=7.0']);
    const setuptools = await generate('fixtures/projects/setuptools-static-metadata');
    assert.deepEqual(runMetadataProgram(setuptools.text, python.value, dirOf('fixtures/projects/setuptools-static-metadata')).lines,
      ['Flask>=3.0', 'gunicorn>=22.0', 'python-dotenv>=1.0', 'backports.zoneinfo; python_version < "3.9"']);
  } else {
    console.log(`# SKIP Python 3.13 programs: ${python.reason}`);
  }
  const dynamic = testdir({
    'pyproject.toml': '[project]\nname = "svc"\nversion = "1.0"\nrequires-python = ">=3.10,<3.11"\ndynamic = ["dependencies"]\n\n[tool.setuptools.dynamic]\ndependencies = { file = ["deps.txt"] }\n\n[build-system]\nrequires = ["setuptools>=77"]\nbuild-backend = "setuptools.build_meta"\n',
    'deps.txt': 'requests>=2\n',
    'svc/__init__.py': '',
  });
  try {
    const { text } = await generate(dynamic);
    assert.match(text, /from pip\._vendor import tomli as tomllib/, 'Python 3.10 has no tomllib: the TOML reader pip vendors is used');
    const python310 = findPython('3.10');
    if (!python310.ok) return console.log(`# SKIP Python 3.10 program: ${python310.reason}`);
    const venv = path.join(dynamic, '.venv-test');
    spawnSync(python310.value, ['-m', 'venv', venv]);
    const result = runMetadataProgram(text, path.join(venv, 'bin', 'python'), dynamic);
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(result.lines, [], 'dynamic dependencies are left to the project install');
  } finally {
    fs.rmSync(dynamic, { recursive: true, force: true });
  }
});

test('a package whose setup.py computes its dependencies is copied whole before pip install ., with the suppression saying why', async () => {
  const dir = testdir({
    'setup.py': 'import setuptools\n\nsetuptools.setup(name="etl", version="1.0", install_requires=open("deps.txt").read().split())\n',
    'deps.txt': 'requests\n',
    'etl/__init__.py': '',
    'etl/job.py': 'print("done")\n',
  });
  try {
    const { text } = await generate(dir);
    const builder = stagesOf(text)[0]!;
    assert.deepEqual(of(builder, 'COPY').map((c) => c.getArgumentsContent()), ['. .']);
    assert.match(text, /^# py2kube-ignore require-deps-before-source -- .+\nCOPY \. \.\nRUN --mount=type=cache,target=\/root\/\.cache\/pip \\\n {4}\/opt\/venv\/bin\/pip install \.$/m);
    assert.deepEqual(await depsBeforeSourceFindings(text), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('compilers are added only when a dependency builds from source, with the runtime library it links', async () => {
  const dir = testdir({
    'requirements.txt': 'django==5.2.1\ngunicorn==23.0.0\npsycopg2==2.9.10\n',
    'config/wsgi.py': 'from django.core.wsgi import get_wsgi_application\napplication = get_wsgi_application()\n',
    'manage.py': 'import os\nos.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")\n',
    '.python-version': '3.12\n',
  });
  try {
    const { model, text } = await generate(dir);
    assert.deepEqual(compiledDependencies(model), ['psycopg2']);
    const [builder, runtime] = stagesOf(text) as [Stage, Stage];
    assert.equal(runs(builder)[0], 'apt-get update && apt-get install -y --no-install-recommends build-essential libpq-dev && rm -rf /var/lib/apt/lists/*');
    assert.equal(runs(runtime)[0], 'apt-get update && apt-get install -y --no-install-recommends libpq5 && rm -rf /var/lib/apt/lists/*');
    assert.match(text, /# hadolint ignore=DL3008\nRUN apt-get update/, 'the unpinned apt packages are a justified ignore');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const shop = await generate('examples/shop-fastapi');
  assert.deepEqual(compiledDependencies(shop.model), [], 'psycopg[binary] is a wheel');
});

test('distroless: Debian 13 builder and runtime share python3.13; no shell, numeric user, empty ENTRYPOINT', async () => {
  const { text } = await generate('fixtures/projects/pdm-starlette', { 'base-image': 'distroless' });
  const [builder, runtime] = stagesOf(text) as [Stage, Stage];
  assert.equal(builder.from, `${D.image.distroless.builder} AS builder`);
  assert.equal(runtime.from, D.image.distroless.image);
  assert.ok(runs(builder).some((r) => r.includes('apt-get install -y --no-install-recommends python3 python3-venv')));
  assert.ok(runs(builder).includes('/usr/bin/python3.13 -m venv /opt/venv'), 'the venv links to /usr/bin/python3.13, which the distroless image has');
  assert.deepEqual(runs(runtime), [], 'distroless has no shell to RUN anything');
  assert.deepEqual(of(runtime, 'USER').map((u) => u.getArgumentsContent()), ['10001:10001']);
  assert.deepEqual(of(runtime, 'ENTRYPOINT').map((e) => e.getArgumentsContent()), ['[]']);
});

test('distroless is refused, saying why and what to do, when the project is not on its Python', async () => {
  await assert.rejects(generate('examples/shop-fastapi', { 'base-image': 'distroless' }), (error: unknown) => {
    assert.ok(isUserError(error));
    assert.equal(error.code, 'E_CONFIG_CONFLICT');
    assert.match(error.message, /base-image = "distroless" needs Python 3\.13, but the project runs on Python 3\.11/);
    assert.match(error.hint ?? '', /base-image = "slim"/);
    return true;
  });
});

test('a Celery-only project runs the worker by default, exposes no port and gets the wrapper module', async () => {
  const { model, options, text } = await generate('fixtures/projects/celery-worker-only');
  const [, runtime] = stagesOf(text) as [Stage, Stage];
  assert.deepEqual(cmdOf(runtime), celeryWorkerCommand(model, options));
  assert.equal(of(runtime, 'EXPOSE').length, 0);
  assert.equal(envOf(runtime)['WEB_CONCURRENCY'], undefined);
  assert.match(text, /^COPY deploy\/runtime \/opt\/py2kube$/m);
  assert.match(text, /Python 3\.13 \(py2kube's default: the project names none\)/, 'the header says where the Python version came from');
});

test('a script project gets an exec-form CMD that explains the Job or CronJob sets the command', async () => {
  const { text } = await generate('fixtures/projects/etl-script-no-framework');
  const [, runtime] = stagesOf(text) as [Stage, Stage];
  const cmd = cmdOf(runtime)!;
  assert.equal(cmd[0], 'python');
  assert.match(cmd[2]!, /no default command; the Kubernetes Job or CronJob sets it/);
  assert.equal(of(runtime, 'EXPOSE').length, 0);
  assert.doesNotMatch(text, /\/opt\/py2kube/, 'no runtime helpers without Celery');
});

test('the header says it is generated, from which inputs, and where to change it', async () => {
  const { text } = await generate('examples/shop-fastapi');
  const lines = text.split('\n');
  assert.equal(lines[0], '# syntax=docker/dockerfile:1');
  assert.match(lines[1]!, /^# Image for "shop", written by py2kube generate from: uv \(uv\.lock\), Python 3\.11 \(\.python-version:1\), base image slim\.$/);
  assert.match(lines[2]!, /\[tool\.py2kube\] in pyproject\.toml \(or py2kube\.toml\)/);
  assert.doesNotMatch(lines[1]!, /^# Generated by py2kube/, 'render adds its own ownership header; this line must not be mistaken for it');
});

test('the same input gives byte-identical output', async () => {
  const a = await generate('examples/shop-fastapi');
  const b = await generate('examples/shop-fastapi');
  assert.equal(a.text, b.text);
});

test('every generated Dockerfile passes hadolint with no findings (ignores are justified in the file)', async (t) => {
  const binary = hadolint();
  if (!binary.ok) {
    console.log(`# SKIP hadolint: ${binary.reason}`);
    return t.skip(binary.reason);
  }
  const projects = [
    ...fs.readdirSync(path.join(REPO_ROOT, 'fixtures/projects')).map((p) => `fixtures/projects/${p}`),
    ...fs.readdirSync(path.join(REPO_ROOT, 'examples'), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => `examples/${e.name}`),
  ];
  const texts: Array<[string, string]> = [];
  for (const project of projects) {
    try {
      texts.push([project, (await generate(project)).text]);
    } catch (error) {
      // Projects py2kube refuses (no production server, invalid TOML) have no Dockerfile to lint.
      if (!isUserError(error)) throw error;
    }
  }
  texts.push(['pdm-starlette (distroless)', (await generate('fixtures/projects/pdm-starlette', { 'base-image': 'distroless' })).text]);
  const compiled = testdir({ 'requirements.txt': 'flask==3.1.3\ngunicorn==23.0.0\nmysqlclient==2.2.7\n', 'app.py': 'from flask import Flask\napp = Flask(__name__)\n' });
  texts.push(['mysqlclient (compilers)', (await generate(compiled)).text]);
  fs.rmSync(compiled, { recursive: true, force: true });
  assert.ok(texts.length >= 20, `linted ${texts.length} Dockerfiles`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-hadolint-'));
  const findings: string[] = [];
  for (const [name, text] of texts) {
    const file = path.join(dir, `${name.replace(/[^\w.-]+/g, '_')}.Dockerfile`);
    fs.writeFileSync(file, text);
    const result = spawnSync(binary.value, ['--no-color', file], { encoding: 'utf8' });
    if (result.status !== 0 || result.stdout.trim() !== '') findings.push(`${name}:\n${result.stdout}${result.stderr}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(findings, []);
  // hadolint itself must catch problems, or a clean run proves nothing.
  const bad = spawnSync(binary.value, ['--no-color', '-'], { input: 'FROM python\nCMD python app.py\n', encoding: 'utf8' });
  assert.match(bad.stdout, /DL3006/);
  assert.match(bad.stdout, /DL3025/);
});

test('without a committed lockfile the installer resolves in the builder, and nothing claims --frozen', async () => {
  const poetry = testdir({
    'pyproject.toml': '[tool.poetry]\nname = "svc"\nversion = "0.1.0"\npackage-mode = false\n\n[tool.poetry.dependencies]\npython = "~3.12"\nflask = "^3.1"\ngunicorn = ">=23"\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  });
  const uv = testdir({
    'pyproject.toml': '[project]\nname = "svc"\nversion = "0.1.0"\nrequires-python = ">=3.12,<3.13"\ndependencies = ["flask>=3.1", "gunicorn>=23"]\n\n[tool.uv]\ndev-dependencies = []\n',
    'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
  });
  try {
    const p = await generate(poetry);
    assert.equal(p.model.packageManager, 'poetry');
    assert.equal(p.model.lockfile, null);
    assert.ok(runs(stagesOf(p.text)[0]!).some((r) => r.startsWith('/opt/poetry/bin/poetry lock && /opt/poetry/bin/poetry export')));
    assert.match(p.text, /^COPY pyproject\.toml \.\/$/m);
    const u = await generate(uv);
    assert.equal(u.model.packageManager, 'uv');
    assert.equal(u.model.lockfile, null);
    assert.deepEqual(runs(stagesOf(u.text)[0]!), ['uv sync --no-dev --no-install-project', 'uv sync --no-dev --no-editable']);
  } finally {
    fs.rmSync(poetry, { recursive: true, force: true });
    fs.rmSync(uv, { recursive: true, force: true });
  }
});
