// Whether the app is itself a package, and whether its pins carry hashes: https://packaging.python.org/en/latest/specifications/pyproject-toml/ and https://pip.pypa.io/en/stable/topics/secure-installs/#hash-checking-mode
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import type { Project } from '../project.ts';
import { readAppPyproject } from '../packaging/pyproject.ts';
import { getPath, getTable, type TomlDocument } from '../packaging/toml-document.ts';

/** A requirements file at the app root or in its `requirements/` folder, as pip and pip-tools name them. */
const REQUIREMENTS_FILE = /^(?:requirements\/[^/]+|(?:.*[-_])?requirements(?:[-_.][^/]*)?)\.txt$/i;
/** `--hash=sha256:…` or `--hash sha256:…` after a requirement (pip-compile --generate-hashes, pipenv, poetry export). */
const HASH_OPTION = /(?:^|\s)--hash[=\s]+\w+:/m;

function packagedByPyproject(doc: TomlDocument, hasSetup: boolean): { packaged: boolean; line: number; why: string } {
  const data = doc.data;
  const at = (path: string[]): number => doc.positions.lineOf(path);
  // Each tool's own switch wins: these projects are declared as "only manage dependencies".
  if (getPath(data, ['tool', 'poetry', 'package-mode']) === false) {
    return { packaged: false, line: at(['tool', 'poetry', 'package-mode']), why: '[tool.poetry] package-mode = false: Poetry manages only the dependencies' };
  }
  if (getPath(data, ['tool', 'uv', 'package']) === false) {
    return { packaged: false, line: at(['tool', 'uv', 'package']), why: '[tool.uv] package = false: the project is not built or installed' };
  }
  if (getPath(data, ['tool', 'pdm', 'distribution']) === false) {
    return { packaged: false, line: at(['tool', 'pdm', 'distribution']), why: '[tool.pdm] distribution = false: the project is not built or installed' };
  }
  const named = getTable(data, ['project']) !== null || getTable(data, ['tool', 'poetry']) !== null;
  if (getTable(data, ['build-system']) !== null && (named || hasSetup)) {
    return { packaged: true, line: at(['build-system']), why: '[build-system] names the backend that builds the project into a wheel, so it is installed like any dependency' };
  }
  if (hasSetup) return { packaged: true, line: 0, why: 'setup.py/setup.cfg make the project installable with the legacy setuptools backend' };
  // Without a build backend, pip falls back to setuptools auto-discovery (which refuses a flat
  // layout with several top-level folders) and uv treats the project as virtual.
  return { packaged: false, line: named ? at(getTable(data, ['project']) !== null ? ['project'] : ['tool', 'poetry']) : 0, why: 'pyproject.toml has no [build-system], so the project is a set of dependencies rather than a package' };
}

function distributionFact(project: Project): Fact | null {
  const setupPy = project.inApp('setup.py');
  const setupCfg = project.inApp('setup.cfg');
  const hasSetup = project.has(setupPy) || project.has(setupCfg);
  const doc = readAppPyproject(project);
  if (doc !== null) {
    const found = packagedByPyproject(doc, hasSetup);
    return { kind: 'distribution', packaged: found.packaged, source: { file: doc.file, line: found.line }, why: found.why };
  }
  if (!hasSetup) return null;
  const file = project.has(setupPy) ? setupPy : setupCfg;
  return { kind: 'distribution', packaged: true, source: { file, line: 0 }, why: `${file} makes the project installable with setuptools` };
}

export const distribution = defineDetector({
  id: 'distribution',
  kind: 'package-manager',
  detect(project) {
    const facts: Fact[] = [];
    const found = distributionFact(project);
    if (found !== null) facts.push(found);
    const prefix = project.appRoot === '.' ? '' : `${project.appRoot}/`;
    for (const file of project.appFiles) {
      if (!REQUIREMENTS_FILE.test(file.slice(prefix.length))) continue;
      const text = project.read(file);
      if (text === null) continue;
      const match = HASH_OPTION.exec(text);
      if (match === null) continue;
      const line = text.slice(0, match.index + 1).split('\n').length;
      facts.push({ kind: 'requirements-hashes', file, source: { file, line }, why: `${file} pins its requirements with --hash, so pip checks every download against it` });
    }
    return facts;
  },
});
