// targetPort names or numbers a container port of the selected pods: https://kubernetes.io/docs/concepts/services-networking/service/#field-spec-ports
import { createRule } from '../create-rule.ts';
import { asArray, asNumber, asRecord, getIn, stringMap } from '../object.ts';
import { programOf } from '../python.ts';
import { workloadsSelectedBy } from '../selectors.ts';
import { commandOf, declaredPorts, runsToCompletion, type ContainerRef, type Workload } from '../workload.ts';

interface DeclaredPort {
  container: string;
  name: string | undefined;
  port: number;
}

export default createRule({
  id: 'require-target-port-exists',
  meta: {
    description: 'Require every Service targetPort, by name or number, to resolve to a container port of each workload the Service selects.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'cross-object',
    peers: [],
    messages: {
      namedPortMissing:
        'Service "{{service}}" port {{port}} targets the port named "{{target}}", but no container of {{kind}} "{{workload}}" declares a port with that name (declared: {{declared}}), so its pods are left out of the endpoints and the Service sends them nothing. Set targetPort to one of the declared names or numbers, or name the container port "{{target}}".',
      numberNotDeclared:
        'Service "{{service}}" port {{port}} targets port {{target}}, but the containers of {{kind}} "{{workload}}" declare only {{declared}}: traffic goes to a port nothing listens on. Set targetPort to the port the server binds, or declare containerPort {{target}} if it really listens there.',
      serverListensElsewhere:
        'Service "{{service}}" port {{port}} targets port {{target}}, but {{program}} in container "{{container}}" of {{kind}} "{{workload}}" binds port {{listening}}: connections are refused. Set targetPort: {{listening}} (and declare it as a named containerPort), or bind the server to {{target}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      Service(service) {
        if (getIn(service.object, ['spec', 'type']) === 'ExternalName') return;
        const selector = stringMap(getIn(service.object, ['spec', 'selector']));
        if (Object.keys(selector).length === 0) return;
        const workloads = workloadsSelectedBy(selector, service, context.objects);
        const seen = new Set<string>();
        for (const workload of workloads) {
          // A Job or a helm test Pod carrying the app's labels is not a backend (see runsToCompletion).
          if (runsToCompletion(workload)) continue;
          // Several renderings of the same workload: judge one copy.
          const key = `${workload.kind}/${workload.name}`;
          if (seen.has(key)) continue;
          seen.add(key);
          const declared = declaredPortsOf(workload);
          for (const [index, item] of asArray(getIn(service.object, ['spec', 'ports'])).entries()) {
            const entry = asRecord(item);
            if (entry === undefined) continue;
            const hasTarget = entry['targetPort'] !== undefined;
            const target = entry['targetPort'] ?? entry['port'];
            const path = ['spec', 'ports', index, hasTarget ? 'targetPort' : 'port'];
            const base = { service: service.name, port: String(entry['port'] ?? '?'), target: String(target), kind: workload.kind, workload: workload.name, declared: describe(declared) };
            if (typeof target === 'string' && !/^\d+$/.test(target)) {
              if (!declared.some((d) => d.name === target)) context.report({ path, messageId: 'namedPortMissing', data: base });
              continue;
            }
            const number = asNumber(typeof target === 'string' ? Number(target) : target);
            if (number === undefined) continue;
            if (declared.length > 0) {
              if (!declared.some((d) => d.port === number)) context.report({ path, messageId: 'numberNotDeclared', data: base });
              continue;
            }
            // Declaring ports is optional: then only a server command that says where it binds can tell.
            const listening = serverPorts(workload);
            if (listening === null || listening.length === 0 || listening.some((l) => l.port === number)) continue;
            const first = listening[0]!;
            context.report({ path, messageId: 'serverListensElsewhere', data: { ...base, program: first.program, container: first.container, listening: first.port } });
          }
        }
      },
    };
  },
});

/** Ports declared by the containers that receive traffic: main containers and sidecars. */
function declaredPortsOf(workload: Workload): DeclaredPort[] {
  return workload.containers
    .filter((ref) => ref.role === 'container' || ref.role === 'sidecar')
    .flatMap((ref) => declaredPorts(ref).map((d) => ({ container: ref.name, name: d.name, port: d.number })));
}

function describe(declared: readonly DeclaredPort[]): string {
  if (declared.length === 0) return 'no ports';
  return declared.map((d) => (d.name === undefined ? String(d.port) : `${d.port} (${d.name})`)).join(', ');
}

/**
 * The ports the Python servers of the pod bind, when every main container's command is known
 * and written without variables; null when some container's program is unknown (its image
 * decides) or a port may come from the environment.
 */
function serverPorts(workload: Workload): Array<{ container: string; program: string; port: number }> | null {
  const out: Array<{ container: string; program: string; port: number }> = [];
  for (const ref of workload.containers as ContainerRef[]) {
    if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
    const argv = commandOf(ref);
    if (argv === null || argv.some((word) => word.includes('$'))) return null;
    // gunicorn may bind several addresses; the parsed command keeps one.
    if (argv.filter((word) => word === '-b' || word.startsWith('--bind') || /^-b./.test(word)).length > 1) return null;
    const command = programOf(ref)?.command;
    if (command === undefined) return null;
    if (command.socket !== undefined) return null;
    if (command.port !== undefined) out.push({ container: ref.name, program: command.program, port: command.port });
  }
  return out;
}
