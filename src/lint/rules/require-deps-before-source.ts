// Layer cache invalidation by COPY: https://docs.docker.com/build/cache/ ; dependencies first: https://docs.docker.com/build/building/best-practices/#leverage-build-cache
import { createRule } from '../create-rule.ts';
import { commandsOf, copiesWholeContext, installOf, type InstallCommand } from '../docker.ts';
import { instructionPath, type DockerInstruction } from '../load/dockerfile.ts';

export default createRule({
  id: 'require-deps-before-source',
  meta: {
    description: 'Require dependencies to be installed before the source is copied in, so a code change does not re-run the install.',
    severity: 'warning',
    fixable: false,
    suppressible: true,
    group: 'dockerfile',
    peers: [],
    messages: {
      sourceBeforeDeps:
        '{{copy}} copies the whole source before "{{install}}" (line {{line}}), so every code change invalidates the layer cache and the install runs again on each build. {{fix}}',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      dockerfile(dockerfile) {
        for (const stage of dockerfile.stages) {
          let copy: DockerInstruction | null = null;
          scan: for (const instruction of stage.instructions) {
            if (copy === null && copiesWholeContext(instruction)) copy = instruction;
            if (instruction.keyword !== 'RUN') continue;
            for (const { words } of commandsOf(instruction) ?? []) {
              const install = installOf(words);
              if (install === null || !install.installsDependencies) continue;
              // Only the stage's first install matters: a project install after its dependencies is the good pattern.
              if (copy !== null) {
                context.report({
                  path: instructionPath(copy),
                  messageId: 'sourceBeforeDeps',
                  data: { copy: `${copy.keyword} ${copy.args}`, install: words.join(' '), line: instruction.position.line, fix: fixFor(install, words) },
                });
              }
              break scan;
            }
          }
        }
      },
    };
  },
});

function fixFor(install: InstallCommand, words: readonly string[]): string {
  const requirements = requirementsFile(words.slice(install.argsFrom));
  if (requirements !== null) return `Copy only ${requirements} first (COPY ${requirements} ./), run the install, then COPY the rest.`;
  switch (install.tool.split(' ')[0]) {
    case 'uv':
      return 'Copy pyproject.toml and uv.lock first and run uv sync --frozen --no-install-project, then COPY the rest and run uv sync --frozen.';
    case 'poetry':
      return 'Copy pyproject.toml and poetry.lock first and run poetry install --no-root, then COPY the rest.';
    case 'pipenv':
      return 'Copy Pipfile and Pipfile.lock first and install from them, then COPY the rest.';
    case 'pdm':
      return 'Copy pyproject.toml and pdm.lock first and run pdm install --prod --no-self, then COPY the rest.';
    case 'npm':
    case 'yarn':
    case 'pnpm':
      return 'Copy package.json and its lockfile first and install, then COPY the rest.';
    case 'pip':
      return 'Copy the dependency files first (a lockfile, or a requirements.txt exported from it) and install the dependencies alone, then COPY the rest and install the project with pip install --no-deps .';
    default:
      return `Move "${install.tool}" above the COPY: system packages do not depend on the source.`;
  }
}

/** `-r requirements.txt`, `-rrequirements.txt`, `--requirement=requirements.txt`; null for none or a pyproject.toml. */
function requirementsFile(args: readonly string[]): string | null {
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i]!;
    let file: string | undefined;
    if (arg === '-r' || arg === '--requirement') file = args[i + 1];
    else if (arg.startsWith('--requirement=')) file = arg.slice('--requirement='.length);
    else if (/^-r[^-]/.test(arg)) file = arg.slice(2);
    if (file !== undefined && !file.endsWith('.toml')) return file;
  }
  return null;
}
