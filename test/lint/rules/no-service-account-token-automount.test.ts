import rule from '../../../src/lint/rules/no-service-account-token-automount.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'the pod opts out',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  automountServiceAccountToken: false
  containers:
    - name: web
      image: api:1
`,
    },
    {
      name: 'the ServiceAccount opts out and the pod leaves the field unset',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
  namespace: shop
automountServiceAccountToken: false
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
  namespace: shop
spec:
  template:
    spec:
      serviceAccountName: api
      containers:
        - name: web
          image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'a ServiceAccount that keeps the default does not help; the fix opts the pod out',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      serviceAccountName: api
      containers:
        - name: web
          image: api:1
`,
      errors: [{ messageId: 'tokenMounted', path: 'spec.template.spec.automountServiceAccountToken', line: 12 }],
      output: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: api
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      serviceAccountName: api
      containers:
        - name: web
          image: api:1
      automountServiceAccountToken: false
`,
    },
    {
      name: 'an opt-out on a ServiceAccount in another namespace does not count',
      code: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: default
  namespace: other
automountServiceAccountToken: false
---
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
  namespace: shop
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: api:1
`,
      errors: [{ messageId: 'tokenMounted', path: 'spec.template.spec.automountServiceAccountToken', line: 15 }],
    },
    {
      name: 'an explicit true is reported without a fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  automountServiceAccountToken: true
  containers:
    - name: web
      image: api:1
`,
      errors: [{ messageId: 'tokenRequested', path: 'spec.automountServiceAccountToken', line: 6 }],
      output: null,
    },
  ],
});
