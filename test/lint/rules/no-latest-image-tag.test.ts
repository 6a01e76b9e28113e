import rule from '../../../src/lint/rules/no-latest-image-tag.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'version tags, a registry port, a digest (even next to latest) and a templated image',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: migrate
      image: registry.internal:5000/acme/api:1.4.2
  containers:
    - name: web
      image: ghcr.io/acme/api:3f2c1ab
    - name: proxy
      image: envoyproxy/envoy:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    - name: metrics
      image: "\${EXPORTER_IMAGE}"
`,
    },
  ],
  invalid: [
    {
      name: 'latest and a missing tag, the registry port not mistaken for a tag',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: ghcr.io/acme/api:latest
        - name: worker
          image: registry.internal:5000/acme/api
`,
      errors: [
        { messageId: 'latestTag', path: 'spec.template.spec.containers[0].image', line: 10 },
        { messageId: 'missingTag', path: 'spec.template.spec.containers[1].image', line: 12 },
      ],
      output: null,
    },
  ],
});
