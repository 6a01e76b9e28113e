import { UserError } from '../errors.ts';
import type { AppModel } from '../model/app.ts';
import type { DockerfileSource } from './load/dockerfile.ts';
import { formatPath, positionOf, type Locator, type Manifest, type Position, type SourceFile } from './load/manifest.ts';
import type { LoadProblem } from './load/yaml.ts';
import { presetSeverity, type PresetName } from './presets.ts';
import validSuppression from './rules/require-valid-suppression.ts';
import validYaml from './rules/require-valid-yaml.ts';
import { rules as registeredRules } from './rules/index.ts';
import { closest } from './similar.ts';
import {
  annotationSuppressions,
  configIgnoreMatches,
  dockerfileCommentSuppressions,
  locatorCommentSuppressions,
  yamlCommentSuppressions,
  type CommentSuppression,
  type ConfigIgnore,
  type ParsedSuppression,
} from './suppress.ts';
import type { AnyRule, Finding, FindingObject, FixEdit, ManifestEditor, Path, Report, RuleContext, Severity, SeveritySetting, SuppressedFinding, Visitor } from './types.ts';
import { toWorkload, type Workload } from './workload.ts';

export interface RuleSetting {
  severity?: SeveritySetting;
  options?: Record<string, unknown>;
}

export interface LintOptions {
  /** The rules to run; defaults to every registered rule. */
  rules: readonly AnyRule[];
  /** Severity baseline; defaults to `recommended`. */
  preset?: PresetName;
  /** Per-rule severity (`"off"` turns a rule off) and options, over the preset. */
  settings?: Record<string, SeveritySetting | RuleSetting>;
  /** Config-file ignores for objects the user cannot annotate (third-party charts). */
  ignores?: readonly ConfigIgnore[];
  /** Refuse suppressions of rules marked `suppressible: false`. */
  strict?: boolean;
  /** Target Kubernetes minor (`"1.34"`). */
  kubeVersion: string;
  project?: AppModel;
}

export interface LintInput {
  manifests: readonly Manifest[];
  dockerfiles: readonly DockerfileSource[];
  problems?: readonly LoadProblem[];
  notes?: readonly string[];
  sources?: readonly SourceFile[];
}

/** A finding's fix, kept with the object so `applyFixes` can edit its document. */
export interface PlannedFix {
  finding: Finding;
  manifest: Manifest;
  edits: FixEdit[];
}

export interface LintResult {
  findings: Finding[];
  suppressed: SuppressedFinding[];
  notes: string[];
  fixes: PlannedFix[];
  stats: { files: number; objects: number; dockerfiles: number; rules: number };
}

type Target = { type: 'manifest'; manifest: Manifest } | { type: 'dockerfile'; dockerfile: DockerfileSource };

interface RawFinding {
  finding: Finding;
  rawPath: Path;
  /** Line in the source text, before any Helm offset. */
  sourceLine: number;
  target: Target;
  source: SourceFile;
  /** The rule's fix, recorded into edits only when a fix is planned. */
  fix: ((edit: ManifestEditor) => void) | null;
}

const ENGINE_RULES: readonly AnyRule[] = [validYaml, validSuppression];

/** Runs the rules over loaded objects and Dockerfiles; returns findings, never prints. */
export function lint(input: LintInput, options: LintOptions): LintResult {
  // Suppressions and settings may name any registered rule, even one this run does not include.
  const rules = uniqueRules([...ENGINE_RULES, ...options.rules, ...registeredRules]);
  const known = new Map(rules.map((r) => [r.id, r]));
  const settings = options.settings ?? {};
  for (const id of Object.keys(settings)) {
    if (!known.has(id)) throw unknownRuleError(id, [...known.keys()], 'in the check configuration');
  }
  const severities = new Map<string, SeveritySetting>();
  for (const rule of rules) {
    const setting = settings[rule.id];
    const override = typeof setting === 'string' ? setting : setting?.severity;
    severities.set(rule.id, override ?? presetSeverity(rule, options.preset ?? 'recommended'));
  }
  const raw: RawFinding[] = [];
  let current: Target | null = null;
  const visitors: Array<{ rule: AnyRule; visitor: Visitor }> = [];
  for (const rule of options.rules) {
    if (rule.meta.group === 'engine' || severities.get(rule.id) === 'off') continue;
    const setting = settings[rule.id];
    const context: RuleContext<unknown, string> = {
      id: rule.id,
      options: ruleOptions(rule, typeof setting === 'object' ? setting.options : undefined),
      objects: input.manifests,
      kubeVersion: options.kubeVersion,
      project: options.project,
      report: (report) => {
        if (current === null) throw new Error(`rule "${rule.id}" reported outside a visitor`);
        raw.push(toRawFinding(rule, severities.get(rule.id) as Severity, report, current));
      },
    };
    visitors.push({ rule, visitor: rule.create(context as never) });
  }

  const handlers = dispatchTable(visitors.map((v) => v.visitor));
  for (const manifest of input.manifests) {
    current = { type: 'manifest', manifest };
    const workload = toWorkload(manifest);
    for (const handler of handlers(manifest.kind, workload !== null)) handler(manifest, workload!);
  }
  for (const dockerfile of input.dockerfiles) {
    current = { type: 'dockerfile', dockerfile };
    for (const { visitor } of visitors) visitor.dockerfile?.(dockerfile);
  }
  current = null;

  const yamlSeverity = severities.get(validYaml.id);
  const findings: Finding[] = [];
  if (yamlSeverity !== 'off') {
    for (const problem of input.problems ?? []) {
      findings.push({
        rule: validYaml.id,
        messageId: problem.messageId,
        severity: yamlSeverity as Severity,
        message: interpolate(validYaml.meta.messages[problem.messageId]!, problem.data),
        file: problem.file,
        ...problem.position,
        path: '',
        fixable: false,
        origin: problem.origin,
      });
    }
  }
  const suppressed: SuppressedFinding[] = [];
  const fixes: PlannedFix[] = [];
  const suppression = new Suppressor(input, known, options, severities.get(validSuppression.id) as SeveritySetting);
  // Overlays share their base: a finding every overlay maps to the same line is reported there once.
  const mapped = new Set<string>();
  for (const item of raw) {
    const hit = suppression.match(item);
    if (item.target.type === 'manifest' && item.source !== item.target.manifest.source) {
      const key = JSON.stringify([item.finding, hit]);
      if (mapped.has(key)) continue;
      mapped.add(key);
    }
    if (hit !== null) suppressed.push({ ...item.finding, suppression: hit });
    else {
      findings.push(item.finding);
      const fix = item.fix;
      if (item.finding.fixable && fix !== null && item.target.type === 'manifest') {
        // Recorded on first use: most runs print findings and never apply a fix.
        let edits: FixEdit[] | undefined;
        fixes.push({
          finding: item.finding,
          manifest: item.target.manifest,
          get edits(): FixEdit[] {
            return (edits ??= recordEdits(fix));
          },
        });
      }
    }
  }
  findings.push(...suppression.problems);
  findings.sort(byLocation);
  suppressed.sort(byLocation);
  const files = new Set([...input.manifests.map((m) => m.source), ...input.dockerfiles.map((d) => d.source), ...(input.sources ?? [])]);
  return {
    findings,
    suppressed,
    notes: [...(input.notes ?? [])],
    fixes,
    stats: { files: files.size, objects: input.manifests.length, dockerfiles: input.dockerfiles.length, rules: visitors.length },
  };
}

type Handler = (manifest: Manifest, workload: Workload) => void;

/**
 * For each kind, the visitor functions to call, in rule order (kind, then `object`, then
 * `workload`): looked up once per kind instead of three property probes per rule per object.
 */
function dispatchTable(visitors: readonly Visitor[]): (kind: string, isWorkload: boolean) => readonly Handler[] {
  const cache = new Map<string, Handler[]>();
  return (kind, isWorkload) => {
    const key = `${isWorkload ? 'w' : 'o'}:${kind}`;
    let list = cache.get(key);
    if (list === undefined) {
      list = [];
      for (const visitor of visitors) {
        const byKind = (visitor as Record<string, ((m: Manifest) => void) | undefined>)[kind];
        if (byKind !== undefined && kind !== 'workload' && kind !== 'object' && kind !== 'dockerfile') list.push((m) => byKind.call(visitor, m));
        const object = visitor.object;
        if (object !== undefined) list.push((m) => object.call(visitor, m));
        const workload = visitor.workload;
        if (isWorkload && workload !== undefined) list.push((_m, w) => workload.call(visitor, w));
      }
      cache.set(key, list);
    }
    return list;
  };
}

function uniqueRules(rules: readonly AnyRule[]): AnyRule[] {
  const seen = new Map<string, AnyRule>();
  for (const rule of rules) if (!seen.has(rule.id)) seen.set(rule.id, rule);
  return [...seen.values()];
}

function ruleOptions(rule: AnyRule, user: Record<string, unknown> | undefined): unknown {
  const merged = { ...(rule.defaultOptions as object), ...(user ?? {}) };
  if (rule.schema === undefined) {
    const extra = Object.keys(user ?? {});
    if (extra.length > 0) throw new UserError(`Rule "${rule.id}" takes no options (got ${extra.map((k) => `"${k}"`).join(', ')}).`, { code: 'E_CONFIG_INVALID', hint: `See docs/rules/${rule.id}.md.` });
    return merged;
  }
  const parsed = rule.schema.safeParse(merged);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${[rule.id, ...i.path.map(String)].join('.')}: ${i.message}`);
    throw new UserError(`Invalid options for rule "${rule.id}":\n${lines.join('\n')}`, { code: 'E_CONFIG_INVALID', hint: `The options are listed in docs/rules/${rule.id}.md.` });
  }
  return parsed.data;
}

function toRawFinding(rule: AnyRule, severity: Severity, report: Report<string>, current: Target): RawFinding {
  const template = rule.meta.messages[report.messageId];
  if (template === undefined) throw new Error(`rule "${rule.id}" reported unknown messageId "${report.messageId}"`);
  const target: Target = report.object !== undefined ? { type: 'manifest', manifest: report.object } : current;
  const message = interpolate(template, report.data ?? {});
  const path = formatPath(report.path);
  // Findings are built with one fixed shape, without spreads: a run can have 10,000s of them.
  if (target.type === 'manifest') {
    const { manifest } = target;
    // Kustomize output: reported in the base or patch file that holds the field, when one does.
    const mapped = manifest.sourceMap?.locate(report.path) ?? null;
    const position = mapped?.position ?? positionOf(manifest, report.path);
    const fixable = rule.meta.fixable && report.fix !== undefined && manifest.source.origin === 'file' && manifest.lineOffset === 0;
    const finding: Finding = {
      rule: rule.id,
      messageId: report.messageId,
      severity,
      message,
      object: findingObject(manifest),
      file: mapped?.source.path ?? manifest.file,
      line: position.line,
      column: position.column,
      endLine: position.endLine,
      endColumn: position.endColumn,
      path,
      fixable,
      origin: manifest.origin,
    };
    const container = report.container ?? containerAt(manifest, report.path);
    if (container !== undefined) finding.container = container;
    const sourceLine = mapped === null ? position.line + manifest.lineOffset : position.line;
    return { finding, rawPath: report.path, sourceLine, target, source: mapped?.source ?? manifest.source, fix: report.fix ?? null };
  }
  const { dockerfile } = target;
  const index = report.path[0] === 'instructions' && typeof report.path[1] === 'number' ? report.path[1] : -1;
  const position = dockerfile.instructions[index]?.position ?? { line: 1, column: 1, endLine: 1, endColumn: 1 };
  const finding: Finding = { rule: rule.id, messageId: report.messageId, severity, message, file: dockerfile.source.path, ...position, path, fixable: false, origin: dockerfile.source.origin };
  return { finding, rawPath: report.path, sourceLine: position.line, target, source: dockerfile.source, fix: report.fix ?? null };
}

const findingObjects = new WeakMap<Manifest, FindingObject>();

/** The `object` of a manifest's findings, shared by all of them. */
function findingObject(manifest: Manifest): FindingObject {
  let object = findingObjects.get(manifest);
  if (object === undefined) {
    object = { apiVersion: manifest.apiVersion, kind: manifest.kind, name: manifest.name };
    if (manifest.namespace !== undefined) object.namespace = manifest.namespace;
    findingObjects.set(manifest, object);
  }
  return object;
}

function recordEdits(fix: (edit: ManifestEditor) => void): FixEdit[] {
  const edits: FixEdit[] = [];
  fix({
    set: (path, value) => edits.push({ op: 'set', path: [...path], value }),
    remove: (path) => edits.push({ op: 'remove', path: [...path] }),
    insert: (path, value) => edits.push({ op: 'set', path: [...path, '-'], value }),
  });
  return edits;
}

/** The container a path points into: `…containers[1]…` gives the second container's name. */
function containerAt(manifest: Manifest, path: Path): string | undefined {
  const workload = toWorkload(manifest);
  if (workload === null) return undefined;
  const match = workload.containers.find((c) => c.path.every((segment, i) => path[i] === segment));
  return match?.name;
}

/** A message template cut at its `{{name}}` placeholders, once per template. */
interface Template {
  literals: string[];
  names: string[];
  /** The placeholders as written, kept when the data has no value for one. */
  raw: string[];
}

const templates = new Map<string, Template>();

export function interpolate(template: string, data: Record<string, string | number>): string {
  let parsed = templates.get(template);
  if (parsed === undefined) {
    parsed = { literals: [], names: [], raw: [] };
    let last = 0;
    for (const match of template.matchAll(/\{\{\s*(\w+)\s*\}\}/g)) {
      parsed.literals.push(template.slice(last, match.index));
      parsed.names.push(match[1]!);
      parsed.raw.push(match[0]);
      last = match.index + match[0].length;
    }
    parsed.literals.push(template.slice(last));
    templates.set(template, parsed);
  }
  let out = parsed.literals[0]!;
  for (let i = 0; i < parsed.names.length; i += 1) {
    const value = data[parsed.names[i]!];
    out += (value === undefined ? parsed.raw[i]! : String(value)) + parsed.literals[i + 1]!;
  }
  return out;
}

function byLocation(a: Finding, b: Finding): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.rule.localeCompare(b.rule);
}

export function unknownRuleError(id: string, known: readonly string[], where: string): UserError {
  const near = closest(id, known);
  return new UserError(`Unknown rule "${id}" ${where}.`, {
    code: 'E_CONFIG_INVALID',
    hint: near.length > 0 ? `Did you mean ${near.map((n) => `"${n}"`).join(' or ')}? \`py2kube explain <rule>\` describes each rule.` : 'The rules are listed in docs/rules/.',
  });
}

/** Applies annotation, comment and config suppressions, and reports suppressions that are themselves wrong. */
class Suppressor {
  readonly problems: Finding[] = [];
  private readonly annotations = new Map<Manifest, ReturnType<typeof annotationSuppressions>>();
  private readonly comments = new Map<SourceFile, CommentSuppression[]>();
  private readonly reported = new Set<string>();

  private readonly known: Map<string, AnyRule>;
  private readonly options: LintOptions;
  private readonly severity: SeveritySetting;

  constructor(input: LintInput, known: Map<string, AnyRule>, options: LintOptions, severity: SeveritySetting) {
    this.known = known;
    this.options = options;
    this.severity = severity;
    const bySource = new Map<SourceFile, Manifest[]>();
    for (const manifest of input.manifests) {
      const list = annotationSuppressions(manifest);
      this.annotations.set(manifest, list);
      for (const s of list) this.check(s, { type: 'manifest', manifest }, s.path, null, manifest.source);
      // Appended in place: copying the list per object is quadratic in a 10,000-document stream.
      const same = bySource.get(manifest.source);
      if (same === undefined) bySource.set(manifest.source, [manifest]);
      else same.push(manifest);
    }
    for (const [source, manifests] of bySource) this.addComments(source, yamlCommentSuppressions(source, manifests), { type: 'manifest', manifest: manifests[0]! });
    // Comments in the files Kustomize objects were built from suppress the findings mapped there.
    const built = new Map<SourceFile, { manifest: Manifest; locators: Set<Locator> }>();
    for (const manifest of input.manifests) {
      for (const { source, locator } of manifest.sourceMap?.documents ?? []) {
        const entry = built.get(source);
        if (entry === undefined) built.set(source, { manifest, locators: new Set([locator]) });
        else entry.locators.add(locator);
      }
    }
    for (const [source, { manifest, locators }] of built) this.addComments(source, locatorCommentSuppressions(source, [...locators]), { type: 'manifest', manifest });
    for (const dockerfile of input.dockerfiles) this.addComments(dockerfile.source, dockerfileCommentSuppressions(dockerfile), { type: 'dockerfile', dockerfile });
  }

  private addComments(source: SourceFile, list: CommentSuppression[], target: Target): void {
    this.comments.set(source, list);
    for (const s of list) this.check(s, target, null, s.line, source);
  }

  /** Reports a suppression without a reason or naming an unknown rule. */
  private check(s: ParsedSuppression, target: Target, path: Path | null, line: number | null, source: SourceFile): void {
    const where = this.position(target, path, line, source);
    if (s.reason === '') this.problem('missingReason', { rules: s.entries.map((e) => e.rule).join(', ') || '(nothing)' }, target, where, source);
    for (const entry of s.entries) {
      if (this.known.has(entry.rule)) continue;
      const near = closest(entry.rule, [...this.known.keys()]);
      this.problem('unknownRule', { rule: entry.rule, suggestion: near.length > 0 ? ` Did you mean "${near[0]}"?` : '' }, target, where, source);
    }
  }

  private position(target: Target, path: Path | null, line: number | null, source: SourceFile): { position: Position; path: string; file: string; lineOffset: number } {
    if (target.type === 'manifest' && path !== null) {
      const mapped = target.manifest.sourceMap?.locate(path) ?? null;
      if (mapped !== null) return { position: mapped.position, path: formatPath(path), file: mapped.source.path, lineOffset: 0 };
      return { position: positionOf(target.manifest, path), path: formatPath(path), file: target.manifest.file, lineOffset: target.manifest.lineOffset };
    }
    const at = line ?? 1;
    return { position: { line: at, column: 1, endLine: at, endColumn: 1 }, path: '', file: source.path, lineOffset: 0 };
  }

  private problem(messageId: keyof typeof validSuppression.meta.messages, data: Record<string, string>, target: Target, where: ReturnType<Suppressor['position']>, source: SourceFile): void {
    if (this.severity === 'off') return;
    const key = `${where.file}:${where.position.line}:${messageId}:${JSON.stringify(data)}`;
    if (this.reported.has(key)) return;
    this.reported.add(key);
    const object = target.type === 'manifest' && where.path !== '' ? { apiVersion: target.manifest.apiVersion, kind: target.manifest.kind, name: target.manifest.name, ...(target.manifest.namespace === undefined ? {} : { namespace: target.manifest.namespace }) } : undefined;
    this.problems.push({
      rule: validSuppression.id,
      messageId,
      severity: this.severity,
      message: interpolate(validSuppression.meta.messages[messageId], data),
      ...(object === undefined ? {} : { object }),
      file: where.file,
      ...where.position,
      path: where.path,
      fixable: false,
      origin: source.origin,
    });
  }

  match(item: RawFinding): SuppressedFinding['suppression'] | null {
    const { finding } = item;
    const rule = this.known.get(finding.rule);
    const refuse = this.options.strict === true && rule?.meta.suppressible === false;
    const applies = (s: ParsedSuppression): boolean => s.reason !== '' && s.entries.some((e) => e.rule === finding.rule && (e.container === undefined || e.container === finding.container));
    if (item.target.type === 'manifest') {
      for (const s of this.annotations.get(item.target.manifest) ?? []) {
        if (!applies(s)) continue;
        if (refuse) {
          this.problem('notSuppressible', { rule: finding.rule, how: `annotation ${formatPath(s.path)}` }, item.target, this.position(item.target, s.path, null, item.source), item.source);
          continue;
        }
        return { kind: 'annotation', reason: s.reason };
      }
    }
    for (const s of this.comments.get(item.source) ?? []) {
      if (item.sourceLine < s.from || item.sourceLine > s.to || !applies(s)) continue;
      if (refuse) {
        this.problem('notSuppressible', { rule: finding.rule, how: `comment on line ${s.line}` }, item.target, this.position(item.target, null, s.line, item.source), item.source);
        continue;
      }
      return { kind: 'comment', reason: s.reason };
    }
    for (const ignore of this.options.ignores ?? []) {
      const target = {
        rule: finding.rule,
        file: finding.file,
        ...(finding.object === undefined ? {} : { kind: finding.object.kind, name: finding.object.name }),
        ...(finding.object?.namespace === undefined ? {} : { namespace: finding.object.namespace }),
        ...(finding.container === undefined ? {} : { container: finding.container }),
      };
      if (!configIgnoreMatches(ignore, target)) continue;
      if (refuse) {
        if (this.severity !== 'off') this.problems.push({ ...finding, rule: validSuppression.id, messageId: 'notSuppressible', severity: this.severity, message: interpolate(validSuppression.meta.messages.notSuppressible, { rule: finding.rule, how: 'config ignore' }), fixable: false });
        continue;
      }
      return { kind: 'config', reason: ignore.reason };
    }
    return null;
  }
}
