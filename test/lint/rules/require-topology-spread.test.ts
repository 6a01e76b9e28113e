import rule from '../../../src/lint/rules/require-topology-spread.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'topologySpreadConstraints on a multi-replica Deployment',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 3
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels: {app: api}
      containers:
        - name: web
          image: api:1
`,
    },
    {
      name: 'preferred pod anti-affinity is accepted',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: cache
spec:
  replicas: 2
  serviceName: cache
  selector:
    matchLabels: {app: cache}
  template:
    metadata:
      labels: {app: cache}
    spec:
      affinity:
        podAntiAffinity:
          preferredDuringSchedulingIgnoredDuringExecution:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels: {app: cache}
      containers:
        - name: cache
          image: redis:7.4
`,
    },
    {
      name: 'one replica has nothing to spread',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: api:1
`,
    },
  ],
  invalid: [
    {
      name: 'the fix spreads over nodes with ScheduleAnyway and the Deployment’s own selector',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: api
      app.kubernetes.io/component: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: api
        app.kubernetes.io/component: web
    spec:
      containers:
        - name: web
          image: api:1
`,
      errors: [{ messageId: 'missingSpread', path: 'spec.template.spec.topologySpreadConstraints', line: 16 }],
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  replicas: 2
  selector:
    matchLabels:
      app.kubernetes.io/name: api
      app.kubernetes.io/component: web
  template:
    metadata:
      labels:
        app.kubernetes.io/name: api
        app.kubernetes.io/component: web
    spec:
      containers:
        - name: web
          image: api:1
      topologySpreadConstraints:
        - maxSkew: 1
          topologyKey: kubernetes.io/hostname
          whenUnsatisfiable: ScheduleAnyway
          labelSelector:
            matchLabels:
              app.kubernetes.io/name: api
              app.kubernetes.io/component: web
`,
    },
    {
      name: 'a Deployment an HPA scales up to 6 replicas, with a matchExpressions selector the fix does not copy',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
    matchExpressions:
      - {key: tier, operator: In, values: [web]}
  template:
    metadata:
      labels: {app: api, tier: web}
    spec:
      containers:
        - name: web
          image: api:1
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 1
  maxReplicas: 6
`,
      errors: [{ messageId: 'missingSpread', path: 'spec.template.spec.topologySpreadConstraints', line: 13 }],
      output: null,
    },
  ],
});
