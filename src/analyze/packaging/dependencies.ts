// Dependency facts from PEP 508 strings: https://packaging.python.org/en/latest/specifications/dependency-specifiers/
import type { DependencyGroup, Fact, FactOf, Source } from '../../model/facts.ts';
import { parseRequirement, type Requirement } from './pep508.ts';
import { getPath, type TomlDocument } from './toml-document.ts';
import type { TomlPath } from './toml-positions.ts';

export interface DependencyPlacement {
  group: DependencyGroup;
  /** The extra or dependency group holding it; omitted for plain runtime dependencies. */
  extra?: string;
  source: Source;
  why: string;
}

/** Builds a dependency fact, leaving out the optional fields that have no value. */
export function toDependencyFact(requirement: Requirement, placement: DependencyPlacement): FactOf<'dependency'> {
  const fact: FactOf<'dependency'> = {
    kind: 'dependency',
    name: requirement.name,
    specifier: requirement.specifier,
    group: placement.group,
    source: placement.source,
    why: placement.why,
  };
  if (placement.extra !== undefined) fact.extra = placement.extra;
  if (requirement.extras.length > 0) fact.extras = requirement.extras;
  if (requirement.marker !== null) fact.marker = requirement.marker;
  return fact;
}

export function toSyntaxProblem(source: Source, text: string, reason: string, fix: string, code = 'W_DEPENDENCY_SYNTAX'): FactOf<'problem'> {
  return {
    kind: 'problem',
    level: 'warning',
    code,
    message: `${source.file}:${source.line}: "${text}" is not a valid requirement: ${reason}. ${fix}`,
    source,
    why: 'a requirement py2kube cannot parse would also fail to install',
  };
}

/** Where a list of PEP 508 strings sits in a TOML file, and what it means. */
export interface RequirementList {
  path: TomlPath;
  group: DependencyGroup;
  extra?: string;
  /** Why this list holds dependencies of this group, e.g. "[project] dependencies are installed with the app". */
  why: string;
}

/**
 * One dependency fact per PEP 508 string in a TOML array, each at the line where it is
 * written; entries that are not strings are left to the caller (PEP 735 includes, for one).
 */
export function requirementListFacts(doc: TomlDocument, list: RequirementList): Fact[] {
  const found = getPath(doc.data, list.path);
  const value = Array.isArray(found) ? found : [];
  const facts: Fact[] = [];
  value.forEach((item, index) => {
    if (typeof item !== 'string') return;
    const source = { file: doc.file, line: doc.positions.lineOf([...list.path, index]) };
    // PDM writes local and editable dependencies with pip's `-e` prefix.
    const text = item.replace(/^-e\s+/, '');
    const parsed = parseRequirement(text);
    if (parsed.requirement === null) {
      if (/^(file:|\.{0,2}\/|git\+)/.test(text)) return;
      facts.push(toSyntaxProblem(source, item, parsed.reason, 'Write it as a PEP 508 requirement such as "flask>=3.0".'));
      return;
    }
    const placement: DependencyPlacement = { group: list.group, source, why: list.why };
    if (list.extra !== undefined) placement.extra = list.extra;
    facts.push(toDependencyFact(parsed.requirement, placement));
  });
  return facts;
}
