// uWSGI ini options module, wsgi-file, http, http-socket and socket: https://uwsgi-docs.readthedocs.io/en/latest/Options.html
import type { Fact } from '../../model/facts.ts';
import { deploymentDirs } from '../commands/command-facts.ts';
import { iniValue, readIni, type IniEntry } from '../commands/ini.ts';
import { parseBind } from '../commands/server-command.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import { dirOf, joinRel, type Project } from '../project.ts';

export const uwsgi = defineDetector({
  id: 'uwsgi',
  kind: 'server',
  enablers: ['uwsgi', 'pyuwsgi'],
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
  const facts: Fact[] = [{ kind: 'server', value: 'uwsgi', source: { file, line: 0 }, why: `${file} has a [uwsgi] section` }];
  const chdir = get('chdir')?.value;
  const workdir = chdir !== undefined && !chdir.startsWith('/') ? joinRel(dirOf(file), chdir) : dirOf(file);

  const module = get('module') ?? get('wsgi');
  const callable = get('callable');
  const wsgiFile = get('wsgi-file') ?? get('file');
  if (module !== undefined) {
    const value = module.value.includes(':') || callable === undefined ? module.value : `${module.value}:${callable.value}`;
    facts.push({ kind: 'app-target', value, workdir, interface: 'wsgi', origin: 'command', source: at(module), why: `${file}:${module.line} sets the uWSGI module to "${module.value}"` });
  } else if (wsgiFile !== undefined) {
    const path = joinRel(workdir, wsgiFile.value);
    const location = project.has(path) ? moduleOf(project, path) : null;
    if (location !== null) {
      const value = `${location.module}:${callable?.value ?? 'application'}`;
      facts.push({ kind: 'app-target', value, workdir: location.workdir, interface: 'wsgi', origin: 'command', source: at(wsgiFile), why: `${file}:${wsgiFile.line} sets the uWSGI wsgi-file to "${wsgiFile.value}"` });
    }
  }

  const http = get('http') ?? get('http-socket');
  if (http !== undefined) {
    const bind = parseBind(http.value);
    const why = `${file}:${http.line} sets uWSGI ${http.key} = ${http.value}`;
    if (bind.port !== undefined) facts.push({ kind: 'port', value: bind.port, source: at(http), why });
    if (bind.host !== undefined) facts.push({ kind: 'bind-host', value: bind.host, source: at(http), why });
  } else {
    const socket = get('socket') ?? get('uwsgi-socket');
    if (socket !== undefined && parseBind(socket.value).socket === undefined) {
      facts.push({
        kind: 'problem',
        level: 'warning',
        code: 'W_UWSGI_PROTOCOL_SOCKET',
        message: `${file}:${socket.line}: uWSGI listens with "${socket.key} = ${socket.value}", which speaks the uwsgi protocol, not HTTP; Kubernetes probes and Services cannot reach it. Use "http-socket = ${socket.value}" instead.`,
        source: at(socket),
        why: 'the socket option serves the binary uwsgi protocol for a front web server',
      });
    }
  }
  return facts;
}
