// Nested -r/-c paths are relative to the file that names them: https://pip.pypa.io/en/stable/reference/requirements-file-format/
import * as path from 'node:path';
import { parseRequirementsFile, type RequirementsEntry } from '../analyze/packaging/requirements.ts';

/** What a `pip install -r <root>` reads from the build context. */
export interface RequirementsFiles {
  /** The root file, then every file it includes (-r) or constrains with (-c), recursively, each once, in the order pip reads them. */
  files: string[];
  /** Requirements that install from a path in the build context (`-e .`, `./libs/x`, `file:` URLs): they need the source first. */
  local: string[];
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:\/\//;

/** Whether a requirement installs from the build context rather than an index or a remote URL. */
function installsLocalPath(entry: RequirementsEntry): boolean {
  if (entry.kind === 'unnamed') return !entry.isUrl;
  if (entry.kind !== 'requirement' || entry.requirement.url === null) return false;
  return !SCHEME.test(entry.requirement.url) || entry.requirement.url.startsWith('file:');
}

/**
 * The files `pip install -r root` opens, paths relative to the build context. `read` takes
 * such a path and gives null for a missing file; missing, remote and out-of-context includes
 * are left out, since no COPY can bring them in (pip reports them when it runs).
 */
export function requirementsFiles(root: string, read: (file: string) => string | null): RequirementsFiles {
  const files: string[] = [];
  const local: string[] = [];
  const visit = (file: string): void => {
    if (files.includes(file)) return;
    const text = read(file);
    if (text === null) return;
    files.push(file);
    for (const entry of parseRequirementsFile(text).entries) {
      if (installsLocalPath(entry)) local.push(`${file}:${entry.line}`);
      if (entry.kind !== 'include' && entry.kind !== 'constraint') continue;
      if (SCHEME.test(entry.path) || path.posix.isAbsolute(entry.path)) continue;
      const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), entry.path));
      if (!target.startsWith('../')) visit(target);
    }
  };
  visit(path.posix.normalize(root));
  return { files, local };
}
