import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml, TomlError } from 'smol-toml';
import { UserError } from '../errors.ts';
import type { Fact, Source } from '../model/facts.ts';
import { parsePython, type PythonTree } from './python.ts';
import { ANALYSIS_LIMITS } from '../config/defaults.ts';

/**
 * A read-only view of the project on disk. Everything detectors learn about files goes
 * through here, so that bad input (binary files, unreadable files, huge files, symlink
 * loops) is handled once and reported as a problem fact instead of a crash.
 */
export interface Project {
  /** Absolute path of the analysed directory. */
  readonly dir: string;
  /** App root, POSIX-relative to `dir`; `.` for `dir` itself. */
  readonly appRoot: string;
  /** Every regular file under `dir`, POSIX-relative, sorted; vendored and generated trees skipped. */
  readonly files: readonly string[];
  /** The subset of `files` under the app root. */
  readonly appFiles: readonly string[];
  has(file: string): boolean;
  /** Text of a file, or null when it is missing, unreadable, binary or too large (a problem is recorded). */
  read(file: string): string | null;
  /** Parsed TOML, or null when missing; a syntax error is recorded as a problem and gives null. */
  readToml(file: string): Record<string, unknown> | null;
  /** Like `readToml` but a syntax error is a `UserError` (for files py2kube cannot do without, like the app's pyproject). */
  readTomlStrict(file: string): Record<string, unknown> | null;
  /** Parsed Python source, or null when the file cannot be read. */
  python(file: string): PythonTree | null;
  /** Path inside the app root, POSIX-relative to `dir`. */
  inApp(relative: string): string;
  /**
   * The app's `.py` files whose text contains at least one of `needles`. Parsing is the
   * expensive part of analysis, so detectors narrow by a cheap substring test first.
   */
  pythonFilesMentioning(needles: readonly string[]): string[];
  /** Problems met while reading (unreadable files, syntax errors); returned with the detectors' facts. */
  readonly problems: Fact[];
}

/** Directories that are never part of the app: VCS data, environments, caches, vendored packages. */
const SKIPPED_DIRS = new Set([
  '.git', '.hg', '.svn', '.venv', 'venv', '.env', 'env', 'node_modules', 'site-packages', '__pycache__',
  '.tox', '.nox', '.mypy_cache', '.pytest_cache', '.ruff_cache', '.cache', 'dist', 'build', '.eggs',
  '.idea', '.vscode', 'htmlcov', '.terraform', '.direnv', '.pixi',
]);

export function isSkippedDir(name: string): boolean {
  return SKIPPED_DIRS.has(name) || name.endsWith('.egg-info');
}

export function toPosix(p: string): string {
  return p.split(path.sep).join('/');
}

/** Join POSIX-relative paths, collapsing `.` parts. */
export function joinRel(...parts: string[]): string {
  const joined = path.posix.normalize(parts.filter((p) => p !== '' && p !== '.').join('/'));
  return joined === '' ? '.' : joined;
}

/** The directory part of a POSIX-relative path (`.` for top-level files). */
export function dirOf(file: string): string {
  const d = path.posix.dirname(file);
  return d === '' ? '.' : d;
}

export interface WalkResult {
  files: string[];
  problems: Fact[];
}

/**
 * Lists regular files under `dir`. Symlinked directories are not followed, which makes
 * symlink loops impossible; the walk stops at a file budget so a huge tree cannot hang it.
 */
export function walkFiles(dir: string): WalkResult {
  const files: string[] = [];
  const problems: Fact[] = [];
  const stack: Array<{ abs: string; rel: string; depth: number }> = [{ abs: dir, rel: '', depth: 0 }];
  let truncated = false;
  while (stack.length > 0) {
    const { abs, rel, depth } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(abs, { withFileTypes: true });
    } catch (error) {
      problems.push(unreadable(rel === '' ? '.' : rel, error));
      continue;
    }
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (entry.isDirectory()) {
        if (isSkippedDir(entry.name) || depth >= ANALYSIS_LIMITS.maxDepth) continue;
        stack.push({ abs: path.join(abs, entry.name), rel: childRel, depth: depth + 1 });
      } else if (entry.isFile()) {
        files.push(childRel);
      } else if (entry.isSymbolicLink()) {
        // A symlink to a file is read like a file; a symlink to a directory is not entered.
        try {
          if (fs.statSync(path.join(abs, entry.name)).isFile()) files.push(childRel);
        } catch {
          // Dangling or looping link: nothing to read.
        }
      }
      if (files.length >= ANALYSIS_LIMITS.maxFiles) {
        truncated = true;
        break;
      }
    }
    if (truncated) break;
  }
  if (truncated) {
    problems.push({
      kind: 'problem',
      level: 'warning',
      code: 'W_TREE_TRUNCATED',
      message: `Stopped listing files after ${ANALYSIS_LIMITS.maxFiles}; the rest of the tree was not analysed.`,
      configKey: 'app-root',
      source: { file: '.', line: 0 },
      why: 'the tree is larger than py2kube reads; point --app-root at the service folder',
    });
  }
  files.sort();
  return { files, problems };
}

function unreadable(file: string, error: unknown): Fact {
  const reason = error instanceof Error && 'code' in error ? String((error as NodeJS.ErrnoException).code) : String(error);
  return {
    kind: 'problem',
    level: 'warning',
    code: 'W_FILE_UNREADABLE',
    message: `Could not read "${file}" (${reason}); it was skipped. Check its permissions.`,
    source: { file, line: 0 },
    why: 'the file could not be read',
  };
}

/** TOML errors carry line and column; turn them into a `file:line:column` location. */
export function tomlErrorLocation(file: string, error: unknown): { location: string; line: number; detail: string } {
  if (error instanceof TomlError) {
    const detail = error.message.split('\n')[0] ?? error.message;
    return { location: `${file}:${error.line}:${error.column}`, line: error.line, detail };
  }
  return { location: file, line: 0, detail: String(error) };
}

export interface OpenProjectOptions {
  /** App root relative to `dir`; found automatically when absent. */
  appRoot?: string;
  /** Pre-listed files (tests and benchmarks); read from disk when absent. */
  files?: string[];
}

export function openProject(dir: string, appRoot: string, walked: WalkResult): Project {
  const absDir = path.resolve(dir);
  const fileSet = new Set(walked.files);
  const problems: Fact[] = [...walked.problems];
  const textCache = new Map<string, string | null>();
  const tomlCache = new Map<string, Record<string, unknown> | null>();
  const pythonCache = new Map<string, PythonTree | null>();
  const prefix = appRoot === '.' ? '' : `${appRoot}/`;
  const appFiles = prefix === '' ? walked.files : walked.files.filter((f) => f.startsWith(prefix));

  function read(file: string): string | null {
    if (textCache.has(file)) return textCache.get(file)!;
    let text: string | null = null;
    if (fileSet.has(file)) {
      try {
        const abs = path.join(absDir, file);
        const size = fs.statSync(abs).size;
        if (size > ANALYSIS_LIMITS.maxFileBytes) {
          problems.push({
            kind: 'problem', level: 'info', code: 'I_FILE_TOO_LARGE',
            message: `"${file}" is ${size} bytes, over the ${ANALYSIS_LIMITS.maxFileBytes}-byte limit for analysis; it was skipped.`,
            source: { file, line: 0 }, why: 'very large files are data, not configuration or source',
          });
        } else {
          const buffer = fs.readFileSync(abs);
          if (buffer.subarray(0, 8192).includes(0)) {
            problems.push({
              kind: 'problem', level: 'warning', code: 'W_BINARY_FILE',
              message: `"${file}" looks binary (it contains NUL bytes); it was skipped. Save it as UTF-8 text if it is configuration.`,
              source: { file, line: 0 }, why: 'a text file never contains NUL bytes',
            });
          } else {
            text = buffer.toString('utf8').replace(/^\uFEFF/, '');
          }
        }
      } catch (error) {
        problems.push(unreadable(file, error));
      }
    }
    textCache.set(file, text);
    return text;
  }

  function readTomlWith(file: string, strict: boolean): Record<string, unknown> | null {
    if (tomlCache.has(file)) return tomlCache.get(file)!;
    const text = read(file);
    let data: Record<string, unknown> | null = null;
    if (text !== null) {
      try {
        data = parseToml(text) as Record<string, unknown>;
      } catch (error) {
        const { location, line, detail } = tomlErrorLocation(file, error);
        if (strict) {
          throw new UserError(`${location}: "${file}" is not valid TOML: ${detail}`, {
            code: 'E_TOML_SYNTAX',
            location,
            hint: `Fix the TOML syntax at ${location} (check \`python -c "import tomllib,sys; tomllib.load(open(sys.argv[1],'rb'))" ${file}\`).`,
            cause: error,
          });
        }
        problems.push({
          kind: 'problem', level: 'warning', code: 'W_TOML_SYNTAX',
          message: `${location}: "${file}" is not valid TOML (${detail}); it was skipped.`,
          source: { file, line }, why: 'the file could not be parsed',
        });
      }
    }
    tomlCache.set(file, data);
    return data;
  }

  return {
    dir: absDir,
    appRoot,
    files: walked.files,
    appFiles,
    problems,
    has: (file) => fileSet.has(file),
    read,
    readToml: (file) => readTomlWith(file, false),
    readTomlStrict: (file) => {
      tomlCache.delete(file);
      return readTomlWith(file, true);
    },
    python(file) {
      if (pythonCache.has(file)) return pythonCache.get(file)!;
      const text = read(file);
      const tree = text === null ? null : parsePython(text);
      pythonCache.set(file, tree);
      return tree;
    },
    inApp: (relative) => joinRel(appRoot, relative),
    pythonFilesMentioning(needles) {
      return appFiles.filter((file) => {
        if (!file.endsWith('.py')) return false;
        const text = read(file);
        return text !== null && needles.some((needle) => text.includes(needle));
      });
    },
  };
}

export function sourceOf(file: string, line = 0): Source {
  return { file, line };
}
