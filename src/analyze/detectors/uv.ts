// uv projects, workspaces and uv.lock: https://docs.astral.sh/uv/concepts/projects/layout/
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { requirementListFacts } from '../packaging/dependencies.ts';
import { readAppPyproject } from '../packaging/pyproject.ts';
import { getTable } from '../packaging/toml-document.ts';
import { locateUv } from '../packaging/uv-workspace.ts';

export const uv = defineDetector({
  id: 'uv',
  kind: 'package-manager',
  detect(project) {
    const doc = readAppPyproject(project);
    const location = locateUv(project);
    const toolUv = doc === null ? null : getTable(doc.data, ['tool', 'uv']);
    const facts: Fact[] = [];

    if (location !== null) {
      const inWorkspace = location.workspace !== null;
      const why = inWorkspace
        ? `the app is a member of the uv workspace at "${location.installRoot}", which uv installs from its root${location.lockfile === null ? '' : ` with ${location.lockfile}`}`
        : 'uv.lock is the lockfile uv writes and installs from';
      const source = location.lockfile !== null
        ? { file: location.lockfile, line: 0 }
        : { file: location.workspace!.file, line: location.workspace!.positions.lineOf(['tool', 'uv', 'workspace']) };
      facts.push({ kind: 'package-manager', value: 'uv', lockfile: location.lockfile, installRoot: location.installRoot, source, why });
    } else if (doc !== null && toolUv !== null) {
      facts.push({
        kind: 'package-manager',
        value: 'uv',
        lockfile: null,
        installRoot: project.appRoot,
        source: { file: doc.file, line: doc.positions.lineOf(['tool', 'uv']) },
        why: '[tool.uv] configures uv, though no uv.lock has been written yet',
      });
    }

    if (doc !== null && toolUv !== null) {
      // uv treats the legacy `dev-dependencies` list as the `dev` dependency group.
      facts.push(...requirementListFacts(doc, {
        path: ['tool', 'uv', 'dev-dependencies'],
        group: 'dev',
        extra: 'dev',
        why: '[tool.uv] dev-dependencies are installed by `uv sync` but not with `--no-dev`',
      }));
    }
    return facts;
  },
});
