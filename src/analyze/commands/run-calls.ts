import type { AppInterface, Fact, Server } from '../../model/facts.ts';
import { moduleOf } from '../modules.ts';
import { joinRel, type Project } from '../project.ts';
import { calleeOf, descendants, dottedName, importsOf, keywordArgument, lineOf, positionalArguments, qualifiedName, topLevelAssignments, topLevelFunctions, type PyNode } from '../python.ts';
import { staticText } from './python-values.ts';
import { parseBind } from './server-command.ts';

/**
 * Servers started from Python rather than from a command line: `uvicorn.run("pkg.main:app",
 * port=8000)` under `if __name__ == "__main__":`, `waitress.serve(app, listen=…)`. Each
 * server detector names its function and keywords; finding and reading the calls is shared.
 */

export interface RunCall {
  file: string;
  call: PyNode;
  imports: Map<string, string>;
}

/** Calls to any of `callees` (qualified names) in app files that mention `mention`. */
export function findRunCalls(project: Project, callees: ReadonlySet<string>, mention: RegExp): RunCall[] {
  const found: RunCall[] = [];
  for (const file of project.appFiles) {
    if (!file.endsWith('.py') || !mention.test(project.read(file) ?? '')) continue;
    const tree = project.python(file);
    if (tree === null) continue;
    const imports = importsOf(tree);
    for (const call of descendants(tree.root, 'call')) {
      if (callees.has(calleeOf(call, imports) ?? '')) found.push({ file, call, imports });
    }
  }
  return found;
}

/**
 * The import string of an app argument: a string is taken as written; a name defined in the
 * same module becomes `module:name`; an imported name or factory call follows the import.
 */
export function appTargetOf(project: Project, run: RunCall, node: PyNode | null): { value: string; workdir: string } | null {
  if (node === null) return null;
  const written = staticText(node, run.imports);
  const location = moduleOf(project, run.file);
  const workdir = location?.workdir ?? project.appRoot;
  if (written !== null) return written.includes(':') ? { value: written, workdir } : null;
  const isCall = node.type === 'call' && positionalArguments(node).length === 0 && node.childForFieldName('arguments')?.namedChildCount === 0;
  const reference = isCall ? node.childForFieldName('function') : node;
  const name = dottedName(reference);
  if (name === null) return null;
  const suffix = isCall ? '()' : '';
  const tree = project.python(run.file);
  const local = tree !== null && (topLevelAssignments(tree).some((a) => a.name === name) || topLevelFunctions(tree).some((f) => f.name === name));
  if (local && location !== null) return { value: `${location.module}:${name}${suffix}`, workdir };
  const qualified = qualifiedName(reference, run.imports);
  if (qualified === null || !qualified.includes('.') || qualified === name) return null;
  const dot = qualified.lastIndexOf('.');
  return { value: `${qualified.slice(0, dot)}:${qualified.slice(dot + 1)}${suffix}`, workdir };
}

export interface RunSettings {
  server: Server;
  /** What the code does, for `why`: `calls uvicorn.run`. */
  verb: string;
  target: { value: string; workdir: string } | null;
  interface?: AppInterface;
  host?: string | null;
  port?: number | null;
  /** A `host:port` string (`listen=`, `bind=`). */
  bind?: string | null;
}

/** server, app-target (origin 'command'), port and bind-host facts for one run call. */
export function toRunFacts(run: RunCall, settings: RunSettings): Fact[] {
  const line = lineOf(run.call);
  const source = { file: run.file, line };
  const facts: Fact[] = [{ kind: 'server', value: settings.server, source, why: settings.verb }];
  if (settings.target !== null) {
    facts.push({
      kind: 'app-target',
      value: settings.target.value,
      workdir: settings.target.workdir,
      ...(settings.interface === undefined ? {} : { interface: settings.interface }),
      origin: 'command',
      source,
      why: `${settings.verb} with the app "${settings.target.value}"`,
    });
  }
  const bind = settings.bind === undefined || settings.bind === null ? {} : parseBind(settings.bind);
  const port = settings.port ?? bind.port;
  const host = settings.host ?? bind.host;
  if (port !== undefined && port !== null) facts.push({ kind: 'port', value: port, source, why: `${settings.verb} on port ${port}` });
  if (host !== undefined && host !== null) facts.push({ kind: 'bind-host', value: host, source, why: `${settings.verb} bound to ${host}` });
  return facts;
}

export function keyword(run: RunCall, name: string): PyNode | null {
  return keywordArgument(run.call, name);
}

export function keywordText(run: RunCall, name: string): string | null {
  return staticText(keywordArgument(run.call, name), run.imports);
}

export function keywordPort(run: RunCall, name: string): number | null {
  const text = keywordText(run, name);
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}

/** `app_dir=` relative to the module's import root. */
export function withAppDir(target: { value: string; workdir: string } | null, appDir: string | null): { value: string; workdir: string } | null {
  if (target === null || appDir === null || appDir.startsWith('/')) return target;
  return { ...target, workdir: joinRel(target.workdir, appDir) };
}
