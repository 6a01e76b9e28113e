import type { Rule, RuleMeta } from './types.ts';

export const DOCS_BASE = 'https://github.com/py2kube/py2kube/blob/main/docs/rules';

/** Declares a rule; fills in its docs URL from the id so nobody writes one by hand. */
export function createRule<Options, MessageId extends string>(
  rule: Omit<Rule<Options, MessageId>, 'meta'> & { meta: RuleMeta<MessageId> },
): Rule<Options, MessageId> {
  return { ...rule, meta: { ...rule.meta, docs: `${DOCS_BASE}/${rule.id}.md` } };
}
