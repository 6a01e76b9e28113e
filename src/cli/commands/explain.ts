import * as fs from 'node:fs';
import { defineCommand } from 'citty';
import { UserError } from '../../errors.ts';
import { packagePath } from '../../package-root.ts';
import { rules } from '../../lint/index.ts';
import { closest } from '../../lint/similar.ts';
import type { CommandOutcome } from '../command.ts';


export default defineCommand({
  meta: { name: 'explain', description: 'Print a check rule’s documentation: why, examples, how to fix, options.' },
  args: {
    rule: { type: 'positional', description: 'Rule id, e.g. require-readiness-probe', required: true },
  },
  run({ args }): CommandOutcome {
    const id = String(args.rule);
    const known = rules.map((r) => r.id);
    if (!known.includes(id)) {
      const near = closest(id, known);
      throw new UserError(`There is no rule "${id}".`, {
        code: 'E_USAGE',
        hint: near.length > 0 ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}?` : `Rules: ${known.join(', ')}.`,
      });
    }
    return { exitCode: 0, stdout: fs.readFileSync(packagePath('docs', 'rules', `${id}.md`), 'utf8') };
  },
});
