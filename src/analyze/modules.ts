import { dirOf, joinRel, type Project } from './project.ts';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export interface ModuleLocation {
  /** Dotted module name, e.g. `pkg.main`. */
  module: string;
  /** Directory the module imports from (the server's working directory), POSIX-relative to the analysed dir. */
  workdir: string;
}

/**
 * The module name a server would import a file by, and the directory it must run from.
 * The import root is the app root, or `<app root>/src` for a src-layout project; within it,
 * a file's package path must be made of identifiers. Packages without `__init__.py` still
 * import (PEP 420 namespace packages), so they are accepted.
 */
export function moduleOf(project: Project, file: string): ModuleLocation | null {
  if (!file.endsWith('.py')) return null;
  const roots = importRoots(project, file);
  for (const root of roots) {
    const prefix = root === '.' ? '' : `${root}/`;
    if (!file.startsWith(prefix)) continue;
    const parts = file.slice(prefix.length, -'.py'.length).split('/');
    if (parts[parts.length - 1] === '__init__') parts.pop();
    if (parts.length === 0 || !parts.every((p) => IDENTIFIER.test(p))) continue;
    return { module: parts.join('.'), workdir: root };
  }
  return null;
}

/** Candidate import roots for a file, most specific first. */
function importRoots(project: Project, file: string): string[] {
  const app = project.appRoot;
  const src = joinRel(app, 'src');
  const roots: string[] = [];
  // src layout: `src/` holds packages but is not a package itself.
  if (file.startsWith(`${src}/`) && !project.has(`${src}/__init__.py`)) roots.push(src);
  // A directory that holds the project's manage.py is the root Django imports from.
  let dir = dirOf(file);
  while (dir !== '.' && (app === '.' || dir.startsWith(app))) {
    if (project.has(joinRel(dir, 'manage.py')) && !roots.includes(dir)) {
      roots.push(dir);
      break;
    }
    dir = dirOf(dir);
  }
  roots.push(app);
  return roots;
}
