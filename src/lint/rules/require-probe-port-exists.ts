// Probe ports: https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/ (named ports; gRPC needs a number)
import { createRule } from '../create-rule.ts';
import { asRecord } from '../object.ts';
import { programOf } from '../python.ts';
import { declaredPorts, PROBE_FIELDS } from '../workload.ts';

const HANDLERS = ['httpGet', 'tcpSocket', 'grpc'] as const;

export default createRule({
  id: 'require-probe-port-exists',
  meta: {
    description: 'Require every probe to target a port its container declares, by a name that resolves or a number it lists.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'probes',
    peers: [
      { tool: 'kube-linter', id: 'liveness-port' },
      { tool: 'kube-linter', id: 'readiness-port' },
      { tool: 'kube-linter', id: 'startup-port' },
    ],
    messages: {
      unknownNamedPort:
        'Container "{{container}}" {{probe}} targets the port named "{{port}}", but the container declares no port with that name ({{declared}}): the kubelet cannot resolve it and the probe always fails. Use one of the declared names or add ports: [{name: {{port}}, containerPort: …}].',
      undeclaredPort:
        'Container "{{container}}" {{probe}} targets port {{port}}, which is not one of its containerPorts ({{declared}}): the probe checks a port this container does not serve and fails (or passes for the wrong process). Point it at {{suggestion}}.',
      notListening:
        'Container "{{container}}" {{probe}} targets port {{port}}, but the container runs {{server}} on port {{listening}}: the probe is refused. Point the probe at port {{listening}} (and declare it under ports).',
      grpcNamedPort: 'Container "{{container}}" {{probe}} is a gRPC probe with the named port "{{port}}": gRPC probes take only a port number. Use {{suggestion}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          // Init containers and ephemeral containers take no probes; sidecars do.
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const declared = declaredPorts(ref);
          const list = (): string => (declared.length === 0 ? 'it declares none' : `it declares ${declared.map((d) => (d.name === undefined ? String(d.number) : `${d.name}=${d.number}`)).join(', ')}`);
          const first = declared[0];
          for (const probe of PROBE_FIELDS) {
            const spec = asRecord(ref.container[probe]);
            if (spec === undefined) continue;
            for (const handler of HANDLERS) {
              const action = asRecord(spec[handler]);
              if (action === undefined) continue;
              const raw = action['port'];
              // Built only for a finding: most probes are fine, and this runs for every container.
              const report = (messageId: 'unknownNamedPort' | 'undeclaredPort' | 'notListening' | 'grpcNamedPort', extra: Record<string, string | number>): void =>
                context.report({ path: [...ref.path, probe, handler, 'port'], messageId, data: { container: ref.name, probe, declared: list(), ...extra } });
              if (typeof raw === 'string' && !/^\d+$/.test(raw)) {
                const match = declared.find((d) => d.name === raw);
                if (handler === 'grpc') {
                  report('grpcNamedPort', { port: raw, suggestion: match === undefined ? 'the port number the gRPC server listens on' : `port: ${match.number}` });
                } else if (match === undefined) {
                  report('unknownNamedPort', { port: raw });
                }
                continue;
              }
              const number = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : undefined;
              if (number === undefined) continue;
              const program = handler === 'grpc' ? undefined : programOf(ref)?.command;
              const listening = program?.socket === undefined ? program?.port : undefined;
              if (declared.length > 0) {
                if (declared.some((d) => d.number === number)) continue;
                // The probe reaches the port the server binds, so it works; the declared ports are
                // what is off, and require-container-port-matches-bind reports that where it matters.
                if (listening === number) continue;
                const suggestion = first?.name !== undefined && handler !== 'grpc' ? `port: ${first.name}` : `port: ${first!.number}`;
                report('undeclaredPort', { port: number, suggestion });
              } else if (handler !== 'grpc') {
                // Declaring ports is optional; then compare with the port the server's command binds.
                if (listening !== undefined && listening !== number) report('notListening', { port: number, server: program!.program, listening });
              }
            }
          }
        }
      },
    };
  },
});
