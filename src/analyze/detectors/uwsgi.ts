// uWSGI ini options module, wsgi-file, chdir, http, http-socket, socket and protocol: https://uwsgi-docs.readthedocs.io/en/latest/Options.html
// Hooks (`hook-pre-app = exec:…`, `exec-pre-app = …`): https://uwsgi-docs.readthedocs.io/en/latest/Hooks.html
import type { Fact } from '../../model/facts.ts';
import { commandMeaning, containerPathCandidates, deploymentDirs, readShellCommand } from '../commands/command-facts.ts';
import { iniValue, readIni, type IniEntry } from '../commands/ini.ts';
import { parseBind } from '../commands/server-command.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import { dirOf, joinRel, type Project } from '../project.ts';

/** Hooks that run a shell command once while uWSGI starts, before or around loading the app. */
const HOOK_KEY = /^(hook|exec)-(asap|pre-app|post-app|as-root|as-user|master-start|accepting1?(-once)?)$/;

export const uwsgi = defineDetector({
  id: 'uwsgi',
  kind: 'server',
  // Driven by its own ini file, which is cheap to look for: it runs even when uWSGI is
  // installed outside the declared dependencies (`pip install uwsgi` in a Dockerfile).
  detect(project) {
    const dirs = deploymentDirs(project).flatMap((d) => [d, joinRel(d, 'deploy'), joinRel(d, 'config'), joinRel(d, 'docker')]);
    const files = project.files.filter((f) => f.endsWith('.ini') && dirs.includes(dirOf(f)));
    return files.flatMap((file) => {
      const text = project.read(file);
      const entries = text === null ? [] : readIni(text).filter((e) => e.section === 'uwsgi');
      return entries.length === 0 ? [] : readUwsgiIni(project, file, entries);
    });
  },
});

function readUwsgiIni(project: Project, file: string, entries: IniEntry[]): Fact[] {
  const get = (key: string): IniEntry | undefined => iniValue(entries, 'uwsgi', key);
  const at = (entry: IniEntry) => ({ file, line: entry.line });
  // A whole-file fact (line 0) keeps the file name as its sentence's subject, as resolve expects.
  const facts: Fact[] = [{ kind: 'server', value: 'uwsgi', source: { file, line: 0 }, why: `${file} has a [uwsgi] section` }];

  const module = get('module') ?? get('wsgi');
  const callable = get('callable');
  const wsgiFile = get('wsgi-file') ?? get('file');
  const importable = (dir: string): boolean => {
    if (module !== undefined) return holdsModule(project, dir, module.value);
    return wsgiFile !== undefined && project.has(joinRel(dir, wsgiFile.value));
  };
  const workdir = workdirOf(project, file, get('chdir')?.value, importable);

  if (module !== undefined) {
    const value = module.value.includes(':') || callable === undefined ? module.value : `${module.value}:${callable.value}`;
    facts.push({ kind: 'app-target', value, workdir, interface: 'wsgi', origin: 'command', source: at(module), why: `sets the uWSGI module to "${module.value}"` });
  } else if (wsgiFile !== undefined) {
    const path = joinRel(workdir, wsgiFile.value);
    const location = project.has(path) ? moduleOf(project, path) : null;
    if (location !== null) {
      const value = `${location.module}:${callable?.value ?? 'application'}`;
      facts.push({ kind: 'app-target', value, workdir: location.workdir, interface: 'wsgi', origin: 'command', source: at(wsgiFile), why: `sets the uWSGI wsgi-file to "${wsgiFile.value}"` });
    }
  }

  facts.push(...listenFacts(get, at));

  // Hooks run after `chdir`, so their commands (`./manage.py migrate`) run from the app's folder.
  for (const entry of entries.filter((e) => HOOK_KEY.test(e.key))) {
    const text = entry.key.startsWith('hook-') ? /^(?:exec|safe-?exec):(.*)$/s.exec(entry.value)?.[1] : entry.value;
    const command = text === undefined ? null : readShellCommand(text);
    if (command !== null) facts.push(...commandMeaning(command, { project, source: at(entry), workdir }));
  }
  return facts;
}

/**
 * Port and host facts of the address uWSGI serves HTTP on: `http`, `http-socket`, or a plain
 * `socket` when `protocol = http` makes it speak HTTP. A plain socket otherwise speaks the
 * binary uwsgi protocol, which probes and Services cannot use.
 */
function listenFacts(get: (key: string) => IniEntry | undefined, at: (entry: IniEntry) => { file: string; line: number }): Fact[] {
  const socket = get('socket') ?? get('uwsgi-socket');
  const protocol = get('protocol');
  const speaksHttp = protocol !== undefined && /^http(11)?$/i.test(protocol.value.trim());
  const http = get('http') ?? get('http-socket') ?? (speaksHttp ? socket : undefined);
  if (http !== undefined) {
    const bind = parseBind(http.value);
    const why = http === socket ? `sets uWSGI ${http.key} = ${http.value} with protocol = ${protocol!.value}` : `sets uWSGI ${http.key} = ${http.value}`;
    const facts: Fact[] = [];
    if (bind.port !== undefined) facts.push({ kind: 'port', value: bind.port, source: at(http), why });
    if (bind.host !== undefined) facts.push({ kind: 'bind-host', value: bind.host, source: at(http), why });
    return facts;
  }
  if (socket === undefined || parseBind(socket.value).socket !== undefined) return [];
  return [{
    kind: 'problem',
    level: 'warning',
    code: 'W_UWSGI_PROTOCOL_SOCKET',
    message: `uWSGI listens with "${socket.key} = ${socket.value}", which speaks the uwsgi protocol, not HTTP; Kubernetes probes and Services cannot reach it. Use "http-socket = ${socket.value}" (or add "protocol = http") instead.`,
    source: at(socket),
    why: 'the socket option serves the binary uwsgi protocol for a front web server',
  }];
}

/**
 * The folder the app imports from. A relative `chdir` (or one starting with `%d`, the ini's own
 * folder) is taken from the ini's folder. An absolute `chdir` is a path inside the container:
 * it is matched to the repository by its trailing parts, keeping the candidate the app is
 * importable from. Otherwise the app root is taken, or the ini's folder (or the repository
 * root) when only there the app is importable.
 */
function workdirOf(project: Project, file: string, chdir: string | undefined, importable: (dir: string) => boolean): string {
  const iniDir = dirOf(file);
  if (chdir !== undefined && chdir.startsWith('%d')) return joinRel(iniDir, chdir.slice(2).replace(/^\//, ''));
  if (chdir !== undefined && !chdir.startsWith('/')) return joinRel(iniDir, chdir);
  if (chdir !== undefined) {
    const match = containerPathCandidates(chdir, [...new Set(['.', project.appRoot])]).find(importable);
    if (match !== undefined) return match;
  }
  return [project.appRoot, iniDir, '.'].find(importable) ?? project.appRoot;
}

/** Whether `pkg.mod` (of `pkg.mod:app`) is a module or package under `dir`. */
function holdsModule(project: Project, dir: string, target: string): boolean {
  const path = target.split(':')[0]!.trim().replace(/\./g, '/');
  if (!/^[\w/]+$/.test(path)) return false;
  return project.has(joinRel(dir, `${path}.py`)) || project.has(joinRel(dir, path, '__init__.py'));
}
