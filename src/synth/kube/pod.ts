import type { AppModel } from '../../model/app.ts';
import type { ResolvedOptions } from '../options.ts';
import { secretName } from './meta.ts';

/**
 * The pieces every py2kube pod shares: the Pod Security Standards `restricted` contexts, the
 * writable /tmp under a read-only root, the ServiceAccount without a token, and the app's
 * settings and Secret as environment. Plain data; each workload file assembles its own pod.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
 */

export const TMP_VOLUME = 'tmp';
export const TMP_DIR = '/tmp';

/**
 * Pod-level security: non-root with a numeric UID so the kubelet can verify `runAsNonRoot`
 * (a named image USER fails with CreateContainerConfigError, runtime facts 7.6), and the
 * runtime's default seccomp profile, which `restricted` requires explicitly (7.3).
 */
export function podSecurityContext(options: ResolvedOptions): Record<string, unknown> {
  return {
    runAsNonRoot: true,
    runAsUser: options.uid,
    runAsGroup: options.uid,
    fsGroup: options.uid,
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/**
 * Container-level security: `restricted` needs `allowPrivilegeEscalation: false` set on every
 * container (there is no pod-level field) and `capabilities.drop` containing ALL (7.3); the
 * read-only root is not required by `restricted` (7.4) but stops an attacker writing to the image.
 */
export function containerSecurityContext(): Record<string, unknown> {
  return {
    allowPrivilegeEscalation: false,
    readOnlyRootFilesystem: true,
    runAsNonRoot: true,
    capabilities: { drop: ['ALL'] },
  };
}

/** A node-local scratch volume: gunicorn's and Python's temp files need a writable /tmp under a read-only root (runtime facts 4.1.13). */
export function emptyDirVolume(name: string): Record<string, unknown> {
  return { name, emptyDir: {} };
}

export function mount(name: string, mountPath: string): Record<string, unknown> {
  return { name, mountPath };
}

/**
 * Non-secret settings from the ConfigMap, then the Secret. `optional: false` makes a missing
 * Secret stop the pod at CreateContainerConfigError with the Secret's name, instead of the app
 * starting and failing later on an unset variable.
 */
export function appEnvFrom(model: AppModel): Array<Record<string, unknown>> {
  return [
    { configMapRef: { name: model.name } },
    { secretRef: { name: secretName(model), optional: false } },
  ];
}

/**
 * The pod spec fields every py2kube pod has, before its containers. No API token: the app does
 * not talk to the Kubernetes API, and a mounted token is a credential an attacker could use.
 * `enableServiceLinks: false`: Kubernetes would otherwise inject `<SERVICE>_PORT`-style variables
 * for every Service in the namespace, which collide with settings such as a Service named
 * `redis` producing `REDIS_PORT=tcp://…`.
 */
export function podBase(model: AppModel, options: ResolvedOptions): Record<string, unknown> {
  return {
    serviceAccountName: model.name,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    securityContext: podSecurityContext(options),
  };
}

export interface ProbeTiming {
  periodSeconds: number;
  failureThreshold: number;
  timeoutSeconds: number;
}

/** The named container port every web probe and the Service target: one place to change the number. */
export const HTTP_PORT_NAME = 'http';

/** An HTTP probe on the named port: success is a status from 200 to 399 (runtime facts 1.5.2). */
export function httpGetProbe(path: string, timing: ProbeTiming): Record<string, unknown> {
  return { httpGet: { path, port: HTTP_PORT_NAME }, ...timing };
}

/** A TCP probe on the named port: it only proves the server accepts connections (1.6.2). */
export function tcpSocketProbe(timing: ProbeTiming): Record<string, unknown> {
  return { tcpSocket: { port: HTTP_PORT_NAME }, ...timing };
}

/** An exec probe: exit 0 is success; it forks inside the container and counts against its resources (1.6.1). */
export function execProbe(command: readonly string[], timing: ProbeTiming): Record<string, unknown> {
  return { exec: { command: [...command] }, ...timing };
}
