// The kubelet verifies runAsNonRoot only against a numeric image user: https://kubernetes.io/docs/concepts/security/pod-security-standards/
import { substituteEnv } from '../../analyze/commands/shell-words.ts';
import { createRule } from '../create-rule.ts';
import { baseImageOf, commandsOf, finalChain, parseImageRef, propertiesOf } from '../docker.ts';
import { instructionPath, type DockerInstruction } from '../load/dockerfile.ts';

export default createRule({
  id: 'require-numeric-user',
  meta: {
    description: 'Require the final image to switch to a numeric non-root USER, so it does not run as root and the kubelet can verify runAsNonRoot.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'dockerfile',
    peers: [
      { tool: 'hadolint', id: 'DL3002' },
      { tool: 'hadolint', id: 'DL3066' },
      { tool: 'checkov', id: 'CKV_DOCKER_3' },
      { tool: 'checkov', id: 'CKV_DOCKER_8' },
      { tool: 'trivy', id: 'DS-0002' },
    ],
    messages: {
      noUser:
        'The final stage (FROM {{image}}) never sets USER, so the container runs as root, and a pod with runAsNonRoot: true is refused ("image will run as root"). Create a user with a fixed UID and switch to it by number: RUN useradd --system --uid 10001 app, then USER 10001:10001.',
      rootUser:
        'USER {{user}} runs the container as root, and a pod with runAsNonRoot: true is refused ("image will run as root"). Switch to a non-root user by number at the end of the final stage: USER 10001:10001.',
      namedUser:
        'USER {{user}} is a name, so the kubelet cannot verify it is not root: a pod with runAsNonRoot: true fails with CreateContainerConfigError ("image has non-numeric user"). Name the UID instead: USER {{suggestion}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      dockerfile(dockerfile) {
        const chain = finalChain(dockerfile);
        const final = chain.at(-1);
        if (final === undefined) return;
        const instructions = chain.flatMap((s) => s.instructions);
        const user = instructions.filter((i) => i.keyword === 'USER').at(-1);
        if (user === undefined) {
          const image = baseImageOf(dockerfile, final);
          // distroless `:nonroot` and `:debug-nonroot` images set USER 65532 themselves.
          if (/nonroot/.test(parseImageRef(image).tag ?? '')) return;
          context.report({ path: instructionPath(final.from), messageId: 'noUser', data: { image } });
          return;
        }
        const value = substituteEnv(user.args, variablesBefore(instructions, user));
        // A user passed in with --build-arg cannot be judged here.
        if (value.includes('$') || value === '') return;
        const name = value.split(':')[0]!;
        if (name === '0' || name === 'root') {
          context.report({ path: instructionPath(user), messageId: 'rootUser', data: { user: value } });
        } else if (!/^\d+$/.test(name)) {
          const uid = uidOf(instructions, name);
          context.report({ path: instructionPath(user), messageId: 'namedUser', data: { user: value, suggestion: uid === null ? `<uid>:<gid> (create "${name}" with a fixed UID such as 10001, then USER 10001:10001)` : `${uid}:${uid}` } });
        }
      },
    };
  },
});

/** ARG defaults and ENV values declared before `at`, for `USER ${APP_UID}`. */
function variablesBefore(instructions: readonly DockerInstruction[], at: DockerInstruction): Record<string, string> {
  const out: Record<string, string> = {};
  for (const i of instructions) {
    if (i === at) break;
    if (i.keyword === 'ARG' || i.keyword === 'ENV') for (const [k, v] of Object.entries(propertiesOf(i))) if (v !== '') out[k] = v;
  }
  return out;
}

/** The UID a `useradd -u 10001 app` / `adduser -u 10001 app` in the Dockerfile gives `name`, or null. */
function uidOf(instructions: readonly DockerInstruction[], name: string): string | null {
  for (const instruction of instructions) {
    if (instruction.keyword !== 'RUN') continue;
    for (const { words } of commandsOf(instruction) ?? []) {
      if (!/^(useradd|adduser)$/.test(words[0] ?? '') || words.at(-1) !== name) continue;
      for (let i = 1; i < words.length; i += 1) {
        const word = words[i]!;
        const inline = /^--uid=(\d+)$/.exec(word);
        if (inline !== null) return inline[1]!;
        if ((word === '-u' || word === '--uid') && /^\d+$/.test(words[i + 1] ?? '')) return words[i + 1]!;
      }
    }
  }
  return null;
}
