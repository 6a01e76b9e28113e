import rule from '../../../src/lint/rules/require-seccomp-profile.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'a pod-level RuntimeDefault covers init, main and sidecar containers',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      initContainers:
        - name: migrate
          image: api:1
        - name: proxy
          image: proxy:1
          restartPolicy: Always
      containers:
        - name: web
          image: api:1
`,
    },
    {
      name: 'every container setting its own profile is enough without a pod-level one',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
      securityContext:
        seccompProfile:
          type: Localhost
          localhostProfile: profiles/api.json
    - name: metrics
      image: exporter:1
      securityContext:
        seccompProfile:
          type: RuntimeDefault
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
      name: 'the fix sets RuntimeDefault once at pod level for every container that lacks a profile',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true   # set by the platform team
      containers:
        - name: web
          image: api:1
        - name: metrics
          image: exporter:1
`,
      errors: [
        { messageId: 'missingProfile', path: 'spec.template.spec.containers[0].securityContext.seccompProfile', line: 11 },
        { messageId: 'missingProfile', path: 'spec.template.spec.containers[1].securityContext.seccompProfile', line: 13 },
      ],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      securityContext:
        runAsNonRoot: true   # set by the platform team
        seccompProfile:
          type: RuntimeDefault
      containers:
        - name: web
          image: api:1
        - name: metrics
          image: exporter:1
`,
    },
    {
      name: 'a pod without any securityContext gets one',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
`,
      errors: [{ messageId: 'missingProfile', path: 'spec.containers[0].securityContext.seccompProfile', line: 7 }],
      output: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  containers:
    - name: web
      image: api:1
  securityContext:
    seccompProfile:
      type: RuntimeDefault
`,
    },
    {
      name: 'Unconfined at pod level is reported once, where it is written, with no fix',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  securityContext:
    seccompProfile:
      type: Unconfined
  containers:
    - name: web
      image: api:1
    - name: worker
      image: api:1
`,
      errors: [{ messageId: 'podProfileNotAllowed', path: 'spec.securityContext.seccompProfile.type', line: 8 }],
      output: null,
    },
    {
      name: 'a container overriding the pod with Unconfined is reported on the container',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: report
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          securityContext:
            seccompProfile:
              type: RuntimeDefault
          containers:
            - name: report
              image: api:1
              securityContext:
                seccompProfile:
                  type: Unconfined
`,
      errors: [{ messageId: 'containerProfileNotAllowed', path: 'spec.jobTemplate.spec.template.spec.containers[0].securityContext.seccompProfile.type', line: 20 }],
      output: null,
    },
  ],
});
