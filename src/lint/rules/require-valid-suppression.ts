import { createRule } from '../create-rule.ts';

/** Reported by the engine while it applies suppressions; a rule never reports it. */
export default createRule({
  id: 'require-valid-suppression',
  meta: {
    description: 'Require every suppression to name known rules and give a reason after "--".',
    severity: 'error',
    fixable: false,
    suppressible: false,
    group: 'engine',
    peers: [],
    messages: {
      missingReason: 'Suppression of {{rules}} has no reason. Write it after " -- ", e.g. "{{rules}} -- <why this is safe here>".',
      unknownRule: 'Suppression names "{{rule}}", which is not a py2kube rule.{{suggestion}}',
      notSuppressible: '"{{rule}}" cannot be suppressed under --strict ({{how}}); fix the finding instead.',
    },
  },
  defaultOptions: {},
  create: () => ({}),
});
