// Celery apps, beat, queues and broker settings: https://docs.celeryq.dev/en/stable/userguide/configuration.html
import type { Fact, Source } from '../../model/facts.ts';
import { datastoreOfUrl, redactUrl } from '../commands/datastore-url.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import type { Project } from '../project.ts';
import { calleeOf, descendants, dottedName, importsOf, keywordArgument, lineOf, positionalArguments, stringList, stringValue, topLevelAssignments, type PyNode, type PythonTree } from '../python.ts';

const CELERY_CLASSES = new Set(['celery.Celery', 'celery.app.Celery', 'celery.app.base.Celery']);
const MENTIONS = /celery|beat_schedule|task_queues|task_routes|add_periodic_task/i;

/** Setting names as Celery reads them: lowercase, and Django-style `CELERY_`-prefixed or pre-4.0 uppercase. */
const SETTINGS: Record<string, Setting> = {
  beat_schedule: 'beat', celery_beat_schedule: 'beat', celerybeat_schedule: 'beat',
  beat_scheduler: 'scheduler', celery_beat_scheduler: 'scheduler', celerybeat_scheduler: 'scheduler',
  task_queues: 'queues', celery_task_queues: 'queues', celery_queues: 'queues',
  task_routes: 'routes', celery_task_routes: 'routes', celery_routes: 'routes',
  task_default_queue: 'default-queue', celery_task_default_queue: 'default-queue', celery_default_queue: 'default-queue',
  broker_url: 'broker', celery_broker_url: 'broker',
  result_backend: 'backend', celery_result_backend: 'backend',
};
type Setting = 'beat' | 'scheduler' | 'queues' | 'routes' | 'default-queue' | 'broker' | 'backend';

export const celery = defineDetector({
  id: 'celery',
  kind: 'worker',
  enablers: ['celery'],
  detect(project) {
    const facts: Fact[] = [];
    for (const file of project.appFiles) {
      if (!file.endsWith('.py')) continue;
      const text = project.read(file);
      if (text === null || !MENTIONS.test(text)) continue;
      const tree = project.python(file);
      if (tree !== null) facts.push(...celeryFactsOf(project, file, tree));
    }
    facts.push(...beatDependency(project));
    return facts;
  },
});

function celeryFactsOf(project: Project, file: string, tree: PythonTree): Fact[] {
  const imports = importsOf(tree);
  const facts: Fact[] = [];
  const at = (node: PyNode): Source => ({ file, line: lineOf(node) });
  const where = (node: PyNode): string => `${file}:${lineOf(node)}`;

  const location = moduleOf(project, file);
  for (const assignment of topLevelAssignments(tree)) {
    if (!CELERY_CLASSES.has(calleeOf(assignment.value, imports) ?? '')) continue;
    const source = { file, line: assignment.line };
    facts.push({ kind: 'worker-system', value: 'celery', source, why: `${file}:${assignment.line} creates a Celery app` });
    if (location !== null) {
      facts.push({ kind: 'celery-app', value: `${location.module}:${assignment.name}`, workdir: location.workdir, source, why: `${file}:${assignment.line} creates the Celery app "${assignment.name}"` });
    }
  }

  for (const call of descendants(tree.root, 'call')) {
    const callee = calleeOf(call, imports) ?? '';
    if (CELERY_CLASSES.has(callee)) {
      for (const [keyword, setting] of [['broker', 'broker'], ['backend', 'backend']] as const) {
        const value = keywordArgument(call, keyword);
        if (value !== null) facts.push(...settingFacts(setting, `the ${keyword}= argument of Celery()`, value, at, where, imports));
      }
    } else if (callee.endsWith('.conf.update')) {
      const args = call.childForFieldName('arguments');
      for (const arg of args?.namedChildren ?? []) {
        if (arg?.type !== 'keyword_argument') continue;
        const name = arg.childForFieldName('name')?.text ?? '';
        const value = arg.childForFieldName('value');
        const setting = SETTINGS[name.toLowerCase()];
        if (setting !== undefined && value !== null) facts.push(...settingFacts(setting, name, value, at, where, imports));
      }
    } else if (callee.endsWith('.add_periodic_task')) {
      facts.push({ kind: 'celery-beat', source: at(call), why: `${where(call)} registers a periodic task with add_periodic_task, which needs celery beat` });
    }
  }

  // A plain module-level name is only read as a setting in modules Celery would load config from.
  const isConfigModule = /celery|config|settings/i.test(file);
  for (const assignment of descendants(tree.root, 'assignment')) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left === null || right === null) continue;
    let name: string | null = null;
    if (left.type === 'identifier' && isConfigModule && assignment.parent?.parent?.type === 'module') name = left.text;
    else if (left.type === 'attribute') {
      const dotted = dottedName(left);
      if (dotted !== null && /\.conf\.[A-Za-z_]+$/.test(dotted)) name = dotted.slice(dotted.lastIndexOf('.') + 1);
    }
    if (name === null) continue;
    // Lowercase names only count in Celery config modules; Django settings use the CELERY_ prefix.
    const setting = SETTINGS[name.toLowerCase()];
    const isUpper = name === name.toUpperCase();
    if (setting === undefined || (left.type === 'identifier' && isUpper && !name.startsWith('CELERY'))) continue;
    facts.push(...settingFacts(setting, name, right, at, where, imports));
  }

  for (const assignment of topLevelAssignments(tree)) {
    if (assignment.name === 'INSTALLED_APPS' && stringList(assignment.value).includes('django_celery_beat')) {
      facts.push({ kind: 'celery-beat', source: { file, line: assignment.line }, why: `${file}:${assignment.line} installs django_celery_beat, whose schedules run under celery beat` });
    }
  }
  return facts;
}

function settingFacts(setting: Setting, name: string, value: PyNode, at: (n: PyNode) => Source, where: (n: PyNode) => string, imports: Map<string, string>): Fact[] {
  switch (setting) {
    case 'beat':
      // An empty literal schedule schedules nothing.
      if (value.type === 'dictionary' && value.namedChildCount === 0) return [];
      return [{ kind: 'celery-beat', source: at(value), why: `${where(value)} sets the Celery ${name}, which celery beat runs` }];
    case 'scheduler': {
      const text = stringValue(value);
      return text === null ? [] : [{ kind: 'celery-beat', source: at(value), why: `${where(value)} sets ${name} to "${text}", a celery beat scheduler` }];
    }
    case 'queues':
      return queueNames(value, imports).map(({ name: queue, node }) => ({ kind: 'celery-queue', value: queue, source: at(node), why: `${where(node)} declares the Celery queue "${queue}" in ${name}` }));
    case 'routes':
      return routeQueues(value).map(({ name: queue, node }) => ({ kind: 'celery-queue', value: queue, source: at(node), why: `${where(node)} routes tasks to the Celery queue "${queue}" in ${name}` }));
    case 'default-queue': {
      const queue = stringValue(value);
      return queue === null ? [] : [{ kind: 'celery-queue', value: queue, source: at(value), why: `${where(value)} sets ${name} to "${queue}"` }];
    }
    case 'broker':
    case 'backend': {
      const url = literalOrEnvDefault(value, imports);
      const store = url === null ? null : datastoreOfUrl(url);
      if (url === null || store === null) return [];
      return [{ kind: 'datastore', value: store, optional: false, source: at(value), why: `${where(value)} sets the Celery ${setting} (${name}) to ${redactUrl(url)}` }];
    }
  }
}

/** A string literal, or the literal default of `os.environ.get("X", "…")` / `os.getenv("X", "…")`. */
function literalOrEnvDefault(node: PyNode, imports: Map<string, string>): string | null {
  const literal = stringValue(node);
  if (literal !== null) return literal;
  const callee = calleeOf(node, imports);
  if (callee === 'os.environ.get' || callee === 'os.getenv') {
    const fallback = positionalArguments(node)[1] ?? keywordArgument(node, 'default');
    return fallback === undefined || fallback === null ? null : stringValue(fallback);
  }
  return null;
}

interface Named {
  name: string;
  node: PyNode;
}

/** `(Queue("a"), Queue(name="b"))`, or the older `{"a": {...}}` form. */
function queueNames(value: PyNode, imports: Map<string, string>): Named[] {
  if (value.type === 'dictionary') {
    return value.namedChildren.flatMap((pair) => {
      const key = pair?.type === 'pair' ? pair.childForFieldName('key') : null;
      const name = stringValue(key ?? null);
      return name === null ? [] : [{ name, node: key! }];
    });
  }
  if (!['list', 'tuple', 'set'].includes(value.type)) return [];
  return value.namedChildren.flatMap((item) => {
    if (item === null || !(calleeOf(item, imports) ?? '').endsWith('Queue')) return [];
    const name = stringValue(positionalArguments(item)[0] ?? keywordArgument(item, 'name'));
    return name === null ? [] : [{ name, node: item }];
  });
}

/** Every `"queue": "x"` in a task_routes dictionary. */
function routeQueues(value: PyNode): Named[] {
  if (value.type !== 'dictionary') return [];
  return descendants(value, 'pair').flatMap((pair) => {
    if (stringValue(pair.childForFieldName('key')) !== 'queue') return [];
    const node = pair.childForFieldName('value');
    const name = stringValue(node);
    return name === null || node === null ? [] : [{ name, node }];
  });
}

/** django-celery-beat declared as a dependency means beat schedules live in the database. */
function beatDependency(project: Project): Fact[] {
  const facts: Fact[] = [];
  const prefix = project.appRoot === '.' ? '' : `${project.appRoot}/`;
  const manifests = project.appFiles.filter((f) => /^(pyproject\.toml|Pipfile|(requirements\/)?requirements[^/]*\.(txt|in)|requirements\/[^/]+\.(txt|in))$/.test(f.slice(prefix.length)));
  for (const file of manifests) {
    const text = project.read(file);
    if (text === null) continue;
    text.split(/\r?\n/).forEach((line, index) => {
      if (/^\s*["']?django[-_.]celery[-_.]beat\b/i.test(line)) {
        facts.push({ kind: 'celery-beat', source: { file, line: index + 1 }, why: `${file}:${index + 1} depends on django-celery-beat, whose schedules run under celery beat` });
      }
    });
  }
  return facts;
}
