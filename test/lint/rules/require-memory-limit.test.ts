import rule from '../../../src/lint/rules/require-memory-limit.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      resources:
        limits:
          memory: 512Mi
`,
  ],
  invalid: [
    {
      name: 'a CPU limit alone is not a memory limit',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          resources:
            requests:
              memory: 1Gi
            limits:
              cpu: "2"
`,
      errors: [{ messageId: 'missingMemoryLimit', path: 'spec.template.spec.containers[0].resources.limits.memory', line: 14 }],
      output: null,
    },
    {
      name: 'CronJob containers are found under the job template',
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
          restartPolicy: OnFailure
          containers:
            - name: report
              image: api:1
`,
      errors: [{ messageId: 'missingMemoryLimit', path: 'spec.jobTemplate.spec.template.spec.containers[0].resources.limits.memory', line: 13 }],
    },
  ],
});
