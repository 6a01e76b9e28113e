import rule from '../../../src/lint/rules/require-resource-requests.ts';
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
      resources:
        requests:
          cpu: 250m
          memory: 256Mi
`,
    {
      name: 'limits alone count, because Kubernetes copies them into requests',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      resources:
        limits:
          cpu: "1"
          memory: 512Mi
`,
    },
    {
      name: 'init containers can be exempted with an option',
      options: { initContainers: false },
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
      resources:
        requests: {cpu: 100m, memory: 128Mi}
`,
    },
  ],
  invalid: [
    {
      name: 'no requests at all',
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
`,
      errors: [{ messageId: 'missingRequests', path: 'spec.template.spec.containers[0].resources.requests', line: 9 }],
      output: null,
    },
    {
      name: 'a memory request without a CPU request points at requests',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      resources:
        requests:
          memory: 256Mi
`,
      errors: [{ messageId: 'missingRequest', path: 'spec.containers[0].resources.requests.cpu', line: 10 }],
    },
    {
      name: 'sidecars and init containers are checked too',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: proxy
      image: envoy:1
      restartPolicy: Always
  containers:
    - name: web
      image: api:1
      resources:
        requests: {cpu: 100m, memory: 128Mi}
`,
      errors: [{ messageId: 'missingRequests', path: 'spec.initContainers[0].resources.requests', line: 7 }],
    },
  ],
});
