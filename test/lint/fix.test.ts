import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyFixes, lintText } from '../../src/lint/index.ts';
import { fixText } from '../../src/lint/fix.ts';
import { loadInputs } from '../../src/lint/load/sources.ts';
import { lint } from '../../src/lint/engine.ts';
import { rules } from '../../src/lint/rules/index.ts';

const fixAll = (text: string): string => applyFixes(lintText(text).fixes).files[0]?.after ?? text;

test('fixes keep comments, quoting, key order and blank lines outside the edit byte for byte, and a second run changes nothing', () => {
  const text = `# Deployed by Argo CD; do not rename.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: 'beat'   # quoted on purpose
spec:

  replicas: 3
  template:
    spec:
      containers:
        - image: "api:1"
          name: beat # name after image
          args: [celery, -A, proj, beat]   # flow list kept
`;
  const once = fixAll(text);
  assert.equal(once, `# Deployed by Argo CD; do not rename.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: 'beat'   # quoted on purpose
spec:

  replicas: 1
  template:
    spec:
      containers:
        - image: "api:1"
          name: beat # name after image
          args: [celery, -A, proj, beat]   # flow list kept
          securityContext:
            runAsNonRoot: true
            allowPrivilegeEscalation: false
            capabilities:
              drop:
                - ALL
      securityContext:
        seccompProfile:
          type: RuntimeDefault
      automountServiceAccountToken: false
  strategy:
    type: Recreate
`);
  assert.equal(fixAll(once), once);
});

test('an edit inside an anchor or alias is refused and the file is left untouched', () => {
  const text = 'x-defaults: &defaults\n  image: api:1\n  name: web\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - *defaults\n';
  const outcome = fixText(text, [{ documentIndex: 1, root: [], edits: [{ op: 'set', path: ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], value: true }], object: {} }]);
  assert.deepEqual(outcome, { error: 'the edited field is inside a YAML anchor or alias' });
});

test('a fix that would not produce the intended object is refused', () => {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: web, image: a}]}\n';
  const outcome = fixText(text, [{ documentIndex: 0, root: [], edits: [{ op: 'set', path: ['spec', 'containers', 0, 'securityContext', 'runAsNonRoot'], value: true }], object: {} }]);
  assert.ok('error' in outcome);
});

test('standard input and Kustomize output are never fixed in place', () => {
  const stdin = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: web\n      image: a\n';
  const inputs = loadInputs(['-'], { stdin });
  const result = lint(inputs, { rules, kubeVersion: '1.34' });
  assert.ok(result.findings.some((f) => f.rule === 'require-run-as-non-root' && !f.fixable));
  assert.deepEqual(result.fixes, []);
});
