// Compose services, `command`, `ports` and `environment`: https://docs.docker.com/reference/compose-file/services/
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair, type YAMLMap } from 'yaml';
import type { Datastore, Fact, Source } from '../../model/facts.ts';
import { deploymentDirs, readArgvCommand, toCommandFacts, toUnparsableCommand } from '../commands/command-facts.ts';
import { datastoreOfUrl, redactUrl } from '../commands/datastore-url.ts';
import { splitShellWords } from '../commands/shell-words.ts';
import { defineDetector } from '../detector.ts';
import { joinRel, type Project } from '../project.ts';

const COMPOSE_FILES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

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
    const facts: Fact[] = [];
    for (const dir of deploymentDirs(project)) {
      for (const name of COMPOSE_FILES) {
        const file = joinRel(dir, name);
        const text = project.read(file);
        if (text !== null) facts.push(...readCompose(project, file, dir, text));
      }
    }
    return facts;
  },
});

function readCompose(project: Project, file: string, dir: string, text: string): Fact[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  const error = doc.errors[0];
  if (error !== undefined) {
    const position = error.linePos?.[0];
    const line = position?.line ?? 0;
    const location = position === undefined ? file : `${file}:${position.line}:${position.col}`;
    return [{
      kind: 'problem',
      level: 'warning',
      code: 'W_COMPOSE_SYNTAX',
      message: `${location}: "${file}" is not valid YAML (${error.message.split('\n')[0]}); it was skipped.`,
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
      facts.push({ kind: 'datastore', value: datastore, optional: false, source: { file, line }, why: `${file}:${line} runs the "${imageName}" image as service "${service}"` });
      continue;
    }

    const environment = environmentOf(entry('environment'), lineOf);
    const commandEntry = entry('command');
    const commandFacts = commandEntry === undefined ? [] : readServiceCommand(project, file, dir, service, commandEntry, lineOf(commandEntry.key), environment);
    const isApp = entry('build') !== undefined || commandFacts.some((f) => f.kind !== 'command' && f.kind !== 'problem');
    facts.push(...commandFacts);
    if (!isApp) continue;
    facts.push(...portsOf(file, service, entry('ports'), lineOf));
    for (const variable of environment) {
      const store = datastoreOfUrl(variable.value);
      if (store === null) continue;
      facts.push({ kind: 'datastore', value: store, optional: false, source: { file, line: variable.line }, why: `${file}:${variable.line} sets ${variable.name}=${redactUrl(variable.value)} for service "${service}"` });
    }
  }
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

function readServiceCommand(project: Project, file: string, dir: string, service: string, entry: Pair<Node, Node>, line: number, environment: Variable[]): Fact[] {
  const source: Source = { file, line };
  const where = `${file}:${line}`;
  const env = Object.fromEntries(environment.map((v) => [v.name, v.value]));
  let argv: string[] | null;
  if (isSeq(entry.value)) {
    argv = entry.value.items.map((item) => (isScalar(item) ? String(item.value) : ''));
  } else if (isScalar(entry.value) && entry.value.value !== null) {
    // Compose splits a string command into words itself, like a shell would but without running one.
    argv = splitShellWords(String(entry.value.value));
    if (argv === null) return [toUnparsableCommand(where, source, String(entry.value.value))];
  } else {
    return [];
  }
  const command = readArgvCommand(argv, env);
  if (command === null) return [toUnparsableCommand(where, source, argv.join(' '))];
  return toCommandFacts(command, service, { project, source, where, workdir: dir });
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
    facts.push({ kind: 'port', value: target, source: { file, line }, why: `${file}:${line} publishes container port ${target} of service "${service}"` });
  }
  return facts;
}
