// startingDeadlineSeconds and missed schedules: https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#job-creation
import { createRule } from '../create-rule.ts';
import { asNumber, asString, getIn } from '../object.ts';

export default createRule({
  id: 'require-cronjob-starting-deadline',
  meta: {
    description: 'Require CronJobs to set startingDeadlineSeconds, so a missed run is skipped instead of started arbitrarily late.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'jobs',
    peers: [{ tool: 'kube-score', id: 'cronjob-has-deadline' }],
    messages: {
      missingDeadline:
        'CronJob "{{name}}" ("{{schedule}}") has no startingDeadlineSeconds: a run that could not start on time (the controller was down, the cluster was upgraded, the previous run still held a Forbid slot) starts whenever the controller gets to it, however late, and every missed schedule since the last run counts toward the controller\'s 100-missed-runs warning. Set spec.startingDeadlineSeconds to how late a run may still be useful, e.g. 300.',
      deadlineTooShort:
        'CronJob "{{name}}" sets startingDeadlineSeconds: {{seconds}}; the CronJob controller checks schedules about every 10 seconds, so with less than 10 a run can be missed every time. Set spec.startingDeadlineSeconds to 10 or more, e.g. 60.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      CronJob(manifest) {
        const path = ['spec', 'startingDeadlineSeconds'];
        const value = getIn(manifest.object, path);
        if (value === undefined) {
          const schedule = asString(getIn(manifest.object, ['spec', 'schedule'])) ?? 'no schedule';
          context.report({ path, messageId: 'missingDeadline', data: { name: manifest.name, schedule } });
          return;
        }
        const seconds = asNumber(value);
        if (seconds !== undefined && seconds < 10) context.report({ path, messageId: 'deadlineTooShort', data: { name: manifest.name, seconds } });
      },
    };
  },
});
