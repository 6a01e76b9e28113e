// Ingress backends name a Service and one of its ports: https://kubernetes.io/docs/concepts/services-networking/ingress/#resource-backend
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asArray, asRecord, asString, getIn } from '../object.ts';
import { anyOfKind, didYouMean, objectsNamed } from '../selectors.ts';
import type { Path } from '../types.ts';

interface Backend {
  /** Path of the backend object inside the Ingress. */
  path: Path;
  service: string;
  /** Path of the Service name field. */
  servicePath: Path;
  port: number | string | undefined;
  portPath: Path;
}

export default createRule({
  id: 'require-ingress-backend-exists',
  meta: {
    description: 'Require every Ingress backend to name a Service in the checked manifests and one of that Service’s ports.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'cross-object',
    peers: [
      { tool: 'kube-score', id: 'ingress-targets-service' },
      { tool: 'kube-linter', id: 'dangling-ingress' },
      { tool: 'kubescape', id: 'C-0298' },
    ],
    messages: {
      serviceMissing:
        'Ingress "{{ingress}}" sends traffic to Service "{{service}}", which is not among the checked manifests{{hint}}: the ingress controller answers 503 for it. Fix the service name, or add the Service.',
      serviceNotInInput:
        'Ingress "{{ingress}}" sends traffic to Service "{{service}}", but the checked input holds no Services at all, so whether it exists cannot be told. If it is in other files, check them together (e.g. `py2kube check deploy/`).',
      portMissing:
        'Ingress "{{ingress}}" sends traffic to port {{port}} of Service "{{service}}", which has no such port (it has {{ports}}): the ingress controller has no endpoint to send it to. Use one of the Service’s port numbers or names.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      Ingress(ingress) {
        const anyService = anyOfKind(context.objects, 'Service', ingress);
        for (const backend of backendsOf(ingress)) {
          const named = objectsNamed(context.objects, 'Service', backend.service, ingress);
          if (named.length === 0) {
            if (!anyService) {
              context.report({ path: backend.servicePath, messageId: 'serviceNotInInput', data: { ingress: ingress.name, service: backend.service } });
            } else {
              const hint = didYouMean(context.objects, 'Service', backend.service, ingress);
              context.report({ path: backend.servicePath, messageId: 'serviceMissing', data: { ingress: ingress.name, service: backend.service, hint } });
            }
            continue;
          }
          if (backend.port === undefined) continue;
          const portsOf = (service: Manifest): Array<Record<string, unknown>> =>
            asArray(getIn(service.object, ['spec', 'ports'])).flatMap((p) => {
              const port = asRecord(p);
              return port === undefined ? [] : [port];
            });
          const hasPort = (service: Manifest): boolean => portsOf(service).some((p) => (typeof backend.port === 'number' ? p['port'] === backend.port : p['name'] === backend.port));
          if (named.some(hasPort)) continue;
          const ports = portsOf(named[0]!);
          const listed = ports.map((p) => (typeof p['name'] === 'string' ? `${String(p['port'])} (${p['name']})` : String(p['port']))).join(', ') || 'no ports';
          context.report({ path: backend.portPath, messageId: 'portMissing', data: { ingress: ingress.name, service: backend.service, port: String(backend.port), ports: listed } });
        }
      },
    };
  },
});

/** Every Service backend of an Ingress: the default backend and each rule path, in networking.k8s.io/v1 or the older v1beta1 shape. */
function backendsOf(ingress: Manifest): Backend[] {
  const out: Backend[] = [];
  const add = (path: Path): void => {
    const backend = asRecord(getIn(ingress.object, path));
    if (backend === undefined) return;
    const v1 = asRecord(backend['service']);
    if (v1 !== undefined) {
      const name = asString(v1['name']);
      if (name === undefined) return;
      const port = asRecord(v1['port']);
      const number = port?.['number'];
      const portName = asString(port?.['name']);
      out.push({
        path,
        service: name,
        servicePath: [...path, 'service', 'name'],
        port: typeof number === 'number' ? number : portName,
        portPath: [...path, 'service', 'port', typeof number === 'number' ? 'number' : 'name'],
      });
      return;
    }
    const name = asString(backend['serviceName']);
    if (name === undefined) return;
    const port = backend['servicePort'];
    out.push({
      path,
      service: name,
      servicePath: [...path, 'serviceName'],
      port: typeof port === 'number' ? port : typeof port === 'string' ? (/^\d+$/.test(port) ? Number(port) : port) : undefined,
      portPath: [...path, 'servicePort'],
    });
  };
  add(['spec', 'defaultBackend']);
  add(['spec', 'backend']);
  for (const [i, rule] of asArray(getIn(ingress.object, ['spec', 'rules'])).entries()) {
    for (const [j] of asArray(getIn(rule, ['http', 'paths'])).entries()) add(['spec', 'rules', i, 'http', 'paths', j, 'backend']);
  }
  return out;
}
