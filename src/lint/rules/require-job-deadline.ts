// Job termination and activeDeadlineSeconds: https://kubernetes.io/docs/concepts/workloads/controllers/job/#job-termination-and-cleanup
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asRecord, getIn } from '../object.ts';
import type { Path } from '../types.ts';

export default createRule({
  id: 'require-job-deadline',
  meta: {
    description: 'Require activeDeadlineSeconds on Jobs and CronJob job templates, so a run that hangs is stopped.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'jobs',
    peers: [],
    messages: {
      missingJobDeadline:
        'Job "{{name}}" has no activeDeadlineSeconds: a run that hangs (waiting on a lock, a stalled connection) keeps its pod running forever and the Job never fails. Set {{field}} to the longest acceptable run time, e.g. 3600.',
      missingCronJobDeadline:
        'CronJob "{{name}}" has no activeDeadlineSeconds in its job template: a run that hangs never ends, so with concurrencyPolicy Forbid every later run is skipped, and with Allow the hung runs pile up. Set {{field}} to less than the schedule interval, e.g. 3000 for an hourly job.',
    },
  },
  defaultOptions: {},
  create(context) {
    const check = (manifest: Manifest, specPath: Path, messageId: 'missingJobDeadline' | 'missingCronJobDeadline'): void => {
      const spec = asRecord(getIn(manifest.object, specPath));
      if (spec === undefined || spec['activeDeadlineSeconds'] !== undefined) return;
      // A pod-level deadline also bounds a hung run (each retry gets a fresh one).
      if (getIn(spec, ['template', 'spec', 'activeDeadlineSeconds']) !== undefined) return;
      const path = [...specPath, 'activeDeadlineSeconds'];
      context.report({ path, messageId, data: { name: manifest.name, field: path.join('.') } });
    };
    return {
      Job: (manifest) => check(manifest, ['spec'], 'missingJobDeadline'),
      CronJob: (manifest) => check(manifest, ['spec', 'jobTemplate', 'spec'], 'missingCronJobDeadline'),
    };
  },
});
