// Environment variables: https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/
// (the API server warns "hides previous definition", and apply merges env entries by name)
import { createRule } from '../create-rule.ts';
import { asArray, asRecord, asString } from '../object.ts';

export default createRule({
  id: 'no-duplicate-env',
  meta: {
    description: 'Disallow setting the same environment variable twice in one container.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'hygiene',
    peers: [
      { tool: 'kube-score', id: 'environment-variable-key-duplication' },
      { tool: 'kube-linter', id: 'duplicate-env-var' },
      { tool: 'kubescape', id: 'C-0295' },
    ],
    messages: {
      duplicateEnv:
        'Container "{{container}}" sets {{variable}} again at env[{{index}}] (first at env[{{first}}]): the process silently gets the later value, and kubectl apply, which merges env entries by name, may drop one of them. Keep one entry for {{variable}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          const seen = new Map<string, number>();
          for (const [index, item] of asArray(ref.container['env']).entries()) {
            const variable = asString(asRecord(item)?.['name']);
            if (variable === undefined) continue;
            const first = seen.get(variable);
            if (first === undefined) {
              seen.set(variable, index);
              continue;
            }
            context.report({ path: [...ref.path, 'env', index, 'name'], messageId: 'duplicateEnv', data: { container: ref.name, variable, index, first } });
          }
        }
      },
    };
  },
});
