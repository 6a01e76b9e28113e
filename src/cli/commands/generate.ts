import { defineCommand } from 'citty';
import { generate, type FileChange } from '../../generate/index.ts';
import type { CliContext, CommandOutcome } from '../command.ts';
import { paint } from '../reporters/colors.ts';

const VERB: Record<FileChange['action'], string> = {
  create: 'created',
  update: 'updated',
  unchanged: 'unchanged',
  delete: 'deleted',
  kept: 'kept (yours: no py2kube header)',
  edited: 'edited by hand',
};

const CHECK_VERB: Record<FileChange['action'], string> = {
  ...VERB,
  create: 'missing',
  update: 'differs',
  delete: 'stale (no longer generated)',
};

export default defineCommand({
  meta: { name: 'generate', description: 'Write the production Dockerfile, Kustomize base and overlays, and CI workflow for a Python project.' },
  args: {
    dir: { type: 'positional', description: 'Project folder', required: false, default: '.' },
    out: { type: 'string', description: 'Kustomize folder, relative to the app root', valueHint: 'PATH', default: 'deploy' },
    env: { type: 'string', description: 'Write only this environment\'s overlay', valueHint: 'NAME' },
    check: { type: 'boolean', description: 'Write nothing; exit 1 when a file on disk differs from what would be generated', default: false },
    'kube-version': { type: 'string', description: 'Kubernetes minor to target and validate against (e.g. 1.30)', valueHint: 'X.Y' },
    'app-root': { type: 'string', description: 'Folder of the service inside DIR (found automatically in monorepos)', valueHint: 'PATH' },
    force: { type: 'boolean', description: 'Overwrite generated files that were edited by hand (files without the py2kube header are never touched)', default: false },
  },
  async run({ args, data }): Promise<CommandOutcome> {
    const c = paint((data as CliContext).colors);
    const { plan, drift } = await generate(args.dir, {
      outDir: args.out,
      check: args.check,
      force: args.force,
      ...(args.env !== undefined ? { env: args.env } : {}),
      ...(args['kube-version'] !== undefined ? { kubeVersion: args['kube-version'] } : {}),
      ...(args['app-root'] !== undefined ? { appRoot: args['app-root'] } : {}),
    });
    const lines: string[] = [];
    if (args.check) {
      if (drift.length === 0) {
        lines.push(`${c.green('up to date')}: ${plan.files.length} generated files match [tool.py2kube] (Kubernetes ${plan.options.kubeVersion}).`);
        return { exitCode: 0, stdout: `${lines.join('\n')}\n` };
      }
      lines.push(`${c.red('out of date')}: ${drift.length} file${drift.length === 1 ? '' : 's'} differ from what py2kube generate would write:`);
      for (const change of drift) lines.push(`  ${change.path}  ${c.dim(CHECK_VERB[change.action])}`);
      lines.push(`Run \`py2kube generate${args.dir === '.' ? '' : ` ${args.dir}`}\` and commit the result.`);
      return { exitCode: 1, stdout: `${lines.join('\n')}\n` };
    }
    lines.push(`${c.bold(plan.model.name)}: Kubernetes ${plan.options.kubeVersion}, image ${plan.options.image}, environments ${plan.options.environments.map((e) => e.name).join(', ')}`);
    for (const change of plan.changes) {
      const forced = change.action === 'edited' && args.force ? ` → ${change.forced === 'delete' ? 'deleted' : 'overwritten'} (--force)` : '';
      lines.push(`  ${change.path}  ${c.dim(VERB[change.action] + forced)}`);
    }
    for (const finding of plan.notValidated) lines.push(`${c.cyan('note')}: ${finding.object.kind} ${finding.object.name}: ${finding.message}.`);
    for (const note of plan.notes) {
      const tag = note.level === 'warning' ? c.yellow('warning') : c.cyan('note');
      lines.push(`${tag}: ${note.message}`);
    }
    return { exitCode: 0, stdout: `${lines.join('\n')}\n` };
  },
});
