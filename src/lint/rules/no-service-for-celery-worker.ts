// Celery workers consume from the broker and listen on no port: https://docs.celeryq.dev/en/stable/userguide/workers.html
import { createRule } from '../create-rule.ts';
import { asArray } from '../object.ts';
import { programOf } from '../python.ts';
import { servicesSelecting } from '../selectors.ts';

export default createRule({
  id: 'no-service-for-celery-worker',
  meta: {
    description: 'Disallow Services that select pods running only Celery workers or beat, which listen on no port.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'celery',
    peers: [],
    messages: {
      serviceForWorker:
        'Service "{{service}}" selects the pods of {{kind}} "{{name}}", which only run Celery ({{containers}}): Celery workers and beat talk to the broker and listen on no port, so the Service has no endpoint that answers, and it makes other checks demand readiness probes and preStop hooks on pods that have no port. Narrow spec.selector to the web pods (e.g. add app.kubernetes.io/component: web to it and to the web pod template), or delete the Service.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        const main = workload.containers.filter((ref) => ref.role === 'container');
        if (main.length === 0) return;
        const celery: string[] = [];
        for (const ref of main) {
          const program = programOf(ref)?.command.program;
          // An unknown program (the image's CMD, Flower, an exporter) may well serve the Service.
          if (program !== 'celery-worker' && program !== 'celery-beat') return;
          celery.push(`"${ref.name}": ${program === 'celery-worker' ? 'worker' : 'beat'}`);
        }
        // A sidecar that declares ports (a metrics exporter) is something a Service may target.
        if (workload.containers.some((ref) => ref.role === 'sidecar' && asArray(ref.container['ports']).length > 0)) return;
        for (const service of servicesSelecting(workload, context.objects)) {
          context.report({
            object: service,
            path: ['spec', 'selector'],
            messageId: 'serviceForWorker',
            data: { service: service.name, kind: workload.kind, name: workload.name, containers: celery.join(', ') },
          });
        }
      },
    };
  },
});
