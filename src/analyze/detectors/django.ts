// Django settings, WSGI/ASGI entry points and backends: https://docs.djangoproject.com/en/stable/howto/deployment/
import type { Datastore, Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { dirOf, type Project } from '../project.ts';
import { findModuleFile, importRootsOf, isCallTo, modulesMatching, pyModule, starImportsOf, type PyModule } from '../python-app.ts';
import { calleeOf, descendants, lineOf, positionalArguments, stringValue, topLevelAssignments, type PyNode } from '../python.ts';

export const django = defineDetector({
  id: 'django',
  kind: 'framework',
  enablers: ['django'],
  detect(project) {
    const pointer = findSettingsPointer(modulesMatching(project, /DJANGO_SETTINGS_MODULE/));
    const settings = pointer === null ? null : locateSettings(project, pointer);
    const starts = settings === null ? fallbackSettingsFiles(modulesMatching(project, /\b(?:INSTALLED_APPS|WSGI_APPLICATION)\b/)) : [settings.file];
    const settingsModules = [...new Set(starts.flatMap((file) => settingsChain(project, file)))]
      .map((f) => pyModule(project, f))
      .filter((m): m is PyModule => m !== null);
    const workdir = settings?.workdir ?? settingsModules[0]?.location?.workdir ?? project.appRoot;

    const asgi = applicationSetting(settingsModules, 'ASGI_APPLICATION');
    const wsgi = applicationSetting(settingsModules, 'WSGI_APPLICATION');
    const targets: Fact[] = [];
    if (asgi !== null) targets.push(toSettingsTarget(asgi, 'asgi', workdir));
    if (wsgi !== null) targets.push(toSettingsTarget(wsgi, 'wsgi', workdir));
    // startproject writes both wsgi.py and asgi.py; the code is only read when settings name neither.
    if (asgi === null && wsgi === null) {
      const entryModules = modulesMatching(project, /\bget_[aw]sgi_application\b/);
      targets.push(...codeTargets(entryModules, 'wsgi'), ...codeTargets(entryModules, 'asgi'));
    }
    if (pointer === null && settingsModules.length === 0 && targets.length === 0) return [];

    const onlyAsgiCode = wsgi === null && targets.length > 0 && targets.every((t) => t.kind === 'app-target' && t.interface === 'asgi');
    const iface = asgi !== null || onlyAsgiCode ? 'asgi' : 'wsgi';
    const frameworkSource = pointer?.source ?? asgi?.source ?? wsgi?.source ?? targets[0]?.source ?? { file: settingsModules[0]!.file, line: 0 };
    const reason = asgi !== null
      ? `ASGI_APPLICATION (${asgi.source.file}:${asgi.source.line}) makes it an ASGI application`
      : onlyAsgiCode ? 'only an ASGI entry point exists' : 'without ASGI_APPLICATION it is served as a WSGI application';
    const found = pointer !== null
      ? `${pointer.source.file}:${pointer.source.line} sets DJANGO_SETTINGS_MODULE to ${pointer.module}`
      : `${frameworkSource.file} is a Django settings or entry-point module`;
    return [
      { kind: 'framework', value: 'django', interface: iface, source: frameworkSource, why: `${found}, and ${reason}` },
      ...targets,
      ...datastores(settingsModules),
    ];
  },
});

interface SettingsPointer {
  module: string;
  mod: PyModule;
  source: { file: string; line: number };
}

/** The settings module named by `os.environ.setdefault("DJANGO_SETTINGS_MODULE", …)`, manage.py first. */
function findSettingsPointer(modules: readonly PyModule[]): SettingsPointer | null {
  const order = (m: PyModule): number => {
    const name = m.file.split('/').pop()!;
    return name === 'manage.py' ? 0 : name === 'wsgi.py' || name === 'asgi.py' ? 1 : 2;
  };
  const sorted = [...modules].sort((a, b) => order(a) - order(b) || a.file.split('/').length - b.file.split('/').length);
  for (const mod of sorted) {
    for (const call of descendants(mod.tree.root, 'call')) {
      if (calleeOf(call, mod.imports) !== 'os.environ.setdefault') continue;
      const [key, value] = positionalArguments(call).map((a) => stringValue(a));
      if (key === 'DJANGO_SETTINGS_MODULE' && value !== undefined && value !== null) {
        return { module: value, mod, source: { file: mod.file, line: lineOf(call) } };
      }
    }
  }
  return null;
}

function locateSettings(project: Project, pointer: SettingsPointer): { file: string; workdir: string } | null {
  const roots = [pointer.mod.location?.workdir ?? dirOf(pointer.mod.file), ...importRootsOf(project)];
  return findModuleFile(project, pointer.module, roots);
}

/**
 * The settings file, the files it star-imports (`from .base import *`), and the other files of
 * a split `settings/` package: environments differ, but all of them describe the same services.
 */
function settingsChain(project: Project, start: string): string[] {
  const out: string[] = [];
  const visit = (file: string): void => {
    if (out.includes(file)) return;
    out.push(file);
    const mod = pyModule(project, file);
    if (mod === null) return;
    const roots = [mod.location?.workdir ?? project.appRoot, ...importRootsOf(project)];
    for (const name of starImportsOf(mod)) {
      const found = findModuleFile(project, name, roots);
      if (found !== null) visit(found.file);
    }
  };
  visit(start);
  const packageDir = start.endsWith('/__init__.py') ? dirOf(start) : dirOf(start).split('/').pop() === 'settings' ? dirOf(start) : null;
  if (packageDir !== null) {
    for (const file of project.files) if (dirOf(file) === packageDir && file.endsWith('.py')) visit(file);
  }
  return out;
}

/** Without DJANGO_SETTINGS_MODULE: `settings.py` files and `settings/` packages that set INSTALLED_APPS. */
function fallbackSettingsFiles(modules: readonly PyModule[]): string[] {
  return modules
    .filter((m) => m.file.endsWith('/settings.py') || m.file === 'settings.py' || dirOf(m.file).split('/').pop() === 'settings')
    .filter((m) => topLevelAssignments(m.tree).some((a) => a.name === 'INSTALLED_APPS' || a.name === 'WSGI_APPLICATION'))
    .map((m) => m.file);
}

interface ApplicationSetting {
  /** `config.wsgi:application`. */
  target: string;
  name: string;
  source: { file: string; line: number };
}

function applicationSetting(settings: readonly PyModule[], name: 'WSGI_APPLICATION' | 'ASGI_APPLICATION'): ApplicationSetting | null {
  for (const mod of settings) {
    for (const assignment of topLevelAssignments(mod.tree)) {
      if (assignment.name !== name) continue;
      const dotted = stringValue(assignment.value);
      if (dotted === null || !dotted.includes('.')) continue;
      const cut = dotted.lastIndexOf('.');
      return { target: `${dotted.slice(0, cut)}:${dotted.slice(cut + 1)}`, name, source: { file: mod.file, line: assignment.line } };
    }
  }
  return null;
}

function toSettingsTarget(setting: ApplicationSetting, iface: 'asgi' | 'wsgi', workdir: string): Fact {
  return {
    kind: 'app-target',
    value: setting.target,
    workdir,
    framework: 'django',
    interface: iface,
    origin: 'settings',
    source: setting.source,
    why: `${setting.source.file}:${setting.source.line} sets ${setting.name} to "${setting.target.replace(':', '.')}"`,
  };
}

const ENTRY_FUNCTIONS = {
  wsgi: new Set(['django.core.wsgi.get_wsgi_application']),
  asgi: new Set(['django.core.asgi.get_asgi_application']),
} as const;

/** `application = get_wsgi_application()` in a module, for projects whose settings do not name it. */
function codeTargets(modules: readonly PyModule[], iface: 'asgi' | 'wsgi'): Fact[] {
  const out: Fact[] = [];
  for (const mod of modules) {
    if (mod.location === null) continue;
    for (const assignment of topLevelAssignments(mod.tree)) {
      if (!isCallTo(assignment.value, mod, ENTRY_FUNCTIONS[iface])) continue;
      out.push({
        kind: 'app-target',
        value: `${mod.location.module}:${assignment.name}`,
        workdir: mod.location.workdir,
        framework: 'django',
        interface: iface,
        origin: 'code',
        source: { file: mod.file, line: assignment.line },
        why: `${mod.file}:${assignment.line} assigns get_${iface}_application() to \`${assignment.name}\``,
      });
    }
  }
  return out;
}

const BACKEND_SETTINGS = new Set(['DATABASES', 'CACHES', 'CHANNEL_LAYERS']);

/** Services the settings configure: database engines, cache and channel-layer backends, and literal URLs. */
function datastores(settings: readonly PyModule[]): Fact[] {
  const out: Fact[] = [];
  const seen = new Set<Datastore>();
  for (const mod of settings) {
    for (const assignment of descendants(mod.tree.root, 'assignment')) {
      const setting = rootName(assignment.childForFieldName('left'));
      const right = assignment.childForFieldName('right');
      if (setting === null || !BACKEND_SETTINGS.has(setting) || right === null) continue;
      for (const node of descendants(right, 'string')) {
        const text = stringValue(node);
        const found = text === null ? null : datastoreOf(text);
        if (found === null || seen.has(found.value)) continue;
        seen.add(found.value);
        const line = lineOf(node);
        out.push({
          kind: 'datastore',
          value: found.value,
          optional: false,
          source: { file: mod.file, line },
          why: `${mod.file}:${line} configures ${setting} with ${found.what}`,
        });
      }
    }
  }
  return out;
}

function rootName(node: PyNode | null): string | null {
  if (node === null) return null;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'subscript') return rootName(node.childForFieldName('value'));
  return null;
}

const URL_SCHEMES: Record<string, Datastore> = {
  postgres: 'postgresql', postgresql: 'postgresql', pgsql: 'postgresql', postgis: 'postgresql', psql: 'postgresql',
  mysql: 'mysql', mysql2: 'mysql', mysqlgis: 'mysql', mariadb: 'mysql',
  redis: 'redis', rediss: 'redis',
  mongodb: 'mongodb',
  amqp: 'rabbitmq', amqps: 'rabbitmq',
};

const BACKEND_NAMES: ReadonlyArray<[RegExp, Datastore]> = [
  [/postgres|postgis/i, 'postgresql'],
  [/mysql/i, 'mysql'],
  [/redis/i, 'redis'],
  [/djongo|mongo/i, 'mongodb'],
];

/** A backend path (`django.db.backends.postgresql`) or a service URL; credentials are never echoed. */
function datastoreOf(text: string): { value: Datastore; what: string } | null {
  const url = /^([a-z][a-z0-9.-]*)(\+[a-z0-9+]+)?:\/\//i.exec(text);
  if (url !== null) {
    const value = URL_SCHEMES[url[1]!.toLowerCase()];
    return value === undefined ? null : { value, what: `a ${url[1]!.toLowerCase()}:// URL` };
  }
  // Backend paths are dotted Python names; environment variable names and hosts are not matched.
  if (!/^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$/.test(text)) return null;
  for (const [pattern, value] of BACKEND_NAMES) if (pattern.test(text)) return { value, what: text };
  return null;
}
