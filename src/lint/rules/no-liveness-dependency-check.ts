// Liveness should only signal an unrecoverable process: https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-a-liveness-command
import { shellScriptOf, splitShellCommands } from '../../analyze/commands/shell-words.ts';
import { createRule } from '../create-rule.ts';
import { asArray, asRecord, asString } from '../object.ts';
import type { Path } from '../types.ts';

/** Path segments that name readiness or a downstream dependency rather than the process itself. */
const DEPENDENCY_SEGMENTS = new Set([
  'ready', 'readyz', 'readiness', 'deps', 'dependencies', 'dependency', 'upstream', 'upstreams',
  'db', 'database', 'databases', 'postgres', 'postgresql', 'pg', 'mysql', 'mariadb', 'mongo', 'mongodb',
  'redis', 'cache', 'rabbit', 'rabbitmq', 'amqp', 'broker', 'celery', 'kafka', 'elasticsearch', 'opensearch',
]);

/** Commands that talk to a datastore or broker when run as an exec probe. */
const DEPENDENCY_TOOLS: Record<string, string> = {
  pg_isready: 'PostgreSQL',
  psql: 'PostgreSQL',
  'redis-cli': 'Redis',
  mysqladmin: 'MySQL',
  mysql: 'MySQL',
  mongosh: 'MongoDB',
  mongo: 'MongoDB',
  'rabbitmq-diagnostics': 'RabbitMQ',
  rabbitmqctl: 'RabbitMQ',
};

const LOCAL_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[?::1\]?|0\.0\.0\.0)$/;

interface Dependency {
  path: Path;
  what: string;
}

/** The dependency an exec probe checks, or null. */
function execDependency(words: string[], path: Path): Dependency | null {
  // `sh -c "…"` probes: read every command of the script with the shell rules.
  const script = shellScriptOf(words);
  const commands = script === null ? [words] : splitShellCommands(script) ?? [];
  for (const command of commands) {
    const program = (command[0] ?? '').slice((command[0] ?? '').lastIndexOf('/') + 1);
    const tool = DEPENDENCY_TOOLS[program];
    if (tool !== undefined) return { path, what: `${program} checks ${tool}` };
    if (program === 'curl' || program === 'wget' || program === 'http' || program === 'nc' || program === 'ncat') {
      for (const word of command.slice(1)) {
        const url = /^(https?):\/\/([^/:]+)(?::\d+)?(\/[^?#]*)?/.exec(word);
        if (url !== null) {
          if (!LOCAL_HOSTS.test(url[2]!)) return { path, what: `${program} calls another host (${url[2]})` };
          const segment = dependencySegment(url[3] ?? '/');
          if (segment !== null) return { path, what: `${program} calls ${url[3]}, a readiness or dependency endpoint` };
        }
      }
      if (program === 'nc' || program === 'ncat') {
        const host = command.slice(1).find((w) => !w.startsWith('-') && !/^\d+$/.test(w));
        if (host !== undefined && !LOCAL_HOSTS.test(host)) return { path, what: `${program} connects to another host (${host})` };
      }
    }
  }
  return null;
}

/** The first path segment that names readiness or a dependency (`/health/db` → `db`). */
function dependencySegment(path: string): string | null {
  for (const segment of path.toLowerCase().split(/[/?#&=._-]+/)) if (DEPENDENCY_SEGMENTS.has(segment)) return segment;
  return null;
}

export default createRule({
  id: 'no-liveness-dependency-check',
  meta: {
    description: 'Disallow liveness probes that check readiness or downstream services instead of the process itself.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'probes',
    peers: [],
    messages: {
      dependencyPath:
        'Container "{{container}}" livenessProbe calls {{path}}, a readiness or dependency endpoint ("{{segment}}"): when the database or broker is slow or down, every pod fails liveness together and the kubelet restarts them all, which makes the outage worse. Point liveness at a cheap endpoint that only proves the process answers (e.g. /livez) and keep dependency checks in the readinessProbe.',
      readinessPath:
        'Container "{{container}}" livenessProbe calls {{path}}, the project’s readiness endpoint, which checks its dependencies: a database or broker outage then restarts every pod. Point liveness at {{liveness}} and keep {{path}} for the readinessProbe.',
      remoteHost:
        'Container "{{container}}" livenessProbe sends its request to host {{host}} instead of the pod: it checks another service, so that service’s outage restarts this container. Remove httpGet.host (or set it only for a virtual host through a Host header).',
      dependencyCommand:
        'Container "{{container}}" livenessProbe runs a command that checks a dependency: {{what}}. A dependency outage then restarts every pod at once. Check only the process itself (a heartbeat file, a local endpoint) and leave dependencies to readiness.',
    },
  },
  defaultOptions: {},
  create(context) {
    const project = context.project?.health;
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const liveness = asRecord(ref.container['livenessProbe']);
          if (liveness === undefined) continue;
          const base = [...ref.path, 'livenessProbe'];
          const data = { container: ref.name };
          const http = asRecord(liveness['httpGet']);
          if (http !== undefined) {
            const host = asString(http['host']);
            if (host !== undefined && host !== '' && !LOCAL_HOSTS.test(host)) {
              context.report({ path: [...base, 'httpGet', 'host'], messageId: 'remoteHost', data: { ...data, host } });
              continue;
            }
            const path = asString(http['path']) ?? '/';
            const segment = dependencySegment(path);
            if (segment !== null) {
              context.report({ path: [...base, 'httpGet', 'path'], messageId: 'dependencyPath', data: { ...data, path, segment } });
              continue;
            }
            // The project says which endpoint checks dependencies (`--project`).
            if (project?.readiness != null && project.readiness !== project.liveness && stripQuery(path) === project.readiness) {
              context.report({ path: [...base, 'httpGet', 'path'], messageId: 'readinessPath', data: { ...data, path, liveness: project.liveness ?? 'a liveness endpoint that does not touch dependencies' } });
            }
            continue;
          }
          const exec = asRecord(liveness['exec']);
          if (exec !== undefined) {
            const words = asArray(exec['command']).filter((w): w is string => typeof w === 'string');
            const found = execDependency(words, [...base, 'exec', 'command']);
            if (found !== null) context.report({ path: found.path, messageId: 'dependencyCommand', data: { ...data, what: found.what } });
          }
        }
      },
    };
  },
});

function stripQuery(path: string): string {
  return path.replace(/[?#].*$/, '');
}
