// .dockerignore and <Dockerfile>.dockerignore: https://docs.docker.com/build/concepts/context/#dockerignore-files
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRule } from '../create-rule.ts';
import { findIgnoreFile, isIgnored, parseDockerignore } from '../dockerignore.ts';
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
