import type { FixResult } from '../../lint/fix.ts';
import type { CheckResult } from '../../lint/index.ts';
import type { Finding } from '../../lint/types.ts';
import { isKustomizationFile } from '../../lint/load/kustomize-sources.ts';
import { paint, type Colors } from './colors.ts';

/** Findings grouped by file, each with position, severity, message, object, path and rule. */
export function renderCheckText(result: CheckResult, colors: Colors, fixed?: FixResult): string {
  const c = paint(colors);
  const lines: string[] = [];
  const byFile = new Map<string, Finding[]>();
  for (const finding of result.findings) byFile.set(finding.file, [...(byFile.get(finding.file) ?? []), finding]);
  for (const [file, findings] of byFile) {
    lines.push(`${c.bold(file)}${findings[0]?.origin === 'kustomize' ? c.dim(kustomizeNote(file)) : ''}`);
    for (const f of findings) {
      const severity = f.severity === 'error' ? c.red('error  ') : f.severity === 'warning' ? c.yellow('warning') : c.cyan('info   ');
      lines.push(`  ${c.dim(`${f.line}:${f.column}`.padEnd(8))}${severity}  ${f.message}  ${c.dim(f.rule)}`);
      const where = [f.object === undefined ? '' : `${f.object.kind}/${f.object.namespace === undefined ? '' : `${f.object.namespace}/`}${f.object.name}`, f.path].filter((s) => s !== '').join('  ');
      if (where !== '') lines.push(`  ${' '.repeat(8)}${c.dim(`${' '.repeat(9)}${where}${f.fixable ? '  (fixable with --fix)' : ''}`)}`);
    }
    lines.push('');
  }
  if (fixed !== undefined) {
    for (const file of fixed.files) lines.push(c.green(`fixed ${file.applied} problem${file.applied === 1 ? '' : 's'} in ${file.path}`));
    for (const skip of fixed.skipped) lines.push(c.yellow(`left ${skip.path} untouched (${skip.findings} fixable): ${skip.reason}`));
    if (fixed.files.length + fixed.skipped.length > 0) lines.push('');
  }
  for (const note of result.notes) lines.push(c.dim(`note: ${note}`));
  if (result.notes.length > 0) lines.push('');
  lines.push(summary(result, c));
  return `${lines.join('\n')}\n`;
}

/**
 * Findings in a Kustomize folder point at the base or patch file that holds the field; objects
 * no file holds (generated ConfigMaps, remote bases) stay on the kustomization, in rendered lines.
 */
function kustomizeNote(file: string): string {
  return isKustomizationFile(file) ? ' (rendered by kustomize; lines are in its output)' : ' (a Kustomize source: fix it by hand; --fix does not edit it)';
}

function summary(result: CheckResult, c: ReturnType<typeof paint>): string {
  const count = (severity: string): number => result.findings.filter((f) => f.severity === severity).length;
  const checked = `${result.stats.objects} object${result.stats.objects === 1 ? '' : 's'}${result.stats.dockerfiles > 0 ? ` and ${result.stats.dockerfiles} Dockerfile${result.stats.dockerfiles === 1 ? '' : 's'}` : ''} in ${result.stats.files} file${result.stats.files === 1 ? '' : 's'} (Kubernetes ${result.kubeVersion})`;
  const suppressed = result.suppressed.length > 0 ? `, ${result.suppressed.length} suppressed` : '';
  if (result.findings.length === 0) return c.green(`✔ no problems in ${checked}${suppressed}`);
  const fixable = result.findings.filter((f) => f.fixable).length;
  const parts = [`${count('error')} error${count('error') === 1 ? '' : 's'}`, `${count('warning')} warning${count('warning') === 1 ? '' : 's'}`, `${count('info')} info`];
  const line = `✖ ${result.findings.length} problem${result.findings.length === 1 ? '' : 's'} (${parts.join(', ')}) in ${checked}${suppressed}${fixable > 0 ? `; ${fixable} fixable with --fix` : ''}`;
  return result.failed ? c.red(line) : c.yellow(`${line}; none at or above "${result.threshold}"`);
}
