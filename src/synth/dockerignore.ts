import * as path from 'node:path';
import type { AppModel } from '../model/app.ts';
import type { Layout } from './bundle.ts';

/**
 * The `.dockerignore` for the build context (the install root). It keeps out what is never
 * needed in the image, what would make `COPY . .` miss the layer cache on every run, and what
 * must never be baked into an image (local `.env` files with secrets). It never excludes the
 * lockfile, pyproject.toml, README files (build backends read them) or the runtime helpers.
 */
export function synthesizeDockerignore(model: AppModel, layout: Layout): string {
  const appInContext = path.posix.relative(model.installRoot === '.' ? '' : model.installRoot, model.appRoot === '.' ? '' : model.appRoot);
  const inApp = (p: string): string => (appInContext === '' ? p : `${appInContext}/${p}`);
  const outDir = inApp(layout.outDir);
  const runtimeDir = inApp(layout.runtimeDir);
  const keepRuntime = runtimeDir.startsWith(`${outDir}/`);
  return [
    '# Build context filter for the Dockerfile py2kube generates; paths are relative to the build context.',
    '',
    '# Version control and editors',
    '.git',
    '.hg',
    '.svn',
    '.idea',
    '.vscode',
    '**/.DS_Store',
    '',
    '# Local virtual environments: the image builds its own venv from the lockfile',
    '**/.venv',
    '**/venv',
    '',
    '# Caches and build leftovers (bytecode is compiled in the image)',
    '**/__pycache__',
    '**/*.py[cod]',
    '**/.mypy_cache',
    '**/.pytest_cache',
    '**/.ruff_cache',
    '**/.hypothesis',
    '**/.tox',
    '**/.nox',
    '**/.coverage',
    '**/htmlcov',
    '**/node_modules',
    '',
    '# Secrets never go into an image: the pods get them from Kubernetes Secrets',
    '**/.env',
    '**/.env.*',
    '',
    '# Deployment files: the image needs only the generated runtime helpers',
    '.github',
    '**/Dockerfile*',
    '**/.dockerignore',
    `${outDir}/**`,
    ...(keepRuntime ? [`!${runtimeDir}`, `!${runtimeDir}/**`] : []),
    '',
  ].join('\n');
}
