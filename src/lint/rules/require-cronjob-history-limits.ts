// Jobs history limits (defaults 3 successful, 1 failed): https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#jobs-history-limits
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asNumber, asRecord, getIn } from '../object.ts';

const schema = z
  .strictObject({
    /** Value `--fix` writes for successfulJobsHistoryLimit. */
    successful: z.number().int().min(0),
    /** Value `--fix` writes for failedJobsHistoryLimit. */
    failed: z.number().int().min(0),
    /** Highest accepted value of either limit. */
    maximum: z.number().int().min(1),
  })
  .refine((o) => o.successful <= o.maximum && o.failed <= o.maximum, { message: 'successful and failed must not exceed maximum' });

const FIELDS = [
  { field: 'successfulJobsHistoryLimit', option: 'successful', fallback: 3, what: 'successful' },
  { field: 'failedJobsHistoryLimit', option: 'failed', fallback: 1, what: 'failed' },
] as const;

export default createRule({
  id: 'require-cronjob-history-limits',
  meta: {
    description: 'Require CronJobs to set bounded successful and failed job history limits.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'jobs',
    peers: [],
    messages: {
      missingLimit:
        'CronJob "{{name}}" does not set spec.{{field}}, so Kubernetes keeps its default of {{fallback}} {{what}} Job(s) with their pods and logs, a number nobody chose. Set spec.{{field}}: {{value}}.',
      limitTooHigh:
        'CronJob "{{name}}" keeps {{current}} finished Jobs (spec.{{field}}), each with its pods: on a frequent schedule they pile up in etcd and in `kubectl get pods`. Lower spec.{{field}} to {{value}} (at most {{maximum}}).',
    },
  },
  defaultOptions: { successful: 3, failed: 3, maximum: 10 },
  schema,
  create(context) {
    const { maximum } = context.options;
    return {
      CronJob(manifest) {
        const spec = asRecord(getIn(manifest.object, ['spec']));
        if (spec === undefined) return;
        for (const { field, option, fallback, what } of FIELDS) {
          const path = ['spec', field];
          const value = context.options[option];
          const current = spec[field];
          if (current === undefined) {
            context.report({ path, messageId: 'missingLimit', data: { name: manifest.name, field, fallback, what, value }, fix: (edit) => edit.set(path, value) });
          } else {
            const number = asNumber(current);
            if (number !== undefined && number > maximum) {
              context.report({ path, messageId: 'limitTooHigh', data: { name: manifest.name, field, current: number, value, maximum }, fix: (edit) => edit.set(path, value) });
            }
          }
        }
      },
    };
  },
});
