import rule from '../../../src/lint/rules/require-cronjob-starting-deadline.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const cronJob = (deadline: string): string => `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "*/15 * * * *"
${deadline}  jobTemplate:
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
    { name: 'a five-minute starting deadline', code: cronJob('  startingDeadlineSeconds: 300\n') },
    { name: 'exactly the controller period', code: cronJob('  startingDeadlineSeconds: 10\n') },
  ],
  invalid: [
    {
      name: 'no starting deadline',
      code: cronJob(''),
      errors: [{ messageId: 'missingDeadline', path: 'spec.startingDeadlineSeconds', line: 5 }],
      output: null,
    },
    {
      name: 'a deadline shorter than the controller period',
      code: cronJob('  startingDeadlineSeconds: 5\n'),
      errors: [{ messageId: 'deadlineTooShort', path: 'spec.startingDeadlineSeconds', line: 7 }],
      output: null,
    },
  ],
});
