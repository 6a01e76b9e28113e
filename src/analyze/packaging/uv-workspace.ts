// uv workspaces and where uv.lock lives: https://docs.astral.sh/uv/concepts/projects/workspaces/
import { dirOf, joinRel, type Project } from '../project.ts';
import { getPath, readTomlDocument, type TomlDocument } from './toml-document.ts';

export interface UvLocation {
  /** Directory `uv sync` runs in: the app root, or the workspace root above it. */
  installRoot: string;
  /** `uv.lock` in the install root, or null when the project has not been locked. */
  lockfile: string | null;
  /** The workspace root's pyproject when the app is a member of a workspace above it. */
  workspace: TomlDocument | null;
}

/** Directories from the app root up to the analysed directory, nearest first. */
export function ancestorsOf(appRoot: string): string[] {
  const out = [appRoot];
  let dir = appRoot;
  while (dir !== '.') {
    dir = dirOf(dir);
    out.push(dir);
  }
  return out;
}

/** Relative path of `dir` below `root`, both POSIX-relative to the analysed directory. */
function relativeTo(root: string, dir: string): string {
  return root === '.' ? dir : dir.slice(root.length + 1);
}

/** uv's member globs: `*` and `?` stay within one path segment, `**` crosses them. */
function globToRegExp(glob: string): RegExp {
  const cleaned = glob.replace(/^\.\//, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < cleaned.length; i += 1) {
    const ch = cleaned[i]!;
    if (ch === '*' && cleaned[i + 1] === '*') {
      source += '.*';
      i += 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else source += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}

function matchesAny(globs: unknown, path: string): boolean {
  return Array.isArray(globs) && globs.some((g) => typeof g === 'string' && globToRegExp(g).test(path));
}

/**
 * Where uv installs the app from. A `uv.lock` beside the app's pyproject makes the app its
 * own root; otherwise the nearest directory above whose `[tool.uv.workspace]` lists the app
 * as a member (and does not exclude it) is the root, as `uv sync` itself finds it.
 */
export function locateUv(project: Project): UvLocation | null {
  const appRoot = project.appRoot;
  const own = joinRel(appRoot, 'uv.lock');
  if (project.has(own)) return { installRoot: appRoot, lockfile: own, workspace: null };
  for (const dir of ancestorsOf(appRoot).slice(1)) {
    const pyproject = joinRel(dir, 'pyproject.toml');
    if (!project.has(pyproject)) continue;
    const doc = readTomlDocument(project, pyproject);
    if (doc === null) continue;
    const member = relativeTo(dir, appRoot);
    const workspace = getPath(doc.data, ['tool', 'uv', 'workspace']);
    if (!matchesAny(getPath(workspace, ['members']), member) || matchesAny(getPath(workspace, ['exclude']), member)) continue;
    const lockfile = joinRel(dir, 'uv.lock');
    return { installRoot: dir, lockfile: project.has(lockfile) ? lockfile : null, workspace: doc };
  }
  return null;
}
