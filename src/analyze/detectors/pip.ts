// pip requirements files and pip-tools: https://pip.pypa.io/en/stable/reference/requirements-file-format/ and https://pip-tools.readthedocs.io/
import type { DependencyGroup, Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { dirOf, joinRel, type Project } from '../project.ts';
import { toDependencyFact, toSyntaxProblem } from '../packaging/dependencies.ts';
import { parseRequirementsFile, type RequirementsEntry } from '../packaging/requirements.ts';

type Role = 'runtime' | 'dev';

interface Root {
  /** The file dependencies are read from: the `.in` source when pip-tools compiles one. */
  file: string;
  role: Role;
  /** The compiled, fully pinned `.txt`, when pip-tools made it. */
  compiled: string | null;
  /** Line of the pip-compile header in `compiled` (0 when only a sibling `.in` shows it was compiled). */
  compiledLine: number;
}

/** Name parts that mark a runtime requirements file, most canonical first. */
const RUNTIME_PARTS = ['prod', 'production', 'main', 'base', 'common', 'runtime', 'app', 'deploy'];
const DEV_PARTS = new Set(['dev', 'develop', 'development', 'test', 'tests', 'testing', 'lint', 'linting', 'docs', 'doc', 'ci', 'local', 'typing']);
const REQUIREMENTS_NAME = /^(?:.*[-_])?requirements(?:[-_.].*)?\.(?:txt|in)$/i;

function roleOf(stem: string): Role | null {
  const parts = stem.toLowerCase().split(/[-_.]+/).filter((p) => p !== '' && p !== 'requirements');
  if (parts.some((p) => DEV_PARTS.has(p))) return 'dev';
  if (parts.every((p) => RUNTIME_PARTS.includes(p))) return 'runtime';
  return null;
}

/** `requirements.txt` first, then prod files (which usually include base), then the rest by name. */
function rank(root: Root): number {
  const stem = root.file.split('/').pop()!.replace(/\.(txt|in)$/, '').toLowerCase();
  if (stem === 'requirements') return -1;
  const index = RUNTIME_PARTS.findIndex((p) => stem.split(/[-_.]+/).includes(p));
  return index < 0 ? RUNTIME_PARTS.length : index;
}

/** The requirements files at the app root and in its `requirements/` folder, with their role. */
function requirementRoots(project: Project): Root[] {
  const roots: Root[] = [];
  const appPrefix = project.appRoot === '.' ? '' : `${project.appRoot}/`;
  for (const file of project.appFiles) {
    const relative = file.slice(appPrefix.length);
    const inFolder = relative.startsWith('requirements/') && relative.split('/').length === 2 && /\.(txt|in)$/.test(relative);
    if (!inFolder && !(relative.split('/').length === 1 && REQUIREMENTS_NAME.test(relative))) continue;
    const stem = relative.split('/').pop()!.replace(/\.(txt|in)$/, '');
    const role = roleOf(stem);
    if (role === null) continue;
    if (file.endsWith('.in')) {
      const compiled = file.replace(/\.in$/, '.txt');
      const hasCompiled = project.has(compiled);
      const header = hasCompiled ? parseRequirementsFile(project.read(compiled) ?? '').compiledHeaderLine : 0;
      roots.push({ file, role, compiled: hasCompiled ? compiled : null, compiledLine: header });
    } else if (!project.has(file.replace(/\.txt$/, '.in'))) {
      const header = parseRequirementsFile(project.read(file) ?? '').compiledHeaderLine;
      roots.push({ file, role, compiled: header > 0 ? file : null, compiledLine: header });
    }
  }
  return roots.sort((a, b) => (a.role === b.role ? rank(a) - rank(b) || a.file.localeCompare(b.file) : a.role === 'runtime' ? -1 : 1));
}

interface Found {
  file: string;
  entry: Extract<RequirementsEntry, { kind: 'requirement' }>;
  role: Role;
}

interface Walk {
  project: Project;
  visited: Set<string>;
  found: Found[];
  constraints: Map<string, { specifier: string; file: string; line: number }>;
  problems: Fact[];
}

function problem(code: string, level: 'warning' | 'info', file: string, line: number, message: string, why: string): Fact {
  return { kind: 'problem', level, code, message: `${file}:${line}: ${message}`, source: { file, line }, why };
}

/** Follows `-r` and `-c` from `file`; `chain` is the include path so far, to report cycles pip would loop on. */
function walk(state: Walk, file: string, role: Role | 'constraint', chain: readonly string[]): void {
  if (state.visited.has(file)) return;
  state.visited.add(file);
  const text = state.project.read(file);
  if (text === null) return;
  const parsed = parseRequirementsFile(text);
  for (const error of parsed.errors) {
    state.problems.push(toSyntaxProblem(
      { file, line: error.line }, error.text, error.reason,
      'Fix the line or remove it; pip stops at the first line it cannot read.', 'W_REQUIREMENTS_SYNTAX',
    ));
  }
  for (const entry of parsed.entries) {
    if (entry.kind === 'requirement') {
      if (role === 'constraint') {
        const name = entry.requirement.name;
        if (!state.constraints.has(name)) state.constraints.set(name, { specifier: entry.requirement.specifier, file, line: entry.line });
      } else {
        state.found.push({ file, entry, role });
      }
    } else if (entry.kind === 'unnamed') {
      // Local paths (`-e .`) are the project itself or a sibling folder, not a published dependency.
      if (entry.isUrl && role !== 'constraint') {
        state.problems.push(problem('I_REQUIREMENT_UNNAMED', 'info', file, entry.line,
          `"${entry.text}" does not say which distribution it installs, so it was not counted as a dependency. Add "#egg=<name>" or write it as "<name> @ <url>".`,
          'the distribution name of a bare URL is only known after downloading it'));
      }
    } else if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(entry.path)) {
      state.problems.push(problem('I_REQUIREMENTS_REMOTE', 'info', file, entry.line,
        `"${entry.path}" is a remote requirements file; py2kube does not download it, so its requirements were not counted.`,
        'analysis reads only files in the project'));
    } else {
      const target = joinRel(dirOf(file), entry.path);
      const flag = entry.kind === 'include' ? '-r' : '-c';
      if (chain.includes(target) || target === file) {
        state.problems.push(problem('W_REQUIREMENTS_CYCLE', 'warning', file, entry.line,
          `"${flag} ${entry.path}" includes a file that already includes this one (${[...chain, file, target].join(' → ')}). Remove one of the includes; pip would recurse until it fails.`,
          'pip follows includes without checking for cycles'));
      } else if (!state.project.has(target)) {
        state.problems.push(problem('W_REQUIREMENTS_INCLUDE', 'warning', file, entry.line,
          `"${flag} ${entry.path}" names "${target}", which does not exist. Fix the path (it is relative to ${file}) or remove the line.`,
          'pip fails when an included requirements file is missing'));
      } else {
        walk(state, target, entry.kind === 'constraint' ? 'constraint' : role, [...chain, file]);
      }
    }
  }
}

function dependencyFacts(state: Walk): Fact[] {
  return state.found.flatMap(({ file, entry, role }): Fact[] => {
    const requirement = { ...entry.requirement };
    const group: DependencyGroup = role;
    const source = { file, line: entry.line };
    let why = role === 'runtime'
      ? `${file} is a runtime requirements file`
      : `${file} is a development requirements file, by its name`;
    const pinned = state.constraints.get(requirement.name);
    if (requirement.specifier === '' && requirement.url === null && pinned !== undefined && pinned.specifier !== '') {
      requirement.specifier = pinned.specifier;
      why += `; the version comes from the constraint at ${pinned.file}:${pinned.line}`;
    }
    return [toDependencyFact(requirement, { group, source, why })];
  });
}

/** `==1.2.3` (not `==1.*`), `===x`, or a direct URL reference; a constraint pin counts too. */
function isExactPin(specifier: string, url: string | null, constraint: string | undefined): boolean {
  if (url !== null) return true;
  const exact = (s: string | undefined): boolean => s !== undefined && /^(===?)[^,*]+$/.test(s);
  return exact(specifier) || exact(constraint);
}

export const pip = defineDetector({
  id: 'pip',
  kind: 'package-manager',
  detect(project) {
    const roots = requirementRoots(project);
    if (roots.length === 0) return [];
    const state: Walk = { project, visited: new Set(), found: [], constraints: new Map(), problems: [] };
    // Runtime files first, so a dev file that includes requirements.txt does not make its entries dev-only.
    for (const root of roots) walk(state, root.file, root.role, []);

    const facts: Fact[] = [];
    const runtime = roots.filter((r) => r.role === 'runtime');
    const compiled = runtime.find((r) => r.compiled !== null);
    if (compiled !== undefined) {
      facts.push({
        kind: 'package-manager',
        value: 'pip-tools',
        lockfile: compiled.compiled,
        installRoot: project.appRoot,
        source: { file: compiled.compiled!, line: compiled.compiledLine },
        why: compiled.compiledLine > 0
          ? `${compiled.compiled} says it was generated by pip-compile, so it is a fully pinned lockfile`
          : `${compiled.compiled} is compiled from ${compiled.file}, the pip-tools layout`,
      });
    } else if (runtime.length > 0) {
      // A requirements file that pins every runtime requirement exactly is a lockfile in all but name.
      const runtimeEntries = state.found.filter((f) => f.role === 'runtime');
      const allPinned = runtimeEntries.length > 0 && runtimeEntries.every((f) => isExactPin(f.entry.requirement.specifier, f.entry.requirement.url, state.constraints.get(f.entry.requirement.name)?.specifier));
      facts.push({
        kind: 'package-manager',
        value: 'pip',
        lockfile: allPinned ? runtime[0]!.file : null,
        installRoot: project.appRoot,
        source: { file: runtime[0]!.file, line: 0 },
        why: allPinned
          ? `${runtime[0]!.file} is a pip requirements file that pins every runtime requirement with ==, so it works as a lockfile`
          : `${runtime[0]!.file} is a pip requirements file`,
      });
    }
    return [...facts, ...dependencyFacts(state), ...state.problems];
  },
});
