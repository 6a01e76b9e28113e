import { defineCommand } from 'citty';
import { initProject } from '../../config/init-project.ts';
import { initRuntime } from '../../runtime/init-runtime.ts';
import type { CliContext, CommandOutcome } from '../command.ts';
import { paint } from '../reporters/colors.ts';
import { renderRuntimeText } from '../reporters/runtime-text.ts';

export default defineCommand({
  meta: { name: 'init', description: 'Record what detect found as [tool.py2kube] in pyproject.toml (or py2kube.toml), commented with evidence.' },
  args: {
    dir: { type: 'positional', description: 'Project folder', required: false, default: '.' },
    'app-root': { type: 'string', description: 'Folder of the service inside DIR', valueHint: 'PATH' },
    'dry-run': { type: 'boolean', description: 'Show what would be added; write nothing', default: false },
    runtime: { type: 'boolean', description: 'Also add the runtime companion: /healthz, /readyz, /metrics, JSON logs, graceful SIGTERM (docs/runtime.md)', default: false },
  },
  async run({ args, data }): Promise<CommandOutcome> {
    const c = paint((data as CliContext).colors);
    if (args.runtime) {
      const result = await initRuntime(args.dir, {
        ...(args['app-root'] !== undefined ? { appRoot: args['app-root'] } : {}),
        dryRun: args['dry-run'],
      });
      return { exitCode: 0, stdout: renderRuntimeText(result, (data as CliContext).colors) };
    }
    const result = await initProject(args.dir, {
      ...(args['app-root'] !== undefined ? { appRoot: args['app-root'] } : {}),
      dryRun: args['dry-run'],
    });
    const { plan } = result;
    const lines: string[] = [];
    if (result.detected.model.diagnostics.some((d) => d.level === 'error')) {
      return { exitCode: 2, stderr: result.detected.model.diagnostics.filter((d) => d.level === 'error').map((d) => `error: ${d.message}`).join('\n') + '\n' };
    }
    if (plan.added.length === 0) {
      lines.push(`${plan.file}: nothing to add; every detected value is already recorded${plan.kept.length > 0 ? ` (kept your ${plan.kept.join(', ')})` : ''}.`);
    } else {
      const verb = args['dry-run'] ? 'would add' : plan.exists ? 'added to' : 'created';
      lines.push(`${c.bold(plan.file)}: ${verb} ${plan.added.length} key${plan.added.length === 1 ? '' : 's'}${plan.exists && !args['dry-run'] ? '' : ''}`);
      for (const entry of plan.added) lines.push(`  + ${entry.key} ${c.dim(`(${entry.comment})`)}`);
      if (plan.kept.length > 0) lines.push(`  kept your values for: ${plan.kept.join(', ')}`);
    }
    return { exitCode: 0, stdout: `${lines.join('\n')}\n` };
  },
});
