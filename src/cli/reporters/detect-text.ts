import type { AppModel, Evidence } from '../../model/app.ts';
import { paint, type Colors } from './colors.ts';

/** The human summary of `py2kube detect`: one line per decision with the evidence under it. */
export function renderDetectText(model: AppModel, colors: Colors): string {
  const c = paint(colors);
  const lines: string[] = [];
  const row = (label: string, value: string | null, key: string): void => {
    lines.push(`${c.bold(label.padEnd(16))}${value === null ? c.dim('—') : value}`);
    for (const ev of (model.evidence[key] ?? []).slice(0, 3)) lines.push(`${' '.repeat(16)}${c.dim(`↳ ${describe(ev)}`)}`);
  };
  lines.push(`${c.bold('py2kube detect')}  ${model.name}`);
  lines.push('');
  row('app root', model.appRoot, 'appRoot');
  row('framework', model.framework === null ? 'none (no web framework)' : `${model.framework} (${model.interface ?? '?'})`, 'framework');
  row('app', model.appPath, 'appPath');
  row('workdir', model.workdir, 'workdir');
  row('server', model.server, 'server');
  row('port', String(model.port), 'port');
  row('python', model.pythonVersion === null ? null : `${model.pythonVersion}${model.pythonConstraint !== null && model.pythonConstraint !== model.pythonVersion ? ` (from "${model.pythonConstraint}")` : ''}`, 'pythonVersion');
  row('packages', model.packageManager === null ? null : `${model.packageManager}${model.lockfile !== null ? ` · ${model.lockfile}` : ' · no lockfile'}`, 'packageManager');
  const runtime = model.dependencies.filter((d) => d.group === 'runtime').length;
  const dev = model.dependencies.filter((d) => d.group === 'dev').length;
  const optional = model.dependencies.filter((d) => d.group === 'optional').length;
  lines.push(`${c.bold('dependencies'.padEnd(16))}${runtime} runtime, ${optional} optional, ${dev} dev`);
  if (model.celery !== null) {
    row('celery', `${model.celery.app}${model.celery.beat ? ' + beat' : ''}${model.celery.queues.length > 0 ? ` · queues ${model.celery.queues.join(', ')}` : ''}`, 'celery.app');
    if (model.celery.beat) for (const ev of (model.evidence['celery.beat'] ?? []).slice(0, 2)) lines.push(`${' '.repeat(16)}${c.dim(`↳ beat: ${describe(ev)}`)}`);
    const setting = (value: boolean | null): string => (value === null ? 'unknown' : value ? 'on' : 'off');
    row('  acks late', setting(model.celery.taskAcksLate), 'celery.taskAcksLate');
    row('  reject lost', setting(model.celery.taskRejectOnWorkerLost), 'celery.taskRejectOnWorkerLost');
  } else {
    row('celery', null, 'celery.app');
  }
  if (model.workerSystems.some((s) => s !== 'celery')) lines.push(`${c.bold('workers'.padEnd(16))}${model.workerSystems.join(', ')}`);
  row('migrations', model.migrate === null ? null : `${model.migrate.tool}: ${model.migrate.command.join(' ')}`, 'migrate');
  row('datastores', model.datastores.length === 0 ? null : model.datastores.map((d) => `${d.name}${d.optional ? ' (optional)' : ''}`).join(', '), 'datastores');
  row('ml-heavy', model.mlHeavy ? `yes (${model.mlPackages.join(', ')})` : 'no', 'mlHeavy');
  row('health', model.health.paths.length === 0 ? null : model.health.paths.join(', '), 'health');
  row('metrics', model.metricsPath, 'metrics');
  if (model.diagnostics.length > 0) {
    lines.push('');
    for (const d of model.diagnostics) {
      const tag = d.level === 'error' ? c.red('error') : d.level === 'warning' ? c.yellow('warning') : c.cyan('info');
      const location = d.source === undefined || d.source.file === '.' ? '' : d.source.line > 0 ? `${d.source.file}:${d.source.line}` : d.source.file;
      // Many messages already open with their location; print it once.
      const where = location === '' || d.message.startsWith(location) ? '' : `${location}: `;
      const key = d.configKey !== undefined ? c.dim(` [${d.configKey}]`) : '';
      lines.push(`${tag} ${where}${d.message}${key}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

function describe(ev: Evidence): string {
  return ev.at === 'default' ? `default: ${ev.why}` : `${ev.at}: ${ev.why}`;
}
