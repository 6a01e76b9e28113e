import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import type { AppModel, Evidence } from '../model/app.ts';
import { configSchema, type Config } from './schema.ts';

/**
 * `py2kube init`: records what detect found as `[tool.py2kube]`, each key commented with its
 * evidence. The user's bytes are never changed: new keys are only ever inserted (into an
 * existing py2kube table) or appended (as new tables), and a key the user already set is
 * never written again.
 */

export interface InitEntry {
  /** Dotted key inside the py2kube table, e.g. `port` or `celery.beat`. */
  key: string;
  value: string | number | boolean | string[];
  comment: string;
}

export interface InitPlan {
  /** POSIX path (relative to the analysed dir) of the file written. */
  file: string;
  /** Whether the file exists already. */
  exists: boolean;
  before: string;
  after: string;
  added: InitEntry[];
  /** Keys left alone because the user already set them. */
  kept: string[];
}

/** What `init` would record, from the resolved model; values equal to py2kube's defaults are left out. */
export function entriesFromModel(model: AppModel): InitEntry[] {
  const entries: InitEntry[] = [];
  const add = (key: string, value: InitEntry['value'] | null | undefined, evidenceKey: string): void => {
    if (value === null || value === undefined) return;
    if (Array.isArray(value) && value.length === 0) return;
    entries.push({ key, value, comment: commentFor(model.evidence[evidenceKey]) });
  };
  add('name', model.name, 'name');
  add('framework', model.framework, 'framework');
  add('app', model.appPath, 'appPath');
  if (model.workdir !== model.appRoot) add('workdir', model.workdir, 'workdir');
  add('server', model.server, 'server');
  add('port', model.port, 'port');
  add('python', model.pythonVersion, 'pythonVersion');
  add('package-manager', model.packageManager, 'packageManager');
  if (model.mlHeavy) add('ml-heavy', true, 'mlHeavy');
  add('datastores', model.datastores.filter((d) => !d.optional).map((d) => d.name), 'datastores');
  add('metrics', model.metricsPath, 'metrics');
  add('health.liveness', model.health.liveness, 'health');
  add('health.readiness', model.health.readiness, 'health');
  if (model.celery !== null) {
    add('celery.app', model.celery.app, 'celery.app');
    add('celery.beat', model.celery.beat, 'celery.beat');
    add('celery.queues', model.celery.queues, 'celery.queues');
  }
  if (model.migrate !== null) add('migrate.command', model.migrate.command, 'migrate');
  return entries;
}

function commentFor(evidence: Evidence[] | undefined): string {
  const first = evidence?.[0];
  if (first === undefined) return 'detected';
  const text = first.at === 'default' ? `default: ${first.why}` : `${first.at}: ${first.why}`;
  return text.replace(/[\r\n]+/g, ' ');
}

/**
 * Plans the edit. `table` is `tool.py2kube` for pyproject.toml and `` for py2kube.toml.
 * Pure: takes the current text and config, returns the new text.
 */
export function planInit(file: string, before: string, existing: Config, table: string, entries: InitEntry[]): InitPlan {
  const kept: string[] = [];
  const missing = entries.filter((e) => {
    if (hasKey(existing, e.key)) {
      kept.push(e.key);
      return false;
    }
    return true;
  });
  // Group by sub-table: '' for top-level keys, 'celery' for celery.*, …
  const groups = new Map<string, InitEntry[]>();
  for (const entry of missing) {
    const dot = entry.key.indexOf('.');
    const sub = dot < 0 ? '' : entry.key.slice(0, dot);
    groups.set(sub, [...(groups.get(sub) ?? []), entry]);
  }
  let text = before;
  const appended: string[] = [];
  for (const [sub, group] of groups) {
    const header = [table, sub].filter((s) => s !== '').join('.');
    const lines = group.flatMap((e) => [`# ${e.comment}`, `${sub === '' ? e.key : e.key.slice(sub.length + 1)} = ${toToml(e.value)}`]);
    const insertAt = header === '' ? topOfFile(text) : endOfTable(text, header);
    if (insertAt !== null) {
      text = insertLines(text, insertAt, lines);
    } else if (header === '') {
      // py2kube.toml whose first line is a table header: top-level keys must come before it.
      text = `${lines.join('\n')}\n\n${text}`;
    } else if (sub !== '' && tableHasInline(existing, sub)) {
      // The user wrote `celery = { … }` inline; TOML cannot extend it, so leave it as written.
      for (const e of group) kept.push(e.key);
    } else {
      appended.push(`[${header}]`, ...lines, '');
    }
  }
  if (appended.length > 0) {
    const intro = before.includes('[tool.py2kube') || table === '' && before.trim() !== ''
      ? []
      : ['# Recorded by `py2kube init`: what py2kube detected, with the evidence. Edit freely;', '# these values win over detection. Keys: https://github.com/py2kube/py2kube/blob/main/docs/config.md'];
    const separator = text === '' ? '' : text.endsWith('\n\n') ? '' : text.endsWith('\n') ? '\n' : '\n\n';
    text = `${text}${separator}${[...intro, ...appended].join('\n').replace(/\n+$/, '')}\n`;
  }
  const added = missing.filter((e) => !kept.includes(e.key));
  return { file, exists: before !== '', before, after: text, added, kept };
}

/** Writes the plan after proving the result parses and validates; a no-op when nothing is added. */
export function writeInit(dir: string, plan: InitPlan, table: string): void {
  if (plan.after === plan.before) return;
  const data = parseToml(plan.after) as Record<string, unknown>;
  const config = table === '' ? data : ((data['tool'] as Record<string, unknown> | undefined)?.['py2kube'] ?? {});
  const checked = configSchema.safeParse(config);
  if (!checked.success) throw new Error(`init produced an invalid config: ${checked.error.message}`);
  const target = path.join(dir, plan.file);
  const temp = `${target}.py2kube-tmp`;
  fs.writeFileSync(temp, plan.after);
  fs.renameSync(temp, target);
}

function hasKey(config: Config, dotted: string): boolean {
  let current: unknown = config;
  for (const part of dotted.split('.')) {
    if (typeof current !== 'object' || current === null || !(part in current)) return false;
    current = (current as Record<string, unknown>)[part];
  }
  return true;
}

function tableHasInline(config: Config, sub: string): boolean {
  return (config as Record<string, unknown>)[sub] !== undefined;
}

function toToml(value: InitEntry['value']): string {
  if (Array.isArray(value)) return `[${value.map((v) => JSON.stringify(v)).join(', ')}]`;
  if (typeof value === 'string') return JSON.stringify(value);
  return String(value);
}

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;

/** Offset just after the last non-blank line of `[header]`'s body, or null when the table is not written as a header. */
function endOfTable(text: string, header: string): number | null {
  const lines = text.split('\n');
  let offset = 0;
  let inside = false;
  let end: number | null = null;
  for (const line of lines) {
    const lineEnd = offset + line.length + 1;
    const h = HEADER.exec(line);
    if (h !== null) {
      if (inside) break;
      inside = h[1]!.split('.').map((p) => p.trim().replace(/^["']|["']$/g, '')).join('.') === header;
      if (inside) end = Math.min(lineEnd, text.length);
    } else if (inside && line.trim() !== '' && !line.trim().startsWith('#')) {
      end = Math.min(lineEnd, text.length);
    }
    offset = lineEnd;
  }
  return end;
}

/** For py2kube.toml, top-level keys go before the first table header. */
function topOfFile(text: string): number | null {
  if (text === '') return null;
  const lines = text.split('\n');
  let offset = 0;
  let end = 0;
  for (const line of lines) {
    if (HEADER.test(line)) break;
    offset += line.length + 1;
    if (line.trim() !== '' && !line.trim().startsWith('#')) end = Math.min(offset, text.length);
  }
  return end === 0 ? null : end;
}

function insertLines(text: string, offset: number, lines: string[]): string {
  const needsNewline = offset > 0 && text[offset - 1] !== '\n';
  return `${text.slice(0, offset)}${needsNewline ? '\n' : ''}${lines.join('\n')}\n${text.slice(offset)}`;
}
