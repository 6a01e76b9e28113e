// Celery apps, beat, queues and broker settings: https://docs.celeryq.dev/en/stable/userguide/configuration.html
import type { Fact, Source } from '../../model/facts.ts';
import { datastoreOfUrl, redactUrl } from '../commands/datastore-url.ts';
import { defineDetector } from '../detector.ts';
import type { Project } from '../project.ts';
import { pyModule, referenceOf, type PyModule } from '../python-app.ts';
import { calleeOf, descendants, dottedName, keywordArgument, lineOf, positionalArguments, stringList, stringValue, topLevelAssignments, type PyNode } from '../python.ts';

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
    const modules: PyModule[] = [];
    for (const file of project.appFiles) {
      if (!file.endsWith('.py')) continue;
      const text = project.read(file);
      if (text === null || !MENTIONS.test(text)) continue;
      const mod = pyModule(project, file);
      if (mod !== null) modules.push(mod);
    }
    const apps = celeryApps(project, modules);
    return [...apps.flatMap(appFacts), ...modules.flatMap(settingsFactsOf), ...beatDependency(project)];
  },
});

// --- Celery apps ---

interface CeleryApp {
  file: string;
  line: number;
  /** `module:name`, or null when the file is not importable. */
  value: string | null;
  workdir: string;
  name: string;
  /** How ready `celery -A` finds the app when it imports the module; lower is better. */
  rank: number;
  /** True for the assignment that creates the app (not an alias of one). */
  creates: boolean;
  why: string;
}

/**
 * Every Celery app of the project, best `-A` target first. The modules that create one
 * (`app = Celery(...)`) and those that re-bind one under another name (`app = celery_app`)
 * are both targets; they are ranked by what importing the module gives the worker:
 * 0. an app the module configures itself (`config_from_object`, `conf.update`, `conf.x = …`, `broker=`),
 * 1. an alias of an app created elsewhere (a module that exists to hand the app to `celery -A`,
 *    often after setting up the web app it needs), or a named `Celery("proj")`,
 * 2. a bare `Celery()` that its module never configures: a placeholder (the Flask-extension
 *    pattern) that only works once something else has configured it.
 */
function celeryApps(project: Project, modules: readonly PyModule[]): CeleryApp[] {
  const apps: CeleryApp[] = [];
  const created = new Map<string, CeleryApp>();
  for (const mod of modules) {
    for (const assignment of topLevelAssignments(mod.tree)) {
      if (!CELERY_CLASSES.has(calleeOf(assignment.value, mod.imports) ?? '')) continue;
      const configured = configuresApp(mod, assignment.name, assignment.value);
      const bare = !configured && (assignment.value.childForFieldName('arguments')?.namedChildCount ?? 0) === 0;
      const app: CeleryApp = {
        file: mod.file,
        line: assignment.line,
        value: mod.location === null ? null : `${mod.location.module}:${assignment.name}`,
        workdir: mod.location?.workdir ?? project.appRoot,
        name: assignment.name,
        rank: configured ? 0 : bare ? 2 : 1,
        creates: true,
        why: bare
          ? `creates the Celery app "${assignment.name}" with a bare Celery() that this module never configures, so it only works once other code has configured it`
          : `creates the Celery app "${assignment.name}"${configured ? ' and configures it in the same module' : ''}`,
      };
      apps.push(app);
      if (mod.location !== null) created.set(`${mod.location.module}.${assignment.name}`, app);
    }
  }
  for (const mod of modules) {
    if (mod.location === null) continue;
    for (const assignment of topLevelAssignments(mod.tree)) {
      if (assignment.value.type !== 'identifier' && assignment.value.type !== 'attribute') continue;
      const original = created.get(referenceOf(assignment.value, mod) ?? '');
      if (original === undefined || original.value === `${mod.location.module}:${assignment.name}`) continue;
      const from = original.file === mod.file ? '' : ` from ${original.value!.split(':')[0]}`;
      apps.push({
        file: mod.file,
        line: assignment.line,
        value: `${mod.location.module}:${assignment.name}`,
        workdir: mod.location.workdir,
        name: assignment.name,
        rank: Math.min(original.rank, 1),
        creates: false,
        why: `binds "${assignment.name}" to the Celery app "${original.name}"${from}, so \`celery -A ${mod.location.module}:${assignment.name}\` loads it through this module`,
      });
    }
  }
  // Stable: equal ranks keep file order.
  return apps.map((app, index) => ({ app, index })).sort((a, b) => a.app.rank - b.app.rank || a.index - b.index).map(({ app }) => app);
}

const CONFIGURING_CALLS = new Set(['config_from_object', 'config_from_envvar', 'update', 'setdefault']);

/** True when the Celery() call passes configuration, or the module configures the app it names. */
function configuresApp(mod: PyModule, name: string, call: PyNode): boolean {
  if (['broker', 'backend', 'config_source'].some((k) => keywordArgument(call, k) !== null)) return true;
  for (const node of descendants(mod.tree.root, ['call', 'assignment'])) {
    if (node.type === 'call') {
      const callee = dottedName(node.childForFieldName('function')) ?? '';
      const method = callee.slice(callee.lastIndexOf('.') + 1);
      const receiver = callee.slice(0, callee.lastIndexOf('.'));
      if (CONFIGURING_CALLS.has(method) && (receiver === name || receiver === `${name}.conf`)) return true;
    } else {
      const left = node.childForFieldName('left');
      const target = left?.type === 'subscript' ? left.childForFieldName('value') : left;
      const dotted = dottedName(target ?? null) ?? '';
      if (dotted === `${name}.conf` || dotted.startsWith(`${name}.conf.`)) return true;
    }
  }
  return false;
}

function appFacts(app: CeleryApp): Fact[] {
  const source = { file: app.file, line: app.line };
  const facts: Fact[] = [];
  if (app.creates) facts.push({ kind: 'worker-system', value: 'celery', source, why: 'creates a Celery app' });
  if (app.value !== null) facts.push({ kind: 'celery-app', value: app.value, workdir: app.workdir, source, why: app.why });
  return facts;
}

// --- settings: broker, backend, queues, beat ---

function settingsFactsOf(mod: PyModule): Fact[] {
  const { file, tree, imports } = mod;
  const facts: Fact[] = [];
  const at = (node: PyNode): Source => ({ file, line: lineOf(node) });

  for (const call of descendants(tree.root, 'call')) {
    const callee = calleeOf(call, imports) ?? '';
    if (CELERY_CLASSES.has(callee)) {
      for (const [keyword, setting] of [['broker', 'broker'], ['backend', 'backend']] as const) {
        const value = keywordArgument(call, keyword);
        if (value !== null) facts.push(...settingFacts(setting, `the ${keyword}= argument of Celery()`, value, at, imports));
      }
    } else if (callee.endsWith('.conf.update')) {
      const args = call.childForFieldName('arguments');
      for (const arg of args?.namedChildren ?? []) {
        if (arg?.type !== 'keyword_argument') continue;
        const name = arg.childForFieldName('name')?.text ?? '';
        const value = arg.childForFieldName('value');
        const setting = SETTINGS[name.toLowerCase()];
        if (setting !== undefined && value !== null) facts.push(...settingFacts(setting, name, value, at, imports));
      }
    } else if (callee.endsWith('.add_periodic_task')) {
      facts.push({ kind: 'celery-beat', source: at(call), why: 'registers a periodic task with add_periodic_task, which needs celery beat' });
    }
  }

  // A plain name is only read as a setting in modules Celery would load config from, or in
  // the body of a config class (`class CeleryConfig: beat_schedule = {...}`) given to config_from_object.
  const isConfigModule = /celery|config|settings/i.test(file);
  for (const assignment of descendants(tree.root, 'assignment')) {
    const left = assignment.childForFieldName('left');
    const right = assignment.childForFieldName('right');
    if (left === null || right === null) continue;
    let name: string | null = null;
    let celeryClass = false;
    if (left.type === 'identifier') {
      const owner = configClassOf(assignment);
      celeryClass = owner !== null && /celery/i.test(owner);
      const atModuleLevel = assignment.parent?.parent?.type === 'module';
      if ((atModuleLevel && isConfigModule) || (owner !== null && (isConfigModule || celeryClass))) name = left.text;
    } else if (left.type === 'attribute') {
      const dotted = dottedName(left);
      if (dotted !== null && /\.conf\.[A-Za-z_]+$/.test(dotted)) name = dotted.slice(dotted.lastIndexOf('.') + 1);
    }
    if (name === null) continue;
    // Lowercase names only count in Celery config modules; Django settings use the CELERY_ prefix.
    // A class named for Celery holds nothing but Celery settings, old uppercase names included.
    const setting = SETTINGS[name.toLowerCase()];
    const isUpper = name === name.toUpperCase();
    if (setting === undefined || (left.type === 'identifier' && isUpper && !name.startsWith('CELERY') && !celeryClass)) continue;
    facts.push(...settingFacts(setting, name, right, at, imports));
  }

  for (const assignment of topLevelAssignments(tree)) {
    if (assignment.name === 'INSTALLED_APPS' && stringList(assignment.value).includes('django_celery_beat')) {
      facts.push({ kind: 'celery-beat', source: { file, line: assignment.line }, why: 'installs django_celery_beat, whose schedules run under celery beat' });
    }
  }
  return facts;
}

/** The name of the top-level class whose body directly holds this assignment, or null. */
function configClassOf(assignment: PyNode): string | null {
  const block = assignment.parent?.parent;
  const owner = block?.type === 'block' ? block.parent : null;
  if (owner?.type !== 'class_definition') return null;
  const container = owner.parent?.type === 'decorated_definition' ? owner.parent.parent : owner.parent;
  return container?.type === 'module' ? (owner.childForFieldName('name')?.text ?? null) : null;
}

function settingFacts(setting: Setting, name: string, value: PyNode, at: (n: PyNode) => Source, imports: Map<string, string>): Fact[] {
  switch (setting) {
    case 'beat':
      // An empty literal schedule schedules nothing.
      if (value.type === 'dictionary' && value.namedChildCount === 0) return [];
      return [{ kind: 'celery-beat', source: at(value), why: `sets the Celery ${name}, which celery beat runs` }];
    case 'scheduler': {
      const text = stringValue(value);
      return text === null ? [] : [{ kind: 'celery-beat', source: at(value), why: `sets ${name} to "${text}", a celery beat scheduler` }];
    }
    case 'queues':
      return queueNames(value, imports).map(({ name: queue, node }) => ({ kind: 'celery-queue', value: queue, source: at(node), why: `declares the Celery queue "${queue}" in ${name}` }));
    case 'routes':
      return routeQueues(value).map(({ name: queue, node }) => ({ kind: 'celery-queue', value: queue, source: at(node), why: `routes tasks to the Celery queue "${queue}" in ${name}` }));
    case 'default-queue': {
      const queue = stringValue(value);
      return queue === null ? [] : [{ kind: 'celery-queue', value: queue, source: at(value), why: `sets ${name} to "${queue}"` }];
    }
    case 'broker':
    case 'backend': {
      const url = literalOrEnvDefault(value, imports);
      const store = url === null ? null : datastoreOfUrl(url);
      if (url === null || store === null) return [];
      return [{ kind: 'datastore', value: store, optional: false, source: at(value), why: `sets the Celery ${setting} (${name}) to ${redactUrl(url)}` }];
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
        facts.push({ kind: 'celery-beat', source: { file, line: index + 1 }, why: `depends on django-celery-beat, whose schedules run under celery beat` });
      }
    });
  }
  return facts;
}
