import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { APP_DIR, RUNTIME_DIR, VENV_DIR } from '../../src/synth/commands.ts';
import { TOOL_VENVS } from '../../src/synth/dockerfile.ts';
import { CACHE_DIR } from './python-tools.ts';

/**
 * Runs a generated Dockerfile's builder stage for real, without a container engine: COPY from
 * a fresh copy of the project, ENV, WORKDIR and every RUN in order, with the image's absolute
 * paths mapped into a temporary root. BuildKit `--mount` flags are dropped (the caches are real
 * directories here), the builder's own tool installs (apt-get, the installer venvs) are replaced
 * by the cached tool venvs, and the image interpreter by a local one of the same version.
 * Then it reads the runtime stage's ENV, WORKDIR and exec-form CMD, to start the app as the
 * image would.
 */

export interface BuildTools {
  /** A local interpreter of the image's Python version. */
  python: string;
  /** Cached venvs holding uv / poetry / pipenv / pdm, by tool. */
  venvs: Partial<Record<'uv' | 'poetry' | 'pipenv' | 'pdm', string>>;
}

export interface Built {
  root: string;
  /** The runtime stage's environment, paths mapped. */
  env: Record<string, string>;
  /** The runtime WORKDIR, mapped. */
  workdir: string;
  cmd: string[];
  /** Each RUN that ran, as run (mapped), with its seconds. */
  steps: Array<{ command: string; seconds: number }>;
  /** Builder instructions the emulation skipped, with why (so a test can show them). */
  skipped: string[];
}

function stages(text: string): Instruction[][] {
  const out: Instruction[][] = [];
  for (const instruction of DockerfileParser.parse(text).getInstructions()) {
    if (instruction.getKeyword() === 'FROM') out.push([]);
    out.at(-1)?.push(instruction);
  }
  return out;
}

function flagsOf(instruction: Instruction): string[] {
  const withFlags = instruction as unknown as { getFlags?: () => Array<{ toString(): string }> };
  return withFlags.getFlags?.().map((f) => f.toString()) ?? [];
}

function propertiesOf(instruction: Instruction): Array<[string, string]> {
  const withProps = instruction as unknown as { getProperties: () => Array<{ getName(): string; getValue(): string | null }> };
  return withProps.getProperties().map((p) => [p.getName(), p.getValue() ?? '']);
}

/** Rewrites the image's absolute paths (and the interpreter) to their places under `root`. */
function pathMapper(root: string, tools: BuildTools, imagePython: string | null): (text: string) => string {
  const map: Array<[string, string]> = [
    ...Object.entries(TOOL_VENVS).flatMap(([tool, dir]): Array<[string, string]> => {
      const venv = tools.venvs[tool as keyof BuildTools['venvs']];
      return venv === undefined ? [] : [[dir, venv]];
    }),
    ...(imagePython !== null ? [[imagePython, tools.python] as [string, string]] : []),
    [VENV_DIR, path.join(root, VENV_DIR)],
    [RUNTIME_DIR, path.join(root, RUNTIME_DIR)],
    [APP_DIR, path.join(root, APP_DIR)],
    ['/tmp', path.join(root, 'tmp')],
  ];
  map.sort((a, b) => b[0].length - a[0].length);
  const targets = new Map(map);
  const escaped = map.map(([from]) => from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  // One pass, so a mapped path (under os.tmpdir()) is never mapped again by the /tmp entry.
  const pattern = new RegExp(`(^|[\\s=:"'])(${escaped.join('|')})(?=$|[/\\s:"'])`, 'g');
  return (text) => text.replace(pattern, (_m, lead: string, from: string) => `${lead}${targets.get(from)!}`);
}

function copyInto(context: string, sources: string[], dest: string, cwd: string): void {
  const target = path.isAbsolute(dest) ? dest : path.join(cwd, dest);
  const intoDir = dest.endsWith('/') || dest === '.' || sources.length > 1;
  for (const source of sources) {
    const from = path.join(context, source);
    const stat = fs.statSync(from);
    if (stat.isDirectory()) {
      // Docker copies a directory's contents, not the directory itself.
      fs.mkdirSync(target, { recursive: true });
      fs.cpSync(from, target, { recursive: true });
    } else {
      const to = intoDir ? path.join(target, path.basename(source)) : target;
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.copyFileSync(from, to);
    }
  }
}

/** Environment for the builder's RUN steps: the tool venvs and a python shim first on PATH, caches under CACHE_DIR. */
function builderEnv(root: string, tools: BuildTools, version: string): Record<string, string> {
  const shims = path.join(root, 'shims');
  fs.mkdirSync(shims, { recursive: true });
  for (const name of ['python', 'python3', `python${version}`]) fs.symlinkSync(tools.python, path.join(shims, name));
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.startsWith('VIRTUAL_ENV') && !k.startsWith('UV_') && !k.startsWith('POETRY_') && !k.startsWith('PIPENV_')) env[k] = v;
  const toolBins = Object.values(tools.venvs).map((v) => path.join(v, 'bin'));
  env['PATH'] = [shims, ...toolBins, env['PATH'] ?? ''].join(path.delimiter);
  env['UV_CACHE_DIR'] = path.join(CACHE_DIR, 'uv-cache');
  env['PIP_CACHE_DIR'] = path.join(CACHE_DIR, 'pip-cache');
  // Pipenv and Poetry keep state under HOME and XDG dirs: keep it out of the real home.
  env['XDG_CACHE_HOME'] = path.join(CACHE_DIR, 'xdg-cache');
  env['PIPENV_VENV_IN_PROJECT'] = '0';
  return env;
}

/** Is this RUN one the emulation replaces: system packages, or installing an installer into its builder-only venv? */
function replacedRun(command: string): string | null {
  if (/^apt-get\b/.test(command)) return 'system packages (apt-get): this machine has its own compilers';
  const tool = Object.entries(TOOL_VENVS).find(([, dir]) => command.includes(`-m venv ${dir}`));
  if (tool !== undefined) return `installs ${tool[0]} into ${tool[1]}: the cached ${tool[0]} venv is used instead`;
  return null;
}

export function runBuilder(dockerfile: string, projectDir: string, tools: BuildTools, pythonVersion: string, files: Array<{ path: string; content: string }> = []): Built {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-image-'));
  const context = path.join(root, 'context');
  fs.cpSync(projectDir, context, { recursive: true });
  // The base image has a /tmp (lock exports are written there).
  fs.mkdirSync(path.join(root, 'tmp'));
  for (const file of files) {
    fs.mkdirSync(path.dirname(path.join(context, file.path)), { recursive: true });
    fs.writeFileSync(path.join(context, file.path), file.content);
  }
  const [builder, runtime] = stages(dockerfile);
  if (builder === undefined || runtime === undefined) throw new Error('expected a builder and a runtime stage');
  const imagePython = /UV_PYTHON=(\S+)/.exec(dockerfile)?.[1] ?? /(\/\S*\/python\d+\.\d+) -m venv/.exec(dockerfile)?.[1] ?? null;
  const map = pathMapper(root, tools, imagePython);
  const env = builderEnv(root, tools, pythonVersion);
  let cwd = root;
  const steps: Built['steps'] = [];
  const skipped: string[] = [];

  for (const instruction of builder.slice(1)) {
    const keyword = instruction.getKeyword();
    const flags = flagsOf(instruction);
    if (keyword === 'ENV') {
      for (const [name, value] of propertiesOf(instruction)) env[name] = map(value);
    } else if (keyword === 'WORKDIR') {
      cwd = map(instruction.getArgumentsContent() ?? '/');
      fs.mkdirSync(cwd, { recursive: true });
    } else if (keyword === 'COPY') {
      const args = instruction.getArguments().map((a) => a.getValue());
      if (flags.some((f) => f.startsWith('--from='))) {
        skipped.push(`COPY ${flags.join(' ')} ${args.join(' ')}: the binary comes from the cached tool venv`);
        continue;
      }
      copyInto(context, args.slice(0, -1), map(args.at(-1)!), cwd);
    } else if (keyword === 'RUN') {
      const command = (instruction.getArgumentsContent() ?? '').replace(/\s+/g, ' ').trim();
      const replaced = replacedRun(command);
      if (replaced !== null) {
        skipped.push(`RUN ${command}: ${replaced}`);
        continue;
      }
      const mapped = map(command);
      const started = Date.now();
      const result = spawnSync('/bin/sh', ['-c', mapped], { cwd, env, encoding: 'utf8', timeout: 600_000, maxBuffer: 64 * 1024 * 1024 });
      steps.push({ command: mapped, seconds: (Date.now() - started) / 1000 });
      if (result.status !== 0) {
        throw new Error(`RUN failed (exit ${result.status}): ${mapped}\n${result.stdout.slice(-3000)}\n${result.stderr.slice(-3000)}`);
      }
    } else if (keyword !== 'ARG') {
      throw new Error(`the emulated builder does not handle ${keyword}`);
    }
  }

  // Runtime stage: ENV (with ARG defaults and $PATH expanded), COPY of the runtime helpers, WORKDIR, CMD.
  const args: Record<string, string> = {};
  const runtimeEnv: Record<string, string> = {};
  let workdir = '/';
  let cmd: string[] = [];
  const expand = (value: string): string => value.replace(/\$\{?(\w+)\}?/g, (_m, name: string) => runtimeEnv[name] ?? args[name] ?? process.env[name] ?? '');
  for (const instruction of runtime.slice(1)) {
    const keyword = instruction.getKeyword();
    if (keyword === 'ARG') for (const [name, value] of propertiesOf(instruction)) args[name] = value;
    else if (keyword === 'ENV') for (const [name, value] of propertiesOf(instruction)) runtimeEnv[name] = expand(map(value));
    else if (keyword === 'WORKDIR') workdir = map(instruction.getArgumentsContent() ?? '/');
    else if (keyword === 'CMD') {
      // JSON.parse rather than dockerfile-ast's getJSONValue, which drops the spaces inside strings.
      cmd = JSON.parse(instruction.getArgumentsContent() ?? '[]') as string[];
    } else if (keyword === 'COPY' && !flagsOf(instruction).some((f) => f.startsWith('--from='))) {
      const copyArgs = instruction.getArguments().map((a) => a.getValue());
      copyInto(context, copyArgs.slice(0, -1), map(copyArgs.at(-1)!), root);
    }
  }
  return { root, env: runtimeEnv, workdir, cmd, steps, skipped };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address() as net.AddressInfo;
      server.close(() => resolve(address.port));
    });
  });
}

/** The CMD with its listening port replaced (gunicorn `--bind host:port`, uvicorn `--port`). */
export function withPort(argv: string[], port: number): string[] {
  const out = [...argv];
  const bind = out.indexOf('--bind');
  if (bind >= 0) out[bind + 1] = out[bind + 1]!.replace(/:\d+$/, `:${port}`);
  const portFlag = out.indexOf('--port');
  if (portFlag >= 0) out[portFlag + 1] = String(port);
  if (bind < 0 && portFlag < 0) throw new Error(`no --bind or --port in ${argv.join(' ')}`);
  return out;
}

function get(port: number, urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ host: '127.0.0.1', port, path: urlPath, timeout: 5_000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', reject);
    request.on('timeout', () => request.destroy(new Error('timeout')));
  });
}

export interface Started {
  status: number;
  output: string;
  seconds: number;
}

/**
 * Starts the image's CMD the way the container would (its WORKDIR, its ENV with the venv first
 * on PATH), waits for an HTTP answer on `urlPath`, then stops it with SIGTERM.
 */
export async function startAndGet(built: Built, urlPath: string, extraEnv: Record<string, string> = {}): Promise<Started> {
  const port = await freePort();
  const argv = withPort(built.cmd, port);
  const env: Record<string, string> = { ...built.env, ...extraEnv };
  // The image's PATH is the venv plus the base image's; here the venv plus this machine's.
  env['PATH'] = env['PATH'] ?? '';
  const started = Date.now();
  const executable = path.join(built.root, VENV_DIR, 'bin', argv[0]!);
  const child: ChildProcess = spawn(fs.existsSync(executable) ? executable : argv[0]!, argv.slice(1), { cwd: built.workdir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr?.on('data', (d: Buffer) => { output += d.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  try {
    const deadline = Date.now() + 90_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before answering:\n${output.slice(-4000)}`);
      try {
        const status = await get(port, urlPath);
        return { status, output, seconds: (Date.now() - started) / 1000 };
      } catch (error) {
        if (Date.now() > deadline) throw new Error(`no HTTP answer on ${urlPath} within 90 s: ${String(error)}\n${output.slice(-4000)}`);
        await new Promise((r) => setTimeout(r, 250));
      }
    }
  } finally {
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
  }
}
