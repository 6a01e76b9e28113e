import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { applyFixes, lintText } from '../../src/lint/index.ts';
import type { AnyRule } from '../../src/lint/types.ts';
import type { AppModel } from '../../src/model/app.ts';

/**
 * typescript-eslint's RuleTester for py2kube rules: literal YAML (or Dockerfile) cases, errors
 * asserted by messageId and path (and line, when given), `output` for the text after `--fix`
 * (`null`: no fix is offered). Only the rule under test runs, at its default severity.
 */
export interface ValidCase {
  code: string;
  /** `Dockerfile` makes the code a Dockerfile; defaults to `manifest.yaml`. */
  filename?: string;
  options?: Record<string, unknown>;
  kubeVersion?: string;
  project?: AppModel;
  name?: string;
}

export interface InvalidCase extends ValidCase {
  errors: Array<{ messageId: string; path: string; line?: number }>;
  output?: string | null;
}

export function runRuleTester(rule: AnyRule, cases: { valid: Array<string | ValidCase>; invalid: InvalidCase[] }): void {
  const run = (c: ValidCase) => {
    const result = lintText(c.code, {
      rules: [rule],
      settings: { [rule.id]: { severity: rule.meta.severity, ...(c.options === undefined ? {} : { options: c.options }) } },
      ...(c.filename === undefined ? {} : { filename: c.filename }),
      ...(c.kubeVersion === undefined ? {} : { kubeVersion: c.kubeVersion }),
      ...(c.project === undefined ? {} : { project: c.project }),
    });
    const unreadable = result.findings.filter((f) => f.rule === 'require-valid-yaml' && rule.id !== 'require-valid-yaml');
    assert.deepEqual(unreadable.map((f) => f.message), [], 'the test case itself must parse');
    return { result, findings: result.findings.filter((f) => f.rule === rule.id) };
  };
  const label = (c: ValidCase, i: number, kind: string): string => c.name ?? `${kind} #${i + 1}: ${c.code.split('\n').find((l) => /name:|^(CMD|ENTRYPOINT)/.test(l))?.trim() ?? ''}`;

  describe(rule.id, () => {
    for (const [i, item] of cases.valid.entries()) {
      const c = typeof item === 'string' ? { code: item } : item;
      test(label(c, i, 'valid'), () => {
        assert.deepEqual(run(c).findings.map((f) => `${f.messageId} at ${f.path}`), []);
      });
    }
    for (const [i, c] of cases.invalid.entries()) {
      test(label(c, i, 'invalid'), () => {
        const { result, findings } = run(c);
        const actual = findings.map((f, j) => ({ messageId: f.messageId, path: f.path, ...(c.errors[j]?.line === undefined ? {} : { line: f.line }) }));
        assert.deepEqual(actual, c.errors);
        for (const f of findings) assert.doesNotMatch(f.message, /\{\{/, `unfilled placeholder in "${f.message}"`);
        if (c.output === undefined) return;
        const fixes = result.fixes.filter((f) => f.finding.rule === rule.id);
        if (c.output === null) {
          assert.equal(fixes.length, 0, 'expected no fix to be offered');
          return;
        }
        const fixed = applyFixes(fixes);
        assert.deepEqual(fixed.skipped, []);
        const after = fixed.files[0]?.after ?? c.code;
        assert.equal(after, c.output);
        // Running --fix again changes nothing.
        const again = run({ ...c, code: after });
        assert.deepEqual(again.result.fixes.filter((f) => f.finding.rule === rule.id).map((f) => f.finding.path), []);
      });
    }
  });
}
