import rule from '../../../src/lint/rules/require-run-as-non-root.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'containers inherit runAsNonRoot from the pod securityContext',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsNonRoot: true
    runAsUser: 10001
  initContainers:
    - name: migrate
      image: api:1
  containers:
    - name: web
      image: api:1
`,
    },
    {
      name: 'Windows pods are out of scope',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: win
spec:
  os:
    name: windows
  containers:
    - name: web
      image: iis:1
`,
    },
  ],
  invalid: [
    {
      name: 'the fix adds runAsNonRoot to the container and keeps everything else byte for byte',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api # the public API
spec:
  template:
    spec:
      containers:
        - name: web
          image: "api:1"   # pinned by CI

          ports: [{containerPort: 8000}]
`,
      errors: [{ messageId: 'missingRunAsNonRoot', path: 'spec.template.spec.containers[0].securityContext.runAsNonRoot', line: 9 }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api # the public API
spec:
  template:
    spec:
      containers:
        - name: web
          image: "api:1"   # pinned by CI

          ports: [{containerPort: 8000}]
          securityContext:
            runAsNonRoot: true
`,
    },
    {
      name: 'a container overriding the pod with false is fixed where it says false',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: web
      image: api:1
      securityContext:
        runAsNonRoot: false
`,
      errors: [{ messageId: 'runAsNonRootFalse', path: 'spec.containers[0].securityContext.runAsNonRoot', line: 12 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsNonRoot: true
  containers:
    - name: web
      image: api:1
      securityContext:
        runAsNonRoot: true
`,
    },
    {
      name: 'runAsUser 0 inherited from the pod is reported where it is set, with no fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    runAsUser: 0
  containers:
    - name: web
      image: api:1
`,
      errors: [{ messageId: 'runsAsRoot', path: 'spec.securityContext.runAsUser', line: 7 }],
      output: null,
    },
  ],
});
