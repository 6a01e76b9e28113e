import rule from '../../../src/lint/rules/require-drop-all-capabilities.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'ALL dropped on every container, NET_BIND_SERVICE added back',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: migrate
      image: api:1
      securityContext:
        capabilities:
          drop: ["ALL"]
  containers:
    - name: web
      image: api:1
      securityContext:
        capabilities:
          drop:
            - ALL
          add:
            - NET_BIND_SERVICE
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
      name: 'the fix adds drop ALL under an existing securityContext',
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
          securityContext:
            allowPrivilegeEscalation: false
`,
      errors: [{ messageId: 'missingDrop', path: 'spec.template.spec.containers[0].securityContext.capabilities.drop', line: 11 }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          securityContext:
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
`,
    },
    {
      name: 'an init container is judged like any other container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: migrate
      image: api:1
  containers:
    - name: web
      image: api:1
      securityContext:
        capabilities:
          drop: [ALL]
`,
      errors: [{ messageId: 'missingDrop', path: 'spec.initContainers[0].securityContext.capabilities.drop', line: 7 }],
    },
    {
      name: 'dropping only NET_RAW: the fix appends ALL to the list',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        capabilities:
          drop:
            - NET_RAW
`,
      errors: [{ messageId: 'dropWithoutAll', path: 'spec.containers[0].securityContext.capabilities.drop', line: 11 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        capabilities:
          drop:
            - NET_RAW
            - ALL
`,
    },
    {
      name: 'lower-case "all" is rewritten in capitals',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        capabilities:
          drop:
            - all
`,
      errors: [{ messageId: 'dropAllCase', path: 'spec.containers[0].securityContext.capabilities.drop[0]', line: 12 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        capabilities:
          drop:
            - ALL
`,
    },
  ],
});
