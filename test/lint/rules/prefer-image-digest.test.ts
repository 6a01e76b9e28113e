import rule from '../../../src/lint/rules/prefer-image-digest.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'an image pinned by digest, with or without a tag',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: ghcr.io/acme/api:1.4.2@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    - name: worker
      image: ghcr.io/acme/api@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
`,
    },
  ],
  invalid: [
    {
      name: 'a tag alone can be pushed again',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: ghcr.io/acme/api:1.4.2
`,
      errors: [{ messageId: 'notPinned', path: 'spec.template.spec.containers[0].image', line: 11 }],
      output: null,
    },
  ],
});
