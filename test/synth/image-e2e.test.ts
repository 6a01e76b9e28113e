import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { detect } from '../../src/analyze/index.ts';
import { celeryRuntimeModule, CELERY_RUNTIME_FILE } from '../../src/synth/celery-runtime.ts';
import { readDockerfileInputs, synthesizeDockerfile } from '../../src/synth/dockerfile.ts';
import { resolveOptions } from '../../src/synth/options.ts';
import { runBuilder, startAndGet, type BuildTools } from '../helpers/image-build.ts';
import { REPO_ROOT, testdir } from '../helpers/project.ts';
import { findPython, toolVenv, type ToolName } from '../helpers/python-tools.ts';

/**
 * The generated install and start commands really work: each test generates the Dockerfile of a
 * real project, runs its builder stage's install steps for real (real uv / Poetry / Pipenv / pip
 * from PyPI) into a fresh venv, then starts the image's CMD from its WORKDIR with its ENV and
 * gets an HTTP answer from the app. Tool venvs are cached under os.tmpdir(); the project
 * installs run every time.
 */

const LAYOUT = { outDir: 'deploy', runtimeDir: 'deploy/runtime' };
const timings: string[] = [];

function skip(t: TestContext, reason: string): void {
  // Printed so a skipped end-to-end check is never mistaken for a passing one.
  console.log(`# SKIP ${t.name}: ${reason}`);
  t.skip(reason);
}

interface Case {
  dir: string;
  tools: ToolName[];
  urlPath: string;
  env?: Record<string, string>;
  /** Asserts on the generated Dockerfile before it runs. */
  check?: (dockerfile: string) => void;
}

async function installAndStart(t: TestContext, c: Case): Promise<void> {
  const started = Date.now();
  const { model, config, project } = await detect(c.dir);
  const options = resolveOptions(model, config.config);
  const python = findPython(options.pythonVersion);
  if (!python.ok) return skip(t, python.reason);
  const venvs: BuildTools['venvs'] = {};
  for (const tool of c.tools) {
    const venv = toolVenv(tool);
    if (!venv.ok) return skip(t, `${tool}: ${venv.reason}`);
    venvs[tool as keyof BuildTools['venvs']] = venv.value;
  }
  const dockerfile = synthesizeDockerfile(model, options, LAYOUT, readDockerfileInputs(model, (f) => project.read(f)));
  c.check?.(dockerfile);
  const contextDir = path.join(c.dir, model.installRoot);
  const runtimeFiles = model.celery === null ? [] : [{ path: path.posix.join(path.posix.relative(model.installRoot === '.' ? '' : model.installRoot, model.appRoot === '.' ? '' : model.appRoot), LAYOUT.runtimeDir, CELERY_RUNTIME_FILE), content: celeryRuntimeModule(model, options) }];
  const built = runBuilder(dockerfile, contextDir, { python: python.value, venvs }, options.pythonVersion, runtimeFiles);
  try {
    assert.ok(built.steps.length > 0, 'the builder ran install steps');
    // The app is served from the image's venv, not from anything on this machine.
    const answer = await startAndGet(built, c.urlPath, c.env ?? {});
    assert.ok(answer.status > 0 && answer.status < 500, `GET ${c.urlPath} answered ${answer.status}\n${answer.output.slice(-2000)}`);
    assert.doesNotMatch(answer.output, /Control server error|Permission denied/, 'the server starts cleanly with HOME on the writable /tmp');
    const seconds = (Date.now() - started) / 1000;
    timings.push(`${path.basename(c.dir)} (${model.packageManager}): ${seconds.toFixed(1)} s in all; install ${built.steps.reduce((s, x) => s + x.seconds, 0).toFixed(1)} s; start+GET ${answer.seconds.toFixed(1)} s → ${answer.status}`,
      ...built.steps.map((step) => `    ${step.seconds.toFixed(1)} s  ${step.command.replace(built.root, '<root>').slice(0, 110)}`));
  } finally {
    fs.rmSync(built.root, { recursive: true, force: true });
  }
}

test('uv: a workspace member installs from the root lockfile and its uvicorn CMD answers', async (t) => {
  await installAndStart(t, { dir: path.join(REPO_ROOT, 'fixtures/projects/uv-workspace-root-lock'), tools: ['uv'], urlPath: '/healthz' });
});

test('uv: shop-fastapi installs with uv sync --frozen and its gunicorn + uvicorn-worker CMD answers', async (t) => {
  const ready = spawnSync('pg_isready', ['-h', '127.0.0.1', '-p', '5432'], { encoding: 'utf8' });
  if (ready.status !== 0) return skip(t, 'PostgreSQL is not reachable on 127.0.0.1:5432 (the app opens its pool at start)');
  await installAndStart(t, {
    dir: path.join(REPO_ROOT, 'examples/shop-fastapi'),
    tools: ['uv'],
    urlPath: '/',
    env: { DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/postgres' },
  });
});

test('pip-tools with hashes: blog-django installs with --require-hashes and its gunicorn CMD answers', async (t) => {
  // A 404 from Django's URL resolver: the app is up; no page that needs the database is asked for.
  await installAndStart(t, { dir: path.join(REPO_ROOT, 'examples/blog-django'), tools: [], urlPath: '/py2kube-not-a-page/' });
});

test('Pipenv: pipfile-flask installs from Pipfile.lock via pip and its gunicorn CMD answers', async (t) => {
  await installAndStart(t, { dir: path.join(REPO_ROOT, 'fixtures/projects/pipfile-flask'), tools: ['pipenv'], urlPath: '/healthz' });
});

test('Poetry: notes-flask installs from the exported poetry.lock and its gunicorn factory CMD answers', async (t) => {
  await installAndStart(t, { dir: path.join(REPO_ROOT, 'examples/notes-flask'), tools: ['poetry'], urlPath: '/' });
});

test('plain pip: pinned requirements install and the gunicorn CMD answers', async (t) => {
  const dir = testdir({
    'requirements.txt': 'flask==3.1.3\ngunicorn==27.0.1\nblinker==1.9.0\nclick==8.5.1\nitsdangerous==2.2.0\njinja2==3.1.6\nmarkupsafe==3.0.4\nwerkzeug==3.1.9\n',
    '.python-version': '3.12\n',
    'hello/__init__.py': '',
    'hello/app.py': 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index() -> str:\n    return "ok"\n',
  });
  try {
    await installAndStart(t, { dir, tools: [], urlPath: '/' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('plain pip with includes: only the -r/-c files are copied before the install, their paths resolve, and the CMD answers', async (t) => {
  const dir = testdir({
    'requirements.txt': '-r requirements/base.txt\n-c constraints.txt\ngunicorn\n',
    'requirements/base.txt': '-c ../constraints.txt\nflask\n',
    'constraints.txt': 'flask==3.1.3\ngunicorn==27.0.1\nblinker==1.9.0\nclick==8.5.1\nitsdangerous==2.2.0\njinja2==3.1.6\nmarkupsafe==3.0.4\nwerkzeug==3.1.9\n',
    '.python-version': '3.12\n',
    'hello/__init__.py': '',
    'hello/app.py': 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index() -> str:\n    return "ok"\n',
  });
  try {
    await installAndStart(t, {
      dir,
      tools: [],
      urlPath: '/',
      check: (dockerfile) => assert.match(dockerfile, /^COPY requirements\.txt constraints\.txt \.\/\nCOPY requirements\/base\.txt requirements\/base\.txt\nRUN [^\n]*\n[^\n]*pip install -r requirements\.txt\nCOPY \. \.$/m),
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('no-lock [project] package: fastapi-metrics-health installs its dependencies from pyproject.toml alone, then itself, and its uvicorn CMD answers', async (t) => {
  await installAndStart(t, {
    dir: path.join(REPO_ROOT, 'fixtures/projects/fastapi-metrics-health'),
    tools: [],
    urlPath: '/healthz',
    check: (dockerfile) => assert.match(dockerfile, /^COPY pyproject\.toml \.\/\n/m),
  });
});

test('setuptools: setup-cfg static metadata installs from setup.cfg alone, then the package, and its gunicorn CMD answers', async (t) => {
  await installAndStart(t, {
    dir: path.join(REPO_ROOT, 'fixtures/projects/setuptools-static-metadata'),
    tools: [],
    urlPath: '/healthz',
    check: (dockerfile) => assert.match(dockerfile, /^COPY setup\.cfg \.\/\n/m),
  });
});

test('dynamic [project] dependencies: the metadata layer installs none and the project install brings them; the gunicorn CMD answers', async (t) => {
  const dir = testdir({
    'pyproject.toml': '[project]\nname = "hello"\nversion = "1.0"\nrequires-python = ">=3.12,<3.13"\ndynamic = ["dependencies"]\n\n[tool.setuptools.dynamic]\ndependencies = { file = ["requirements.txt"] }\n\n[tool.setuptools]\npackages = ["hello"]\n\n[build-system]\nrequires = ["setuptools>=77"]\nbuild-backend = "setuptools.build_meta"\n',
    'requirements.txt': 'flask>=3.1,<4\ngunicorn>=23,<28\n',
    'hello/__init__.py': '',
    'hello/app.py': 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index() -> str:\n    return "ok"\n',
  });
  try {
    await installAndStart(t, { dir, tools: [], urlPath: '/', check: (dockerfile) => assert.match(dockerfile, /^COPY pyproject\.toml \.\/\n/m) });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('prints the measured times', () => {
  console.log(`# image e2e timings:\n${timings.map((l) => `#   ${l}`).join('\n')}`);
});
