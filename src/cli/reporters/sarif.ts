// SARIF 2.1.0 (OASIS), with the properties GitHub code scanning reads:
// https://docs.github.com/en/code-security/code-scanning/integrating-with-code-scanning/sarif-support-for-code-scanning
import type { CheckResult } from '../../lint/index.ts';
import { isKustomizationFile } from '../../lint/load/kustomize-sources.ts';
import type { AnyRule, Finding, Severity, SuppressedFinding } from '../../lint/types.ts';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

export function toSarif(result: CheckResult, rules: readonly AnyRule[], toolVersion: string): object {
  const used = new Set([...result.findings, ...result.suppressed].map((f) => f.rule));
  const described = rules.filter((r) => used.has(r.id));
  const index = new Map(described.map((r, i) => [r.id, i]));
  const toResult = (f: Finding | SuppressedFinding): object => ({
    ruleId: f.rule,
    ruleIndex: index.get(f.rule) ?? -1,
    level: LEVEL[f.severity],
    message: { text: f.message },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: toUri(f.file) },
          // An object no file holds is reported on its kustomization, in rendered lines that file does not have: point at its first line.
          region: f.origin === 'kustomize' && isKustomizationFile(f.file) ? { startLine: 1 } : { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: Math.max(f.endColumn, f.endLine === f.line ? f.column + 1 : 1) },
        },
        ...(f.object === undefined
          ? {}
          : { logicalLocations: [{ fullyQualifiedName: `${f.object.kind}/${f.object.namespace === undefined ? '' : `${f.object.namespace}/`}${f.object.name}${f.path === '' ? '' : `:${f.path}`}`, kind: 'object' }] }),
      },
    ],
    partialFingerprints: { 'py2kube/v1': fingerprint(f) },
    properties: { path: f.path, fixable: f.fixable, ...(f.container === undefined ? {} : { container: f.container }) },
    ...('suppression' in f ? { suppressions: [{ kind: f.suppression.kind === 'config' ? 'external' : 'inSource', justification: f.suppression.reason }] } : {}),
  });
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'py2kube',
            semanticVersion: toolVersion,
            informationUri: 'https://github.com/py2kube/py2kube',
            rules: described.map((rule) => ({
              id: rule.id,
              name: rule.id.replace(/(^|-)([a-z])/g, (_all, _dash: string, letter: string) => letter.toUpperCase()),
              shortDescription: { text: rule.meta.description },
              fullDescription: { text: rule.meta.description },
              helpUri: rule.meta.docs,
              help: { text: `${rule.meta.description} See ${rule.meta.docs}` },
              defaultConfiguration: { level: LEVEL[rule.meta.severity] },
              properties: { tags: [rule.meta.group], ...(rule.meta.peers.length > 0 ? { peers: rule.meta.peers.map((p) => `${p.tool}:${p.id}`) } : {}) },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: [...result.findings, ...result.suppressed].map(toResult),
      },
    ],
  };
}

/** A relative, forward-slash URI; `<stdin>` is percent-encoded like any other name. */
function toUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

/** Stable across line moves: rule, file, object and path, not the position. */
function fingerprint(f: Finding): string {
  const text = `${f.rule}|${f.file}|${f.object?.kind ?? ''}/${f.object?.namespace ?? ''}/${f.object?.name ?? ''}|${f.path}|${f.object === undefined ? f.line : ''}`;
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}
