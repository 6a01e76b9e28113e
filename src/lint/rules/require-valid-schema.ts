// Offline validation against the OpenAPI-derived schemas in schemas/kubernetes/ (kubeconform-style, strict).
import { validateObjects, type SchemaFinding } from '../../kube-schema/validate.ts';
import { createRule } from '../create-rule.ts';
import { formatPath } from '../load/manifest.ts';
import type { Path } from '../types.ts';

export default createRule({
  id: 'require-valid-schema',
  meta: {
    description: 'Require every object to match the Kubernetes schema of the target version, with no unknown fields.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'hygiene',
    peers: [
      { tool: 'kube-linter', id: 'schema-validation' },
      { tool: 'kubeconform', id: '-strict' },
    ],
    messages: {
      invalidField: '{{kind}} "{{name}}": {{field}} {{problem}} (Kubernetes {{version}} schema). The API server would reject or silently drop it; fix the field or pass --kube-version for the cluster you deploy to.',
    },
  },
  defaultOptions: {},
  create(context) {
    // One call for the whole run: the validator compiles each kind's schema once.
    let byObject: Map<unknown, SchemaFinding[]> | null = null;
    const problemsOf = (object: unknown): SchemaFinding[] => {
      if (byObject === null) {
        byObject = new Map();
        for (const manifest of context.objects) byObject.set(manifest.object, validateObjects([manifest.object], context.kubeVersion));
      }
      return byObject.get(object) ?? [];
    };
    return {
      object(manifest) {
        // Custom resources have no bundled schema; their CRD defines them, so they pass through untouched.
        for (const problem of problemsOf(manifest.object)) {
          if (problem.level !== 'error') continue;
          const path = fromPointer(problem.path);
          context.report({
            path,
            messageId: 'invalidField',
            data: { kind: manifest.kind, name: manifest.name, field: path.length === 0 ? 'the object' : `"${formatPath(path)}"`, problem: problem.message, version: context.kubeVersion },
          });
        }
      },
    };
  },
});

/** `/spec/containers/0/name` → `['spec', 'containers', 0, 'name']` (RFC 6901 escapes decoded). */
function fromPointer(pointer: string): Path {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^(0|[1-9]\d*)$/.test(part) ? Number(part) : part));
}
