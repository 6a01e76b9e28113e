import rule from '../../../src/lint/rules/no-privilege-escalation.ts';
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
      securityContext:
        allowPrivilegeEscalation: false
`,
  ],
  invalid: [
    {
      name: 'an existing securityContext gains the field after its last key',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        # keep this comment
        runAsNonRoot: true
      resources: {}
`,
      errors: [{ messageId: 'missingAllowPrivilegeEscalation', path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', line: 9 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        # keep this comment
        runAsNonRoot: true
        allowPrivilegeEscalation: false
      resources: {}
`,
    },
    {
      name: 'true is flipped in place',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext: {allowPrivilegeEscalation: true}
`,
      errors: [{ messageId: 'allowsPrivilegeEscalation', path: 'spec.containers[0].securityContext.allowPrivilegeEscalation', line: 9 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext: {allowPrivilegeEscalation: false}
`,
    },
    {
      name: 'privileged containers get no fix: the API rejects the combination',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        privileged: true
`,
      errors: [{ messageId: 'alwaysEscalates', path: 'spec.containers[0].securityContext.privileged', line: 10 }],
      output: null,
    },
  ],
});
