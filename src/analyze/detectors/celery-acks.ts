// task_acks_late, task_reject_on_worker_lost and where Celery reads them: https://docs.celeryq.dev/en/stable/userguide/configuration.html#task-acks-late
import type { CeleryAckSetting, Fact, FactOf, Source } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import type { Project } from '../project.ts';
import { appSourceFiles, pyModule, referenceOf, type PyModule } from '../python-app.ts';
import { calleeOf, descendants, dottedName, keywordArgument, lineOf, positionalArguments, qualifiedName, stringValue, topLevelAssignments, type PyNode } from '../python.ts';

/**
 * Whether a Celery app acknowledges late and requeues tasks whose worker is lost, read the way
 * Celery reads its configuration (celery/app/base.py, celery/app/utils.py):
 * 1. what code sets on the app object (`Celery(task_acks_late=True)`, `app.conf.update(…)`,
 *    `app.conf.task_acks_late = …`): Celery keeps these as "changes", above everything else;
 * 2. the configuration source (`app.config_from_object(…)` or `Celery(config_source=…)`, the last
 *    one wins): a module, a class, or Django settings (`"django.conf:settings"`) with the
 *    `namespace` prefix (`CELERY_TASK_ACKS_LATE`);
 * 3. Celery's default: off.
 * A value read from the environment, computed, or set under a condition is null (unknown), and
 * so is a layer py2kube cannot read (`conf.update(some_dict)`, `config_from_envvar`): a guessed
 * "off" would report a worker that is fine. Tasks may also set `acks_late=` themselves; each task
 * is a `celery-task` fact, so resolve can tell whether all of them do.
 */

const CELERY_CLASSES = new Set(['celery.Celery', 'celery.app.Celery', 'celery.app.base.Celery']);
const MENTIONS = /celery|shared_task|\.task\b|\.conf\b|config_from_object/i;
const SETTINGS: readonly CeleryAckSetting[] = ['task_acks_late', 'task_reject_on_worker_lost'];
/** The pre-4.0 names Celery still reads (celery/app/defaults.py: the `celery_` prefix of the task namespace). */
const OLD_NAMES: Record<CeleryAckSetting, string> = { task_acks_late: 'CELERY_ACKS_LATE', task_reject_on_worker_lost: 'CELERY_REJECT_ON_WORKER_LOST' };
/** The task options that override each setting for one task. */
const TASK_OPTIONS: Record<CeleryAckSetting, 'acks_late' | 'reject_on_worker_lost'> = { task_acks_late: 'acks_late', task_reject_on_worker_lost: 'reject_on_worker_lost' };
/** How far `from .base import *` chains are followed in settings modules. */
const MAX_STAR_DEPTH = 4;

export const celeryAcks = defineDetector({
  id: 'celery-acks',
  kind: 'worker',
  enablers: ['celery'],
  detect(project) {
    const ctx = context(project);
    const apps = ctx.modules.flatMap((mod) => appsOf(mod));
    return [...apps.flatMap((app) => settingFacts(ctx, app)), ...ctx.modules.flatMap((mod) => taskFacts(ctx, mod))];
  },
});

/**
 * True when `celery -A target` loads `app` (`module:name`), following Celery's `find_app`: the
 * module itself (whatever attribute holds the app), `module.attr` for `module:attr`, and a
 * package's `celery` submodule (`-A proj` finds `proj.celery:app`).
 */
export function celeryTargetLoads(target: string, app: string): boolean {
  const [targetModule = '', targetAttribute] = target.split(':');
  const [appModule = '', appAttribute] = app.split(':');
  if (targetModule === appModule) return targetAttribute === undefined || appAttribute === undefined || targetAttribute === appAttribute;
  if (targetAttribute === undefined && appAttribute !== undefined && targetModule === `${appModule}.${appAttribute}`) return true;
  return targetAttribute === undefined && appModule === `${targetModule}.celery`;
}

// --- the project, parsed once ---

interface Context {
  project: Project;
  /** App modules that may create, configure or use a Celery app. */
  modules: PyModule[];
  /** Module name → file, for every importable `.py` file (config modules may live outside the app's source folders); built on first use. */
  files: Map<string, string> | null;
}

function context(project: Project): Context {
  const modules: PyModule[] = [];
  for (const file of appSourceFiles(project)) {
    const text = project.read(file);
    if (text === null || !MENTIONS.test(text)) continue;
    const mod = pyModule(project, file);
    if (mod !== null) modules.push(mod);
  }
  return { project, modules, files: null };
}

function moduleNamed(ctx: Context, name: string): PyModule | null {
  if (ctx.files === null) {
    ctx.files = new Map();
    for (const file of ctx.project.files) {
      const location = file.endsWith('.py') ? moduleOf(ctx.project, file) : null;
      if (location !== null && !ctx.files.has(location.module)) ctx.files.set(location.module, file);
    }
  }
  const file = ctx.files.get(name);
  return file === undefined ? null : pyModule(ctx.project, file);
}

// --- apps ---

interface CeleryApp {
  mod: PyModule;
  name: string;
  /** `module:name`, as `celery -A` takes it. */
  value: string;
  call: PyNode;
  line: number;
}

function appsOf(mod: PyModule): CeleryApp[] {
  if (mod.location === null) return [];
  const location = mod.location;
  return topLevelAssignments(mod.tree)
    .filter((a) => CELERY_CLASSES.has(calleeOf(a.value, mod.imports) ?? ''))
    .map((a) => ({ mod, name: a.name, value: `${location.module}:${a.name}`, call: a.value, line: a.line }));
}

/** True when `node` (in `mod`) names the app object: its own name in its module, or what imports it. */
function isApp(node: PyNode | null, mod: PyModule, app: CeleryApp): boolean {
  return node !== null && referenceOf(node, mod) === `${app.mod.location!.module}.${app.name}`;
}

// --- settings ---

/** One write of a setting, in the order Celery applies them; `all` is a write py2kube cannot read, which may set anything. */
interface Write {
  setting: CeleryAckSetting | 'all';
  value: boolean | null;
  name: string | null;
  source: Source;
  why: string;
  /** Under an `if` or `except`: it may not happen. */
  conditional: boolean;
}

/** The value a sequence of writes leaves, or undefined when none touches the setting. */
function fold(writes: readonly Write[], setting: CeleryAckSetting): Write | undefined {
  let state: Write | undefined;
  for (const write of writes) {
    if (write.setting !== setting && write.setting !== 'all') continue;
    if (!write.conditional) state = write;
    else if (state === undefined || state.value === null || state.value !== write.value) state = { ...write, value: null, why: `${write.why}, under a condition, so either value may apply` };
  }
  return state;
}

function settingFacts(ctx: Context, app: CeleryApp): Fact[] {
  const { writes, source, namespace } = appWrites(ctx, app);
  const loaded = source === null ? null : sourceWrites(ctx, source, namespace);
  const appAt = { file: app.mod.file, line: app.line };
  return SETTINGS.map((setting): Fact => {
    const base = { kind: 'celery-setting' as const, app: app.value, setting };
    const fromApp = fold(writes, setting);
    if (fromApp !== undefined) return { ...base, value: fromApp.value, name: fromApp.name, origin: 'app', source: fromApp.source, why: fromApp.why };
    const fromSource = loaded === null ? undefined : fold(loaded.writes, setting);
    if (fromSource !== undefined) return { ...base, value: fromSource.value, name: fromSource.name, origin: 'config-source', source: fromSource.source, why: fromSource.why };
    const named = `the Celery app "${app.name}" (${appAt.file}:${appAt.line})`;
    const looked = loaded === null ? `${named} sets no ${setting} and loads no configuration` : `neither ${named} nor ${loaded.what} sets ${setting}`;
    return { ...base, value: false, name: null, origin: 'default', source: appAt, why: `${looked}, so Celery's default applies: off` };
  });
}

interface ConfigSource {
  node: PyNode;
  mod: PyModule;
  /** `config_from_object(…)`, `Celery(config_source=…)`, `config_from_envvar(…)`. */
  via: string;
  envvar: boolean;
}

/** What code sets on the app object, its last configuration source and its namespace. */
function appWrites(ctx: Context, app: CeleryApp): { writes: Write[]; source: ConfigSource | null; namespace: string | null } {
  // Read once the namespace is known: a later config_from_object(…, namespace=) decides which names count.
  const reads: Array<(accept: (name: string) => CeleryAckSetting | undefined) => Write[]> = [];
  let source: ConfigSource | null = null;
  let namespace = stringValue(keywordArgument(app.call, 'namespace'));
  const configSource = keywordArgument(app.call, 'config_source');
  if (configSource !== null) source = { node: configSource, mod: app.mod, via: 'Celery(config_source=…)', envvar: false };
  reads.push((accept) => keywordWrites(app.call, app.mod, accept, 'Celery()'));

  // The app's own module first (it runs on import, before any other module can use the app).
  const modules = [app.mod, ...ctx.modules.filter((m) => m !== app.mod)];
  for (const mod of modules) {
    for (const node of descendants(mod.tree.root, ['call', 'assignment'])) {
      if (node.type === 'call') {
        const fn = node.childForFieldName('function');
        if (fn?.type !== 'attribute') continue;
        const method = fn.childForFieldName('attribute')?.text ?? '';
        const receiver = fn.childForFieldName('object');
        if ((method === 'config_from_object' || method === 'config_from_envvar') && isApp(receiver, mod, app)) {
          const target = positionalArguments(node)[0] ?? keywordArgument(node, method === 'config_from_object' ? 'obj' : 'variable_name');
          if (target === null || target === undefined) continue;
          source = { node: target, mod, via: `${method}(…)`, envvar: method === 'config_from_envvar' };
          namespace = stringValue(keywordArgument(node, 'namespace')) ?? namespace;
        } else if (method === 'update' && receiver?.type === 'attribute' && receiver.childForFieldName('attribute')?.text === 'conf' && isApp(receiver.childForFieldName('object'), mod, app)) {
          reads.push((accept) => updateWrites(node, mod, accept));
        }
      } else {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left === null || right === null) continue;
        // `app.conf.task_acks_late = …` and `app.conf["task_acks_late"] = …`
        const conf = left.type === 'attribute' ? left.childForFieldName('object') : left.type === 'subscript' ? left.childForFieldName('value') : null;
        if (conf?.type !== 'attribute' || conf.childForFieldName('attribute')?.text !== 'conf' || !isApp(conf.childForFieldName('object'), mod, app)) continue;
        const name = left.type === 'attribute' ? (left.childForFieldName('attribute')?.text ?? null) : stringValue(left.childForFieldName('subscript'));
        if (name === null) continue;
        reads.push((accept) => {
          const setting = accept(name);
          return setting === undefined ? [] : [write(setting, name, right, mod, `on ${dottedName(conf) ?? 'app.conf'}, the Celery app's configuration`, isConditional(node))];
        });
      }
    }
  }
  const accept = acceptor(namespace);
  return { writes: reads.flatMap((read) => read(accept)), source, namespace };
}

/** The names Celery looks a setting up by: the 4.0 name, the pre-4.0 one, and the namespaced one (`CELERY_TASK_ACKS_LATE`). */
function acceptor(namespace: string | null, uppercaseOnly = false): (name: string) => CeleryAckSetting | undefined {
  const names = new Map<string, CeleryAckSetting>();
  for (const setting of SETTINGS) {
    names.set(setting, setting);
    names.set(OLD_NAMES[setting], setting);
    // Celery matches the key's case to the prefix's: namespace="CELERY" reads CELERY_TASK_ACKS_LATE.
    if (namespace !== null && namespace !== '') names.set(namespace === namespace.toLowerCase() ? `${namespace}_${setting}` : `${namespace}_${setting.toUpperCase()}`, setting);
  }
  return (name) => (uppercaseOnly && name !== name.toUpperCase() ? undefined : names.get(name));
}

/** A write of `name = value`; `where` completes "sets task_acks_late=True …". */
function write(setting: CeleryAckSetting, name: string, value: PyNode, mod: PyModule, where: string, conditional: boolean): Write {
  const known = booleanOf(value, mod);
  const why = known === null ? `sets ${name} ${where} from ${describeUnknown(value)}` : `sets ${name}=${known ? 'True' : 'False'} ${where}`;
  return { setting, value: known, name, source: { file: mod.file, line: lineOf(value) }, why, conditional };
}

function opaque(node: PyNode, mod: PyModule, why: string, conditional = false): Write {
  return { setting: 'all', value: null, name: null, source: { file: mod.file, line: lineOf(node) }, why, conditional };
}

/** `Celery(task_acks_late=True)` and `conf.update(task_acks_late=True)` keywords; `**options` may set anything. */
function keywordWrites(call: PyNode, mod: PyModule, accept: (name: string) => CeleryAckSetting | undefined, where: string): Write[] {
  const writes: Write[] = [];
  for (const arg of call.childForFieldName('arguments')?.namedChildren ?? []) {
    if (arg?.type === 'dictionary_splat') {
      writes.push(opaque(arg, mod, `passes ${arg.text} to ${where}, which may set any setting`, isConditional(call)));
    } else if (arg?.type === 'keyword_argument') {
      const name = arg.childForFieldName('name')?.text ?? '';
      const value = arg.childForFieldName('value');
      const setting = accept(name);
      if (setting !== undefined && value !== null) writes.push(write(setting, name, value, mod, `in ${where}`, isConditional(call)));
    }
  }
  return writes;
}

/** `app.conf.update(task_acks_late=True)`, `app.conf.update({"task_acks_late": True})`, or an update py2kube cannot read. */
function updateWrites(call: PyNode, mod: PyModule, accept: (name: string) => CeleryAckSetting | undefined): Write[] {
  const writes = keywordWrites(call, mod, accept, 'app.conf.update()');
  for (const arg of positionalArguments(call)) {
    if (arg.type !== 'dictionary') {
      writes.push(opaque(arg, mod, `updates the Celery configuration with ${shorten(arg.text)}, which py2kube cannot read`, isConditional(call)));
      continue;
    }
    for (const pair of arg.namedChildren) {
      if (pair?.type === 'dictionary_splat') {
        writes.push(opaque(pair, mod, `updates the Celery configuration with ${shorten(pair.text)}, which py2kube cannot read`, isConditional(call)));
        continue;
      }
      if (pair?.type !== 'pair') continue;
      const name = stringValue(pair.childForFieldName('key'));
      const value = pair.childForFieldName('value');
      const setting = name === null ? undefined : accept(name);
      if (setting !== undefined && value !== null) writes.push(write(setting, name!, value, mod, 'in app.conf.update()', isConditional(call)));
    }
  }
  return writes;
}

// --- the configuration source ---

interface Loaded {
  writes: Write[];
  /** For sentences: `the module proj/celeryconfig.py`. */
  what: string;
}

function sourceWrites(ctx: Context, source: ConfigSource, namespace: string | null): Loaded {
  const cannot = (why: string): Loaded => ({ writes: [opaque(source.node, source.mod, why)], what: 'the configuration it loads' });
  if (source.envvar) return cannot(`loads its configuration through ${source.via} from the module an environment variable names, which only running the app would tell`);
  const text = stringValue(source.node);
  let target: string | null;
  if (text !== null) target = text.replace(':', '.');
  else target = source.node.type === 'identifier' || source.node.type === 'attribute' ? referenceOf(source.node, source.mod) : null;
  if (target === null) return cannot(`loads its configuration from ${shorten(source.node.text)} (${source.via}), which py2kube cannot read without running the app`);

  if (target === 'django.conf.settings') return djangoWrites(ctx, source, namespace);
  const mod = moduleNamed(ctx, target);
  if (mod !== null) return { writes: moduleWrites({ ctx, accept: acceptor(namespace), where: 'in the Celery config module', seen: new Set() }, mod, false, 0), what: `the module ${mod.file} it loads (${source.via})` };
  const split = target.lastIndexOf('.');
  const owner = split < 0 ? null : moduleNamed(ctx, target.slice(0, split));
  const cls = owner === null ? null : classNamed(owner, target.slice(split + 1));
  if (owner !== null && cls !== null) {
    const writes = blockWrites({ ctx, accept: acceptor(namespace), where: `in the Celery config class ${target.slice(split + 1)}`, seen: new Set() }, owner, cls.childForFieldName('body'), false, 0);
    const bases = (cls.childForFieldName('superclasses')?.namedChildren ?? []).filter((b) => b !== null && b.text !== 'object');
    // Settings a config class inherits are not read: without them in its own body, its bases decide.
    if (bases.length > 0) for (const setting of SETTINGS) if (fold(writes, setting) === undefined) writes.push({ ...opaque(cls, owner, `loads its configuration from the class ${target.slice(split + 1)} (${source.via}), which may inherit ${setting} from ${bases.map((b) => b!.text).join(', ')}`), setting });
    return { writes, what: `the class ${target.slice(split + 1)} in ${owner.file} it loads (${source.via})` };
  }
  return cannot(`loads its configuration from "${target}" (${source.via}), which is not a module or class py2kube found in the project`);
}

/** `config_from_object("django.conf:settings", namespace="CELERY")`: the module DJANGO_SETTINGS_MODULE names. */
function djangoWrites(ctx: Context, source: ConfigSource, namespace: string | null): Loaded {
  const named = djangoSettingsModule(ctx, source.mod);
  const mod = named === null ? null : moduleNamed(ctx, named.module);
  if (mod === null) {
    const why = named === null
      ? `loads its configuration from Django settings (${source.via}), but no DJANGO_SETTINGS_MODULE default was found`
      : `loads its configuration from Django settings (${source.via}), but the settings module "${named.module}" (${named.at}) is not in the project`;
    return { writes: [opaque(source.node, source.mod, why)], what: 'the Django settings it loads' };
  }
  const prefix = namespace === null || namespace === '' ? '' : `, namespace="${namespace}"`;
  return { writes: moduleWrites({ ctx, accept: acceptor(namespace, true), where: `in the Django settings the app reads${prefix === '' ? '' : ` with namespace "${namespace}"`}`, seen: new Set() }, mod, false, 0), what: `the Django settings ${mod.file} it loads (${source.via}${prefix})` };
}

/** The DJANGO_SETTINGS_MODULE default the app's module sets (`os.environ.setdefault(…)`), else the one manage.py, wsgi.py or asgi.py set. */
function djangoSettingsModule(ctx: Context, appModule: PyModule): { module: string; at: string } | null {
  const candidates = [appModule, ...ctx.project.appFiles
    .filter((f) => /(^|\/)(manage|wsgi|asgi)\.py$/.test(f))
    .map((f) => pyModule(ctx.project, f))
    .filter((m): m is PyModule => m !== null)];
  for (const mod of candidates) {
    for (const call of descendants(mod.tree.root, 'call')) {
      if (calleeOf(call, mod.imports) !== 'os.environ.setdefault') continue;
      const [key, value] = positionalArguments(call);
      const module = stringValue(value ?? null);
      if (stringValue(key ?? null) === 'DJANGO_SETTINGS_MODULE' && module !== null) return { module, at: `${mod.file}:${lineOf(call)}` };
    }
  }
  return null;
}

function classNamed(mod: PyModule, name: string): PyNode | null {
  for (const statement of mod.tree.root.namedChildren) {
    const def = statement?.type === 'decorated_definition' ? statement.childForFieldName('definition') : statement;
    if (def?.type === 'class_definition' && def.childForFieldName('name')?.text === name) return def;
  }
  return null;
}

/** Module-level settings in source order, `from .base import *` followed where it stands. */
interface Walk {
  ctx: Context;
  accept: (name: string) => CeleryAckSetting | undefined;
  /** Completes "sets task_acks_late=True …". */
  where: string;
  seen: Set<string>;
}

function moduleWrites(walk: Walk, mod: PyModule, conditional: boolean, depth: number): Write[] {
  if (walk.seen.has(mod.file)) return [];
  walk.seen.add(mod.file);
  return blockWrites(walk, mod, mod.tree.root, conditional, depth);
}

const CONDITIONAL_BLOCKS = new Set(['if_statement', 'elif_clause', 'else_clause', 'except_clause', 'match_statement', 'case_clause']);
const PLAIN_BLOCKS = new Set(['block', 'try_statement', 'finally_clause', 'with_statement']);

function blockWrites(walk: Walk, mod: PyModule, block: PyNode | null, conditional: boolean, depth: number): Write[] {
  const writes: Write[] = [];
  for (const statement of block?.namedChildren ?? []) {
    if (statement === null) continue;
    if (statement.type === 'expression_statement') {
      const inner = statement.namedChild(0);
      const left = inner?.type === 'assignment' ? inner.childForFieldName('left') : null;
      const right = inner?.type === 'assignment' ? inner.childForFieldName('right') : null;
      if (left?.type !== 'identifier' || right === null || right === undefined) continue;
      const setting = walk.accept(left.text);
      if (setting !== undefined) writes.push(write(setting, left.text, right, mod, walk.where, conditional));
    } else if (statement.type === 'import_from_statement' && statement.namedChildren.some((c) => c?.type === 'wildcard_import')) {
      const imported = starImport(statement, mod);
      const target = imported === null || depth >= MAX_STAR_DEPTH ? null : moduleNamed(walk.ctx, imported);
      if (target !== null) writes.push(...moduleWrites(walk, target, conditional, depth + 1));
    } else if (CONDITIONAL_BLOCKS.has(statement.type) || PLAIN_BLOCKS.has(statement.type)) {
      // An `else` of a `try` runs only without an exception; treat it as a condition too.
      const inner = conditional || CONDITIONAL_BLOCKS.has(statement.type);
      writes.push(...blockWrites(walk, mod, statement, inner, depth));
    }
  }
  return writes;
}

/** The absolute module a `from x import *` names, relative imports resolved. */
function starImport(statement: PyNode, mod: PyModule): string | null {
  const moduleNode = statement.childForFieldName('module_name');
  if (moduleNode === null) return null;
  if (moduleNode.type !== 'relative_import') return moduleNode.text;
  if (mod.location === null) return null;
  const dots = moduleNode.namedChildren.find((c) => c?.type === 'import_prefix')?.text.length ?? 1;
  const rest = moduleNode.namedChildren.find((c) => c?.type === 'dotted_name')?.text ?? '';
  const parts = mod.location.module.split('.');
  const keep = parts.length - (mod.file.endsWith('__init__.py') ? 0 : 1) - (dots - 1);
  if (keep <= 0) return null;
  return [...parts.slice(0, keep), ...(rest === '' ? [] : rest.split('.'))].join('.');
}

// --- values ---

/** A Python literal's truth value as Celery reads it (`if task.acks_late:`), or null when it is not a literal. */
function booleanOf(node: PyNode | null, mod: PyModule, depth = 0): boolean | null {
  if (node === null || depth > 3) return null;
  switch (node.type) {
    case 'true': return true;
    case 'false': return false;
    case 'none': return false;
    case 'integer': return Number(node.text.replace(/_/g, '')) !== 0;
    case 'parenthesized_expression': return booleanOf(node.namedChild(0), mod, depth + 1);
    case 'not_operator': {
      const inner = booleanOf(node.childForFieldName('argument'), mod, depth + 1);
      return inner === null ? null : !inner;
    }
    case 'identifier': {
      // A module constant: `ACKS_LATE = True` … `task_acks_late = ACKS_LATE`.
      if (mod.imports.has(node.text)) return null;
      const assigned = topLevelAssignments(mod.tree).filter((a) => a.name === node.text);
      return assigned.length === 1 ? booleanOf(assigned[0]!.value, mod, depth + 1) : null;
    }
    default: return null;
  }
}

function describeUnknown(node: PyNode): string {
  const text = shorten(node.text);
  if (/\benviron\b|\bgetenv\b|\benv\b|\benv\.|\bconfig\(|\bos\.environ/i.test(node.text)) return `the environment (${text}), so only the running app knows it`;
  if (node.type === 'string') return `the string ${text}, which Celery does not convert to a boolean`;
  return `${text}, which py2kube cannot evaluate without running the app`;
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > 60 ? `${line.slice(0, 57)}...` : line;
}

/** True when a statement sits under an `if`/`except` (within its function or module). */
function isConditional(node: PyNode): boolean {
  for (let parent = node.parent; parent !== null; parent = parent.parent) {
    if (CONDITIONAL_BLOCKS.has(parent.type)) return true;
    if (parent.type === 'function_definition' || parent.type === 'class_definition' || parent.type === 'module') return false;
  }
  return false;
}

// --- tasks ---

/** One fact per `@app.task` / `@shared_task` function, with the acknowledgement options it sets. */
function taskFacts(ctx: Context, mod: PyModule): Fact[] {
  const facts: Fact[] = [];
  for (const definition of descendants(mod.tree.root, 'decorated_definition')) {
    const fn = definition.childForFieldName('definition');
    if (fn?.type !== 'function_definition') continue;
    const name = fn.childForFieldName('name')?.text ?? '';
    for (const decorator of definition.namedChildren) {
      if (decorator?.type !== 'decorator') continue;
      const expression = decorator.namedChild(0);
      const call = expression?.type === 'call' ? expression : null;
      const callee = call === null ? expression : call.childForFieldName('function');
      if (!isTaskDecorator(callee, mod)) continue;
      const fact: FactOf<'celery-task'> = { kind: 'celery-task', name, source: { file: mod.file, line: lineOf(decorator) }, why: `${decorator.text.split('(')[0]} makes ${name}() a Celery task` };
      const base = call === null ? null : baseClass(ctx, keywordArgument(call, 'base'), mod);
      for (const setting of SETTINGS) {
        const option = TASK_OPTIONS[setting];
        const value = call === null ? null : keywordArgument(call, option);
        const known = value !== null ? booleanOf(value, mod) : base === null ? undefined : classOption(base, option);
        if (known === undefined) continue;
        if (setting === 'task_acks_late') fact.acksLate = known;
        else fact.rejectOnWorkerLost = known;
        fact.why += value !== null ? `; it sets ${option}=${known === null ? shorten(value.text) : known ? 'True' : 'False'} for itself` : `; its base class sets ${option}`;
      }
      facts.push(fact);
      break;
    }
  }
  return facts;
}

/** `@app.task`, `@celery.task(…)`, `@shared_task`: any `.task` attribute, and Celery's shared_task. */
function isTaskDecorator(callee: PyNode | null, mod: PyModule): boolean {
  if (callee === null) return false;
  const qualified = qualifiedName(callee, mod.imports) ?? '';
  if (qualified.endsWith('shared_task') || (qualified.startsWith('celery.') && qualified.endsWith('.task'))) return true;
  return callee.type === 'attribute' && callee.childForFieldName('attribute')?.text === 'task';
}

interface TaskClass {
  mod: PyModule;
  node: PyNode;
}

/** The project class given as `base=`, when py2kube finds it. */
function baseClass(ctx: Context, node: PyNode | null, mod: PyModule): TaskClass | null {
  if (node === null) return null;
  const reference = referenceOf(node, mod);
  if (reference === null) return null;
  const split = reference.lastIndexOf('.');
  const owner = split < 0 ? null : moduleNamed(ctx, reference.slice(0, split));
  const cls = owner === null ? null : classNamed(owner, reference.slice(split + 1));
  return owner === null || cls === null ? null : { mod: owner, node: cls };
}

/** `acks_late = True` in a Task subclass's body; undefined when it does not set it. */
function classOption(cls: TaskClass, option: string): boolean | null | undefined {
  for (const statement of cls.node.childForFieldName('body')?.namedChildren ?? []) {
    const inner = statement?.type === 'expression_statement' ? statement.namedChild(0) : null;
    if (inner?.type !== 'assignment' || inner.childForFieldName('left')?.text !== option) continue;
    return booleanOf(inner.childForFieldName('right'), cls.mod);
  }
  return undefined;
}
