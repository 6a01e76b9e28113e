import { defineCommand } from 'citty';
import { detect } from '../../analyze/index.ts';
import { toDetectJson } from '../../analyze/detect-json.ts';
import type { CliContext, CommandOutcome } from '../command.ts';
import { renderDetectText } from '../reporters/detect-text.ts';

export default defineCommand({
  meta: { name: 'detect', description: 'Analyse a Python project and explain every decision with its evidence.' },
  args: {
    dir: { type: 'positional', description: 'Project folder', required: false, default: '.' },
    'app-root': { type: 'string', description: 'Folder of the service inside DIR (found automatically in monorepos)', valueHint: 'PATH' },
    json: { type: 'boolean', description: 'Print the JSON contract (docs/detect-json.md)', default: false },
  },
  async run({ args, data }): Promise<CommandOutcome> {
    const context = data as CliContext;
    const result = await detect(args.dir, args['app-root'] !== undefined ? { appRoot: args['app-root'] } : {});
    const hasErrors = result.model.diagnostics.some((d) => d.level === 'error');
    const stdout = args.json ? `${JSON.stringify(toDetectJson(result.model), null, 2)}\n` : renderDetectText(result.model, context.colors);
    // An error diagnostic means there is nothing py2kube can analyse (an empty folder, no Python).
    return { exitCode: hasErrors ? 2 : 0, stdout };
  },
});
