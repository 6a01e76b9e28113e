import rule from '../../../src/lint/rules/require-cpu-request-for-hpa.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

/** A Deployment "api" whose pod spec is `podSpec` (indented under `spec:` of the template). */
const deployment = (podSpec: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
${podSpec}`;

const web = (resources: string): string => `      containers:
        - name: web
          image: api:1
${resources}`;

const hpaV2 = (metrics: string): string => `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  minReplicas: 2
  maxReplicas: 10
${metrics}`;

const CPU_UTILIZATION = `  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
`;

runRuleTester(rule, {
  valid: [
    {
      name: 'every container requests CPU',
      code: deployment(web(`          resources:
            requests: {cpu: 250m, memory: 256Mi}
`)) + hpaV2(CPU_UTILIZATION),
    },
    {
      name: 'a CPU limit without a request: Kubernetes copies the limit into the request',
      code: deployment(web(`          resources:
            limits: {cpu: "1"}
`)) + hpaV2(CPU_UTILIZATION),
    },
    {
      name: 'an AverageValue target needs no request',
      code: deployment(web('')) + hpaV2(`  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: AverageValue, averageValue: 500m}
`),
    },
    {
      name: 'custom and external metrics need no request',
      code: deployment(web('')) + hpaV2(`  metrics:
    - type: Pods
      pods:
        metric: {name: http_requests_per_second}
        target: {type: AverageValue, averageValue: "100"}
`),
    },
    {
      name: 'init containers are not counted: they have exited by the time metrics are read',
      code: deployment(`      initContainers:
        - name: migrate
          image: api:1
          command: [python, manage.py, migrate]
${web(`          resources:
            requests: {cpu: 250m}
`)}`) + hpaV2(CPU_UTILIZATION),
    },
    {
      name: 'a ContainerResource metric needs a request only on its container',
      code: deployment(`${web(`          resources:
            requests: {cpu: 250m}
`)}        - name: log-shipper
          image: fluent-bit:3
`) + hpaV2(`  metrics:
    - type: ContainerResource
      containerResource:
        name: cpu
        container: web
        target: {type: Utilization, averageUtilization: 60}
`),
    },
    {
      name: 'a LimitRange in the namespace gives containers a default request',
      code: `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m, memory: 128Mi}
---
${deployment(web(''))}${hpaV2(CPU_UTILIZATION)}`,
    },
    {
      name: 'a memory utilization target with memory requests but no CPU request',
      code: deployment(web(`          resources:
            requests: {memory: 256Mi}
`)) + hpaV2(`  metrics:
    - type: Resource
      resource:
        name: memory
        target: {type: Utilization, averageUtilization: 80}
`),
    },
    {
      name: 'the target is not among the checked objects (require-hpa-target-exists reports it)',
      code: hpaV2(CPU_UTILIZATION).replace('---\n', ''),
    },
    {
      name: 'a KEDA cpu trigger with an AverageValue metric type',
      code: `${deployment(web(''))}---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: api
spec:
  scaleTargetRef: {name: api}
  triggers:
    - type: cpu
      metricType: AverageValue
      metadata: {value: "500m"}
`,
    },
  ],
  invalid: [
    {
      name: 'the helm create scaffold: resources: {} and a CPU utilization HPA',
      code: deployment(web(`          resources:
            {}
`)) + hpaV2(CPU_UTILIZATION),
      errors: [{ messageId: 'missingRequest', path: 'spec.metrics[0]', line: 27 }],
      output: null,
    },
    {
      name: 'a sidecar (restartable init container) without a request also leaves utilization undefined',
      code: deployment(`      initContainers:
        - name: proxy
          image: envoy:1
          restartPolicy: Always
${web(`          resources:
            requests: {cpu: 250m}
`)}`) + hpaV2(CPU_UTILIZATION),
      errors: [{ messageId: 'missingRequest', path: 'spec.metrics[0]' }],
    },
    {
      name: 'every container of the pod counts, not only the first',
      code: deployment(`${web(`          resources:
            requests: {cpu: 250m}
`)}        - name: log-shipper
          image: fluent-bit:3
        - name: metrics
          image: statsd-exporter:1
`) + hpaV2(CPU_UTILIZATION),
      errors: [{ messageId: 'missingRequest', path: 'spec.metrics[0]' }],
    },
    {
      name: 'a memory utilization target without memory requests',
      code: deployment(web(`          resources:
            requests: {cpu: 250m}
`)) + hpaV2(`  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
    - type: Resource
      resource:
        name: memory
        target: {type: Utilization, averageUtilization: 80}
`),
      errors: [{ messageId: 'missingRequest', path: 'spec.metrics[1]' }],
    },
    {
      name: 'autoscaling/v2 without metrics defaults to 80% CPU utilization',
      code: deployment(web('')) + hpaV2(''),
      errors: [{ messageId: 'missingRequest', path: 'spec.metrics' }],
    },
    {
      name: 'autoscaling/v1 targetCPUUtilizationPercentage',
      code: `${deployment(web(''))}---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 5
  targetCPUUtilizationPercentage: 60
`,
      errors: [{ messageId: 'missingRequest', path: 'spec.targetCPUUtilizationPercentage', line: 23 }],
    },
    {
      name: 'autoscaling/v1 without a target uses the default 80% CPU policy',
      code: `${deployment(web(''))}---
apiVersion: autoscaling/v1
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 5
`,
      errors: [{ messageId: 'missingRequest', path: 'spec.targetCPUUtilizationPercentage' }],
    },
    {
      name: 'autoscaling/v2beta1 targetAverageUtilization',
      code: `${deployment(web(''))}---
apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: api}
  maxReplicas: 5
  metrics:
    - type: Resource
      resource: {name: cpu, targetAverageUtilization: 70}
`,
      errors: [{ messageId: 'missingRequest', path: 'spec.metrics[0]' }],
    },
    {
      name: 'a ContainerResource metric on a container without a request',
      code: deployment(`${web('')}        - name: log-shipper
          image: fluent-bit:3
          resources:
            requests: {cpu: 50m}
`) + hpaV2(`  metrics:
    - type: ContainerResource
      containerResource:
        name: cpu
        container: web
        target: {type: Utilization, averageUtilization: 60}
`),
      errors: [{ messageId: 'missingRequest', path: 'spec.metrics[0]' }],
    },
    {
      name: 'a LimitRange of another namespace does not apply',
      code: `apiVersion: v1
kind: LimitRange
metadata:
  name: defaults
  namespace: other
spec:
  limits:
    - type: Container
      defaultRequest: {cpu: 100m}
---
${deployment(web('')).replace('  name: api\n', '  name: api\n  namespace: shop\n')}${hpaV2(CPU_UTILIZATION).replace('  name: api\n', '  name: api\n  namespace: shop\n')}`,
      errors: [{ messageId: 'missingRequest', path: 'spec.metrics[0]' }],
    },
    {
      name: 'a KEDA ScaledObject with a cpu Utilization trigger (scaleTargetRef.kind defaults to Deployment)',
      code: `${deployment(web(''))}---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: api
spec:
  scaleTargetRef: {name: api}
  triggers:
    - type: prometheus
      metadata: {serverAddress: "http://prometheus:9090", query: "sum(rate(http_requests_total[1m]))", threshold: "100"}
    - type: cpu
      metricType: Utilization
      metadata: {value: "60"}
`,
      errors: [{ messageId: 'missingRequest', path: 'spec.triggers[1]', line: 25 }],
    },
    {
      name: 'a KEDA memory trigger with the older metadata.type',
      code: `${deployment(web(`          resources:
            requests: {cpu: 250m}
`))}---
apiVersion: keda.sh/v1alpha1
kind: ScaledObject
metadata:
  name: api
spec:
  scaleTargetRef: {kind: Deployment, name: api}
  triggers:
    - type: memory
      metadata: {type: Utilization, value: "70"}
`,
      errors: [{ messageId: 'missingRequest', path: 'spec.triggers[0]' }],
    },
    {
      name: 'a StatefulSet target',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: api
spec:
  serviceName: api
  selector:
    matchLabels: {app: api}
  template:
    metadata:
      labels: {app: api}
    spec:
${web('')}---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: StatefulSet, name: api}
  maxReplicas: 5
${CPU_UTILIZATION}`,
      errors: [{ messageId: 'missingRequest', path: 'spec.metrics[0]' }],
    },
  ],
});
