// gunicorn reads GUNICORN_CMD_ARGS below the command line: https://docs.gunicorn.org/en/stable/settings.html
import { parseServerCommand, type ServerCommand } from '../analyze/commands/server-command.ts';
import { splitShellWords, unwrapShellCommand } from '../analyze/commands/shell-words.ts';
import type { Path } from './types.ts';
import { commandOf, envOf, type ContainerRef } from './workload.ts';

/**
 * What a container runs, read with the same parsers `detect` uses for Dockerfiles and
 * Procfiles: launchers (`uv run`, `tini --`) peeled off, `sh -c "…"` opened up.
 */
export interface ContainerProgram {
  command: ServerCommand;
  /** Whether the server is started through `sh -c` (so the shell, not the server, may be PID 1). */
  viaShell: boolean;
}

/** The Python server, worker or tool a container runs, or null when the manifest does not say (the image's CMD decides). */
export function programOf(ref: ContainerRef): ContainerProgram | null {
  const argv = commandOf(ref);
  if (argv === null) return null;
  const commands = unwrapShellCommand(argv);
  if (commands === null) return null;
  const viaShell = commands.length !== 1 || commands[0]!.join('\0') !== argv.join('\0');
  for (const words of commands) {
    const command = parseServerCommand(words);
    if (command === null) continue;
    return { command: withEnvArgs(command, envOf(ref)), viaShell };
  }
  return null;
}

/** gunicorn options from GUNICORN_CMD_ARGS, under the ones on the command line. */
function withEnvArgs(command: ServerCommand, env: Record<string, string>): ServerCommand {
  const extra = env['GUNICORN_CMD_ARGS'];
  if (command.program !== 'gunicorn' || extra === undefined) return command;
  const words = splitShellWords(extra);
  const fromEnv = words === null ? null : parseServerCommand(['gunicorn', ...words]);
  if (fromEnv === null) return command;
  const merged: ServerCommand = { ...fromEnv, ...command, options: { ...fromEnv.options, ...command.options } };
  for (const key of ['host', 'port', 'portVariable', 'socket', 'config'] as const) {
    if (command[key] === undefined && fromEnv[key] !== undefined) (merged as unknown as Record<string, unknown>)[key] = fromEnv[key];
  }
  return merged;
}

/** Path of the first `command`/`args` item containing `needle` (the whole list when none does). */
export function argvPath(ref: ContainerRef, needle: string): Path {
  for (const list of ['command', 'args'] as const) {
    const items = ref.container[list];
    if (!Array.isArray(items)) continue;
    const index = items.findIndex((item) => typeof item === 'string' && item.includes(needle));
    if (index >= 0) return [...ref.path, list, index];
  }
  return [...ref.path, Array.isArray(ref.container['args']) ? 'args' : 'command'];
}
