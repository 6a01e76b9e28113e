// pyproject.toml [project] (PEP 621) and [dependency-groups] (PEP 735): https://packaging.python.org/en/latest/specifications/pyproject-toml/
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { dependencyGroupFacts, projectDependencyFacts, projectName, readAppPyproject } from '../packaging/pyproject.ts';

/**
 * The standard tables every installer reads the same way (uv, Poetry 2, PDM, pip), so their
 * dependencies and the project name are reported here once rather than by each manager.
 */
export const pyproject = defineDetector({
  id: 'pyproject',
  kind: 'package-manager',
  detect(project) {
    const doc = readAppPyproject(project);
    if (doc === null) return [];
    const facts: Fact[] = [];
    const name = projectName(doc);
    if (name !== null) {
      facts.push({
        kind: 'project-name',
        value: name.value,
        source: { file: doc.file, line: name.line },
        why: `[${name.table}] name is the distribution name the project publishes under`,
      });
    }
    facts.push(...projectDependencyFacts(doc), ...dependencyGroupFacts(doc));
    // Any PEP 517 installer can install a [project] table; pip is the floor every image has.
    // Managers with a lockfile (uv, Poetry, PDM) outrank this in resolve.
    const table = doc.data['project'];
    if (typeof table === 'object' && table !== null && !Array.isArray(table)) {
      facts.push({
        kind: 'package-manager',
        value: 'pip',
        lockfile: null,
        installRoot: project.appRoot,
        source: { file: doc.file, line: doc.positions.lineOf(['project']) },
        why: 'the [project] table can be installed with `pip install .`, but nothing pins the versions',
      });
    }
    return facts;
  },
});
