import rule from '../../../src/lint/rules/require-celery-worker-grace.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const worker = (grace: string, args: string, env = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
${grace}      containers:
        - name: worker
          image: api:1
          args: ${args}
${env}`;

runRuleTester(rule, {
  valid: [
    { name: 'a grace period above the default', code: worker('      terminationGracePeriodSeconds: 310\n', '["celery", "-A", "proj", "worker"]') },
    { name: 'a grace period covering the time limit', code: worker('      terminationGracePeriodSeconds: 130\n', '["celery", "-A", "proj", "worker", "--time-limit", "120"]') },
    { name: 'a short time limit fits the default', code: worker('', '["celery", "-A", "proj", "worker", "--time-limit=20"]') },
    {
      name: 'REMAP_SIGTERM hands shutdown to the soft-shutdown timeout',
      code: worker('', '["celery", "-A", "proj", "worker"]', `          env:
            - name: REMAP_SIGTERM
              value: SIGQUIT
`),
    },
    { name: 'web servers are not judged', code: worker('', '["gunicorn", "app:app"]') },
  ],
  invalid: [
    {
      name: 'the default grace period is raised by --fix',
      code: worker('', '["celery", "-A", "proj", "worker"]'),
      errors: [{ messageId: 'defaultGrace', path: 'spec.template.spec.terminationGracePeriodSeconds', line: 7 }],
      output: worker('', '["celery", "-A", "proj", "worker"]').replace('          args: ["celery", "-A", "proj", "worker"]\n', '          args: ["celery", "-A", "proj", "worker"]\n      terminationGracePeriodSeconds: 300\n'),
    },
    {
      name: 'a grace period shorter than the time limit',
      code: worker('      terminationGracePeriodSeconds: 60\n', '["celery", "-A", "proj", "worker", "--time-limit", "600"]'),
      errors: [{ messageId: 'belowTimeLimit', path: 'spec.template.spec.terminationGracePeriodSeconds', line: 8 }],
      output: worker('      terminationGracePeriodSeconds: 610\n', '["celery", "-A", "proj", "worker", "--time-limit", "600"]'),
    },
  ],
});
