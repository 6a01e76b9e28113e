import rule from '../../../src/lint/rules/no-privileged-container.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'privileged: false and no securityContext are fine',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        privileged: false
    - name: metrics
      image: exporter:1
`,
    },
  ],
  invalid: [
    {
      name: 'a privileged sidecar is reported at its privileged field',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      initContainers:
        - name: vpn
          image: vpn:1
          restartPolicy: Always
          securityContext:
            privileged: true
      containers:
        - name: web
          image: api:1
`,
      errors: [{ messageId: 'privileged', path: 'spec.template.spec.initContainers[0].securityContext.privileged', line: 13 }],
      output: null,
    },
    {
      name: 'HostProcess at pod level and on a container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: agent
spec:
  securityContext:
    windowsOptions:
      hostProcess: true
  hostNetwork: true
  containers:
    - name: agent
      image: agent:1
      securityContext:
        windowsOptions:
          hostProcess: true
`,
      errors: [
        { messageId: 'podHostProcess', path: 'spec.securityContext.windowsOptions.hostProcess', line: 8 },
        { messageId: 'containerHostProcess', path: 'spec.containers[0].securityContext.windowsOptions.hostProcess', line: 15 },
      ],
    },
  ],
});
