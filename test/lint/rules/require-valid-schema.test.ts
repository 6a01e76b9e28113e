import rule from '../../../src/lint/rules/require-valid-schema.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector:
    app: api
  ports:
    - port: 80
      targetPort: 8000
`,
    {
      name: 'custom resources pass through untouched',
      code: `apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: worker
spec:
  anything: goes
`,
    },
  ],
  invalid: [
    {
      name: 'a misspelt field is reported at the field',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replica: 2
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      containers:
        - name: web
          image: api:1
`,
      errors: [{ messageId: 'invalidField', path: 'spec.replica', line: 6 }],
      output: null,
    },
    {
      name: 'a wrong type is reported at the value',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      ports:
        - containerPort: "http"
`,
      errors: [{ messageId: 'invalidField', path: 'spec.containers[0].ports[0].containerPort', line: 10 }],
    },
  ],
});
