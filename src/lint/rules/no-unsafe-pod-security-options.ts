// Pod Security Standards, baseline: AppArmor, SELinux, /proc Mount Type, Sysctls: https://kubernetes.io/docs/concepts/security/pod-security-standards/#baseline
import { createRule } from '../create-rule.ts';
import { isAtLeast } from '../kube-version.ts';
import { asArray, asRecord, asString, getIn, type Json } from '../object.ts';
import type { Path } from '../types.ts';

const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost'];
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

function selinuxTypes(kubeVersion: string): string[] {
  return ['container_t', 'container_init_t', 'container_kvm_t', ...(isAtLeast(kubeVersion, '1.31') ? ['container_engine_t'] : [])];
}

function safeSysctls(kubeVersion: string): string[] {
  return [
    'kernel.shm_rmid_forced',
    'net.ipv4.ip_local_port_range',
    'net.ipv4.ip_unprivileged_port_start',
    'net.ipv4.tcp_syncookies',
    'net.ipv4.ping_group_range',
    ...(isAtLeast(kubeVersion, '1.27') ? ['net.ipv4.ip_local_reserved_ports'] : []),
    ...(isAtLeast(kubeVersion, '1.29') ? ['net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl', 'net.ipv4.tcp_keepalive_probes'] : []),
  ];
}

export default createRule({
  id: 'no-unsafe-pod-security-options',
  meta: {
    description: 'Disallow the AppArmor, SELinux, /proc mount and sysctl settings that the baseline Pod Security Standard forbids.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'kube-linter', id: 'unsafe-proc-mount' },
      { tool: 'kube-linter', id: 'unsafe-sysctls' },
      { tool: 'polaris', id: 'procMount' },
      { tool: 'trivy', id: 'KSV-0002' },
      { tool: 'trivy', id: 'KSV-0025' },
      { tool: 'trivy', id: 'KSV-0026' },
      { tool: 'trivy', id: 'KSV-0027' },
    ],
    messages: {
      appArmorUnconfined:
        '{{where}} sets the AppArmor profile to "{{value}}", which turns AppArmor confinement off. Remove it (the runtime default profile applies) or use RuntimeDefault, or Localhost with a profile loaded on the nodes; the Pod Security Standards reject anything else even at "baseline".',
      seLinuxType:
        '{{where}} sets seLinuxOptions.type: "{{value}}"; the Pod Security Standards "baseline" profile only allows {{allowed}} (or leaving it unset), since other types can lift the container’s SELinux confinement. Remove seLinuxOptions.type.',
      seLinuxUserRole:
        '{{where}} sets seLinuxOptions.{{field}}: "{{value}}", which the Pod Security Standards reject even at "baseline": a custom SELinux user or role can escape the container policy. Remove seLinuxOptions.{{field}}.',
      procMountUnmasked:
        'Container "{{container}}" sets procMount: {{value}}, which exposes the parts of /proc the runtime normally masks (kernel memory, keys, timers). Remove procMount (Default); only nested-container builders need Unmasked, and the Pod Security Standards reject it at "baseline".',
      unsafeSysctl:
        '{{kind}} "{{name}}" sets the sysctl {{sysctl}}, which is not in the safe list ({{safe}}): it can affect other pods on the node or needs the kubelet to allow it, and the Pod Security Standards reject it at "baseline". Remove it, or tune it on the nodes instead.',
    },
  },
  defaultOptions: {},
  create(context) {
    const seTypes = selinuxTypes(context.kubeVersion);
    const sysctls = safeSysctls(context.kubeVersion);
    const checkContext = (security: Json | undefined, basePath: Path, where: string): void => {
      if (security === undefined) return;
      const appArmor = getIn(security, ['appArmorProfile', 'type']);
      if (appArmor !== undefined && !APPARMOR_TYPES.includes(appArmor as string)) {
        context.report({ path: [...basePath, 'appArmorProfile', 'type'], messageId: 'appArmorUnconfined', data: { where, value: String(appArmor) } });
      }
      const selinux = asRecord(security['seLinuxOptions']);
      if (selinux === undefined) return;
      const type = asString(selinux['type']);
      if (type !== undefined && type !== '' && !seTypes.includes(type)) {
        context.report({ path: [...basePath, 'seLinuxOptions', 'type'], messageId: 'seLinuxType', data: { where, value: type, allowed: seTypes.join(', ') } });
      }
      for (const field of ['user', 'role']) {
        const value = asString(selinux[field]);
        if (value !== undefined && value !== '') context.report({ path: [...basePath, 'seLinuxOptions', field], messageId: 'seLinuxUserRole', data: { where, field, value } });
      }
    };
    return {
      workload(workload) {
        const podWhere = `${workload.kind} "${workload.name}"`;
        checkContext(asRecord(workload.podSpec['securityContext']), [...workload.podSpecPath, 'securityContext'], podWhere);
        for (const ref of workload.containers) {
          const security = asRecord(ref.container['securityContext']);
          checkContext(security, [...ref.path, 'securityContext'], `Container "${ref.name}"`);
          const procMount = security?.['procMount'];
          if (procMount !== undefined && procMount !== 'Default') {
            context.report({ path: [...ref.path, 'securityContext', 'procMount'], messageId: 'procMountUnmasked', data: { container: ref.name, value: String(procMount) } });
          }
        }
        // The annotation form, deprecated since 1.30 but still honoured.
        for (const [key, value] of Object.entries(workload.podAnnotations)) {
          if (!key.startsWith(APPARMOR_ANNOTATION) || value === 'runtime/default' || value.startsWith('localhost/')) continue;
          context.report({ path: [...workload.podMetadataPath, 'annotations', key], messageId: 'appArmorUnconfined', data: { where: `Container "${key.slice(APPARMOR_ANNOTATION.length)}"`, value } });
        }
        for (const [index, item] of asArray(getIn(workload.podSpec, ['securityContext', 'sysctls'])).entries()) {
          const sysctl = asString(asRecord(item)?.['name']);
          if (sysctl === undefined || sysctls.includes(sysctl)) continue;
          context.report({ path: [...workload.podSpecPath, 'securityContext', 'sysctls', index, 'name'], messageId: 'unsafeSysctl', data: { kind: workload.kind, name: workload.name, sysctl, safe: sysctls.join(', ') } });
        }
      },
    };
  },
});
