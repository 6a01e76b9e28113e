// Pulling an image by digest: https://kubernetes.io/docs/concepts/containers/images/#image-names
import { createRule } from '../create-rule.ts';
import { isTemplated, parseImage } from '../image.ts';
import { asString } from '../object.ts';

export default createRule({
  id: 'prefer-image-digest',
  meta: {
    description: 'Prefer container images pinned by digest, so the bytes that run are the bytes that were tested.',
    severity: 'info',
    fixable: false,
    suppressible: true,
    group: 'security',
    peers: [
      { tool: 'checkov', id: 'CKV_K8S_43' },
      { tool: 'kubescape', id: 'C-0306' },
    ],
    messages: {
      notPinned:
        'Container "{{container}}" uses image "{{image}}" without a digest: a tag can be pushed again (by mistake or by an attacker with registry access), and the next pod pulls different bytes. Pin the digest your pipeline built and scanned: "{{repository}}{{tagPart}}@sha256:<digest>" (kustomize edit set image, or the digest field of the images: transformer, writes it).',
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
          if (parsed.digest !== undefined) continue;
          context.report({
            path: [...ref.path, 'image'],
            messageId: 'notPinned',
            data: { container: ref.name, image, repository: parsed.repository, tagPart: parsed.tag === undefined ? '' : `:${parsed.tag}` },
          });
        }
      },
    };
  },
});
