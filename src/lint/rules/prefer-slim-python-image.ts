// The official image's variants (full, slim, alpine): https://hub.docker.com/_/python
import { createRule } from '../create-rule.ts';
import { baseImageOf, finalChain, parseImageRef } from '../docker.ts';
import { instructionPath } from '../load/dockerfile.ts';

export default createRule({
  id: 'prefer-slim-python-image',
  meta: {
    description: 'Prefer a slim Python base image for the final stage over the full python image with its compilers and headers.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'dockerfile',
    peers: [],
    messages: {
      fullImage:
        'The final stage runs on {{image}}, the full Debian image (about 1 GB, with compilers, headers and hundreds of packages that only add CVEs to scan and patch). Use {{suggestion}} for the image that runs; keep the full image for a builder stage if wheels must be compiled.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      dockerfile(dockerfile) {
        const chain = finalChain(dockerfile);
        const root = chain[0];
        if (root === undefined) return;
        const image = baseImageOf(dockerfile, root);
        const ref = parseImageRef(image);
        if (ref.name !== 'python') return;
        const tag = ref.tag ?? 'latest';
        if (/(^|-)(slim|alpine)/.test(tag) || /windowsservercore|nanoserver/.test(tag) || tag.includes('$')) return;
        context.report({ path: instructionPath(root.from), messageId: 'fullImage', data: { image, suggestion: suggest(image, tag, ref.digest !== null) } });
      },
    };
  },
});

/** `python:3.12` → `python:3.12-slim`, `python:3.12-bookworm` → `python:3.12-slim-bookworm`. */
function suggest(image: string, tag: string, pinned: boolean): string {
  let repository = image.replace(/@.*$/, '');
  if (repository.lastIndexOf(':') > repository.lastIndexOf('/')) repository = repository.slice(0, repository.lastIndexOf(':'));
  const match = /^(.*?)-((?:bookworm|bullseye|buster|trixie|forky)(?:-.*)?)$/.exec(tag);
  const slim = tag === 'latest' ? 'slim' : match === null ? `${tag}-slim` : `${match[1]}-slim-${match[2]}`;
  return `${repository}:${slim}${pinned ? ' (and pin its own digest)' : ''}`;
}
