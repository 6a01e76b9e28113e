// `kubectl kustomize` embeds Kustomize: https://kubectl.docs.kubernetes.io/references/kubectl/kustomize/
import { spawnSync } from 'node:child_process';
import { UserError } from '../../errors.ts';

const TOOLS: ReadonlyArray<{ command: string; args: (dir: string) => string[] }> = [
  { command: 'kubectl', args: (dir) => ['kustomize', dir] },
  { command: 'kustomize', args: (dir) => ['build', dir] },
];

/** Renders a Kustomize folder with whichever of kubectl and kustomize is installed. */
export function renderKustomizeWithTools(dir: string): string {
  for (const tool of TOOLS) {
    const result = spawnSync(tool.command, tool.args(dir), { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });
    if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') continue;
    if (result.error !== undefined) {
      throw new UserError(`${tool.command} could not render the Kustomize folder "${dir}": ${result.error.message}.`, { code: 'E_FILE_UNREADABLE', cause: result.error });
    }
    if (result.status !== 0) {
      const reason = (result.stderr || result.stdout).trim().split('\n').slice(0, 5).join('\n  ');
      throw new UserError(`\`${tool.command} ${tool.args(dir).join(' ')}\` failed:\n  ${reason}`, {
        code: 'E_FILE_UNREADABLE',
        hint: 'Fix the kustomization so it builds, then run py2kube check again.',
      });
    }
    return result.stdout;
  }
  throw new UserError(`"${dir}" is a Kustomize folder, and neither kubectl nor kustomize is installed to render it.`, {
    code: 'E_FILE_UNREADABLE',
    hint: `Install kubectl (https://kubernetes.io/docs/tasks/tools/) or kustomize (https://kubectl.docs.kubernetes.io/installation/kustomize/), or render it yourself: kustomize build ${dir} | py2kube check -`,
  });
}
