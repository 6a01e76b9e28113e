import rule from '../../../src/lint/rules/require-service-account-exists.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const account = `apiVersion: v1
kind: ServiceAccount
metadata:
  name: shop
---
`;

const deployment = (spec: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
${spec}      containers:
        - name: web
          image: api:1
`;

runRuleTester(rule, {
  valid: [
    { name: 'the ServiceAccount is defined', code: account + deployment('      serviceAccountName: shop\n') },
    { name: 'the default ServiceAccount always exists', code: deployment('      serviceAccountName: default\n') },
    { name: 'no ServiceAccount named', code: deployment('') },
  ],
  invalid: [
    {
      name: 'a misspelt ServiceAccount gets a suggestion',
      code: account + deployment('      serviceAccountName: shopp\n'),
      errors: [{ messageId: 'missing', path: 'spec.template.spec.serviceAccountName', line: 13 }],
      output: null,
    },
    {
      name: 'the deprecated serviceAccount field is read too',
      code: account + deployment('      serviceAccount: billing\n'),
      errors: [{ messageId: 'missing', path: 'spec.template.spec.serviceAccount', line: 13 }],
    },
    {
      name: 'a workload checked without any ServiceAccount says so',
      code: deployment('      serviceAccountName: shop\n'),
      errors: [{ messageId: 'notInInput', path: 'spec.template.spec.serviceAccountName', line: 8 }],
      output: null,
    },
  ],
});
