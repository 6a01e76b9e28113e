// Compose services, `command`, `ports`, `environment` and `healthcheck`: https://docs.docker.com/reference/compose-file/services/
// File names and override merging: https://docs.docker.com/compose/how-tos/multiple-compose-files/merge/
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Datastore, Fact, Source } from '../../model/facts.ts';
import { deploymentDirs, readArgvCommand, toCommandFacts, toUnparsableCommand } from '../commands/command-facts.ts';
import { datastoreOfUrl, redactUrl } from '../commands/datastore-url.ts';
import { healthCheckUrl } from '../commands/health-check.ts';
import { basename, splitShellWords } from '../commands/shell-words.ts';
import { defineDetector } from '../detector.ts';
import { dirOf, joinRel, type Project } from '../project.ts';

/**
 * `compose.yaml`, `docker-compose.yml`, the `.override` file compose merges into them, and
 * named variants: `docker-compose.prod.yml`, `docker-compose-non-dev.yml`.
 */
const COMPOSE_NAME = /^(?:docker-)?compose(?:[.-]([A-Za-z0-9_.-]+?))?\.ya?ml$/;

/** Variant words for development, testing or CI; `non-dev` and `no-dev` name the opposite. */
const NON_PRODUCTION_WORDS = new Set(['dev', 'develop', 'development', 'local', 'test', 'tests', 'testing', 'ci', 'debug', 'e2e']);

/** Folders under a deployment directory where compose files are kept. */
const COMPOSE_FOLDERS = ['.', 'docker', 'deploy'];

/** Official and common images by their last path segment. */
const DATASTORE_IMAGES: Record<string, Datastore> = {
  postgres: 'postgresql',
  postgresql: 'postgresql',
  postgis: 'postgresql',
  pgvector: 'postgresql',
  timescaledb: 'postgresql',
  'timescaledb-ha': 'postgresql',
  redis: 'redis',
  'redis-stack': 'redis',
  'redis-stack-server': 'redis',
  valkey: 'redis',
  keydb: 'redis',
  dragonfly: 'redis',
  rabbitmq: 'rabbitmq',
  mongo: 'mongodb',
  mongodb: 'mongodb',
  'mongodb-community-server': 'mongodb',
  mysql: 'mysql',
  'mysql-server': 'mysql',
  mariadb: 'mysql',
};

export const compose = defineDetector({
  id: 'compose',
  kind: 'commands',
  detect(project) {
    return composeFilesOf(project).flatMap((file) => {
      const text = project.read(file);
      return text === null ? [] : readCompose(project, file, text);
    });
  },
});

/**
 * Compose files in the deployment directories and their `docker/` and `deploy/` folders: in
 * each folder the base file first, then its override, then named variants by name. Variants
 * for development, tests or CI (`docker-compose.dev.yml`) describe how the app is worked on,
 * so they are read only when the project has no other compose file.
 */
export function composeFilesOf(project: Project): string[] {
  const folders = [...new Set(deploymentDirs(project).flatMap((dir) => COMPOSE_FOLDERS.map((f) => joinRel(dir, f))))];
  const found = folders.flatMap((folder) =>
    project.files
      .filter((file) => dirOf(file) === folder && COMPOSE_NAME.test(basename(file)))
      .sort((a, b) => composeRank(a) - composeRank(b) || a.localeCompare(b)),
  );
  const production = found.filter((file) => !isNonProductionVariant(file));
  return production.length > 0 ? production : found;
}

/** Base files first, then the override compose merges into them, then named variants. */
function composeRank(file: string): number {
  const variant = COMPOSE_NAME.exec(basename(file))?.[1];
  return variant === undefined ? 0 : variant === 'override' ? 1 : 2;
}

function isNonProductionVariant(file: string): boolean {
  const words = (COMPOSE_NAME.exec(basename(file))?.[1] ?? '').toLowerCase().split(/[._-]/);
  return words.some((word, i) => NON_PRODUCTION_WORDS.has(word) && words[i - 1] !== 'non' && words[i - 1] !== 'no');
}

function readCompose(project: Project, file: string, text: string): Fact[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const error = doc.errors[0];
  if (error !== undefined) {
    const position = error.linePos?.[0];
    const line = position?.line ?? 0;
    // The parser's message names the line and column itself.
    const detail = error.message.split('\n')[0]!.replace(/:$/, '');
    return [{
      kind: 'problem',
      level: 'warning',
      code: 'W_COMPOSE_SYNTAX',
      message: `"${file}" is not valid YAML (${detail}); it was skipped. Fix it so \`docker compose config\` accepts it.`,
      source: { file, line },
      why: 'the file could not be parsed',
    }];
  }
  const services = doc.get('services', true);
  if (!isMap(services)) return [];
  const lineOf = (node: Node | Pair | null | undefined): number => {
    const range = node !== null && node !== undefined && 'range' in node ? node.range : null;
    return range === null || range === undefined ? 0 : lineCounter.linePos(range[0]).line;
  };
  const facts: Fact[] = [];
  for (const item of services.items) {
    if (!isScalar(item.key) || !isMap(item.value)) continue;
    const service = String(item.key.value);
    const body = item.value as YAMLMap;
    const entry = (key: string): Pair<Node, Node> | undefined => body.items.find((p) => isScalar(p.key) && p.key.value === key) as Pair<Node, Node> | undefined;
    const image = entry('image');
    const imageName = image !== undefined && isScalar(image.value) ? String(image.value.value) : null;
    const datastore = imageName === null ? null : datastoreOfImage(imageName);
    if (datastore !== null) {
      const line = lineOf(image!.key);
      // A database's published port is the database's, never the app's.
      facts.push({ kind: 'datastore', value: datastore, optional: false, source: { file, line }, why: `runs the "${imageName}" image as service "${service}"` });
      continue;
    }

    const environment = environmentOf(entry('environment'), lineOf);
    const commandEntry = entry('command');
    const build = buildOf(dirOf(file), entry('build'));
    const workdir = build?.context ?? dirOf(file);
    const commandFacts = commandEntry === undefined ? [] : readServiceCommand(project, file, workdir, service, commandEntry, lineOf(commandEntry.key), environment);
    // Proxies, front ends and test runners are other services; their commands, ports and
    // health checks are not the app's.
    const isApp = (build !== null && buildsApp(project, build)) || commandFacts.some((f) => f.kind !== 'command' && f.kind !== 'problem');
    if (!isApp) continue;
    facts.push(...commandFacts);
    facts.push(...portsOf(file, service, entry('ports'), lineOf));
    facts.push(...healthCheckOf(file, service, entry('healthcheck'), environment, lineOf));
    for (const variable of environment) {
      const store = datastoreOfUrl(variable.value);
      if (store === null) continue;
      facts.push({ kind: 'datastore', value: store, optional: false, source: { file, line: variable.line }, why: `sets ${variable.name}=${redactUrl(variable.value)} for service "${service}"` });
    }
  }
  return facts;
}

interface Build {
  /** The folder the image is built from (`build: ..`, `build: { context: backend }`); the service's command runs from there. */
  context: string;
  /** The Dockerfile, relative to the analysed directory. */
  dockerfile: string;
}

function buildOf(composeDir: string, entry: Pair<Node, Node> | undefined): Build | null {
  const value = entry?.value;
  if (value === undefined || value === null) return null;
  const written = isScalar(value) ? value.value : isMap(value) ? (value.get('context') ?? '.') : '.';
  // A remote context (`https://…`, `git@…`) is not in the repository.
  const context = typeof written !== 'string' || written.includes('://') || written.includes('@') ? composeDir : joinRel(composeDir, written);
  const dockerfile = isMap(value) ? value.get('dockerfile') : undefined;
  return { context, dockerfile: joinRel(context, typeof dockerfile === 'string' ? dockerfile : 'Dockerfile') };
}

/**
 * Whether a build makes the Python app's image: always in a single-app repository; in a
 * monorepo, when its Dockerfile lies in the app root, or sits at the root of a context that
 * holds the app root. `frontend/Dockerfile` next to `backend/` builds something else.
 */
function buildsApp(project: Project, build: Build): boolean {
  if (project.appRoot === '.') return true;
  const within = (path: string, dir: string): boolean => dir === '.' || path === dir || path.startsWith(`${dir}/`);
  return within(build.dockerfile, project.appRoot) || (dirOf(build.dockerfile) === build.context && within(project.appRoot, build.context));
}

/** `healthcheck.test` requesting a local URL: a health endpoint and the port the app answers on. */
function healthCheckOf(file: string, service: string, entry: Pair<Node, Node> | undefined, environment: Variable[], lineOf: (node: Node | null | undefined) => number): Fact[] {
  const healthcheck = entry?.value;
  if (!isMap(healthcheck)) return [];
  const test = healthcheck.items.find((p) => isScalar(p.key) && p.key.value === 'test') as Pair<Node, Node> | undefined;
  if (test === undefined) return [];
  // `["CMD", "curl", …]`, `["CMD-SHELL", "curl …"]` or a string run by the shell; `$$` is compose's escaped `$`.
  const words = isSeq(test.value) ? test.value.items.map((item) => (isScalar(item) ? String(item.value) : '')) : isScalar(test.value) ? [String(test.value.value)] : [];
  if (words[0] === 'NONE') return [];
  const text = words.filter((w, i) => i > 0 || (w !== 'CMD' && w !== 'CMD-SHELL')).join(' ').replace(/\$\$/g, '$');
  const check = healthCheckUrl(text, Object.fromEntries(environment.map((v) => [v.name, v.value])));
  if (check === null) return [];
  const source: Source = { file, line: lineOf(test.key) };
  const why = `the health check of service "${service}" requests ${check.url}`;
  const facts: Fact[] = [];
  if (check.path !== null) facts.push({ kind: 'endpoint', path: check.path, role: 'health', source, why });
  if (check.port !== null) facts.push({ kind: 'port', value: check.port, source, why });
  return facts;
}

/** `postgres:16`, `docker.io/library/redis:7@sha256:…`, `bitnami/postgresql` → the datastore they run. */
export function datastoreOfImage(image: string): Datastore | null {
  const withoutDigest = image.split('@')[0]!;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const name = withoutDigest.slice(lastSlash + 1, colon > lastSlash ? colon : undefined).toLowerCase();
  return DATASTORE_IMAGES[name] ?? null;
}

interface Variable {
  name: string;
  value: string;
  line: number;
}

/** `environment:` as a map or as a list of `NAME=value`. */
function environmentOf(entry: Pair<Node, Node> | undefined, lineOf: (node: Node | null | undefined) => number): Variable[] {
  const value = entry?.value;
  const variables: Variable[] = [];
  if (isMap(value)) {
    for (const pair of value.items) {
      if (isScalar(pair.key) && isScalar(pair.value) && pair.value.value !== null) {
        variables.push({ name: String(pair.key.value), value: String(pair.value.value), line: lineOf(pair.key as Node) });
      }
    }
  } else if (isSeq(value)) {
    for (const item of value.items) {
      if (!isScalar(item)) continue;
      const match = /^([^=]+)=(.*)$/s.exec(String(item.value));
      if (match !== null) variables.push({ name: match[1]!, value: match[2]!, line: lineOf(item) });
    }
  }
  return variables;
}

function readServiceCommand(project: Project, file: string, workdir: string, service: string, entry: Pair<Node, Node>, line: number, environment: Variable[]): Fact[] {
  const source: Source = { file, line };
  const env = Object.fromEntries(environment.map((v) => [v.name, v.value]));
  let argv: string[] | null;
  if (isSeq(entry.value)) {
    argv = entry.value.items.map((item) => (isScalar(item) ? String(item.value) : ''));
  } else if (isScalar(entry.value) && entry.value.value !== null) {
    // Compose splits a string command into words itself, like a shell would but without running one.
    argv = splitShellWords(String(entry.value.value));
    if (argv === null) return [toUnparsableCommand(source, String(entry.value.value))];
  } else {
    return [];
  }
  const command = readArgvCommand(argv, env);
  if (command === null) return [toUnparsableCommand(source, argv.join(' '))];
  return toCommandFacts(command, service, { project, source, workdir, env });
}

function portsOf(file: string, service: string, entry: Pair<Node, Node> | undefined, lineOf: (node: Node | null | undefined) => number): Fact[] {
  const value = entry?.value;
  if (!isSeq(value)) return [];
  const facts: Fact[] = [];
  for (const item of value.items) {
    let target: number | null = null;
    if (isScalar(item)) {
      // `8080`, `8080:8080`, `127.0.0.1:8080:8080/tcp`: the container port is the last part.
      const text = String(item.value).replace(/\/(tcp|udp)$/, '');
      const last = text.split(':').at(-1)!;
      target = /^\d+$/.test(last) && !String(item.value).endsWith('/udp') ? Number(last) : null;
    } else if (isMap(item)) {
      const t = item.get('target');
      target = typeof t === 'number' ? t : typeof t === 'string' && /^\d+$/.test(t) ? Number(t) : null;
    }
    if (target === null || target < 1 || target > 65535) continue;
    const line = lineOf(item as Node);
    facts.push({ kind: 'port', value: target, source: { file, line }, why: `publishes container port ${target} of service "${service}"` });
  }
  return facts;
}
