// pip's cache and how to turn it off: https://pip.pypa.io/en/stable/topics/caching/ ; BuildKit cache mounts: https://docs.docker.com/build/cache/optimize/#use-cache-mounts
import { createRule } from '../create-rule.ts';
import { commandsOf, envAt, finalChain, mountsOf, pipInstallIndex } from '../docker.ts';
import { instructionPath, type DockerInstruction } from '../load/dockerfile.ts';

export default createRule({
  id: 'require-pip-no-cache',
  meta: {
    description: 'Require pip installs in the final image to skip or mount pip’s cache, so downloaded wheels do not stay in the image layers.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'dockerfile',
    peers: [{ tool: 'hadolint', id: 'DL3042' }],
    messages: {
      pipCache:
        '"{{command}}" keeps every downloaded wheel in pip’s cache ({{cacheDir}}), which stays in this layer of the final image. Add --no-cache-dir, set ENV PIP_NO_CACHE_DIR=1, or mount the cache with BuildKit: RUN --mount=type=cache,target={{cacheDir}} {{command}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      dockerfile(dockerfile) {
        // Only the final stage and the stages it is built FROM end up in the image; a builder's cache does not.
        for (const instruction of finalChain(dockerfile).flatMap((s) => s.instructions)) {
          if (instruction.keyword !== 'RUN') continue;
          const env = envAt(dockerfile, instruction);
          const cacheDir = env['PIP_CACHE_DIR'] || '/root/.cache/pip';
          if (hasPipCacheMount(instruction, cacheDir)) continue;
          for (const { words, assignments } of commandsOf(instruction) ?? []) {
            const at = pipInstallIndex(words);
            if (at < 0) continue;
            const flags = words.slice(at + 1);
            const noCache = flags.includes('--no-cache-dir') || flags.includes('--no-cache') || (assignments['PIP_NO_CACHE_DIR'] ?? env['PIP_NO_CACHE_DIR'] ?? '') !== '';
            if (noCache) continue;
            const shown = words.slice(0, at + 3).join(' ') + (words.length > at + 3 ? ' …' : '');
            context.report({ path: instructionPath(instruction), messageId: 'pipCache', data: { command: shown, cacheDir } });
            break;
          }
        }
      },
    };
  },
});

/** A `--mount=type=cache` over pip's cache folder (or a parent such as /root/.cache). */
function hasPipCacheMount(instruction: DockerInstruction, cacheDir: string): boolean {
  return mountsOf(instruction).some((m) => {
    if (m['type'] !== 'cache') return false;
    const target = (m['target'] ?? m['dst'] ?? m['destination'] ?? '').replace(/\/+$/, '');
    return target !== '' && (cacheDir === target || cacheDir.startsWith(`${target}/`) || /(^|\/)(pip|\.cache)$/.test(target));
  });
}
