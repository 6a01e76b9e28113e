// .dockerignore and <Dockerfile>.dockerignore: https://docs.docker.com/build/concepts/context/#dockerignore-files
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * `<Dockerfile>.dockerignore` beside the Dockerfile wins; otherwise the build context's
 * `.dockerignore`. The context is not known here, so the Dockerfile's folder and the folders
 * above it are tried, up to the repository root (the folder with `.git`).
 */
export function findIgnoreFile(dockerfile: string): string | null {
  const own = `${dockerfile}.dockerignore`;
  if (fs.existsSync(own)) return own;
  let dir = path.dirname(dockerfile);
  for (;;) {
    const candidate = path.join(dir, '.dockerignore');
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir || fs.existsSync(path.join(dir, '.git'))) return null;
    dir = parent;
  }
}

export interface IgnorePattern {
  regex: RegExp;
  exclusion: boolean;
}

/** Lines of a .dockerignore as Go `filepath.Match` patterns with `**`; `!` re-includes. */
export function parseDockerignore(text: string): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  for (const raw of text.split(/\r?\n/)) {
    let line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const exclusion = line.startsWith('!');
    if (exclusion) line = line.slice(1).trim();
    line = path.posix.normalize(line).replace(/^\/+/, '').replace(/\/+$/, '');
    if (line === '' || line === '.') continue;
    out.push({ regex: toRegExp(line), exclusion });
  }
  return out;
}

function toRegExp(pattern: string): RegExp {
  let out = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const c = pattern[i]!;
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of folders, including none.
      if (pattern[i + 2] === '/') {
        out += '(?:.*/)?';
        i += 2;
      } else {
        out += '.*';
        i += 1;
      }
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        out += `[${pattern.slice(i + 1, end).replace(/^\^/, '^').replace(/^!/, '^')}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < pattern.length) {
      out += `\\${pattern[i + 1]}`;
      i += 1;
    } else out += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  // A pattern that matches a folder also leaves out everything inside it.
  return new RegExp(`^${out}(?:/.*)?$`);
}

/** Whether the context path is left out: the last matching line decides. */
export function isIgnored(patterns: readonly IgnorePattern[], file: string): boolean {
  let ignored = false;
  for (const p of patterns) if (p.regex.test(file)) ignored = !p.exclusion;
  return ignored;
}
