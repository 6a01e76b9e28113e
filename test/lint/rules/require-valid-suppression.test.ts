import rule from '../../../src/lint/rules/require-valid-suppression.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    `apiVersion: v1
kind: Pod
metadata:
  name: api
  annotations:
    py2kube.io/ignore: "require-memory-limit@web -- sized by the VPA"
spec:
  containers:
    - name: web
      image: api:1
`,
  ],
  invalid: [
    {
      name: 'an annotation without a reason',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
  annotations:
    py2kube.io/ignore: "require-memory-limit"
spec:
  containers:
    - name: web
      image: api:1
`,
      errors: [{ messageId: 'missingReason', path: 'metadata.annotations["py2kube.io/ignore"]', line: 6 }],
      output: null,
    },
    {
      name: 'a comment naming a rule that does not exist',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    # py2kube-ignore require-memory-limits -- sized by the VPA
    - name: web
      image: api:1
`,
      errors: [{ messageId: 'unknownRule', path: '', line: 7 }],
    },
  ],
});
