// Beat must be a singleton, or every periodic task runs once per copy: https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html
import { createRule } from '../create-rule.ts';
import { asNumber, getIn } from '../object.ts';
import { runsCeleryBeat } from '../python.ts';
import { scalersOf } from '../selectors.ts';

export default createRule({
  id: 'no-celery-beat-replicas',
  meta: {
    description: 'Disallow running Celery beat in more than one pod at a time: no extra replicas, no rolling updates, no autoscaling.',
    severity: 'error',
    fixable: true,
    suppressible: false,
    group: 'celery',
    peers: [],
    messages: {
      tooManyReplicas: '{{kind}} "{{name}}" runs Celery beat with {{replicas}} replicas: every periodic task is sent {{replicas}} times. Set replicas: 1.',
      rollingUpdate:
        'Deployment "{{name}}" runs Celery beat with the {{strategy}} strategy: during each rollout the new beat starts before the old one stops, and both send the same periodic tasks. Set strategy.type: Recreate.',
      daemonSet: 'DaemonSet "{{name}}" runs Celery beat on every node, so every periodic task is sent once per node. Run beat in a Deployment with replicas: 1 and strategy Recreate.',
      autoscaled: '{{scaler}} "{{scalerName}}" scales "{{name}}", which runs Celery beat, up to {{max}} replicas: periodic tasks would be sent once per replica. Scale the workers, never beat.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        if (!runsCeleryBeat(workload)) return;
        const { kind, name } = workload;
        if (kind === 'DaemonSet') {
          context.report({ path: ['kind'], messageId: 'daemonSet', data: { name } });
          return;
        }
        if (workload.replicas !== undefined && workload.replicas > 1) {
          context.report({ path: ['spec', 'replicas'], messageId: 'tooManyReplicas', data: { kind, name, replicas: workload.replicas }, fix: (edit) => edit.set(['spec', 'replicas'], 1) });
        }
        if (kind === 'Deployment') {
          const strategy = getIn(workload.manifest.object, ['spec', 'strategy', 'type']);
          if (strategy !== 'Recreate') {
            const hasRollingUpdate = getIn(workload.manifest.object, ['spec', 'strategy', 'rollingUpdate']) !== undefined;
            context.report({
              path: ['spec', 'strategy', 'type'],
              messageId: 'rollingUpdate',
              data: { name, strategy: typeof strategy === 'string' ? strategy : 'default RollingUpdate' },
              fix: (edit) => {
                edit.set(['spec', 'strategy', 'type'], 'Recreate');
                // The API server rejects rollingUpdate parameters next to Recreate.
                if (hasRollingUpdate) edit.remove(['spec', 'strategy', 'rollingUpdate']);
              },
            });
          }
        }
        for (const scaler of scalersOf(workload.manifest, context.objects)) {
          const max = asNumber(getIn(scaler.object, ['spec', 'maxReplicas'])) ?? asNumber(getIn(scaler.object, ['spec', 'maxReplicaCount'])) ?? 100;
          if (max <= 1) continue;
          context.report({
            object: scaler,
            path: ['spec', 'scaleTargetRef'],
            messageId: 'autoscaled',
            data: { scaler: scaler.kind, scalerName: scaler.name, name, max },
          });
        }
      },
    };
  },
});
