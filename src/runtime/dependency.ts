import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RUNTIME_DEFAULTS as R } from '../config/defaults.ts';
import type { AppModel } from '../model/app.ts';
import { splitShellWords } from '../analyze/commands/shell-words.ts';

/**
 * Adding the companion's one dependency through the project's own manager, so the lockfile
 * stays the single source of what is installed. When the manager is not on PATH, or the
 * project has no manager that can add a package, the exact command is reported instead.
 */

/** Runs a command; returns its exit code (null: killed or not started) and combined output. */
export type CommandRunner = (argv: string[], cwd: string) => { exitCode: number | null; output: string; notFound?: boolean };

export const runCommand: CommandRunner = (argv, cwd) => {
  const result = spawnSync(argv[0]!, argv.slice(1), { cwd, encoding: 'utf8', timeout: R.managerTimeoutMs, env: process.env });
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}${result.error !== undefined ? String(result.error.message) : ''}`;
  return { exitCode: result.status, output, notFound: (result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' };
};

export type DependencyStep =
  /** Run `argv` in `cwd` (relative to the analysed dir); before that, append `appendLine` to `appendTo` if set. */
  | { kind: 'command'; argv: string[]; cwd: string; appendTo?: string; appendLine?: string; display: string }
  /** Nothing py2kube can run: tell the user what to do. */
  | { kind: 'manual'; display: string };

/** Whether the app already declares `name` as a runtime dependency. */
export function declares(model: AppModel, name: string): boolean {
  return model.dependencies.some((d) => d.group === 'runtime' && d.name === name);
}

/** How to add `pkg` with the project's manager. `read` reads a file relative to the analysed dir. */
export function dependencyStep(model: AppModel, pkg: string, read: (file: string) => string | null): DependencyStep {
  const cwd = model.appRoot;
  switch (model.packageManager) {
    case 'uv':
      // --no-sync: update pyproject.toml and uv.lock, but create no .venv in the user's tree.
      return command(['uv', 'add', '--no-sync', pkg], cwd);
    case 'poetry':
      return command(['poetry', 'add', '--lock', pkg], cwd);
    case 'pdm':
      return command(['pdm', 'add', '--no-sync', pkg], cwd);
    case 'pipenv':
      return command(['pipenv', 'install', pkg], cwd);
    case 'pip-tools':
      return pipToolsStep(model, pkg, read);
    default: {
      const where = model.lockfile ?? 'your requirements file';
      return { kind: 'manual', display: `add "${pkg}" to ${where} (pinned like the rest, e.g. with pip-compile), then rebuild` };
    }
  }
}

function command(argv: string[], cwd: string): DependencyStep {
  return { kind: 'command', argv, cwd, display: `${cwd === '.' ? '' : `cd ${cwd} && `}${argv.join(' ')}` };
}

/**
 * pip-tools: the package goes into the `.in` file next to the lockfile, and the lockfile is
 * recompiled with the command recorded in its own header, so hashes and flags stay as they were.
 */
function pipToolsStep(model: AppModel, pkg: string, read: (file: string) => string | null): DependencyStep {
  const lockfile = model.lockfile;
  const input = lockfile === null ? null : lockfile.replace(/\.txt$/, '.in');
  if (lockfile === null || input === null || read(input) === null) {
    return { kind: 'manual', display: `add "${pkg}" to your requirements .in file and run pip-compile --generate-hashes` };
  }
  const dir = path.posix.dirname(input);
  const argv = recordedCompileCommand(read(lockfile) ?? '') ?? ['pip-compile', '--generate-hashes', path.posix.basename(input)];
  const display = `echo "${pkg}" >> ${input} && ${dir === '.' ? '' : `cd ${dir} && `}${argv.join(' ')}`;
  return { kind: 'command', argv, cwd: dir, appendTo: input, appendLine: pkg, display };
}

/** The `pip-compile …` line pip-compile writes into the header of what it generates. */
export function recordedCompileCommand(lockText: string): string[] | null {
  const match = /^#\s+(pip-compile\b.*)$/m.exec(lockText);
  if (match === null) return null;
  const words = splitShellWords(match[1]!.trim());
  return words !== null && words.length > 0 ? words : null;
}

export type DependencyOutcome =
  | { status: 'present'; package: string }
  | { status: 'added'; package: string; command: string }
  | { status: 'dry-run'; package: string; command: string }
  | { status: 'manual'; package: string; command: string; reason: string };

/** Carries out a step: appends to the `.in` file and runs the manager, or reports why it cannot. */
export function applyDependencyStep(dir: string, pkg: string, step: DependencyStep, run: CommandRunner, dryRun: boolean): DependencyOutcome {
  if (step.kind === 'manual') return { status: 'manual', package: pkg, command: step.display, reason: 'the project has no package manager py2kube can run' };
  if (dryRun) return { status: 'dry-run', package: pkg, command: step.display };
  let restore: (() => void) | null = null;
  if (step.appendTo !== undefined && step.appendLine !== undefined) {
    const file = path.join(dir, step.appendTo);
    const before = fs.readFileSync(file, 'utf8');
    fs.writeFileSync(file, `${before}${before === '' || before.endsWith('\n') ? '' : '\n'}${step.appendLine}\n`);
    restore = () => fs.writeFileSync(file, before);
  }
  const result = run(step.argv, path.join(dir, step.cwd));
  if (result.exitCode !== 0) {
    restore?.();
    if (result.notFound === true) return { status: 'manual', package: pkg, command: step.display, reason: `${step.argv[0]} is not on PATH` };
    const last = result.output.trim().split('\n').slice(-3).join(' / ');
    return { status: 'manual', package: pkg, command: step.display, reason: `${step.argv[0]} failed${last === '' ? '' : `: ${last}`}` };
  }
  return { status: 'added', package: pkg, command: step.display };
}
