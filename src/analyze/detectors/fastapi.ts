// FastAPI apps and `[tool.fastapi] entrypoint`: https://fastapi.tiangolo.com/fastapi-cli/
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import type { Project } from '../project.ts';
import { findAppCandidates, findModuleFile, importRootsOf, tomlKeyLine, toAppFacts, type AppSpec } from '../python-app.ts';

const SPEC: AppSpec = {
  framework: 'fastapi',
  interface: 'asgi',
  className: 'FastAPI',
  classes: ['fastapi.FastAPI', 'fastapi.applications.FastAPI'],
};

export const fastapi = defineDetector({
  id: 'fastapi',
  kind: 'framework',
  enablers: ['fastapi'],
  detect(project) {
    const fromCode = toAppFacts(SPEC, findAppCandidates(project, SPEC));
    const declared = declaredEntrypoint(project);
    if (declared === null) return fromCode;
    if (fromCode.length > 0) return [...fromCode, declared];
    return [
      {
        kind: 'framework',
        value: 'fastapi',
        interface: 'asgi',
        source: declared.source,
        why: `${declared.source.file}:${declared.source.line} declares a FastAPI entrypoint, and FastAPI apps are ASGI applications`,
      },
      declared,
    ];
  },
});

/** `[tool.fastapi] entrypoint = "pkg.main:app"`, which the `fastapi` CLI itself reads. */
function declaredEntrypoint(project: Project): Fact | null {
  const file = project.inApp('pyproject.toml');
  const tool = project.readToml(file)?.['tool'];
  const section = typeof tool === 'object' && tool !== null ? (tool as Record<string, unknown>)['fastapi'] : undefined;
  const entrypoint = typeof section === 'object' && section !== null ? (section as Record<string, unknown>)['entrypoint'] : undefined;
  if (typeof entrypoint !== 'string' || !entrypoint.includes(':')) return null;
  const module = entrypoint.slice(0, entrypoint.indexOf(':'));
  const found = findModuleFile(project, module, importRootsOf(project));
  const line = tomlKeyLine(project.read(file) ?? '', 'tool.fastapi', 'entrypoint');
  return {
    kind: 'app-target',
    value: entrypoint,
    workdir: found?.workdir ?? project.appRoot,
    framework: 'fastapi',
    interface: 'asgi',
    origin: 'declared',
    source: { file, line },
    why: `${file}:${line} sets [tool.fastapi] entrypoint to "${entrypoint}"`,
  };
}
