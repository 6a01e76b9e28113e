// `celery inspect ping` is a broadcast unless -d names a node: https://docs.celeryq.dev/en/stable/reference/cli.html#celery-inspect
import { stripLaunchers } from '../../analyze/commands/server-command.ts';
import { basename, shellScriptOf, unwrapShellCommand } from '../../analyze/commands/shell-words.ts';
import { createRule } from '../create-rule.ts';
import { asArray, getIn } from '../object.ts';
import { programOf } from '../python.ts';
import type { Path } from '../types.ts';
import { envOf, PROBE_FIELDS, type Workload } from '../workload.ts';

export default createRule({
  id: 'require-celery-ping-destination',
  meta: {
    description: 'Require probes that run `celery inspect ping` to ping the pod’s own worker with `-d celery@$HOSTNAME`.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'celery',
    peers: [],
    messages: {
      missingDestination:
        'The {{probe}} of container "{{container}}" runs `celery inspect ping` without -d/--destination: the ping is broadcast through the broker and any worker\'s reply passes, so a stuck worker in this pod looks healthy while another pod answers. Ping this pod\'s node only: ["sh", "-c", "celery -A <app> inspect ping -d {{node}}@$HOSTNAME --timeout 5"], or probe a heartbeat file the worker touches, as the py2kube_celery wrapper does.',
      unexpandedHostname:
        'The {{probe}} of container "{{container}}" pings destination "{{destination}}" without a shell: exec probes run the command directly and Kubernetes only expands $(VAR) for literal env values, so celery pings a node literally named "{{destination}}", no worker answers, and the probe always fails. Run it through a shell: ["sh", "-c", "celery -A <app> inspect ping -d {{node}}@$HOSTNAME --timeout 5"].',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        const node = nodePrefix(workload);
        for (const ref of workload.containers) {
          if (ref.role === 'ephemeral' || ref.role === 'init') continue;
          for (const probe of PROBE_FIELDS) {
            const argv = asArray(getIn(ref.container, [probe, 'exec', 'command'])).filter((w): w is string => typeof w === 'string');
            if (argv.length === 0) continue;
            const viaShell = shellScriptOf(argv) !== null;
            for (const words of unwrapShellCommand(argv) ?? []) {
              const ping = pingOf(words);
              if (ping === null) continue;
              const path: Path = [...ref.path, probe, 'exec', 'command'];
              const data = { probe, container: ref.name, node };
              if (ping.destination === undefined) {
                context.report({ path, messageId: 'missingDestination', data, container: ref.name });
              } else if (!viaShell && ping.destination.includes('$') && !expandsStatically(ping.destination, envOf(ref))) {
                context.report({ path, messageId: 'unexpandedHostname', data: { ...data, destination: ping.destination }, container: ref.name });
              }
            }
          }
        }
      },
    };
  },
});

/** `celery … inspect ping …` and its destination, or null when the words run something else. */
function pingOf(words: readonly string[]): { destination: string | undefined } | null {
  const argv = stripLaunchers(words).argv;
  if (basename(argv[0] ?? '') !== 'celery') return null;
  const inspect = argv.indexOf('inspect');
  if (inspect < 0 || !argv.slice(inspect + 1).includes('ping')) return null;
  for (let i = 1; i < argv.length; i += 1) {
    const word = argv[i]!;
    if (word === '-d' || word === '--destination') return { destination: argv[i + 1] ?? '' };
    if (word.startsWith('--destination=')) return { destination: word.slice('--destination='.length) };
    if (/^-d./.test(word)) return { destination: word.slice(2) };
  }
  return { destination: undefined };
}

/** Whether every `$(VAR)` of the text is a literal env value the kubelet substitutes, with no shell-style `$VAR` left. */
function expandsStatically(text: string, env: Record<string, string>): boolean {
  const rest = text.replace(/\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (all, name: string) => (env[name] !== undefined ? '' : all));
  return !rest.includes('$');
}

/** The part before `@` of the worker's node name (`-n name@%h`), `celery` by default. */
function nodePrefix(workload: Workload): string {
  for (const ref of workload.containers) {
    const command = programOf(ref)?.command;
    if (command?.program !== 'celery-worker') continue;
    const hostname = command.options['hostname'];
    if (typeof hostname === 'string' && hostname.includes('@')) return hostname.slice(0, hostname.indexOf('@'));
  }
  return 'celery';
}

