// Dockerfile semantics the Dockerfile rules share: https://docs.docker.com/reference/dockerfile/
import { basename, splitShellCommands, substituteEnv, unwrapShellCommand } from '../analyze/commands/shell-words.ts';
import type { DockerfileSource, DockerInstruction, DockerStage } from './load/dockerfile.ts';

/**
 * Helpers for the `dockerfile(d)` visitor: which stages end up in the image, the ENV an
 * instruction sees, the commands a RUN or CMD runs, and what kind of install a command is.
 */

/** The stage a FROM builds on when it names an earlier stage (`FROM base AS app`), else null. */
export function parentStage(dockerfile: DockerfileSource, stage: DockerStage): DockerStage | null {
  const image = resolveArgs(dockerfile, stage.image).toLowerCase();
  for (let i = stage.index - 1; i >= 0; i -= 1) {
    const candidate = dockerfile.stages[i]!;
    if (candidate.name !== null && candidate.name.toLowerCase() === image) return candidate;
  }
  return null;
}

/** The stage and the stages it is built FROM, root first: everything they contain is in its image. */
export function stageChain(dockerfile: DockerfileSource, stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [stage];
  let current = parentStage(dockerfile, stage);
  while (current !== null && !chain.includes(current)) {
    chain.unshift(current);
    current = parentStage(dockerfile, current);
  }
  return chain;
}

/** The final stage's chain: the stages whose instructions build the image that runs. */
export function finalChain(dockerfile: DockerfileSource): DockerStage[] {
  const final = dockerfile.stages.at(-1);
  return final === undefined ? [] : stageChain(dockerfile, final);
}

/** The external image a stage ultimately starts from (`python:3.12-slim`), global ARG defaults filled in. */
export function baseImageOf(dockerfile: DockerfileSource, stage: DockerStage): string {
  return resolveArgs(dockerfile, stageChain(dockerfile, stage)[0]!.image);
}

/** `${PYTHON_VERSION}` in a FROM line, replaced by the default of an ARG declared before the first FROM. */
export function resolveArgs(dockerfile: DockerfileSource, text: string): string {
  if (!text.includes('$')) return text;
  const globals: Record<string, string> = {};
  for (const instruction of dockerfile.instructions) {
    if (instruction.stage >= 0) break;
    if (instruction.keyword === 'ARG') Object.assign(globals, propertiesOf(instruction));
  }
  return substituteEnv(text, globals);
}

export interface ImageRef {
  /** Repository without registry for Docker Hub official images: `python`, `library/python` → `python`. */
  name: string;
  tag: string | null;
  digest: string | null;
}

/** `docker.io/library/python:3.12-slim@sha256:…` → `{ name: 'python', tag: '3.12-slim', digest: 'sha256:…' }`. */
export function parseImageRef(ref: string): ImageRef {
  let rest = ref.trim();
  let digest: string | null = null;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag: string | null = null;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  const name = rest.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '').replace(/^library\//, '');
  return { name, tag, digest };
}

/** Key/value pairs of an ENV or ARG instruction (`ENV A=1 B=2`, legacy `ENV A 1`, `ARG X`). */
export function propertiesOf(instruction: DockerInstruction): Record<string, string> {
  const out: Record<string, string> = {};
  const node = instruction.node as unknown as { getProperties?: () => Array<{ getName(): string; getValue(): string | null }> };
  for (const property of node.getProperties?.() ?? []) out[property.getName()] = property.getValue() ?? '';
  return out;
}

/**
 * Variables a RUN at `instruction` sees: ENV inherited along its stage chain, and the stage's
 * ARGs (a RUN sees those as environment variables too, though they never reach the image).
 */
export function envAt(dockerfile: DockerfileSource, instruction: DockerInstruction): Record<string, string> {
  const stage = dockerfile.stages[instruction.stage];
  if (stage === undefined) return {};
  const env: Record<string, string> = {};
  for (const s of stageChain(dockerfile, stage)) {
    for (const i of s.instructions) {
      if (s === stage && i.index >= instruction.index) break;
      if (i.keyword === 'ENV' || (i.keyword === 'ARG' && s === stage)) Object.assign(env, propertiesOf(i));
    }
  }
  return env;
}

/** ENV values of a whole stage chain (what the image runs with). */
export function envOfChain(chain: readonly DockerStage[]): Record<string, string> {
  const env: Record<string, string> = {};
  for (const stage of chain) for (const i of stage.instructions) if (i.keyword === 'ENV') Object.assign(env, propertiesOf(i));
  return env;
}

/** `--mount=…` flags of a RUN, as `key=value` maps. */
export function mountsOf(instruction: DockerInstruction): Array<Record<string, string>> {
  const node = instruction.node as unknown as { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> };
  const out: Array<Record<string, string>> = [];
  for (const flag of node.getFlags?.() ?? []) {
    if (flag.getName() !== 'mount') continue;
    const fields: Record<string, string> = {};
    for (const part of (flag.getValue() ?? '').split(',')) {
      const eq = part.indexOf('=');
      if (eq < 0) fields[part] = 'true';
      else fields[part.slice(0, eq)] = part.slice(eq + 1);
    }
    out.push(fields);
  }
  return out;
}

/** A flag of COPY/ADD/FROM (`--from`, `--chown`), or null. */
export function flagOf(instruction: DockerInstruction, name: string): string | null {
  const node = instruction.node as unknown as { getFlags?: () => Array<{ getName(): string; getValue(): string | null }> };
  const flag = node.getFlags?.().find((f) => f.getName() === name);
  return flag === undefined ? null : (flag.getValue() ?? '');
}

/** A command as run: leading `VAR=value` assignments split off, `env`/`sudo`/`exec` launchers peeled. */
export interface ShellCommand {
  words: string[];
  /** `PIP_NO_CACHE_DIR=1 pip install …` assignments. */
  assignments: Record<string, string>;
}

/** Every simple command a RUN, CMD or ENTRYPOINT runs (heredocs and `sh -c` scripts opened); null when unreadable. */
export function commandsOf(instruction: DockerInstruction): ShellCommand[] | null {
  if (instruction.json !== null) return commandsOfArgv(instruction.json);
  const lists = splitShellCommands(heredocScript(instruction.args));
  return lists === null ? null : lists.map(peel).filter((c) => c.words.length > 0);
}

/** Every simple command an argv runs (a container's `command` + `args`), `sh -c` scripts opened; null when unreadable. */
export function commandsOfArgv(argv: readonly string[]): ShellCommand[] | null {
  const lists = unwrapShellCommand(argv);
  return lists === null ? null : lists.map(peel).filter((c) => c.words.length > 0);
}

/** `<<EOF\nscript\nEOF` → `script`; other text unchanged. */
function heredocScript(args: string): string {
  const match = /^<<-?\s*["']?(\w+)["']?[^\n]*\n([\s\S]*?)\n\s*\1\s*$/.exec(args);
  return match === null ? args : match[2]!;
}

function peel(words: readonly string[]): ShellCommand {
  const assignments: Record<string, string> = {};
  let i = 0;
  for (;;) {
    const word = words[i];
    if (word === undefined) break;
    const assignment = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s.exec(word);
    if (assignment !== null) {
      assignments[assignment[1]!] = assignment[2]!;
      i += 1;
    } else if (word === 'env' || word === 'exec' || word === 'sudo' || word === 'nice' || word === 'time') {
      i += 1;
      while (words[i]?.startsWith('-') === true) i += 1;
    } else break;
  }
  return { words: words.slice(i), assignments };
}

/** What an install command installs. */
export interface InstallCommand {
  /** `pip install`, `uv sync`, `apt-get install`: the tool and its subcommand, as shown in messages. */
  tool: string;
  /** Python dependencies (`pip`, `uv`, `poetry`, `pipenv`, `pdm`), system packages or Node packages. */
  ecosystem: 'python' | 'system' | 'node';
  /** Whether it installs dependencies (false for `pip install --no-deps .`, `apt-get update`). */
  installsDependencies: boolean;
  /** Index in `words` where the arguments after the subcommand start. */
  argsFrom: number;
}

const PIP = /^pip(\d+(\.\d+)?)?$/;
const PYTHON = /^python(\d+(\.\d+)?)?$/;

/** Index of `install` when the command is `pip install` or `python -m pip install` (not `uv pip`), else -1. */
export function pipInstallIndex(words: readonly string[]): number {
  const program = basename(words[0] ?? '');
  if (PIP.test(program)) return words[1] === 'install' ? 1 : -1;
  if (PYTHON.test(program)) {
    const m = words.indexOf('-m');
    if (m > 0 && PIP.test(words[m + 1] ?? '') && words[m + 2] === 'install') return m + 2;
  }
  return -1;
}

/** The install a command performs, or null when it installs nothing. */
export function installOf(words: readonly string[]): InstallCommand | null {
  const program = basename(words[0] ?? '');
  const sub = words[1] ?? '';
  const pip = pipInstallIndex(words);
  if (pip >= 0) return { tool: 'pip install', ecosystem: 'python', installsDependencies: !words.includes('--no-deps'), argsFrom: pip + 1 };
  switch (program) {
    case 'uv':
      if (sub === 'sync') return { tool: 'uv sync', ecosystem: 'python', installsDependencies: true, argsFrom: 2 };
      if (sub === 'pip' && (words[2] === 'install' || words[2] === 'sync')) return { tool: `uv pip ${words[2]}`, ecosystem: 'python', installsDependencies: !words.includes('--no-deps'), argsFrom: 3 };
      return null;
    case 'poetry':
    case 'pdm':
    case 'pipenv':
      if (sub === 'install' || sub === 'sync') return { tool: `${program} ${sub}`, ecosystem: 'python', installsDependencies: !words.includes('--only-root'), argsFrom: 2 };
      return null;
    case 'conda':
    case 'mamba':
    case 'micromamba':
      if (sub === 'install' || (sub === 'env' && (words[2] === 'create' || words[2] === 'update'))) return { tool: `${program} ${sub}`, ecosystem: 'python', installsDependencies: true, argsFrom: 2 };
      return null;
    case 'apt-get':
    case 'apt':
    case 'apk':
    case 'yum':
    case 'dnf':
    case 'microdnf':
      if (['install', 'add', 'upgrade', 'dist-upgrade'].includes(sub)) return { tool: `${program} ${sub}`, ecosystem: 'system', installsDependencies: true, argsFrom: 2 };
      if (sub === 'update') return { tool: `${program} update`, ecosystem: 'system', installsDependencies: false, argsFrom: 2 };
      return null;
    case 'npm':
    case 'yarn':
    case 'pnpm':
      if (['install', 'ci', 'i', 'add'].includes(sub) || (program === 'yarn' && words.length === 1)) return { tool: `${program} ${sub || 'install'}`.trim(), ecosystem: 'node', installsDependencies: true, argsFrom: 2 };
      return null;
    default:
      return null;
  }
}

/** The image's effective program: ENTRYPOINT and/or CMD of the final stage chain (the last of each wins). */
export function effectivePrograms(chain: readonly DockerStage[]): DockerInstruction[] {
  const all = chain.flatMap((s) => s.instructions);
  const entrypoint = all.filter((i) => i.keyword === 'ENTRYPOINT').at(-1);
  const cmd = all.filter((i) => i.keyword === 'CMD').at(-1);
  // ENTRYPOINT resets a CMD inherited from a parent stage (BuildKit keeps one set in its own stage).
  const cmdApplies = cmd !== undefined && (entrypoint === undefined || cmd.stage === entrypoint.stage || cmd.index > entrypoint.index);
  const out: DockerInstruction[] = [];
  if (entrypoint !== undefined && entrypoint.args !== '') out.push(entrypoint);
  if (cmdApplies && cmd.args !== '' && (entrypoint === undefined || entrypoint.json !== null)) out.push(cmd);
  return out;
}

/** A COPY/ADD of the whole build context (`COPY . .`, `ADD ./ /app`), not from another stage or image. */
export function copiesWholeContext(instruction: DockerInstruction): boolean {
  if (instruction.keyword !== 'COPY' && instruction.keyword !== 'ADD') return false;
  if (flagOf(instruction, 'from') !== null) return false;
  const sources = instruction.json !== null ? instruction.json.slice(0, -1) : wordsOf(instruction).slice(0, -1);
  return sources.some((s) => s === '.' || s === './' || s === '*' || s === './*');
}

/** The arguments of an instruction (flags excluded), as the parser split them. */
export function wordsOf(instruction: DockerInstruction): string[] {
  return instruction.node.getArguments().map((a) => a.getValue());
}

const PYTHON_PROGRAMS = /^(python[\d.]*|pypy[\d.]*|pip[\d.]*|uv|uvx|poetry|pipenv|pdm|gunicorn|uvicorn|hypercorn|daphne|granian|celery|rq|dramatiq|huey_consumer|django-admin|flask|fastapi|streamlit)$/;

/** Whether the image runs Python: a Python base image, or Python tools in its RUN, CMD or ENTRYPOINT. */
export function isPythonImage(dockerfile: DockerfileSource, chain: readonly DockerStage[]): boolean {
  const root = chain[0];
  if (root === undefined) return false;
  const name = parseImageRef(baseImageOf(dockerfile, root)).name;
  // python, cgr.dev/chainguard/python, gcr.io/distroless/python3-debian12, pypy.
  if (/python|pypy/.test(name.split('/').at(-1) ?? '')) return true;
  for (const instruction of chain.flatMap((s) => s.instructions)) {
    if (!['RUN', 'CMD', 'ENTRYPOINT'].includes(instruction.keyword)) continue;
    for (const { words } of commandsOf(instruction) ?? []) if (PYTHON_PROGRAMS.test(basename(words[0] ?? ''))) return true;
  }
  // A venv or packages copied in from a Python build stage.
  return chain.some((s) => s.instructions.some((i) => i.keyword === 'COPY' && /venv|site-packages|python/i.test(i.args)));
}
