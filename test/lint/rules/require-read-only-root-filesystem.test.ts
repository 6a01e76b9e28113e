import rule from '../../../src/lint/rules/require-read-only-root-filesystem.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'read-only roots with an emptyDir at /tmp; ephemeral debug containers are not judged',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: tmp
          mountPath: /tmp
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
  volumes:
    - name: tmp
      emptyDir: {}
`,
    },
    {
      name: 'Windows pods are out of scope',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: win
spec:
  os:
    name: windows
  containers:
    - name: web
      image: iis:1
`,
    },
  ],
  invalid: [
    {
      name: 'the fix makes each root read-only, mounts /tmp in each container and adds the volume once',
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
          securityContext:
            allowPrivilegeEscalation: false
        - name: metrics
          image: exporter:1
`,
      errors: [
        { messageId: 'missingReadOnlyRoot', path: 'spec.template.spec.containers[0].securityContext.readOnlyRootFilesystem', line: 11 },
        { messageId: 'missingReadOnlyRoot', path: 'spec.template.spec.containers[1].securityContext.readOnlyRootFilesystem', line: 13 },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
        - name: metrics
          image: exporter:1
          securityContext:
            readOnlyRootFilesystem: true
          volumeMounts:
            - name: tmp
              mountPath: /tmp
      volumes:
        - name: tmp
          emptyDir: {}
`,
    },
    {
      name: 'an explicit false next to an existing /tmp emptyDir is only flipped',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        readOnlyRootFilesystem: false
      volumeMounts:
        - name: scratch
          mountPath: /tmp/
  volumes:
    - name: scratch
      emptyDir:
        medium: Memory
`,
      errors: [{ messageId: 'readOnlyRootFalse', path: 'spec.containers[0].securityContext.readOnlyRootFilesystem', line: 10 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: scratch
          mountPath: /tmp/
  volumes:
    - name: scratch
      emptyDir:
        medium: Memory
`,
    },
    {
      name: 'a second container reuses the emptyDir another container already mounts at /tmp',
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
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: scratch
          mountPath: /tmp
  volumes:
    - name: scratch
      emptyDir: {}
`,
      errors: [{ messageId: 'missingReadOnlyRoot', path: 'spec.initContainers[0].securityContext.readOnlyRootFilesystem', line: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: migrate
      image: api:1
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: scratch
          mountPath: /tmp
  containers:
    - name: web
      image: api:1
      securityContext:
        readOnlyRootFilesystem: true
      volumeMounts:
        - name: scratch
          mountPath: /tmp
  volumes:
    - name: scratch
      emptyDir: {}
`,
    },
    {
      name: 'no fix when the name "tmp" is taken by a ConfigMap volume',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
  volumes:
    - name: tmp
      configMap:
        name: api
`,
      errors: [{ messageId: 'missingReadOnlyRoot', path: 'spec.containers[0].securityContext.readOnlyRootFilesystem', line: 7 }],
      output: null,
    },
  ],
});
