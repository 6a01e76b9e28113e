// setuptools metadata in setup.cfg and setup.py: https://setuptools.pypa.io/en/latest/userguide/dependency_management.html
import type { DependencyGroup, Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import type { Project } from '../project.ts';
import { calleeOf, descendants, importsOf, keywordArgument, lineOf, stringValue, topLevelAssignments, type PyNode, type PythonTree } from '../python.ts';
import { toDependencyFact, toSyntaxProblem } from '../packaging/dependencies.ts';
import { parseRequirement } from '../packaging/pep508.ts';
import { projectName, readAppPyproject } from '../packaging/pyproject.ts';
import { cfgListEntries, parseSetupCfg, type CfgOption } from '../packaging/setup-cfg.ts';
import { getString } from '../packaging/toml-document.ts';

const SETUP_CALLEES = new Set(['setup', 'setuptools.setup', 'distutils.core.setup']);
const FIX = 'Write it as a PEP 508 requirement such as "flask>=3.0".';

interface Written {
  text: string;
  line: number;
}

function requirementFacts(file: string, entries: Written[], group: DependencyGroup, why: string, extra?: string): Fact[] {
  return entries.map((entry): Fact => {
    const source = { file, line: entry.line };
    const parsed = parseRequirement(entry.text);
    if (parsed.requirement === null) return toSyntaxProblem(source, entry.text, parsed.reason, FIX);
    return toDependencyFact(parsed.requirement, extra === undefined ? { group, source, why } : { group, extra, source, why });
  });
}

function pythonVersionFact(file: string, value: string, line: number): Fact {
  return {
    kind: 'python-version',
    value,
    origin: 'requires-python',
    source: { file, line },
    why: 'python_requires is the Python range setuptools lets the package install on',
  };
}

function dynamicProblem(file: string, line: number, key: string): Fact {
  return {
    kind: 'problem',
    level: 'info',
    code: 'I_SETUP_PY_DYNAMIC',
    message: `${file}:${line}: ${key} is computed when setup.py runs, and py2kube never runs it, so these dependencies were not read. Move them to setup.cfg or [project] in pyproject.toml.`,
    source: { file, line },
    why: 'only literal values in setup.py can be read without executing it',
  };
}

function setupCfgFacts(project: Project, file: string, withName: boolean): Fact[] {
  const text = project.read(file);
  if (text === null) return [];
  const cfg = parseSetupCfg(text);
  const facts: Fact[] = [];
  const name = cfg.get('metadata')?.get('name');
  if (withName && name !== undefined && name.lines[0] !== undefined) {
    facts.push({ kind: 'project-name', value: name.lines[0].text, source: { file, line: name.line }, why: 'setup.cfg [metadata] name is the distribution name' });
  }
  const options = cfg.get('options');
  const python = options?.get('python_requires');
  if (python?.lines[0] !== undefined) facts.push(pythonVersionFact(file, python.lines[0].text, python.line));
  const install = options?.get('install_requires');
  if (install !== undefined) facts.push(...cfgRequirements(file, install, 'runtime', 'setup.cfg install_requires are installed with the package'));
  for (const [extra, option] of cfg.get('options.extras_require') ?? []) {
    facts.push(...cfgRequirements(file, option, 'optional', `setup.cfg extras_require "${extra}" is installed only when that extra is requested`, extra));
  }
  return facts;
}

function cfgRequirements(file: string, option: CfgOption, group: DependencyGroup, why: string, extra?: string): Fact[] {
  const first = option.lines[0];
  if (first !== undefined && first.text.startsWith('file:')) {
    return [{
      kind: 'problem', level: 'info', code: 'I_SETUP_CFG_FILE',
      message: `${file}:${option.line}: the requirements are read from "${first.text.slice(5).trim()}"; they are counted where that file is analysed.`,
      source: { file, line: option.line },
      why: 'setuptools reads `file:` values from another file at build time',
    }];
  }
  return requirementFacts(file, cfgListEntries(option), group, why, extra);
}

/** Literal strings of a list, each with its line; null when the list is not a literal. */
function literalStrings(node: PyNode | null): Written[] | null {
  if (node === null || !['list', 'tuple'].includes(node.type)) return null;
  const out: Written[] = [];
  for (const child of node.namedChildren) {
    if (child === null || child.type === 'comment') continue;
    const value = stringValue(child);
    if (value === null) return null;
    out.push({ text: value, line: lineOf(child) });
  }
  return out;
}

/** Follows a bare name to the module-level literal it is assigned (a common setup.py style). */
function resolveName(tree: PythonTree, node: PyNode | null): PyNode | null {
  if (node?.type !== 'identifier') return node;
  const assigned = topLevelAssignments(tree).filter((a) => a.name === node.text);
  return assigned.length === 1 ? assigned[0]!.value : node;
}

function setupPyFacts(project: Project, file: string, withName: boolean): Fact[] {
  const tree = project.python(file);
  if (tree === null) return [];
  const imports = importsOf(tree);
  const call = descendants(tree.root, 'call').find((c) => SETUP_CALLEES.has(calleeOf(c, imports) ?? ''));
  if (call === undefined) return [];
  const facts: Fact[] = [];

  const name = stringValue(resolveName(tree, keywordArgument(call, 'name')));
  if (withName && name !== null) {
    facts.push({ kind: 'project-name', value: name, source: { file, line: lineOf(keywordArgument(call, 'name')!) }, why: 'the name passed to setup() is the distribution name' });
  }
  const pythonNode = keywordArgument(call, 'python_requires');
  const python = stringValue(resolveName(tree, pythonNode));
  if (python !== null) facts.push(pythonVersionFact(file, python, lineOf(pythonNode!)));

  const installNode = keywordArgument(call, 'install_requires');
  if (installNode !== null) {
    const entries = literalStrings(resolveName(tree, installNode));
    if (entries === null) facts.push(dynamicProblem(file, lineOf(installNode), 'install_requires'));
    else facts.push(...requirementFacts(file, entries, 'runtime', 'setup.py install_requires are installed with the package'));
  }

  const extrasNode = keywordArgument(call, 'extras_require');
  if (extrasNode !== null) {
    const dict = resolveName(tree, extrasNode);
    if (dict?.type !== 'dictionary') {
      facts.push(dynamicProblem(file, lineOf(extrasNode), 'extras_require'));
    } else {
      for (const pair of dict.namedChildren) {
        if (pair?.type !== 'pair') continue;
        const extra = stringValue(pair.childForFieldName('key'));
        const entries = literalStrings(resolveName(tree, pair.childForFieldName('value')));
        if (extra === null || entries === null) {
          facts.push(dynamicProblem(file, lineOf(pair), 'an extras_require entry'));
          continue;
        }
        facts.push(...requirementFacts(file, entries, 'optional', `setup.py extras_require "${extra}" is installed only when that extra is requested`, extra));
      }
    }
  }
  return facts;
}

export const setuptools = defineDetector({
  id: 'setuptools',
  kind: 'package-manager',
  detect(project) {
    const setupPy = project.inApp('setup.py');
    const setupCfg = project.inApp('setup.cfg');
    const pyproject = readAppPyproject(project);
    const backend = pyproject === null ? null : getString(pyproject.data, ['build-system', 'build-backend']);
    const usesBackend = backend !== null && backend.startsWith('setuptools');
    const hasPy = project.has(setupPy);
    const hasCfg = project.has(setupCfg);
    if (!hasPy && !hasCfg && !usesBackend) return [];

    const facts: Fact[] = [];
    const evidence = hasPy ? setupPy : hasCfg ? setupCfg : pyproject!.file;
    facts.push({
      kind: 'package-manager',
      value: 'setuptools',
      lockfile: null,
      installRoot: project.appRoot,
      source: { file: evidence, line: evidence === pyproject?.file ? pyproject.positions.lineOf(['build-system', 'build-backend']) : 0 },
      why: `${evidence} makes the app a setuptools package that \`pip install .\` installs`,
    });
    // pyproject's [project] name wins; setup.cfg and setup.py only name projects that have none there.
    const withName = pyproject === null || projectName(pyproject) === null;
    if (hasCfg) facts.push(...setupCfgFacts(project, setupCfg, withName));
    const namedByCfg = facts.some((f) => f.kind === 'project-name');
    if (hasPy) facts.push(...setupPyFacts(project, setupPy, withName && !namedByCfg));
    return facts;
  },
});
