import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { AppModel } from '../../../src/model/app.ts';

/**
 * Real Python environments for the end-to-end tests: the app's locked dependencies installed
 * from PyPI into a fresh virtualenv, cached under os.tmpdir()/py2kube-test-cache keyed by the
 * lockfile's hash so a second run reuses them.
 */

export const CACHE = path.join(os.tmpdir(), 'py2kube-test-cache');
/** uv and pip-compile at the versions the tests (and the generated images) use. */
const TOOLS = ['uv==0.13.8', 'pip-tools==7.6.2'];

export interface Run {
  status: number | null;
  output: string;
}

export function run(argv: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number; input?: string } = {}): Run {
  const result = spawnSync(argv[0]!, argv.slice(1), {
    cwd: options.cwd,
    env: options.env ?? process.env,
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 600_000,
    input: options.input,
    maxBuffer: 64 * 1024 * 1024,
  });
  return { status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}${result.error?.message ?? ''}` };
}

function must(result: Run, what: string): void {
  if (result.status !== 0) throw new Error(`${what} failed (exit ${result.status}):\n${result.output.slice(-4000)}`);
}

/** `python3.11` for "3.11", or null when this machine has no such interpreter. */
export function pythonFor(version: string): string | null {
  const found = run(['sh', '-c', `command -v python${version}`]);
  return found.status === 0 ? found.output.trim().split('\n')[0]! : null;
}

/** Serialises concurrent builders of one cache entry (test files run two at a time). */
async function withLock<T>(dir: string, build: () => T): Promise<T> {
  const lock = `${dir}.lock`;
  for (let waited = 0; ; waited += 1) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      const age = Date.now() - (fs.statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 20 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 1000));
    }
  }
  try {
    return build();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** Bytecode now: the machines set PYTHONDONTWRITEBYTECODE, and importing from source on every start is slow. */
function compile(venv: string): void {
  const env = { ...process.env };
  delete env['PYTHONDONTWRITEBYTECODE'];
  run([path.join(venv, 'bin/python'), '-m', 'compileall', '-q', '-j', '0', path.join(venv, 'lib')], { env });
}

/** A venv with uv and pip-tools; its bin goes on PATH when `init --runtime` runs the project's manager. */
export async function toolsVenv(python: string, version: string): Promise<string> {
  fs.mkdirSync(CACHE, { recursive: true });
  const dir = path.join(CACHE, `tools-py${version}`);
  return withLock(dir, () => {
    if (!fs.existsSync(path.join(dir, '.ready'))) {
      fs.rmSync(dir, { recursive: true, force: true });
      must(run([python, '-m', 'venv', dir]), 'creating the tools venv');
      must(run([path.join(dir, 'bin/pip'), 'install', '-q', ...TOOLS]), 'installing uv and pip-tools');
      fs.writeFileSync(path.join(dir, '.ready'), '');
    }
    return path.join(dir, 'bin');
  });
}

/**
 * The app's runtime dependencies from its lockfile, the way the image installs them:
 * `uv sync --frozen --no-dev`, `pip install --require-hashes -r requirements.txt`, or the
 * main group of poetry.lock (Poetry itself cannot read this machine's index). `extra` is
 * installed on top (prometheus-client when the project's manager could not add it).
 */
export async function appVenv(name: string, project: string, model: AppModel, python: string, tools: string, extra: string[] = []): Promise<string> {
  const lockfile = path.join(project, model.lockfile!);
  const key = createHash('sha256').update(fs.readFileSync(lockfile)).update(`${model.packageManager}|${python}|${extra.join(',')}`).digest('hex').slice(0, 16);
  const dir = path.join(CACHE, `venv-${name}-${key}`);
  return withLock(dir, () => {
    if (fs.existsSync(path.join(dir, '.ready'))) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    const pip = path.join(dir, 'bin/pip');
    if (model.packageManager === 'uv') {
      const env = { ...process.env, UV_PROJECT_ENVIRONMENT: dir };
      must(run([path.join(tools, 'uv'), 'sync', '--frozen', '--no-dev', '--no-install-project', '--python', python], { cwd: path.join(project, model.installRoot), env }), 'uv sync');
    } else if (model.packageManager === 'pip-tools') {
      must(run([python, '-m', 'venv', dir]), 'creating the venv');
      must(run([pip, 'install', '-q', '--require-hashes', '--no-deps', '-r', lockfile]), 'pip install -r requirements.txt');
    } else if (model.packageManager === 'poetry') {
      must(run([python, '-m', 'venv', dir]), 'creating the venv');
      const pins = path.join(dir, 'poetry-main-pins.txt');
      fs.writeFileSync(pins, poetryMainPins(fs.readFileSync(lockfile, 'utf8')));
      must(run([pip, 'install', '-q', '--no-deps', '-r', pins]), 'pip install (poetry.lock pins)');
    } else {
      throw new Error(`no installer for ${model.packageManager}`);
    }
    if (extra.length > 0) must(run([path.join(tools, 'uv'), 'pip', 'install', '--python', path.join(dir, 'bin/python'), ...extra]), `installing ${extra.join(' ')}`);
    compile(dir);
    fs.writeFileSync(path.join(dir, '.ready'), '');
    return dir;
  });
}

/** `name==version ; markers` for every package of poetry.lock's main group. */
export function poetryMainPins(lockText: string): string {
  const lock = parseToml(lockText) as { package?: Array<{ name: string; version: string; groups?: string[]; markers?: string | Record<string, string> }> };
  return (lock.package ?? [])
    .filter((p) => (p.groups ?? ['main']).includes('main'))
    .map((p) => {
      const markers = typeof p.markers === 'string' ? p.markers : typeof p.markers === 'object' ? p.markers['main'] : undefined;
      return `${p.name}==${p.version}${markers === undefined ? '' : ` ; ${markers}`}`;
    })
    .join('\n') + '\n';
}
