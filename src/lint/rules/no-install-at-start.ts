// Images are built once and started many times: https://docs.docker.com/build/building/best-practices/ ; `uv run` syncs first: https://docs.astral.sh/uv/concepts/projects/run/
import { createRule } from '../create-rule.ts';
import { commandsOf, commandsOfArgv, effectivePrograms, envOfChain, finalChain, installOf, type ShellCommand } from '../docker.ts';
import { instructionPath } from '../load/dockerfile.ts';
import { argvPath } from '../python.ts';
import { commandOf, envOf } from '../workload.ts';

export default createRule({
  id: 'no-install-at-start',
  meta: {
    description: 'Disallow installing packages when the container starts; install them when the image is built.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'dockerfile',
    peers: [],
    messages: {
      installAtStart:
        '{{where}} runs "{{command}}" every time the container starts: each start and each restart downloads packages (slow, fails when the package index or network is down, and may install versions nobody tested), and a read-only root filesystem makes it fail. Install them in the image with RUN {{command}}, and start the program directly.',
      uvRunSyncs:
        '{{where}} starts the program with "uv run", which syncs the environment with the lockfile before every start (it installs or removes packages, and needs a writable project folder). Run the installed program directly ({{suggestion}}), or add --no-sync (or ENV UV_NO_SYNC=1).',
    },
  },
  defaultOptions: {},
  create(context) {
    const check = (commands: ShellCommand[], env: Record<string, string>, where: string, report: (messageId: 'installAtStart' | 'uvRunSyncs', needle: string, data: Record<string, string>) => void): void => {
      for (const { words } of commands) {
        const install = installOf(words);
        if (install !== null) {
          report('installAtStart', words[1] ?? words[0]!, { where, command: words.slice(0, install.argsFrom + 3).join(' ') + (words.length > install.argsFrom + 3 ? ' …' : '') });
          return;
        }
        if (words[0] === 'uv' && words[1] === 'run' && !words.includes('--no-sync') && (env['UV_NO_SYNC'] ?? '') === '') {
          const program = words.slice(2).find((w) => !w.startsWith('-'));
          report('uvRunSyncs', 'run', { where, suggestion: program === undefined ? 'the venv\'s program' : `${program} … from the venv on PATH` });
          return;
        }
      }
    };
    // The containers of a run often share a command (a template repeated per app): split each once.
    const split = new Map<string, ShellCommand[]>();
    const commandsOfContainer = (argv: readonly string[]): ShellCommand[] => {
      const key = argv.join('\u0000');
      let commands = split.get(key);
      if (commands === undefined) {
        commands = commandsOfArgv(argv) ?? [];
        split.set(key, commands);
      }
      return commands;
    };
    return {
      dockerfile(dockerfile) {
        const chain = finalChain(dockerfile);
        const env = envOfChain(chain);
        for (const instruction of effectivePrograms(chain)) {
          check(commandsOf(instruction) ?? [], env, instruction.keyword, (messageId, _needle, data) => context.report({ path: instructionPath(instruction), messageId, data }));
        }
      },
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role === 'ephemeral') continue;
          const argv = commandOf(ref);
          if (argv === null) continue;
          const kind = ref.role === 'container' ? 'Container' : ref.role === 'init' ? 'Init container' : 'Sidecar';
          check(commandsOfContainer(argv), envOf(ref), `${kind} "${ref.name}" of ${workload.kind} "${workload.name}"`, (messageId, needle, data) =>
            context.report({ path: argvPath(ref, needle), messageId, data, container: ref.name }),
          );
        }
      },
    };
  },
});
