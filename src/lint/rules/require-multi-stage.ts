// Multi-stage builds keep compilers and installers out of the final image: https://docs.docker.com/build/building/multi-stage/
import { createRule } from '../create-rule.ts';
import { commandsOf, finalChain, installOf } from '../docker.ts';
import { instructionPath } from '../load/dockerfile.ts';

/** System packages that only building needs: compilers, headers, build systems. */
const BUILD_TOOLS = /^(build-essential|build-base|gcc|g\+\+|gcc-c\+\+|clang|make|cmake|pkg-config|pkgconf|cargo|rustc|gfortran|musl-dev|libc6?-dev|linux-headers|python3?-dev|[a-z0-9.+-]+-(dev|devel))(=.*)?$/;

export default createRule({
  id: 'require-multi-stage',
  meta: {
    description: 'Require a multi-stage build when the image installs build tools or dependencies, so only the result reaches the final image.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'dockerfile',
    peers: [],
    messages: {
      buildTools:
        'The image is built in a single stage and installs build tools ({{packages}}) with "{{tool}}": compilers and headers ship in the image that runs, adding hundreds of MB and attack surface. Build in a first stage (FROM python:<version> AS builder: install into /opt/venv there), then start the final stage FROM python:<version>-slim and COPY --from=builder /opt/venv /opt/venv.',
      dependencies:
        'The image is built in a single stage and installs dependencies with "{{tool}}": the installer, its caches and any build leftovers ship in the image that runs. Install into a virtualenv in a builder stage (FROM … AS builder; RUN python -m venv /opt/venv && /opt/venv/bin/pip install …), then COPY --from=builder /opt/venv /opt/venv into a slim final stage.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      dockerfile(dockerfile) {
        const chain = finalChain(dockerfile);
        // Some stage outside the final chain exists, so something is built apart from the image that runs.
        if (chain.length === 0 || chain.length < dockerfile.stages.length) return;
        let dependencies: { path: ReturnType<typeof instructionPath>; tool: string } | null = null;
        for (const instruction of chain.flatMap((s) => s.instructions)) {
          if (instruction.keyword !== 'RUN') continue;
          for (const { words } of commandsOf(instruction) ?? []) {
            const install = installOf(words);
            if (install === null || !install.installsDependencies) continue;
            if (install.ecosystem === 'system') {
              const packages = words.slice(install.argsFrom).filter((w) => !w.startsWith('-') && BUILD_TOOLS.test(w));
              if (packages.length > 0) {
                context.report({ path: instructionPath(instruction), messageId: 'buildTools', data: { packages: packages.join(', '), tool: install.tool } });
                return;
              }
            } else dependencies ??= { path: instructionPath(instruction), tool: install.tool };
          }
        }
        if (dependencies !== null) context.report({ path: dependencies.path, messageId: 'dependencies', data: { tool: dependencies.tool } });
      },
    };
  },
});
