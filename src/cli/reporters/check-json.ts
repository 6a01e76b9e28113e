import type { FixResult } from '../../lint/fix.ts';
import type { CheckResult } from '../../lint/index.ts';
import type { Finding, SuppressedFinding } from '../../lint/types.ts';

/** The stable JSON contract of `py2kube check -f json`, documented in docs/check-json.md. */
export interface CheckJson {
  version: 1;
  tool: { name: 'py2kube'; version: string };
  kubeVersion: string;
  threshold: string;
  failed: boolean;
  summary: { files: number; objects: number; dockerfiles: number; errors: number; warnings: number; infos: number; fixable: number; suppressed: number };
  findings: JsonFinding[];
  suppressed: Array<JsonFinding & { suppression: SuppressedFinding['suppression'] }>;
  notes: string[];
  fixed?: { files: Array<{ file: string; applied: number }>; skipped: Array<{ file: string; reason: string; findings: number }> };
}

export type JsonFinding = Omit<Finding, 'messageId'> & { messageId: string };

export function toCheckJson(result: CheckResult, toolVersion: string, fixed?: FixResult): CheckJson {
  const count = (severity: string): number => result.findings.filter((f) => f.severity === severity).length;
  const json: CheckJson = {
    version: 1,
    tool: { name: 'py2kube', version: toolVersion },
    kubeVersion: result.kubeVersion,
    threshold: result.threshold,
    failed: result.failed,
    summary: {
      files: result.stats.files,
      objects: result.stats.objects,
      dockerfiles: result.stats.dockerfiles,
      errors: count('error'),
      warnings: count('warning'),
      infos: count('info'),
      fixable: result.findings.filter((f) => f.fixable).length,
      suppressed: result.suppressed.length,
    },
    findings: result.findings.map(toJsonFinding),
    suppressed: result.suppressed.map((s) => ({ ...toJsonFinding(s), suppression: s.suppression })),
    notes: result.notes,
  };
  if (fixed !== undefined) {
    json.fixed = { files: fixed.files.map((f) => ({ file: f.path, applied: f.applied })), skipped: fixed.skipped.map((s) => ({ file: s.path, reason: s.reason, findings: s.findings })) };
  }
  return json;
}

/** Fixed key order, so the output diffs cleanly. */
function toJsonFinding(f: Finding): JsonFinding {
  return {
    rule: f.rule,
    messageId: f.messageId,
    severity: f.severity,
    message: f.message,
    ...(f.object === undefined ? {} : { object: f.object }),
    ...(f.container === undefined ? {} : { container: f.container }),
    file: f.file,
    line: f.line,
    column: f.column,
    endLine: f.endLine,
    endColumn: f.endColumn,
    path: f.path,
    fixable: f.fixable,
    origin: f.origin,
  };
}
