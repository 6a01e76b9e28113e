// .dockerignore and <Dockerfile>.dockerignore: https://docs.docker.com/build/concepts/context/#dockerignore-files
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRule } from '../create-rule.ts';
import { instructionPath } from '../load/dockerfile.ts';

/** Paths that must never reach an image: history with every secret ever committed, and local env files. */
const SENSITIVE = ['.git', '.env'] as const;

export default createRule({
  id: 'require-dockerignore',
  meta: {
    description: 'Require a .dockerignore for the build context that leaves out .git and .env files, so they never reach the image.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'dockerfile',
    peers: [],
    messages: {
      missing:
        'No .dockerignore next to {{file}} or in a folder above it, so the whole folder is sent to the builder and `COPY . .` puts all of it in the image: .git (every secret ever committed), .env files, local venvs and caches. Add a .dockerignore that lists at least .git, **/.env, **/.venv and **/__pycache__.',
      notIgnored:
        '{{ignoreFile}} does not leave out {{paths}}, so `COPY . .` copies {{them}} into the image. Add {{lines}} to it.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      dockerfile(dockerfile) {
        const file = dockerfile.source.absolutePath;
        const first = dockerfile.instructions.find((i) => i.keyword === 'FROM') ?? dockerfile.instructions[0];
        if (dockerfile.source.origin !== 'file' || file === undefined || first === undefined) return;
        const ignoreFile = findIgnoreFile(file);
        const at = instructionPath(first);
        if (ignoreFile === null) {
          context.report({ path: at, messageId: 'missing', data: { file: dockerfile.source.path } });
          return;
        }
        let text: string;
        try {
          text = fs.readFileSync(ignoreFile, 'utf8');
        } catch {
          return;
        }
        const patterns = parseDockerignore(text);
        const missing = SENSITIVE.filter((p) => !isIgnored(patterns, p));
        if (missing.length === 0) return;
        context.report({
          path: at,
          messageId: 'notIgnored',
          data: {
            ignoreFile: path.relative(path.dirname(file), ignoreFile) || path.basename(ignoreFile),
            paths: missing.join(' and '),
            them: missing.length === 1 ? 'it' : 'them',
            lines: missing.map((p) => (p === '.git' ? '.git' : '**/.env and **/.env.*')).join(' and '),
          },
        });
      },
    };
  },
});

/**
 * `<Dockerfile>.dockerignore` beside the Dockerfile wins; otherwise the build context's
 * `.dockerignore`. The context is not known here, so the Dockerfile's folder and the folders
 * above it are tried, up to the repository root (the folder with `.git`).
 */
function findIgnoreFile(dockerfile: string): string | null {
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

interface IgnorePattern {
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
