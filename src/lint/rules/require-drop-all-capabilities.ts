// Pod Security Standards, restricted, "Capabilities": https://kubernetes.io/docs/concepts/security/pod-security-standards/#restricted
// Capabilities in a securityContext: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/#set-capabilities-for-a-container
import { createRule } from '../create-rule.ts';
import { asArray, getIn } from '../object.ts';
import { isWindowsPod } from '../workload.ts';

export default createRule({
  id: 'require-drop-all-capabilities',
  meta: {
    description: 'Require every container to drop ALL Linux capabilities.',
    severity: 'error',
    fixable: true,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'checkov', id: 'CKV_K8S_37' },
      { tool: 'trivy', id: 'KSV-0003' },
    ],
    messages: {
      missingDrop:
        'Container "{{container}}" keeps the runtime’s default Linux capabilities (CHOWN, DAC_OVERRIDE, NET_RAW, SETUID…): securityContext.capabilities.drop is not set. Set capabilities.drop: ["ALL"]; a Python server on a port above 1023 needs none of them, and the Pod Security Standards "restricted" profile requires it.',
      dropWithoutAll:
        'Container "{{container}}" drops only {{dropped}}, so the other default capabilities stay. Add "ALL" to securityContext.capabilities.drop (add back NET_BIND_SERVICE only if it binds a port below 1024).',
      dropAllCase:
        'Container "{{container}}" drops "{{value}}": the Pod Security Standards check compares the exact string, so only "ALL" in capitals counts. Write "ALL".',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        if (isWindowsPod(workload)) return;
        for (const ref of workload.containers) {
          const dropPath = [...ref.path, 'securityContext', 'capabilities', 'drop'];
          const raw = getIn(ref.container, ['securityContext', 'capabilities', 'drop']);
          const drop = asArray(raw);
          const data = { container: ref.name };
          if (drop.includes('ALL')) continue;
          const lower = drop.findIndex((c) => typeof c === 'string' && c.toUpperCase() === 'ALL');
          if (lower >= 0) {
            const path = [...dropPath, lower];
            context.report({ path, messageId: 'dropAllCase', data: { ...data, value: String(drop[lower]) }, fix: (edit) => edit.set(path, 'ALL') });
          } else if (Array.isArray(raw) && drop.length > 0) {
            context.report({ path: dropPath, messageId: 'dropWithoutAll', data: { ...data, dropped: drop.map(String).join(', ') }, fix: (edit) => edit.insert(dropPath, 'ALL') });
          } else {
            // An empty or missing list: write the whole list.
            context.report({ path: dropPath, messageId: 'missingDrop', data, fix: Array.isArray(raw) ? undefined : (edit) => edit.set(dropPath, ['ALL']) });
          }
        }
      },
    };
  },
});
