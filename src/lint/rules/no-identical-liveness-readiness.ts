// Liveness restarts, readiness only takes the pod out of the Service: https://kubernetes.io/docs/concepts/configuration/liveness-readiness-startup-probes/
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asArray, asNumber, asRecord, asString, type Json } from '../object.ts';
import { declaredPorts, type ContainerRef } from '../workload.ts';

const HANDLERS = ['httpGet', 'tcpSocket', 'grpc', 'exec'] as const;
type Handler = (typeof HANDLERS)[number];

const schema = z.strictObject({
  /**
   * Accept the same check when liveness gives up strictly later than readiness
   * (failureThreshold × periodSeconds): the pattern the Kubernetes probe task page describes.
   */
  allowLongerLivenessBudget: z.boolean(),
});

export default createRule({
  id: 'no-identical-liveness-readiness',
  meta: {
    description: 'Disallow a livenessProbe that runs the same check as the readinessProbe of its container.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'probes',
    peers: [{ tool: 'kube-score', id: 'pod-probes-identical' }],
    messages: {
      identicalProbes:
        'Container "{{container}}" runs the same check ({{check}}) as its livenessProbe and its readinessProbe: when that check fails because the app is busy or something it waits on is slow, the pod should only leave the Service for a while, but the kubelet also restarts it, dropping its in-flight requests and pushing the load onto the other replicas until they fail the same way. Keep readiness for "can it take traffic now" (e.g. httpGet /readyz) and give liveness a cheap check that fails only when the process is wedged (e.g. httpGet /healthz, answered without touching any dependency); `py2kube init --runtime` serves both (docs/runtime.md).',
    },
  },
  defaultOptions: { allowLongerLivenessBudget: true },
  schema,
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          // Init containers take no probes; sidecars (restartPolicy: Always) do.
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const liveness = asRecord(ref.container['livenessProbe']);
          const readiness = asRecord(ref.container['readinessProbe']);
          if (liveness === undefined || readiness === undefined) continue;
          const handler = handlerOf(liveness);
          if (handler === undefined || handlerOf(readiness) !== handler) continue;
          const check = checkOf(ref, handler, asRecord(liveness[handler])!);
          if (check === undefined || check !== checkOf(ref, handler, asRecord(readiness[handler])!)) continue;
          if (context.options.allowLongerLivenessBudget && budget(liveness) > budget(readiness)) continue;
          context.report({ path: [...ref.path, 'livenessProbe', handler], messageId: 'identicalProbes', data: { container: ref.name, check: describe(handler, asRecord(liveness[handler])!) } });
        }
      },
    };
  },
});

/** How long a failing check runs before the kubelet acts: failureThreshold × periodSeconds (defaults 3 and 10). */
function budget(probe: Json): number {
  return (asNumber(probe['failureThreshold']) ?? 3) * (asNumber(probe['periodSeconds']) ?? 10);
}

/** The probe's handler; a probe with none (or several, which the API rejects) is not compared. */
function handlerOf(probe: Json): Handler | undefined {
  const present = HANDLERS.filter((h) => asRecord(probe[h]) !== undefined);
  return present.length === 1 ? present[0] : undefined;
}

/**
 * What the kubelet checks, as a comparable string: timing fields are left out (they change when
 * a check fails, not what it tests), named ports resolve to their numbers, and defaults are
 * written out (`path: /`, scheme HTTP, the pod IP as host).
 */
function checkOf(ref: ContainerRef, handler: Handler, action: Json): string | undefined {
  switch (handler) {
    case 'httpGet': {
      const headers = asArray(action['httpHeaders'])
        .map((h) => `${String(asRecord(h)?.['name'] ?? '').toLowerCase()}:${String(asRecord(h)?.['value'] ?? '')}`)
        .sort();
      return JSON.stringify([portOf(ref, action['port']), asString(action['path']) || '/', (asString(action['scheme']) ?? 'HTTP').toUpperCase(), asString(action['host']) ?? '', headers]);
    }
    case 'tcpSocket':
      return JSON.stringify([portOf(ref, action['port']), asString(action['host']) ?? '']);
    case 'grpc':
      return JSON.stringify([portOf(ref, action['port']), asString(action['service']) ?? '']);
    case 'exec': {
      const command = asArray(action['command']);
      // An exec probe without a command is invalid, not a check.
      return command.length === 0 ? undefined : JSON.stringify(command.map(String));
    }
  }
}

/** A probe port as the number it reaches: a name resolves through the container's ports. */
function portOf(ref: ContainerRef, port: unknown): string {
  if (typeof port === 'string' && !/^\d+$/.test(port)) {
    const declared = declaredPorts(ref).find((d) => d.name === port);
    return declared === undefined ? `name:${port}` : String(declared.number);
  }
  return String(port);
}

function describe(handler: Handler, action: Json): string {
  switch (handler) {
    case 'httpGet':
      return `httpGet ${asString(action['path']) || '/'} on port ${String(action['port'])}`;
    case 'tcpSocket':
      return `tcpSocket on port ${String(action['port'])}`;
    case 'grpc':
      return `grpc on port ${String(action['port'])}${asString(action['service']) ? ` service ${asString(action['service'])}` : ''}`;
    case 'exec':
      return `exec ${asArray(action['command']).map(String).join(' ')}`;
  }
}
