import { createRule } from '../create-rule.ts';

/**
 * Reported by the loader, not by a visitor: a document that cannot be read is skipped and the
 * other documents of the file are still checked.
 */
export default createRule({
  id: 'require-valid-yaml',
  meta: {
    description: 'Require every YAML document to parse, within py2kube’s limits on aliases and nesting.',
    severity: 'error',
    fixable: false,
    suppressible: false,
    group: 'engine',
    peers: [],
    messages: {
      syntax: 'Document {{document}} is not valid YAML: {{error}}. The other documents of the file are still checked.',
      aliases: 'Document {{document}} expands more than {{max}} YAML aliases, which looks like a billion-laughs attack; it was not read.',
      tooDeep: 'Document {{document}} nests deeper than {{max}} levels; it was not read.',
    },
  },
  defaultOptions: {},
  create: () => ({}),
});
