// readOnlyRootFilesystem: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
// emptyDir for scratch space: https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
// What gunicorn and Celery beat must write: see require-writable-tmp.ts (the detection lives in ../filesystem.ts so both rules share one /tmp fix).
import { createRule } from '../create-rule.ts';
import { readOnlyRootMissing, tmpVolumeFix } from '../filesystem.ts';
import { getIn } from '../object.ts';
import { programOf } from '../python.ts';
import { isWindowsPod, type ContainerRef } from '../workload.ts';

/** Celery beat keeping its schedule file anywhere but under /tmp (by default: its working directory). */
function writesOutsideTmp(ref: ContainerRef): boolean {
  const program = programOf(ref)?.command;
  if (program === undefined || !(program.program === 'celery-beat' || program.embeddedBeat === true)) return false;
  const scheduler = program.options['scheduler'];
  if (typeof scheduler === 'string' && !scheduler.includes('PersistentScheduler')) return false;
  const option = program.options['schedule'];
  return !(typeof option === 'string' && option.startsWith('/tmp/'));
}

export default createRule({
  id: 'require-read-only-root-filesystem',
  meta: {
    description: 'Require a read-only root filesystem on every container, with an emptyDir at /tmp for temporary files.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'kube-score', id: 'container-security-context-readonlyrootfilesystem' },
      { tool: 'kube-linter', id: 'no-read-only-root-fs' },
      { tool: 'polaris', id: 'notReadOnlyRootFilesystem' },
      { tool: 'checkov', id: 'CKV_K8S_22' },
      { tool: 'kubescape', id: 'C-0017' },
      { tool: 'trivy', id: 'KSV-0014' },
    ],
    messages: {
      missingReadOnlyRoot:
        'Container "{{container}}" can write to its root filesystem (securityContext.readOnlyRootFilesystem is not set): an attacker who gets code execution can drop tools or modify the app’s code in place. Set readOnlyRootFilesystem: true and mount an emptyDir at /tmp for temporary files (gunicorn heartbeats, uploads, the Celery beat schedule).',
      readOnlyRootFalse:
        'Container "{{container}}" sets readOnlyRootFilesystem: false. Set it to true and mount an emptyDir at /tmp for the temporary files the app writes.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        if (isWindowsPod(workload)) return;
        const reported = workload.containers.filter(readOnlyRootMissing);
        // A container that writes outside /tmp (Celery beat's schedule in its working directory)
        // would crash under a read-only root that only /tmp makes writable: report, never fix.
        for (const ref of reported) {
          const path = [...ref.path, 'securityContext', 'readOnlyRootFilesystem'];
          const tmp = writesOutsideTmp(ref) ? null : tmpVolumeFix(ref, workload);
          const explicitFalse = getIn(ref.container, ['securityContext', 'readOnlyRootFilesystem']) === false;
          context.report({
            path,
            messageId: explicitFalse ? 'readOnlyRootFalse' : 'missingReadOnlyRoot',
            data: { container: ref.name },
            // Without a writable /tmp, a read-only root breaks most Python servers, so no half fix.
            fix:
              tmp === null
                ? undefined
                : (edit) => {
                    edit.set(path, true);
                    if (tmp !== 'present') tmp(edit);
                  },
          });
        }
      },
    };
  },
});
