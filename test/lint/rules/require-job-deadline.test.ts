import rule from '../../../src/lint/rules/require-job-deadline.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'a Job with activeDeadlineSeconds',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  activeDeadlineSeconds: 900
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
`,
    },
    {
      name: 'a pod-level deadline also bounds each run',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  jobTemplate:
    spec:
      template:
        spec:
          activeDeadlineSeconds: 1800
          restartPolicy: Never
          containers:
            - name: report
              image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'a Job that may hang forever',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
`,
      errors: [{ messageId: 'missingJobDeadline', path: 'spec.activeDeadlineSeconds', line: 5 }],
      output: null,
    },
    {
      name: 'a CronJob job template without a deadline',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 * * * *"
  concurrencyPolicy: Forbid
  jobTemplate:
    spec:
      backoffLimit: 1
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: api:1
`,
      errors: [{ messageId: 'missingCronJobDeadline', path: 'spec.jobTemplate.spec.activeDeadlineSeconds', line: 9 }],
      output: null,
    },
  ],
});
