import rule from '../../../src/lint/rules/require-valid-yaml.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'documents that are not Kubernetes objects are skipped, not reported',
      code: `name: my-values
replicaCount: 2
`,
    },
  ],
  invalid: [
    {
      name: 'a malformed document is reported at its position',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: ok
---
apiVersion: v1
kind: ConfigMap
data: [1, 2
`,
      errors: [{ messageId: 'syntax', path: '', line: 9 }],
      output: null,
    },
    {
      name: 'a billion-laughs document is refused',
      code: `a: &a ["x","x","x","x","x","x","x","x","x"]
b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
`,
      errors: [{ messageId: 'aliases', path: '', line: 1 }],
    },
  ],
});
