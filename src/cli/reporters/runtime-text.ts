import type { InitRuntimeResult } from '../../runtime/init-runtime.ts';
import { paint, type Colors } from './colors.ts';

/** `py2kube init --runtime` as text: files, what the companion serves, config, the dependency step. */
export function renderRuntimeText(result: InitRuntimeResult, colors: Colors): string {
  const c = paint(colors);
  const would = result.dryRun;
  const lines: string[] = [];
  const verb: Record<string, string> = {
    created: would ? 'would create' : 'created',
    updated: would ? 'would update' : 'updated',
    unchanged: 'unchanged',
    'kept-edited': 'kept',
    'kept-existing': 'kept',
    skipped: 'skipped',
  };
  for (const file of result.files) lines.push(`${c.bold(file.file)}: ${verb[file.action]} ${c.dim(`(${file.why})`)}`);

  const { features } = result;
  const served = [
    features.liveness !== null ? `${features.liveness} (liveness)` : null,
    features.readiness !== null ? `${features.readiness} (readiness${result.checks.length > 0 ? `: ${result.checks.map((k) => k.name).join(', ')}` : ''})` : null,
    features.metrics !== null ? `${features.metrics} (Prometheus)` : null,
  ].filter((s): s is string => s !== null);
  lines.push(`  serves ${served.length > 0 ? served.join(', ') : 'no routes of its own'}; JSON logs with request ids; SIGTERM turns readiness to 503 first`);
  for (const endpoint of features.existing) lines.push(`  kept the app's own ${endpoint.role} endpoint ${endpoint.path} ${c.dim(`(${endpoint.at})`)}`);
  lines.push(`  the server runs ${c.bold(result.serves)}, which wraps ${result.wrapped}`);

  const { config } = result;
  if (config.after === config.before) {
    lines.push(`${c.bold(config.file)}: unchanged`);
  } else {
    lines.push(`${c.bold(config.file)}: ${would ? 'would record' : 'recorded'}`);
    for (const entry of config.added) lines.push(`  + ${entry.key} ${c.dim(`(${entry.comment})`)}`);
    if (result.replacedApp !== null) lines.push(`  ~ app ${c.dim(`(was "${result.replacedApp}", now the companion module that serves it)`)}`);
  }

  const dep = result.dependency;
  if (dep !== null) {
    if (dep.status === 'present') lines.push(`${dep.package}: already a dependency`);
    else if (dep.status === 'added') lines.push(`${dep.package}: added with \`${dep.command}\``);
    else if (dep.status === 'dry-run') lines.push(`${dep.package}: would run \`${dep.command}\``);
    else lines.push(c.yellow(`${dep.package}: not added (${dep.reason}). Run: ${dep.command}`));
  }
  return `${lines.join('\n')}\n`;
}
