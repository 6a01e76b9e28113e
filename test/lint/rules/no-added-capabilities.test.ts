import rule from '../../../src/lint/rules/no-added-capabilities.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'NET_BIND_SERVICE is the one capability restricted allows',
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
          drop: [ALL]
          add: [NET_BIND_SERVICE]
`,
    },
    {
      name: 'no capabilities at all',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'SYS_ADMIN and NET_RAW fail baseline, CHOWN fails restricted, each at its list item',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      initContainers:
        - name: fix-perms
          image: busybox:1.36
          securityContext:
            capabilities:
              add:
                - CHOWN
      containers:
        - name: web
          image: api:1
          securityContext:
            capabilities:
              add:
                - SYS_ADMIN
                - NET_BIND_SERVICE
                - NET_RAW
`,
      errors: [
        { messageId: 'restrictedCapability', path: 'spec.template.spec.initContainers[0].securityContext.capabilities.add[0]', line: 14 },
        { messageId: 'dangerousCapability', path: 'spec.template.spec.containers[0].securityContext.capabilities.add[0]', line: 21 },
        { messageId: 'dangerousCapability', path: 'spec.template.spec.containers[0].securityContext.capabilities.add[2]', line: 23 },
      ],
      output: null,
    },
    {
      name: 'the CAP_ prefix is not the Kubernetes spelling',
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
          add: ["CAP_NET_BIND_SERVICE"]
`,
      errors: [{ messageId: 'prefixedCapability', path: 'spec.containers[0].securityContext.capabilities.add[0]', line: 11 }],
    },
  ],
});
