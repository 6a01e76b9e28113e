import rule from '../../../src/lint/rules/require-job-backoff-limit.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'a Job with an explicit backoffLimit',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  backoffLimit: 0
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
          args: ["python", "manage.py", "migrate"]
`,
    },
    {
      name: 'an Indexed Job counting failures per index',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: shards
spec:
  completionMode: Indexed
  completions: 4
  backoffLimitPerIndex: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: shard
          image: api:1
`,
    },
    {
      name: 'a CronJob whose job template sets backoffLimit',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      backoffLimit: 2
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
      name: 'a Job relying on the default 6 retries',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
`,
      errors: [{ messageId: 'missingBackoffLimit', path: 'spec.backoffLimit', line: 5 }],
      output: null,
    },
    {
      name: 'a CronJob whose job template does not set backoffLimit',
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
          restartPolicy: Never
          containers:
            - name: report
              image: api:1
`,
      errors: [{ messageId: 'missingBackoffLimit', path: 'spec.jobTemplate.spec.backoffLimit', line: 8 }],
      output: null,
    },
  ],
});
