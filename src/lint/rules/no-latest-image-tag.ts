// Image names, tags and digests: https://kubernetes.io/docs/concepts/containers/images/#image-names
// and why :latest is discouraged: https://kubernetes.io/docs/concepts/configuration/overview/#container-images
import { createRule } from '../create-rule.ts';
import { isTemplated, parseImage } from '../image.ts';
import { asString } from '../object.ts';

export default createRule({
  id: 'no-latest-image-tag',
  meta: {
    description: 'Disallow container images tagged latest or without a tag.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'kube-score', id: 'container-image-tag' },
      { tool: 'kube-linter', id: 'latest-tag' },
      { tool: 'polaris', id: 'tagNotSpecified' },
      { tool: 'checkov', id: 'CKV_K8S_14' },
      { tool: 'trivy', id: 'KSV-0013' },
    ],
    messages: {
      latestTag:
        'Container "{{container}}" uses image "{{image}}": "latest" moves with every push, so two pods of one Deployment can run different code, a rollback redeploys whatever is newest, and you cannot tell what is running. Tag images with an immutable version (the release or git SHA, e.g. "{{repository}}:1.4.2") or pin a digest.',
      missingTag:
        'Container "{{container}}" uses image "{{image}}" with no tag, which means "{{image}}:latest": pods can run different code and rollbacks do not roll back. Add an immutable tag (the release or git SHA, e.g. "{{image}}:1.4.2") or pin a digest.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          const image = asString(ref.container['image']);
          if (image === undefined || image === '' || isTemplated(image)) continue;
          const parsed = parseImage(image);
          // A digest pins the content whatever the tag says.
          if (parsed.digest !== undefined) continue;
          const data = { container: ref.name, image, repository: parsed.repository };
          const path = [...ref.path, 'image'];
          if (parsed.tag === undefined) context.report({ path, messageId: 'missingTag', data });
          else if (parsed.tag === 'latest') context.report({ path, messageId: 'latestTag', data });
        }
      },
    };
  },
});
