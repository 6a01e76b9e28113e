// Pipfile and Pipfile.lock: https://pipenv.pypa.io/en/latest/pipfile.html
import type { DependencyGroup, Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { toDependencyFact, toSyntaxProblem } from '../packaging/dependencies.ts';
import { isValidName, normalizeName, parseSpecifier } from '../packaging/pep508.ts';
import { getTable, isTable, readTomlDocument, type TomlDocument } from '../packaging/toml-document.ts';

const SECTIONS: ReadonlyArray<{ table: string; group: DependencyGroup; why: string }> = [
  { table: 'packages', group: 'runtime', why: 'Pipfile [packages] are installed with the app' },
  { table: 'dev-packages', group: 'dev', why: 'Pipfile [dev-packages] are installed only with `pipenv install --dev`' },
];

function packageFacts(doc: TomlDocument, table: string, group: DependencyGroup, why: string): Fact[] {
  const packages = getTable(doc.data, [table]) ?? {};
  const facts: Fact[] = [];
  for (const [key, value] of Object.entries(packages)) {
    const source = { file: doc.file, line: doc.positions.lineOf([table, key]) };
    if (!isValidName(key)) {
      facts.push(toSyntaxProblem(source, key, 'it is not a distribution name', 'Use the name as published on PyPI.'));
      continue;
    }
    const spec = typeof value === 'string' ? value : isTable(value) && typeof value['version'] === 'string' ? value['version'] : '*';
    const written = spec.trim() === '*' ? '' : spec.trim();
    const parsed = parseSpecifier(written);
    if (parsed.reason !== null) {
      facts.push(toSyntaxProblem(source, `${key} = "${spec}"`, parsed.reason, 'Write the version as "*" or a specifier such as ">=3.0".'));
      continue;
    }
    const extras = isTable(value) && Array.isArray(value['extras']) ? value['extras'].filter((e): e is string => typeof e === 'string').map(normalizeName) : [];
    const marker = isTable(value) && typeof value['markers'] === 'string' ? value['markers'].trim() : null;
    facts.push(toDependencyFact({ name: normalizeName(key), extras, specifier: parsed.specifier, marker, url: null }, { group, source, why }));
  }
  return facts;
}

export const pipenv = defineDetector({
  id: 'pipenv',
  kind: 'package-manager',
  detect(project) {
    const pipfile = project.inApp('Pipfile');
    if (!project.has(pipfile)) return [];
    const lockfile = project.inApp('Pipfile.lock');
    const hasLock = project.has(lockfile);
    const facts: Fact[] = [{
      kind: 'package-manager',
      value: 'pipenv',
      lockfile: hasLock ? lockfile : null,
      installRoot: project.appRoot,
      source: { file: hasLock ? lockfile : pipfile, line: 0 },
      why: hasLock ? 'Pipfile.lock is the lockfile pipenv writes and installs from' : 'a Pipfile declares the dependencies pipenv installs',
    }];
    // A Pipfile that is not valid TOML is already a problem recorded by the project reader.
    const doc = readTomlDocument(project, pipfile);
    if (doc === null) return facts;
    for (const section of SECTIONS) facts.push(...packageFacts(doc, section.table, section.group, section.why));

    for (const key of ['python_full_version', 'python_version']) {
      const value = getTable(doc.data, ['requires'])?.[key];
      if (typeof value !== 'string' || value.trim() === '') continue;
      facts.push({
        kind: 'python-version',
        value: value.trim(),
        origin: 'pipfile',
        source: { file: pipfile, line: doc.positions.lineOf(['requires', key]) },
        why: `[requires] ${key} is the Python pipenv creates the environment with`,
      });
      break;
    }
    return facts;
  },
});
