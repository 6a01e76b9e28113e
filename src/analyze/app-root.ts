import { parse as parseToml } from 'smol-toml';
import type { Diagnostic, Evidence } from '../model/app.ts';
import { dirOf } from './project.ts';

/**
 * Finds the folder that holds the deployable app: the repo root for a single-service repo,
 * or a subfolder (`backend/`, `services/api/`, a uv workspace member) in a monorepo.
 * Folders of examples, docs and tests never count, so a library that ships an example app
 * is not mistaken for that app.
 */

const MANIFESTS = ['pyproject.toml', 'setup.py', 'setup.cfg', 'requirements.txt', 'requirements.in', 'Pipfile', 'manage.py'];
const NOT_THE_APP = new Set([
  'examples', 'example', 'docs', 'doc', 'tests', 'test', 'testing', 'samples', 'sample', 'demo', 'demos',
  'benchmarks', 'bench', 'scripts', 'tools', 'fixtures', 'testdata', 'test_data', 'vendor', 'third_party',
  'contrib', 'cookbook', 'tutorial', 'tutorials', '.github', 'notebooks',
]);
const PREFERRED_NAMES = ['backend', 'api', 'server', 'service', 'app', 'web', 'src'];
/** Distributions whose presence says "this folder is a deployable service". */
const SERVICE_PACKAGES = /(^|[^a-z0-9_-])(fastapi|starlette|litestar|django|flask|celery|gunicorn|uvicorn|granian|hypercorn|daphne|waitress|rq|dramatiq|arq|saq)([^a-z0-9_-]|$)/im;

/** Whether a folder's files include anything Python: source or a packaging file. */
export function looksLikePython(files: readonly string[]): boolean {
  return files.some((f) => f.endsWith('.py') || MANIFESTS.includes(f.slice(f.lastIndexOf('/') + 1)));
}

export interface AppRootResult {
  appRoot: string;
  evidence: Evidence[];
  diagnostics: Diagnostic[];
}

interface Candidate {
  dir: string;
  score: number;
  reasons: string[];
}

export function findAppRoot(files: readonly string[], read: (file: string) => string | null): AppRootResult {
  const manifestDirs = new Map<string, string[]>();
  for (const file of files) {
    const name = file.slice(file.lastIndexOf('/') + 1);
    if (!MANIFESTS.includes(name)) continue;
    const dir = dirOf(file);
    if (dir.split('/').some((part) => NOT_THE_APP.has(part.toLowerCase()))) continue;
    manifestDirs.set(dir, [...(manifestDirs.get(dir) ?? []), name]);
  }

  const rootManifests = manifestDirs.get('.') ?? [];
  const rootPyproject = rootManifests.includes('pyproject.toml') ? safeToml(read('pyproject.toml')) : null;
  const workspaceMembers = workspaceMemberGlobs(rootPyproject);
  const rootIsProject = rootManifests.some((m) => m !== 'pyproject.toml') || hasProjectTable(rootPyproject);

  const rootIsService = SERVICE_PACKAGES.test(JSON.stringify((rootPyproject?.['project'] as Record<string, unknown> | undefined)?.['dependencies'] ?? []));
  if (rootIsProject && (workspaceMembers.length === 0 || rootIsService)) {
    return {
      appRoot: '.',
      evidence: [{ at: rootManifests[0] ?? '.', source: { file: rootManifests[0] ?? '.', line: 0 }, why: `the analysed folder itself holds ${rootManifests.join(', ')}` }],
      diagnostics: [],
    };
  }

  const candidates: Candidate[] = [];
  for (const [dir, manifests] of manifestDirs) {
    if (dir === '.') continue;
    candidates.push(scoreCandidate(dir, manifests, read, workspaceMembers));
  }
  if (candidates.length === 0) {
    const diagnostics: Diagnostic[] = [];
    if (rootManifests.length > 0) {
      // A pyproject with only tool settings (ruff, black) and nothing else: still the best guess.
    } else if (files.length === 0) {
      diagnostics.push({ level: 'error', code: 'E_EMPTY_PROJECT', message: 'The folder is empty: there is no Python project to analyse. Run py2kube in the folder that holds pyproject.toml or requirements.txt.', configKey: 'app-root' });
    } else if (!files.some((f) => f.endsWith('.py'))) {
      diagnostics.push({ level: 'error', code: 'E_NOT_PYTHON', message: 'No Python files and no Python packaging files (pyproject.toml, requirements.txt, setup.py, Pipfile) were found. Run py2kube in the folder that holds the Python service, or pass --app-root.', configKey: 'app-root' });
    } else {
      diagnostics.push({ level: 'warning', code: 'W_NO_MANIFEST', message: 'No packaging file (pyproject.toml, requirements.txt, setup.py, Pipfile) was found; dependencies are unknown. Add one so the image can install the app reproducibly.' });
    }
    return { appRoot: '.', evidence: [{ at: 'default', source: null, why: 'no subfolder holds a Python project, so the analysed folder is used' }], diagnostics };
  }

  candidates.sort((a, b) => b.score - a.score || a.dir.split('/').length - b.dir.split('/').length || a.dir.localeCompare(b.dir));
  const best = candidates[0]!;
  const diagnostics: Diagnostic[] = [];
  // Two folders that both declare a service are two apps, whatever their names score.
  const rivals = candidates.filter((c) => c !== best && (c.score === best.score || (best.score >= 10 && c.score >= 10)));
  if (rivals.length > 0) {
    diagnostics.push({
      level: 'warning',
      code: 'W_AMBIGUOUS_APP_ROOT',
      message: `Several folders look like the app: ${[best, ...rivals].map((c) => `"${c.dir}"`).join(', ')}; "${best.dir}" was chosen. Pass --app-root to pick another.`,
      configKey: 'app-root',
    });
  }
  return {
    appRoot: best.dir,
    evidence: [{ at: best.dir, source: { file: best.dir, line: 0 }, why: best.reasons.join('; ') }],
    diagnostics,
  };
}

function scoreCandidate(dir: string, manifests: string[], read: (file: string) => string | null, workspaceMembers: string[]): Candidate {
  const reasons: string[] = [`"${dir}" holds ${manifests.join(', ')}`];
  let score = 0;
  const text = manifests
    .filter((m) => m !== 'manage.py' && m !== 'setup.py')
    .map((m) => read(`${dir}/${m}`) ?? '')
    .join('\n');
  if (SERVICE_PACKAGES.test(text)) {
    score += 10;
    reasons.push('it declares a web framework, server or worker');
  }
  if (manifests.includes('manage.py')) {
    score += 5;
    reasons.push('it has a Django manage.py');
  }
  if (workspaceMembers.some((glob) => matchesMemberGlob(dir, glob))) {
    score += 2;
    reasons.push('it is a member of the uv workspace at the root');
  }
  const base = dir.slice(dir.lastIndexOf('/') + 1).toLowerCase();
  const preferred = PREFERRED_NAMES.indexOf(base);
  if (preferred >= 0) {
    score += 3 - preferred * 0.1;
    reasons.push(`"${base}" is a usual name for a service folder`);
  }
  return { dir, score, reasons };
}

function safeToml(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    return parseToml(text) as Record<string, unknown>;
  } catch {
    return null;
  }
}

function hasProjectTable(pyproject: Record<string, unknown> | null): boolean {
  if (pyproject === null) return false;
  const tool = pyproject['tool'] as Record<string, unknown> | undefined;
  return pyproject['project'] !== undefined || tool?.['poetry'] !== undefined;
}

function workspaceMemberGlobs(pyproject: Record<string, unknown> | null): string[] {
  const tool = pyproject?.['tool'] as Record<string, unknown> | undefined;
  const uv = tool?.['uv'] as Record<string, unknown> | undefined;
  const workspace = uv?.['workspace'] as Record<string, unknown> | undefined;
  const members = workspace?.['members'];
  return Array.isArray(members) ? members.filter((m): m is string => typeof m === 'string') : [];
}

function matchesMemberGlob(dir: string, glob: string): boolean {
  const pattern = new RegExp(`^${glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
  return pattern.test(dir);
}
