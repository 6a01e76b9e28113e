import rule from '../../../src/lint/rules/require-cronjob-concurrency-policy.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const cronJob = (policy: string): string => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "*/5 * * * *"
${policy}  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Never
          containers:
            - name: report
              image: api:1
`;

runRuleTester(rule, {
  valid: [
    { name: 'Forbid', code: cronJob('  concurrencyPolicy: Forbid\n') },
    { name: 'Replace', code: cronJob('  concurrencyPolicy: Replace\n') },
    { name: 'an explicit Allow is a decision', code: cronJob('  concurrencyPolicy: Allow\n') },
    {
      name: 'Jobs have no schedule to overlap',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: once
          image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'the default Allow lets runs overlap',
      code: cronJob(''),
      errors: [{ messageId: 'missingPolicy', path: 'spec.concurrencyPolicy', line: 5 }],
      output: null,
    },
    {
      name: 'Allow refused when the options leave it out',
      options: { allowed: ['Forbid', 'Replace'] },
      code: cronJob('  concurrencyPolicy: Allow\n'),
      errors: [{ messageId: 'policyNotAllowed', path: 'spec.concurrencyPolicy', line: 7 }],
      output: null,
    },
  ],
});
