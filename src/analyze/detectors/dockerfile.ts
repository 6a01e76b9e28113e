// CMD/ENTRYPOINT interaction, EXPOSE, HEALTHCHECK and FROM: https://docs.docker.com/reference/dockerfile/#understand-how-cmd-and-entrypoint-interact
import { DockerfileParser, Env, type Instruction } from 'dockerfile-ast';
import type { Fact, Source } from '../../model/facts.ts';
import { defaultProcessName, deploymentDirs, readArgvCommand, readShellCommand, substituteEnv, toCommandFacts, toUnparsableCommand, type CommandContext, type ReadCommand } from '../commands/command-facts.ts';
import { healthCheckUrl } from '../commands/health-check.ts';
import { basename, substituteDefaults } from '../commands/shell-words.ts';
import { parseServerCommand } from '../commands/server-command.ts';
import { defineDetector } from '../detector.ts';
import { dirOf, joinRel, type Project } from '../project.ts';

const KEYWORDS = new Set(['ADD', 'ARG', 'CMD', 'COPY', 'ENTRYPOINT', 'ENV', 'EXPOSE', 'FROM', 'HEALTHCHECK', 'LABEL', 'MAINTAINER', 'ONBUILD', 'RUN', 'SHELL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR']);

/** Variants for development or CI describe how the app is worked on, not how it runs in production. */
const NON_PRODUCTION = /(^|[.-])(dev|development|local|test|tests|ci|debug)([.-]|$)/i;

export const dockerfile = defineDetector({
  id: 'dockerfile',
  kind: 'commands',
  detect(project) {
    return dockerfilesOf(project).flatMap((file) => {
      const text = project.read(file);
      return text === null ? [] : readDockerfile(project, file, text);
    });
  },
});

function dockerfilesOf(project: Project): string[] {
  const found: string[] = [];
  for (const dir of deploymentDirs(project)) {
    for (const folder of [dir, joinRel(dir, 'docker')]) {
      for (const file of project.files) {
        if (dirOf(file) !== folder) continue;
        const name = basename(file);
        const isDockerfile = name === 'Dockerfile' || name.startsWith('Dockerfile.') || name.endsWith('.Dockerfile');
        const variant = name.replace(/^Dockerfile\.?|\.?Dockerfile$/g, '');
        if (isDockerfile && !NON_PRODUCTION.test(variant) && !found.includes(file)) found.push(file);
      }
    }
  }
  return found;
}

interface Stage {
  name: string | null;
  image: string;
  line: number;
  instructions: Instruction[];
}

interface ExecOrShell {
  form: 'exec' | 'shell';
  /** Exec form: the argv. Shell form: a one-element array with the line. */
  value: string[];
  instruction: Instruction;
}

function readDockerfile(project: Project, file: string, text: string): Fact[] {
  const parsed = DockerfileParser.parse(text);
  const facts: Fact[] = [];
  const at = (instruction: Instruction): Source => ({ file, line: instruction.getRange().start.line + 1 });
  const argDefaults: Record<string, string> = {};
  for (const arg of parsed.getInitialARGs()) {
    const property = arg.getProperty();
    const value = property?.getValue();
    if (property !== null && property !== undefined && value !== null && value !== undefined) argDefaults[property.getName()] = value;
  }

  const stages: Stage[] = [];
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (!KEYWORDS.has(keyword)) {
      const start = instruction.getRange().start;
      facts.push(syntaxProblem(file, start.line + 1, start.character + 1, `unknown instruction "${instruction.getInstruction()}"`));
      continue;
    }
    if (keyword === 'FROM') {
      const args = instruction.getArguments().map((a) => a.getValue()).filter((a) => !a.startsWith('--'));
      const asIndex = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({ name: asIndex >= 0 ? (args[asIndex + 1] ?? null) : null, image: args[0] ?? '', line: at(instruction).line, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push(instruction);
    }
  }
  const chain = stageChain(stages);
  if (chain.length === 0) return facts;

  const version = pythonVersionOf(chain, stages, argDefaults);
  if (version !== null) {
    facts.push({ kind: 'python-version', value: version.value, origin: 'dockerfile', source: { file, line: version.line }, why: `builds from the "${version.image}" image` });
  }

  // Later stages override what they inherit, so walk from the base of the chain to the final stage.
  const ordered = [...chain].reverse().flatMap((s) => s.instructions);
  const env: Record<string, string> = {};
  let shell: string[] = ['/bin/sh', '-c'];
  let cmd: ExecOrShell | null = null;
  let entrypoint: ExecOrShell | null = null;
  let healthcheck: Instruction | null = null;
  for (const instruction of ordered) {
    const keyword = instruction.getKeyword();
    if (instruction instanceof Env) {
      for (const property of instruction.getProperties()) {
        const value = property.getValue();
        if (value !== null) env[property.getName()] = value;
      }
    } else if (keyword === 'SHELL') {
      const form = execOrShell(instruction);
      if (form?.form === 'exec') shell = form.value;
    } else if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
      const form = execOrShell(instruction);
      if (form === null) {
        const start = instruction.getRange().start;
        facts.push(syntaxProblem(file, start.line + 1, start.character + 1, `${keyword} starts with "[" but is not a JSON array of strings, so Docker would run it through a shell as text`));
        continue;
      }
      if (keyword === 'CMD') cmd = form;
      else entrypoint = form;
    } else if (keyword === 'EXPOSE') {
      facts.push(...exposedPorts(file, instruction, { ...argDefaults, ...env }));
    } else if (keyword === 'HEALTHCHECK') {
      // Only the last HEALTHCHECK takes effect.
      healthcheck = instruction;
    }
  }

  const process = combine(entrypoint, cmd, shell, env);
  if (process !== null) {
    const source = at(process.instruction);
    if (process.command === null) {
      facts.push(toUnparsableCommand(source, process.text));
    } else {
      const context: CommandContext = { project, source, workdir: buildContextOf(file), env };
      facts.push(...toCommandFacts(process.command, defaultProcessName(process.command, context), context));
    }
  }
  if (healthcheck !== null) facts.push(...healthCheckFacts(at(healthcheck), healthcheck, { ...argDefaults, ...env }));
  return facts;
}

/** `HEALTHCHECK CMD curl -f http://localhost:8080/health`: a health endpoint and the port the app answers on. */
function healthCheckFacts(source: Source, instruction: Instruction, variables: Record<string, string>): Fact[] {
  const content = instruction.getArgumentsContent() ?? '';
  if (!/^CMD\b/i.test(content.trim())) return [];
  const check = healthCheckUrl(content, variables);
  if (check === null) return [];
  const facts: Fact[] = [];
  const why = `the image's health check requests ${check.url}`;
  if (check.path !== null) facts.push({ kind: 'endpoint', path: check.path, role: 'health', source, why });
  if (check.port !== null) facts.push({ kind: 'port', value: check.port, source, why });
  return facts;
}

/** Stage names for development or CI; a final stage so named is not the image that is deployed. */
const NON_PRODUCTION_STAGE = /^(dev|development|local|test|tests|testing|ci|debug|lint)$|[-_](dev|test|tests|ci|debug)$/i;

/**
 * The deployed stage and the earlier stages it is built `FROM`, deployed stage first. Docker
 * builds the last stage by default, but a last stage named `dev`, `test` or `ci` is a variant
 * built with `--target`, so the last stage not named so is taken instead.
 */
function stageChain(stages: Stage[]): Stage[] {
  const chain: Stage[] = [];
  let current = [...stages].reverse().find((s) => s.name === null || !NON_PRODUCTION_STAGE.test(s.name)) ?? stages.at(-1);
  while (current !== undefined && !chain.includes(current)) {
    chain.push(current);
    const image = current.image;
    current = stages.find((s) => s.name !== null && s.name.toLowerCase() === image.toLowerCase());
  }
  return chain;
}

function pythonVersionOf(chain: Stage[], stages: Stage[], args: Record<string, string>): { value: string; line: number; image: string } | null {
  // The final stage's base decides; a non-Python runtime base (distroless, debian) falls back to a builder stage.
  const candidates = [chain.at(-1)!, ...[...stages].reverse()];
  for (const stage of candidates) {
    const image = substituteDefaults(substituteEnv(stage.image, args));
    if (image === null) continue;
    const value = pythonVersionOfImage(image);
    if (value !== null) return { value, line: stage.line, image };
  }
  return null;
}

/** `python:3.12-slim` → 3.12, `ghcr.io/astral-sh/uv:python3.11-bookworm-slim` → 3.11. */
export function pythonVersionOfImage(image: string): string | null {
  const withoutDigest = image.split('@')[0]!;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  if (colon <= slash) return null;
  const name = withoutDigest.slice(slash + 1, colon);
  const tag = withoutDigest.slice(colon + 1);
  const pattern = name === 'python' ? /^(\d+\.\d+(?:\.\d+)?)(?:$|-)/ : /^python(\d+\.\d+(?:\.\d+)?)(?:$|-)/;
  return pattern.exec(tag)?.[1] ?? null;
}

function execOrShell(instruction: Instruction): ExecOrShell | null {
  const content = (instruction.getArgumentsContent() ?? '').trim();
  if (content.startsWith('[')) {
    try {
      const value: unknown = JSON.parse(content);
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return { form: 'exec', value: value as string[], instruction };
    } catch {
      // Not JSON: Docker falls back to shell form, which for a `[`-line is a mistake.
    }
    return null;
  }
  return { form: 'shell', value: [content], instruction };
}

interface Combined {
  command: ReadCommand | null;
  /** The instruction the facts point at. */
  instruction: Instruction;
  text: string;
}

/** ENTRYPOINT and CMD combined the way Docker does; the CMD's line is the source when it supplies the program. */
function combine(entrypoint: ExecOrShell | null, cmd: ExecOrShell | null, shell: string[], env: Record<string, string>): Combined | null {
  if (entrypoint === null && cmd === null) return null;
  if (entrypoint !== null && entrypoint.form === 'shell') {
    // A shell-form ENTRYPOINT ignores CMD entirely.
    return { command: readShellCommand(entrypoint.value[0]!, env, shell), instruction: entrypoint.instruction, text: entrypoint.value[0]! };
  }
  if (entrypoint === null) {
    const form = cmd!;
    const command = form.form === 'exec' ? readArgvCommand(form.value, env) : readShellCommand(form.value[0]!, env, shell);
    return { command, instruction: form.instruction, text: form.value.join(' ') };
  }
  const cmdArgv = cmd === null ? [] : cmd.form === 'exec' ? cmd.value : [...shell, cmd.value[0]!];
  const argv = [...entrypoint.value, ...cmdArgv];
  const whole = readArgvCommand(argv, env);
  if (whole !== null && whole.parsed.some((p) => p !== null)) {
    return { command: whole, instruction: entrypoint.instruction, text: argv.join(' ') };
  }
  // An entrypoint script (`docker-entrypoint.sh … exec "$@"`) usually runs the CMD it is given.
  if (cmd !== null) {
    const inner = cmd.form === 'exec' ? readArgvCommand(cmd.value, env) : readShellCommand(cmd.value[0]!, env, shell);
    if (inner !== null && inner.parsed.some((p) => p !== null)) {
      // The entrypoint is kept without the CMD arguments, so a script it names is still read
      // (migrations before `exec "$@"`) while the CMD is read once, from its own line.
      const entry = readArgvCommand(entrypoint.value, env);
      const before = entry === null ? { simple: [], parsed: [] } : entry;
      return { command: { argv, simple: [...before.simple, ...inner.simple], parsed: [...before.parsed, ...inner.parsed] }, instruction: cmd.instruction, text: argv.join(' ') };
    }
  }
  return { command: whole ?? { argv, simple: [argv], parsed: [parseServerCommand(argv)] }, instruction: entrypoint.instruction, text: argv.join(' ') };
}

function exposedPorts(file: string, instruction: Instruction, variables: Record<string, string>): Fact[] {
  const line = instruction.getRange().start.line + 1;
  const facts: Fact[] = [];
  for (const argument of instruction.getArguments()) {
    const written = argument.getValue();
    const resolved = substituteDefaults(substituteEnv(written, variables));
    const match = resolved === null ? null : /^(\d{1,5})(?:\/(tcp|udp))?$/i.exec(resolved);
    if (match === null || match[2]?.toLowerCase() === 'udp') continue;
    const port = Number(match[1]);
    if (port < 1 || port > 65535) continue;
    facts.push({ kind: 'port', value: port, source: { file, line }, why: `exposes port ${port}` });
  }
  return facts;
}

/** `docker/Dockerfile` is conventionally built with the repository root as its context. */
function buildContextOf(file: string): string {
  const dir = dirOf(file);
  return basename(dir) === 'docker' ? dirOf(dir) : dir;
}

function syntaxProblem(file: string, line: number, column: number, detail: string): Fact {
  return {
    kind: 'problem',
    level: 'warning',
    code: 'W_DOCKERFILE_SYNTAX',
    message: `${capitalize(detail)} (column ${column}); the instruction was skipped. Fix the Dockerfile so \`docker build\` accepts it.`,
    source: { file, line },
    why: 'Docker would reject or misread the instruction',
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
