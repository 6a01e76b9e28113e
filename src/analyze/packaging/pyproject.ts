// PEP 621 project metadata and PEP 735 dependency groups:
// https://packaging.python.org/en/latest/specifications/pyproject-toml/ and
// https://packaging.python.org/en/latest/specifications/dependency-groups/
import type { Fact } from '../../model/facts.ts';
import type { Project } from '../project.ts';
import { requirementListFacts } from './dependencies.ts';
import { normalizeName } from './pep508.ts';
import { getPath, getTable, isTable, readTomlDocument, type TomlDocument } from './toml-document.ts';

/** The app's own pyproject.toml, or null when it is missing or not valid TOML. */
export function readAppPyproject(project: Project): TomlDocument | null {
  return readTomlDocument(project, project.inApp('pyproject.toml'));
}

/** Facts for `[project] dependencies` and `[project.optional-dependencies]`. */
export function projectDependencyFacts(doc: TomlDocument): Fact[] {
  const facts = requirementListFacts(doc, {
    path: ['project', 'dependencies'],
    group: 'runtime',
    why: '[project] dependencies are installed with the app',
  });
  const optional = getTable(doc.data, ['project', 'optional-dependencies']) ?? {};
  for (const extra of Object.keys(optional)) {
    facts.push(...requirementListFacts(doc, {
      path: ['project', 'optional-dependencies', extra],
      group: 'optional',
      extra,
      why: `[project.optional-dependencies] ${extra} is installed only when the "${extra}" extra is requested`,
    }));
  }
  return facts;
}

/**
 * Facts for PEP 735 `[dependency-groups]`. These groups never ship with the package, so they
 * are dev dependencies; an `{include-group = …}` entry adds nothing of its own (the included
 * group's entries are reported where they are written) but must name a group that exists.
 */
export function dependencyGroupFacts(doc: TomlDocument): Fact[] {
  const groups = getTable(doc.data, ['dependency-groups']) ?? {};
  const known = new Set(Object.keys(groups).map(normalizeName));
  const facts: Fact[] = [];
  for (const group of Object.keys(groups)) {
    const path = ['dependency-groups', group];
    facts.push(...requirementListFacts(doc, {
      path,
      group: 'dev',
      extra: group,
      why: `[dependency-groups] ${group} is a development group that is not installed with the app`,
    }));
    const entries = getPath(doc.data, path);
    if (!Array.isArray(entries)) continue;
    entries.forEach((entry, index) => {
      if (!isTable(entry) || typeof entry['include-group'] !== 'string') return;
      const included = entry['include-group'];
      if (known.has(normalizeName(included))) return;
      const line = doc.positions.lineOf([...path, index]);
      facts.push({
        kind: 'problem',
        level: 'warning',
        code: 'W_DEPENDENCY_GROUP_INCLUDE',
        message: `${doc.file}:${line}: dependency group "${group}" includes "${included}", which is not defined in [dependency-groups]. Define it or remove the include.`,
        source: { file: doc.file, line },
        why: 'installers refuse a dependency group that includes an undefined group',
      });
    });
  }
  return facts;
}

/** `[project] name`, else Poetry 1's `[tool.poetry] name`, with the line it is written on. */
export function projectName(doc: TomlDocument): { value: string; line: number; table: string } | null {
  for (const table of [['project'], ['tool', 'poetry']]) {
    const name = getPath(doc.data, [...table, 'name']);
    if (typeof name === 'string' && name.trim() !== '') {
      return { value: name.trim(), line: doc.positions.lineOf([...table, 'name']), table: table.join('.') };
    }
  }
  return null;
}
