// gunicorn configuration file settings (bind, wsgi_app, worker_class): https://docs.gunicorn.org/en/stable/settings.html
import type { Fact } from '../../model/facts.ts';
import { deploymentDirs } from '../commands/command-facts.ts';
import { staticText } from '../commands/python-values.ts';
import { parseBind } from '../commands/server-command.ts';
import { defineDetector } from '../detector.ts';
import { joinRel, type Project } from '../project.ts';
import { importsOf, lineOf, topLevelAssignments, type Assignment } from '../python.ts';

/** Where gunicorn looks by default (`./gunicorn.conf.py`) and the names projects commonly pass to `-c`. */
export const CONFIG_FILES = ['gunicorn.conf.py', 'gunicorn_conf.py', 'gunicorn_config.py', 'gunicorn.config.py', 'config/gunicorn.py', 'deploy/gunicorn.conf.py'];

export const gunicorn = defineDetector({
  id: 'gunicorn',
  kind: 'server',
  // Driven by its own configuration file, which is cheap to look for: it runs even when
  // gunicorn is installed outside the declared dependencies (in a Dockerfile).
  detect(project) {
    const facts: Fact[] = [];
    const seen = new Set<string>();
    for (const dir of deploymentDirs(project)) {
      for (const name of CONFIG_FILES) {
        const file = joinRel(dir, name);
        if (seen.has(file) || !project.has(file)) continue;
        seen.add(file);
        facts.push(...readGunicornConfig(project, file, dir));
      }
    }
    return facts;
  },
});

function readGunicornConfig(project: Project, file: string, dir: string): Fact[] {
  const tree = project.python(file);
  if (tree === null) return [];
  const imports = importsOf(tree);
  const settings = new Map<string, Assignment>();
  for (const assignment of topLevelAssignments(tree)) settings.set(assignment.name, assignment);
  const facts: Fact[] = [{ kind: 'server', value: 'gunicorn', source: { file, line: 0 }, why: `${file} is a gunicorn configuration file` }];

  const bind = settings.get('bind');
  if (bind !== undefined) {
    // `bind` may be one address or a list; the first TCP address is the one probes and Services reach.
    const values = ['list', 'tuple'].includes(bind.value.type) ? bind.value.namedChildren : [bind.value];
    const parsed = values.map((v) => ({ text: staticText(v, imports), line: v === null ? bind.line : lineOf(v) })).filter((v) => v.text !== null);
    const tcp = parsed.map((v) => ({ ...v, bind: parseBind(v.text!) })).find((v) => v.bind.port !== undefined || v.bind.host !== undefined);
    if (tcp !== undefined) {
      const why = `sets the gunicorn bind to "${tcp.text}"`;
      if (tcp.bind.port !== undefined) facts.push({ kind: 'port', value: tcp.bind.port, source: { file, line: tcp.line }, why });
      if (tcp.bind.host !== undefined) facts.push({ kind: 'bind-host', value: tcp.bind.host, source: { file, line: tcp.line }, why });
    }
  }

  const app = settings.get('wsgi_app');
  const target = app === undefined ? null : staticText(app.value, imports);
  if (app !== undefined && target !== null) {
    const workerClass = settings.get('worker_class');
    const workerText = workerClass === undefined ? null : staticText(workerClass.value, imports);
    const chdir = settings.get('chdir');
    const chdirText = chdir === undefined ? null : staticText(chdir.value, imports);
    facts.push({
      kind: 'app-target',
      value: target,
      workdir: chdirText !== null && !chdirText.startsWith('/') ? joinRel(dir, chdirText) : dir,
      interface: workerText !== null && /uvicorn|asgi/i.test(workerText) ? 'asgi' : 'wsgi',
      origin: 'command',
      source: { file, line: app.line },
      why: `sets gunicorn's wsgi_app to "${target}"${workerText === null ? '' : ` with the ${workerText} worker class`}`,
    });
  }
  return facts;
}
