// Pod backoff failure policy (backoffLimit defaults to 6): https://kubernetes.io/docs/concepts/workloads/controllers/job/#pod-backoff-failure-policy
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asRecord, getIn } from '../object.ts';
import type { Path } from '../types.ts';

export default createRule({
  id: 'require-job-backoff-limit',
  meta: {
    description: 'Require an explicit backoffLimit on Jobs and CronJob job templates, so the number of retries is a decision rather than the default 6.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'jobs',
    peers: [],
    messages: {
      missingBackoffLimit:
        '{{kind}} "{{name}}" does not set backoffLimit, so a failing run is retried up to 6 times (the default), each retry after a back-off growing from 10 s to 6 min: a task that is not safe to repeat (a data migration, a batch of emails) may run 7 times. Set {{field}} explicitly: 0 when a retry is unsafe, 1–3 otherwise.',
    },
  },
  defaultOptions: {},
  create(context) {
    const check = (manifest: Manifest, specPath: Path): void => {
      const spec = asRecord(getIn(manifest.object, specPath));
      if (spec === undefined) return;
      // Indexed Jobs may count failures per index instead; then backoffLimit is optional.
      if (spec['backoffLimit'] !== undefined || spec['backoffLimitPerIndex'] !== undefined) return;
      const path = [...specPath, 'backoffLimit'];
      context.report({ path, messageId: 'missingBackoffLimit', data: { kind: manifest.kind, name: manifest.name, field: path.join('.') } });
    };
    return {
      Job: (manifest) => check(manifest, ['spec']),
      CronJob: (manifest) => check(manifest, ['spec', 'jobTemplate', 'spec']),
    };
  },
});
