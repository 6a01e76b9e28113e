// concurrencyPolicy defaults to Allow: https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#concurrency-policy
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asString, getIn } from '../object.ts';

const POLICIES = ['Allow', 'Forbid', 'Replace'] as const;
type Policy = (typeof POLICIES)[number];

const schema = z.strictObject({
  /** Policies accepted when written; drop `Allow` to require that runs never overlap. */
  allowed: z.array(z.enum(POLICIES)).min(1),
});

export default createRule({
  id: 'require-cronjob-concurrency-policy',
  meta: {
    description: 'Require CronJobs to state their concurrencyPolicy, since the default Allow lets a slow run overlap the next one.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'jobs',
    peers: [],
    messages: {
      missingPolicy:
        'CronJob "{{name}}" does not set concurrencyPolicy, so it defaults to Allow: when a run outlasts the schedule interval ("{{schedule}}"), the next run starts beside it and both work on the same data. Set spec.concurrencyPolicy: Forbid (skip a run while one is active) or Replace (stop the old run and start the new one); write Allow only if overlapping runs are safe.',
      policyNotAllowed:
        'CronJob "{{name}}" sets concurrencyPolicy: {{policy}}, which the configuration of this rule does not accept (allowed: {{allowed}}). Set spec.concurrencyPolicy to one of those.',
    },
  },
  defaultOptions: { allowed: [...POLICIES] as Policy[] },
  schema,
  create(context) {
    const allowed = new Set<string>(context.options.allowed);
    return {
      CronJob(manifest) {
        const path = ['spec', 'concurrencyPolicy'];
        const policy = getIn(manifest.object, path);
        const schedule = asString(getIn(manifest.object, ['spec', 'schedule'])) ?? 'no schedule';
        if (policy === undefined) {
          context.report({ path, messageId: 'missingPolicy', data: { name: manifest.name, schedule } });
        } else if (!allowed.has(String(policy))) {
          context.report({ path, messageId: 'policyNotAllowed', data: { name: manifest.name, policy: String(policy), allowed: context.options.allowed.join(', ') } });
        }
      },
    };
  },
});
