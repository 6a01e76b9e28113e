import rule from '../../../src/lint/rules/no-host-namespaces.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'false values and hostPort 0 are allowed',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  hostNetwork: false
  hostPID: false
  containers:
    - name: web
      image: api:1
      ports:
        - containerPort: 8000
          hostPort: 0
`,
    },
  ],
  invalid: [
    {
      name: 'each shared namespace and each host port is reported where it is set',
      code: `apiVersion: apps/v1
kind: DaemonSet
metadata:
  name: agent
spec:
  template:
    spec:
      hostNetwork: true
      hostPID: true
      hostIPC: true
      containers:
        - name: agent
          image: agent:1
          ports:
            - name: http
              containerPort: 8000
            - name: metrics
              containerPort: 9100
              hostPort: 9100
`,
      errors: [
        { messageId: 'hostNamespace', path: 'spec.template.spec.hostNetwork', line: 8 },
        { messageId: 'hostNamespace', path: 'spec.template.spec.hostPID', line: 9 },
        { messageId: 'hostNamespace', path: 'spec.template.spec.hostIPC', line: 10 },
        { messageId: 'hostPort', path: 'spec.template.spec.containers[0].ports[1].hostPort', line: 19 },
      ],
      output: null,
    },
  ],
});
