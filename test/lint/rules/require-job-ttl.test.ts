import rule from '../../../src/lint/rules/require-job-ttl.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'a Job with a TTL',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  ttlSecondsAfterFinished: 86400
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
`,
    },
    {
      name: 'a Helm hook Job is deleted by Helm',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    helm.sh/hook: pre-upgrade
    helm.sh/hook-delete-policy: before-hook-creation,hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
`,
    },
    {
      name: 'a Helm hook Job without a hook-delete-policy is deleted by Helm before its next run',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: shop-migrate
  annotations:
    "helm.sh/hook": post-install,pre-upgrade
    "helm.sh/hook-weight": "-5"
spec:
  backoffLimit: 1
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
          command: [alembic, upgrade, head]
`,
    },
    {
      name: 'an Argo CD PreSync hook Job without a delete policy is deleted by Argo CD before its next sync',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    argocd.argoproj.io/hook: PreSync
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
`,
    },
    {
      name: 'CronJob runs are cleaned up by history limits, not a TTL',
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
    },
  ],
  invalid: [
    {
      name: 'a hook-delete-policy without a hook annotation does not make the Job a hook',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  annotations:
    helm.sh/hook-delete-policy: hook-succeeded
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
`,
      errors: [{ messageId: 'missingTtl', path: 'spec.ttlSecondsAfterFinished', line: 7 }],
    },
    {
      name: 'a standalone Job gets a TTL from --fix',
      options: { seconds: 3600 },
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
`,
      errors: [{ messageId: 'missingTtl', path: 'spec.ttlSecondsAfterFinished', line: 5 }],
      output: `apiVersion: batch/v1
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
  ttlSecondsAfterFinished: 3600
`,
    },
  ],
});
