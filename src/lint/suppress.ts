import type { DockerfileSource } from './load/dockerfile.ts';
import type { Locator, Manifest, SourceFile } from './load/manifest.ts';
import { asRecord, getIn } from './object.ts';
import type { Path } from './types.ts';
import { toWorkload } from './workload.ts';

/**
 * The three ways to suppress a finding, each with a required reason:
 * - the annotation `py2kube.io/ignore: "<rule>[@<container>], … -- <reason>"` on the object or its pod template;
 * - a comment `# py2kube-ignore <rule>[, …] -- <reason>` on the line before a field (or a Dockerfile instruction);
 * - config ignores keyed by kind/name/namespace/container (`[tool.py2kube.check]` `ignore`).
 */

export const IGNORE_ANNOTATION = 'py2kube.io/ignore';
const COMMENT = /^\s*#\s*py2kube-ignore\b(.*)$/;

export interface SuppressionEntry {
  rule: string;
  container?: string;
}

export interface ParsedSuppression {
  entries: SuppressionEntry[];
  reason: string;
}

/** `"a, b@web -- reason"` → entries and reason (empty when missing). */
export function parseSuppression(text: string): ParsedSuppression {
  const separator = text.indexOf('--');
  const list = separator < 0 ? text : text.slice(0, separator);
  const reason = separator < 0 ? '' : text.slice(separator + 2).trim();
  const entries = list
    .split(/[,\s]+/)
    .map((item) => item.trim())
    .filter((item) => item !== '')
    .map((item) => {
      const at = item.indexOf('@');
      return at < 0 ? { rule: item } : { rule: item.slice(0, at), container: item.slice(at + 1) };
    });
  return { entries, reason };
}

export interface AnnotationSuppression extends ParsedSuppression {
  /** Path of the annotation, for findings about the suppression itself. */
  path: Path;
}

/** The ignore annotations on an object and, for workloads, on its pod template. */
export function annotationSuppressions(manifest: Manifest): AnnotationSuppression[] {
  const out: AnnotationSuppression[] = [];
  const read = (metadataPath: Path): void => {
    const value = asRecord(getIn(manifest.object, [...metadataPath, 'annotations']))?.[IGNORE_ANNOTATION];
    if (typeof value === 'string') out.push({ ...parseSuppression(value), path: [...metadataPath, 'annotations', IGNORE_ANNOTATION] });
  };
  read(['metadata']);
  const workload = toWorkload(manifest);
  if (workload !== null && manifest.kind !== 'Pod') read(workload.podMetadataPath);
  return out;
}

export interface CommentSuppression extends ParsedSuppression {
  /** 1-based line of the comment in the source. */
  line: number;
  /** Source lines (1-based, inclusive) of the field or instruction the comment stands before. */
  from: number;
  to: number;
}

/** `# py2kube-ignore` comments of a YAML source, each with the line range of the node after it. */
export function yamlCommentSuppressions(source: SourceFile, manifests: readonly Manifest[]): CommentSuppression[] {
  if (!source.text.includes('py2kube-ignore')) return [];
  return locatorCommentSuppressions(source, [...new Set(manifests.filter((m) => m.source === source).map((m) => m.locator))]);
}

/** The same, for documents known by their locators (the files a Kustomize object was built from). */
export function locatorCommentSuppressions(source: SourceFile, locators: readonly Locator[]): CommentSuppression[] {
  if (!source.text.includes('py2kube-ignore')) return [];
  const lines = source.text.split('\n');
  const starts = nodeRangesByLine(source, locators);
  const out: CommentSuppression[] = [];
  for (const [i, text] of lines.entries()) {
    const match = COMMENT.exec(text);
    if (match === null) continue;
    let next = i + 1;
    while (next < lines.length && /^\s*(#.*)?$/.test(lines[next]!)) next += 1;
    const line = next + 1;
    out.push({ ...parseSuppression(match[1]!), line: i + 1, from: line, to: starts.get(line) ?? line });
  }
  return out;
}

export function dockerfileCommentSuppressions(dockerfile: DockerfileSource): CommentSuppression[] {
  const out: CommentSuppression[] = [];
  for (const comment of dockerfile.comments) {
    const match = COMMENT.exec(`#${comment.text}`) ?? COMMENT.exec(comment.text);
    if (match === null) continue;
    const instruction = dockerfile.instructions.find((i) => i.position.line > comment.line);
    if (instruction === undefined) continue;
    out.push({ ...parseSuppression(match[1]!), line: comment.line, from: instruction.position.line, to: instruction.position.endLine });
  }
  return out;
}

/** For each line where a map entry or sequence item starts, the last line of the outermost one. */
function nodeRangesByLine(source: SourceFile, locators: readonly Locator[]): Map<number, number> {
  const out = new Map<number, number>();
  const line = (offset: number): number => source.lineCounter.linePos(offset).line;
  for (const locator of locators) {
    for (const { start, end } of locator.spans()) {
      const from = line(start);
      const to = line(Math.max(start, end - 1));
      out.set(from, Math.max(out.get(from) ?? from, to));
    }
  }
  return out;
}

export interface ConfigIgnore {
  rules: readonly string[];
  kind?: string;
  name?: string;
  namespace?: string;
  container?: string;
  /** A file path or glob, for Dockerfile findings and whole-file problems. */
  file?: string;
  reason: string;
}

export interface IgnoreTarget {
  rule: string;
  kind?: string;
  name?: string;
  namespace?: string;
  container?: string;
  file: string;
}

export function configIgnoreMatches(ignore: ConfigIgnore, target: IgnoreTarget): boolean {
  if (!ignore.rules.includes(target.rule) && !ignore.rules.includes('*')) return false;
  const field = (pattern: string | undefined, value: string | undefined): boolean => pattern === undefined || (value !== undefined && glob(pattern).test(value));
  return field(ignore.kind, target.kind) && field(ignore.name, target.name) && field(ignore.namespace, target.namespace) && field(ignore.container, target.container) && field(ignore.file, target.file);
}

/** `*` matches any run of characters; everything else is literal. */
function glob(pattern: string): RegExp {
  return new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*')}$`);
}
