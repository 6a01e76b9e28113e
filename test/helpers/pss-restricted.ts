/**
 * A small Pod Security Standards `restricted` checker for tests, control by control as the
 * runtime fact sheet lists them (§7.2 baseline, §7.3 restricted-only). Returns one sentence per
 * violation; an empty list means the pod spec would be admitted under `enforce: restricted`.
 * @see https://kubernetes.io/docs/concepts/security/pod-security-standards/
 */
import type { KubeObject } from '../../src/model/kube.ts';

type Obj = Record<string, unknown>;

const ALLOWED_VOLUME_TYPES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret']);
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.ip_unprivileged_port_start', 'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range', 'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes',
]);
const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t']);

function obj(value: unknown): Obj {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Obj) : {};
}
function list(value: unknown): Obj[] {
  return Array.isArray(value) ? value.map(obj) : [];
}

/** The pod spec inside a workload object (Pod, Deployment, Job, CronJob …), or null for kinds without pods. */
export function podSpecOf(object: KubeObject): Obj | null {
  const spec = obj(object.spec);
  switch (object.kind) {
    case 'Pod': return spec;
    case 'Deployment': case 'StatefulSet': case 'DaemonSet': case 'ReplicaSet': case 'Job': return obj(obj(spec.template).spec);
    case 'CronJob': return obj(obj(obj(obj(spec.jobTemplate).spec).template).spec);
    default: return null;
  }
}

export function restrictedViolations(podSpec: Obj): string[] {
  const out: string[] = [];
  const podSc = obj(podSpec.securityContext);
  for (const field of ['hostNetwork', 'hostPID', 'hostIPC']) if (podSpec[field] === true) out.push(`spec.${field} is true`);
  for (const volume of list(podSpec.volumes)) {
    const type = Object.keys(volume).find((k) => k !== 'name');
    if (type === undefined || !ALLOWED_VOLUME_TYPES.has(type)) out.push(`volume ${String(volume.name)} has type ${String(type)}`);
  }
  for (const sysctl of list(podSc.sysctls)) if (!SAFE_SYSCTLS.has(String(sysctl.name))) out.push(`sysctl ${String(sysctl.name)} is not in the safe set`);
  if (podSc.runAsUser === 0) out.push('spec.securityContext.runAsUser is 0');
  const podSeccomp = obj(podSc.seccompProfile).type;
  if (podSeccomp === 'Unconfined') out.push('spec.securityContext.seccompProfile is Unconfined');
  checkSelinuxAppArmor(podSc, 'spec.securityContext', out);

  const containers = [
    ...list(podSpec.containers).map((c) => ['containers', c] as const),
    ...list(podSpec.initContainers).map((c) => ['initContainers', c] as const),
    ...list(podSpec.ephemeralContainers).map((c) => ['ephemeralContainers', c] as const),
  ];
  for (const [field, container] of containers) {
    const where = `${field}[${String(container.name)}]`;
    const sc = obj(container.securityContext);
    if (sc.privileged === true) out.push(`${where} is privileged`);
    if (sc.allowPrivilegeEscalation !== false) out.push(`${where} does not set allowPrivilegeEscalation: false`);
    const nonRoot = sc.runAsNonRoot ?? podSc.runAsNonRoot;
    if (nonRoot !== true) out.push(`${where} is not runAsNonRoot (neither it nor the pod says true)`);
    if (sc.runAsUser === 0) out.push(`${where} has runAsUser 0`);
    const seccomp = obj(sc.seccompProfile).type ?? podSeccomp;
    if (seccomp !== 'RuntimeDefault' && seccomp !== 'Localhost') out.push(`${where} has seccompProfile ${String(seccomp)} (RuntimeDefault or Localhost required)`);
    const caps = obj(sc.capabilities);
    const drop = Array.isArray(caps.drop) ? caps.drop : [];
    if (!drop.includes('ALL')) out.push(`${where} does not drop ALL capabilities`);
    const add = Array.isArray(caps.add) ? caps.add : [];
    for (const cap of add) if (cap !== 'NET_BIND_SERVICE') out.push(`${where} adds capability ${String(cap)}`);
    if (sc.procMount !== undefined && sc.procMount !== 'Default') out.push(`${where} has procMount ${String(sc.procMount)}`);
    for (const port of list(container.ports)) if (port.hostPort !== undefined && port.hostPort !== 0) out.push(`${where} uses hostPort ${String(port.hostPort)}`);
    checkSelinuxAppArmor(sc, where, out);
  }
  return out;
}

function checkSelinuxAppArmor(sc: Obj, where: string, out: string[]): void {
  const selinux = obj(sc.seLinuxOptions);
  if (selinux.type !== undefined && !SELINUX_TYPES.has(String(selinux.type))) out.push(`${where} has SELinux type ${String(selinux.type)}`);
  if (selinux.user !== undefined || selinux.role !== undefined) out.push(`${where} sets an SELinux user or role`);
  const apparmor = obj(sc.appArmorProfile).type;
  if (apparmor !== undefined && apparmor !== 'RuntimeDefault' && apparmor !== 'Localhost') out.push(`${where} has AppArmor profile ${String(apparmor)}`);
}
