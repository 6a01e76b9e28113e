import rule from '../../../src/lint/rules/require-job-restart-policy.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const job = (policy: string, extra = ''): string => `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
${extra}  template:
    spec:
${policy}      containers:
        - name: migrate
          image: api:1
`;

runRuleTester(rule, {
  valid: [
    { name: 'Never', code: job('      restartPolicy: Never\n') },
    { name: 'OnFailure is accepted by default', code: job('      restartPolicy: OnFailure\n') },
    {
      name: 'podFailurePolicy with Never',
      code: job('      restartPolicy: Never\n', '  podFailurePolicy:\n    rules:\n      - action: FailJob\n        onExitCodes: {operator: In, values: [42]}\n'),
    },
    {
      name: 'Deployments keep the default Always',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'a missing restartPolicy is set to Never',
      code: job(''),
      errors: [{ messageId: 'missingPolicy', path: 'spec.template.spec.restartPolicy', line: 7 }],
      output: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      containers:
        - name: migrate
          image: api:1
      restartPolicy: Never
`,
    },
    {
      name: 'Always in a CronJob is replaced by Never',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: Always
          containers:
            - name: report
              image: api:1
`,
      errors: [{ messageId: 'alwaysPolicy', path: 'spec.jobTemplate.spec.template.spec.restartPolicy', line: 11 }],
      output: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
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
    },
    {
      name: 'podFailurePolicy needs Never',
      code: job('      restartPolicy: OnFailure\n', '  podFailurePolicy:\n    rules:\n      - action: FailJob\n        onExitCodes: {operator: In, values: [42]}\n'),
      errors: [{ messageId: 'needsNever', path: 'spec.template.spec.restartPolicy', line: 12 }],
      output: job('      restartPolicy: Never\n', '  podFailurePolicy:\n    rules:\n      - action: FailJob\n        onExitCodes: {operator: In, values: [42]}\n'),
    },
    {
      name: 'OnFailure refused when the options require Never (no automatic fix)',
      options: { allowOnFailure: false },
      code: job('      restartPolicy: OnFailure\n'),
      errors: [{ messageId: 'preferNever', path: 'spec.template.spec.restartPolicy', line: 8 }],
      output: null,
    },
  ],
});
