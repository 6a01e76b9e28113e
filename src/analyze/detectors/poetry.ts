// Poetry's pyproject sections and dependency specification: https://python-poetry.org/docs/dependency-specification/
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { toDependencyFact, type DependencyPlacement } from '../packaging/dependencies.ts';
import { isValidName, normalizeName } from '../packaging/pep508.ts';
import { readAppPyproject } from '../packaging/pyproject.ts';
import { getPath, getTable, isTable, type TomlDocument } from '../packaging/toml-document.ts';
import type { TomlPath } from '../packaging/toml-positions.ts';

interface PoetryTable {
  path: TomlPath;
  /** Null for the main `dependencies` table. */
  groupName: string | null;
}

/** Every table Poetry reads dependencies from: main, `group.<name>` and Poetry 1's `dev-dependencies`. */
function poetryTables(doc: TomlDocument): PoetryTable[] {
  const tables: PoetryTable[] = [{ path: ['tool', 'poetry', 'dependencies'], groupName: null }];
  const groups = getTable(doc.data, ['tool', 'poetry', 'group']) ?? {};
  for (const group of Object.keys(groups)) {
    // `main` is Poetry's name for the implicit runtime group.
    tables.push({ path: ['tool', 'poetry', 'group', group, 'dependencies'], groupName: group === 'main' ? null : group });
  }
  tables.push({ path: ['tool', 'poetry', 'dev-dependencies'], groupName: 'dev' });
  return tables;
}

/** Extra names by normalised dependency name, in the order `[tool.poetry.extras]` lists them. */
function extrasByDependency(doc: TomlDocument): Map<string, string> {
  const out = new Map<string, string>();
  const extras = getTable(doc.data, ['tool', 'poetry', 'extras']) ?? {};
  for (const [extra, names] of Object.entries(extras)) {
    if (!Array.isArray(names)) continue;
    for (const name of names) {
      if (typeof name === 'string' && !out.has(normalizeName(name))) out.set(normalizeName(name), extra);
    }
  }
  return out;
}

/** The version constraint of a Poetry dependency value; `*` means any version. */
function poetryConstraint(value: unknown): { specifier: string; extras: string[]; marker: string | null; optional: boolean } {
  if (typeof value === 'string') return { specifier: value.trim() === '*' ? '' : value.trim(), extras: [], marker: null, optional: false };
  if (!isTable(value)) return { specifier: '', extras: [], marker: null, optional: false };
  const version = typeof value['version'] === 'string' && value['version'].trim() !== '*' ? value['version'].trim() : '';
  const extras = Array.isArray(value['extras']) ? value['extras'].filter((e): e is string => typeof e === 'string').map(normalizeName) : [];
  const marker = typeof value['markers'] === 'string' ? value['markers'].trim() : null;
  return { specifier: version, extras, marker, optional: value['optional'] === true };
}

function dependencyFacts(doc: TomlDocument, table: PoetryTable, extras: Map<string, string>): Fact[] {
  const deps = getTable(doc.data, table.path);
  if (deps === null) return [];
  const facts: Fact[] = [];
  for (const [key, value] of Object.entries(deps)) {
    if (key === 'python' || !isValidName(key)) continue;
    // A list of constraint tables is one dependency with different constraints per environment.
    const variants = Array.isArray(value) ? value.map((v, i) => ({ value: v, path: [...table.path, key, i] })) : [{ value, path: [...table.path, key] }];
    for (const variant of variants) {
      const constraint = poetryConstraint(variant.value);
      const source = { file: doc.file, line: doc.positions.lineOf(variant.path) };
      const extra = table.groupName === null ? extras.get(normalizeName(key)) : table.groupName;
      const placement: DependencyPlacement =
        table.groupName !== null
          ? { group: 'dev', source, why: `Poetry's "${table.groupName}" group is not installed with \`poetry install --only main\`` }
          : constraint.optional
            ? { group: 'optional', source, why: 'optional = true means Poetry installs it only when an extra asks for it' }
            : { group: 'runtime', source, why: '[tool.poetry.dependencies] are installed with the app' };
      if (extra !== undefined && placement.group !== 'runtime') placement.extra = extra;
      facts.push(toDependencyFact(
        { name: normalizeName(key), extras: constraint.extras, specifier: constraint.specifier, marker: constraint.marker, url: null },
        placement,
      ));
    }
  }
  return facts;
}

export const poetry = defineDetector({
  id: 'poetry',
  kind: 'package-manager',
  detect(project) {
    const lockfile = project.inApp('poetry.lock');
    const hasLock = project.has(lockfile);
    const doc = readAppPyproject(project);
    const toolPoetry = doc === null ? null : getTable(doc.data, ['tool', 'poetry']);
    if (!hasLock && (doc === null || toolPoetry === null)) return [];
    const facts: Fact[] = [];

    const poetryManaged =
      hasLock ||
      (toolPoetry !== null && ['dependencies', 'group', 'dev-dependencies'].some((k) => k in toolPoetry)) ||
      (doc !== null && getPath(doc.data, ['build-system', 'build-backend']) === 'poetry.core.masonry.api');
    if (poetryManaged) {
      facts.push({
        kind: 'package-manager',
        value: 'poetry',
        lockfile: hasLock ? lockfile : null,
        installRoot: project.appRoot,
        source: hasLock || doc === null ? { file: lockfile, line: 0 } : { file: doc.file, line: doc.positions.lineOf(['tool', 'poetry']) },
        why: hasLock ? 'poetry.lock is the lockfile Poetry writes and installs from' : '[tool.poetry] declares the dependencies Poetry installs',
      });
    }
    if (doc === null || toolPoetry === null) return facts;

    const python = getPath(doc.data, ['tool', 'poetry', 'dependencies', 'python']);
    if (typeof python === 'string' && python.trim() !== '') {
      facts.push({
        kind: 'python-version',
        value: python.trim(),
        origin: 'poetry',
        source: { file: doc.file, line: doc.positions.lineOf(['tool', 'poetry', 'dependencies', 'python']) },
        why: 'the python entry of [tool.poetry.dependencies] is the Python range Poetry resolves for',
      });
    }

    const extras = extrasByDependency(doc);
    // Poetry 2 reads runtime dependencies from [project]; [tool.poetry.dependencies] then only refines them.
    const pep621 = Array.isArray(getPath(doc.data, ['project', 'dependencies']));
    for (const table of poetryTables(doc)) {
      if (pep621 && table.groupName === null) continue;
      facts.push(...dependencyFacts(doc, table, extras));
    }
    return facts;
  },
});
