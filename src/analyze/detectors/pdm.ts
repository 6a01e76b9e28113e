// PDM lockfile and development dependencies: https://pdm-project.org/en/latest/usage/dependency/
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { requirementListFacts } from '../packaging/dependencies.ts';
import { readAppPyproject } from '../packaging/pyproject.ts';
import { getTable } from '../packaging/toml-document.ts';

export const pdm = defineDetector({
  id: 'pdm',
  kind: 'package-manager',
  detect(project) {
    const lockfile = project.inApp('pdm.lock');
    const hasLock = project.has(lockfile);
    const doc = readAppPyproject(project);
    const toolPdm = doc === null ? null : getTable(doc.data, ['tool', 'pdm']);
    if (!hasLock && toolPdm === null) return [];
    const facts: Fact[] = [{
      kind: 'package-manager',
      value: 'pdm',
      lockfile: hasLock ? lockfile : null,
      installRoot: project.appRoot,
      source: hasLock || doc === null ? { file: lockfile, line: 0 } : { file: doc.file, line: doc.positions.lineOf(['tool', 'pdm']) },
      why: hasLock ? 'pdm.lock is the lockfile PDM writes and installs from' : '[tool.pdm] configures PDM, though no pdm.lock has been written yet',
    }];
    if (doc === null) return facts;
    const groups = getTable(doc.data, ['tool', 'pdm', 'dev-dependencies']) ?? {};
    for (const group of Object.keys(groups)) {
      facts.push(...requirementListFacts(doc, {
        path: ['tool', 'pdm', 'dev-dependencies', group],
        group: 'dev',
        extra: group,
        why: `[tool.pdm.dev-dependencies] ${group} is installed by \`pdm install\` but not with \`--prod\``,
      }));
    }
    return facts;
  },
});
