// Console scripts: https://packaging.python.org/en/latest/specifications/entry-points/ and
// https://setuptools.pypa.io/en/latest/userguide/entry_point.html
import type { Project } from '../project.ts';
import { descendants, dottedName, keywordArgument, lineOf, stringValue, topLevelAssignments, type PyNode } from '../python.ts';
import { parseSetupCfg } from './setup-cfg.ts';
import { isTable } from './toml-document.ts';

/** A command the package installs: `superset = superset.cli.main:superset`. */
export interface ConsoleScript {
  name: string;
  /** `module:function` as written (an `object.attr` reference is kept as is). */
  target: string;
  file: string;
  line: number;
}

/**
 * The console scripts declared in the app's packaging, as written: `[project.scripts]` and
 * Poetry's `[tool.poetry.scripts]`, setup.cfg `[options.entry_points] console_scripts`, and a
 * literal `entry_points={"console_scripts": [...]}` given to `setup()` in setup.py.
 */
export function consoleScripts(project: Project): ConsoleScript[] {
  return [...fromPyproject(project), ...fromSetupCfg(project), ...fromSetupPy(project)];
}

function fromPyproject(project: Project): ConsoleScript[] {
  const file = project.inApp('pyproject.toml');
  const data = project.readToml(file);
  const text = project.read(file) ?? '';
  if (data === null) return [];
  const out: ConsoleScript[] = [];
  const tables: Array<[string, unknown]> = [
    ['project.scripts', isTable(data['project']) ? data['project']['scripts'] : undefined],
    ['tool.poetry.scripts', isTable(data['tool']) && isTable(data['tool']['poetry']) ? data['tool']['poetry']['scripts'] : undefined],
  ];
  for (const [section, table] of tables) {
    if (!isTable(table)) continue;
    for (const [name, value] of Object.entries(table)) {
      // Poetry also accepts `{ reference = "...", type = "console" }`.
      const target = typeof value === 'string' ? value : isTable(value) && typeof value['reference'] === 'string' ? value['reference'] : null;
      if (target !== null) out.push({ name, target: target.trim(), file, line: keyLine(text, section, name) });
    }
  }
  return out;
}

/** 1-based line of `name =` inside `[section]`, or 0. */
function keyLine(text: string, section: string, name: string): number {
  let inSection = false;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line.startsWith('[')) inSection = line.replace(/\s+/g, '') === `[${section}]`;
    else if (inSection && line.replace(/^["']/, '').startsWith(name)) return i + 1;
  }
  return 0;
}

function fromSetupCfg(project: Project): ConsoleScript[] {
  const file = project.inApp('setup.cfg');
  const text = project.read(file);
  if (text === null) return [];
  const option = parseSetupCfg(text).get('options.entry_points')?.get('console_scripts');
  return (option?.lines ?? []).flatMap((entry) => {
    const parsed = parseEntry(entry.text);
    return parsed === null ? [] : [{ ...parsed, file, line: entry.line }];
  });
}

function fromSetupPy(project: Project): ConsoleScript[] {
  const file = project.inApp('setup.py');
  const tree = project.python(file);
  if (tree === null) return [];
  const out: ConsoleScript[] = [];
  for (const call of descendants(tree.root, 'call')) {
    if (!/(?:^|\.)setup$/.test(dottedName(call.childForFieldName('function')) ?? '')) continue;
    let entryPoints = keywordArgument(call, 'entry_points');
    // `entry_points=ENTRY_POINTS` with the dictionary at module level.
    if (entryPoints?.type === 'identifier') entryPoints = topLevelAssignments(tree).find((a) => a.name === entryPoints!.text)?.value ?? null;
    for (const item of scriptsListOf(entryPoints)) {
      const parsed = parseEntry(stringValue(item) ?? '');
      if (parsed !== null) out.push({ ...parsed, file, line: lineOf(item) });
    }
  }
  return out;
}

/** The items of the `"console_scripts"` list in an entry-points dictionary literal. */
function scriptsListOf(entryPoints: PyNode | null): PyNode[] {
  if (entryPoints?.type !== 'dictionary') return [];
  for (const pair of entryPoints.namedChildren) {
    if (pair?.type !== 'pair' || stringValue(pair.childForFieldName('key')) !== 'console_scripts') continue;
    const value = pair.childForFieldName('value');
    if (value !== null && ['list', 'tuple'].includes(value.type)) return value.namedChildren.filter((c): c is PyNode => c !== null && c.type === 'string');
  }
  return [];
}

/** `name = module:function [extras]` → name and target. */
function parseEntry(text: string): { name: string; target: string } | null {
  const match = /^\s*([\w.-]+)\s*=\s*([\w.]+:[\w.]+)/.exec(text);
  return match === null ? null : { name: match[1]!, target: match[2]! };
}
