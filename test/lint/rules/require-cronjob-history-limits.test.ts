import rule from '../../../src/lint/rules/require-cronjob-history-limits.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'both limits set within the maximum',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 5
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'both limits are added by --fix',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report   # nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: api:1
`,
      errors: [
        { messageId: 'missingLimit', path: 'spec.successfulJobsHistoryLimit', line: 5 },
        { messageId: 'missingLimit', path: 'spec.failedJobsHistoryLimit', line: 5 },
      ],
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report   # nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: api:1
  successfulJobsHistoryLimit: 3
  failedJobsHistoryLimit: 3
`,
    },
    {
      name: 'a limit above the maximum is lowered to the configured value',
      options: { successful: 2, failed: 5, maximum: 20 },
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: poll
spec:
  schedule: "* * * * *"
  successfulJobsHistoryLimit: 100
  failedJobsHistoryLimit: 5
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: poll
              image: api:1
`,
      errors: [{ messageId: 'limitTooHigh', path: 'spec.successfulJobsHistoryLimit', line: 7 }],
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: poll
spec:
  schedule: "* * * * *"
  successfulJobsHistoryLimit: 2
  failedJobsHistoryLimit: 5
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: poll
              image: api:1
`,
    },
  ],
});
