#!/usr/bin/env node
import * as fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderUsage, runCommand, type CommandDef } from 'citty';
import { isUserError } from '../errors.ts';
import { packageVersion } from '../package-root.ts';
import type { CliContext, CommandOutcome } from './command.ts';

/**
 * The only module that reads argv, prints, and sets the exit code.
 * Exit codes: 0 ok; 1 findings or a failed check; 2 bad input (UserError); 70 a bug in py2kube.
 */

const COMMANDS: Record<string, () => Promise<{ default: CommandDef<any> }>> = {
  detect: () => import('./commands/detect.ts'),
  init: () => import('./commands/init.ts'),
  generate: () => import('./commands/generate.ts'),
  check: () => import('./commands/check.ts'),
  explain: () => import('./commands/explain.ts'),
};

const EXIT_BUG = 70;

function version(): string {
  return packageVersion();
}

function rootUsage(): string {
  const lines = [
    `py2kube ${version()}: production Kubernetes setups for Python services`,
    '',
    'Usage: py2kube <command> [options]',
    '',
    'Commands:',
    '  detect [DIR]   Analyse a Python project and explain every decision with its evidence',
    '  init [DIR]     Record what detect found as [tool.py2kube], commented with evidence',
    '  generate [DIR] Write the Dockerfile, Kustomize base and overlays, and CI workflow (--check: compare only)',
    '  check [PATH…]  Lint manifests and Dockerfiles for production readiness (-f text|json|sarif, --fix)',
    '  explain RULE   Print a check rule\'s documentation',
    '',
    'Run `py2kube <command> --help` for a command\'s options.',
  ];
  return `${lines.join('\n')}\n`;
}

export async function main(argv: string[], colors: boolean): Promise<CommandOutcome> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') return { exitCode: 0, stdout: rootUsage() };
  if (name === '--version' || name === '-v') return { exitCode: 0, stdout: `${version()}\n` };
  const load = COMMANDS[name];
  if (load === undefined) {
    return { exitCode: 2, stderr: `error: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}.\n\n${rootUsage()}` };
  }
  const command = (await load()).default;
  if (rest.includes('--help') || rest.includes('-h')) return { exitCode: 0, stdout: `${await renderUsage(command)}\n` };
  const unknown = unknownOptions(command, rest);
  if (unknown.length > 0) {
    return { exitCode: 2, stderr: `error: unknown option ${unknown.map((u) => `"${u}"`).join(', ')} for "py2kube ${name}".\n\n${await renderUsage(command)}\n` };
  }
  const context: CliContext = { colors };
  const { result } = await runCommand(command, { rawArgs: rest, data: context });
  return result as CommandOutcome;
}

function unknownOptions(command: CommandDef<any>, args: string[]): string[] {
  const defs = (command.args ?? {}) as Record<string, { type?: string; alias?: string | string[] }>;
  const known = new Set<string>(['debug']);
  for (const [key, def] of Object.entries(defs)) {
    if (def.type === 'positional') continue;
    known.add(key);
    if (def.type === 'boolean') known.add(`no-${key}`);
    for (const alias of [def.alias ?? []].flat()) known.add(alias);
  }
  const out: string[] = [];
  for (const arg of args) {
    if (arg === '--') break;
    if (!arg.startsWith('-') || arg === '-') continue;
    const key = arg.replace(/^--?/, '').split('=')[0]!;
    if (!known.has(key)) out.push(arg);
  }
  return out;
}

function describeBug(error: unknown, debug: boolean): string {
  const message = error instanceof Error ? error.message : String(error);
  const lines = [
    `py2kube hit a bug: ${message}`,
    `Please report it at https://github.com/py2kube/py2kube/issues with the command you ran and these versions: py2kube ${version()}, node ${process.version}, ${process.platform}-${process.arch}.`,
  ];
  if (debug && error instanceof Error && error.stack !== undefined) lines.push(error.stack);
  else lines.push('Run again with --debug to include the stack trace.');
  return `${lines.join('\n')}\n`;
}

async function cli(): Promise<void> {
  const argv = process.argv.slice(2);
  const debug = argv.includes('--debug');
  const colors = process.stdout.isTTY === true && process.env['NO_COLOR'] === undefined;
  let outcome: CommandOutcome;
  try {
    outcome = await main(argv.filter((a) => a !== '--debug'), colors);
  } catch (error) {
    if (isUserError(error)) {
      const hint = error.hint !== undefined ? `\n  fix: ${error.hint}` : '';
      outcome = { exitCode: 2, stderr: `error: ${error.message}${hint}\n` };
    } else {
      outcome = { exitCode: EXIT_BUG, stderr: describeBug(error, debug) };
    }
  }
  if (outcome.stdout !== undefined) process.stdout.write(outcome.stdout);
  if (outcome.stderr !== undefined) process.stderr.write(outcome.stderr);
  process.exitCode = outcome.exitCode;
}

// Run only when executed, not when imported by tests.
if (process.argv[1] !== undefined && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await cli();
}
