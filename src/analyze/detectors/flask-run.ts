// Apps that start Flask's own server: https://flask.palletsprojects.com/en/stable/api/#flask.Flask.run
// and Flask-SocketIO's https://flask-socketio.readthedocs.io/en/latest/api.html#flask_socketio.SocketIO.run
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import type { Project } from '../project.ts';
import { appSourceFiles, findAppCandidates, isCallTo, methodName, ownDescendants, pyModule, referenceOf, type PyModule } from '../python-app.ts';
import { calleeOf, descendants, keywordArgument, lineOf, positionalArguments, stringValue, topLevelAssignments, type PyNode } from '../python.ts';
import { FLASK_SPEC, routeFactoriesOf } from './flask.ts';

/**
 * `app.run(host=…, port=…)` and `socketio.run(app, host=…, port=…)`: the port and address an
 * app that serves itself listens on, when the code says so. Only values written in the code
 * count: a literal, or the literal default of an environment lookup
 * (`int(os.environ.get("PORT", 5000))`), directly or through a variable. Flask's own
 * defaults (127.0.0.1:5000) are not reported: `app.run()` with no arguments is usually a
 * development convenience beside a production server.
 */
export const flaskRun = defineDetector({
  id: 'flask-run',
  kind: 'server',
  enablers: ['flask'],
  detect(project) {
    // Finding the app objects is the expensive part, so it waits for a run call that sets something.
    let apps: FlaskApps | null = null;
    const facts: Fact[] = [];
    const seen = new Set<string>();
    for (const file of appSourceFiles(project)) {
      if (!/\.run\s*\(/.test(project.read(file) ?? '')) continue;
      const mod = pyModule(project, file);
      if (mod === null) continue;
      for (const call of descendants(mod.tree.root, 'call')) {
        if (!setsAddress(call)) continue;
        apps ??= flaskApps(project);
        const run = runCallOf(call, mod, apps);
        if (run === null) continue;
        for (const fact of runFacts(call, mod, run)) {
          // The same settings passed on several branches (with and without TLS, say) are one fact.
          const key = `${fact.kind}:${'value' in fact ? fact.value : ''}`;
          if (!seen.has(key)) facts.push(fact);
          seen.add(key);
        }
      }
    }
    return facts;
  },
});

/** A `.run(...)` call given a host or a port, by keyword or by position (`app.run("0.0.0.0", 8080)`). */
function setsAddress(call: PyNode): boolean {
  if (methodName(call) !== 'run') return false;
  return keywordArgument(call, 'port') !== null || keywordArgument(call, 'host') !== null || positionalArguments(call).length >= 2;
}

interface FlaskApps {
  /** `pkg.module.app` of module-level Flask objects. */
  objects: Set<string>;
  /** `pkg.module.create_app` of functions that return a Flask app. */
  functions: Set<string>;
}

function flaskApps(project: Project): FlaskApps {
  const objects = new Set<string>();
  const functions = new Set<string>();
  for (const candidate of findAppCandidates(project, FLASK_SPEC)) {
    const [module, name] = candidate.value.split(':') as [string, string];
    if (candidate.kind === 'factory') {
      functions.add(`${module}.${name.replace(/\(\)$/, '')}`);
    } else {
      objects.add(`${module}.${name}`);
      for (const factory of routeFactoriesOf(project, candidate)) functions.add(factory.qualified);
    }
  }
  return { objects, functions };
}

interface Run {
  /** `app.run`, `socketio.run`: what the evidence says was called. */
  called: string;
  /** Positions of host and port among the positional arguments. */
  hostIndex: number;
  portIndex: number;
}

/** A call that starts a server for a Flask app: `<flask app>.run(...)`, or `<socketio>.run(<flask app>, ...)`. */
function runCallOf(call: PyNode, mod: PyModule, apps: FlaskApps): Run | null {
  if (methodName(call) !== 'run') return null;
  const receiver = call.childForFieldName('function')!.childForFieldName('object');
  const called = `${receiver?.text ?? ''}.run`;
  if (isFlaskApp(receiver, call, mod, apps, 0)) return { called, hostIndex: 0, portIndex: 1 };
  const first = positionalArguments(call)[0] ?? keywordArgument(call, 'app');
  const isSocketIO = /socketio/i.test(receiver?.text ?? '') || (calleeOf(receiver, mod.imports) ?? '').startsWith('flask_socketio.');
  if (isSocketIO && isFlaskApp(first ?? null, call, mod, apps, 0)) return { called, hostIndex: 1, portIndex: 2 };
  return null;
}

/** True when an expression is a Flask app: a Flask() call, a call to a function returning one, or a name bound to either. */
function isFlaskApp(node: PyNode | null, at: PyNode, mod: PyModule, apps: FlaskApps, depth: number): boolean {
  if (node === null || depth > 4) return false;
  if (node.type === 'call') {
    const callee = node.childForFieldName('function');
    return isCallTo(node, mod, new Set(FLASK_SPEC.classes)) || apps.functions.has(referenceOf(callee, mod) ?? '');
  }
  if (node.type !== 'identifier') return apps.objects.has(referenceOf(node, mod) ?? '');
  const bound = bindingsOf(node.text, at, mod);
  if (bound.length > 0) return bound.some((value) => isFlaskApp(value, at, mod, apps, depth + 1));
  return apps.objects.has(referenceOf(node, mod) ?? '');
}

/** Values assigned to `name` in the function enclosing `at`, or else at module level. */
function bindingsOf(name: string, at: PyNode, mod: PyModule): PyNode[] {
  for (let scope = at.parent; scope !== null; scope = scope.parent) {
    if (scope.type !== 'function_definition') continue;
    const body = scope.childForFieldName('body');
    const local = body === null ? [] : ownDescendants(body, ['assignment']).filter((a) => a.childForFieldName('left')?.text === name);
    if (local.length > 0) return local.map((a) => a.childForFieldName('right')).filter((v): v is PyNode => v !== null);
    break;
  }
  return topLevelAssignments(mod.tree).filter((a) => a.name === name).map((a) => a.value);
}

function runFacts(call: PyNode, mod: PyModule, run: Run): Fact[] {
  const source = { file: mod.file, line: lineOf(call) };
  const facts: Fact[] = [];
  const port = scalarOf(positionalArguments(call)[run.portIndex] ?? keywordArgument(call, 'port'), call, mod, 0);
  const host = scalarOf(positionalArguments(call)[run.hostIndex] ?? keywordArgument(call, 'host'), call, mod, 0);
  const portNumber = port !== null && /^\d+$/.test(port.value) ? Number(port.value) : null;
  if (portNumber !== null && portNumber > 0 && portNumber < 65536) {
    facts.push({ kind: 'port', value: portNumber, source, why: `starts the app's own server with ${run.called} on port ${portNumber}${port!.from}` });
  }
  if (host !== null && host.value !== '') {
    facts.push({ kind: 'bind-host', value: host.value, source, why: `starts the app's own server with ${run.called} bound to ${host.value}${host.from}` });
  }
  return facts;
}

const ENV_LOOKUPS = new Set(['os.environ.get', 'os.getenv', 'os.environ.setdefault']);
const CONVERSIONS = new Set(['int', 'str']);
const STRING_METHODS = new Set(['strip', 'lstrip', 'rstrip', 'lower']);

interface Scalar {
  value: string;
  /** Where the value comes from, for the evidence sentence (empty for a literal at the call). */
  from: string;
}

/**
 * A port or host written in the code: a literal, the literal default of an environment lookup,
 * through `int()`, `str()` or `.strip()`, or a variable whose assignments give one such value
 * (later assignments from runtime state, like a command-line option, do not change the default).
 */
function scalarOf(node: PyNode | null | undefined, at: PyNode, mod: PyModule, depth: number): Scalar | null {
  if (node === null || node === undefined || depth > 4) return null;
  if (node.type === 'integer') return { value: node.text.replace(/_/g, ''), from: '' };
  const literal = stringValue(node);
  if (literal !== null) return { value: literal, from: '' };
  if (node.type === 'parenthesized_expression') return scalarOf(node.namedChild(0), at, mod, depth + 1);
  if (node.type === 'call') {
    const callee = calleeOf(node, mod.imports) ?? '';
    if (CONVERSIONS.has(callee)) return scalarOf(positionalArguments(node)[0], at, mod, depth + 1);
    if (STRING_METHODS.has(methodName(node) ?? '') && positionalArguments(node).length === 0) {
      return scalarOf(node.childForFieldName('function')!.childForFieldName('object'), at, mod, depth + 1);
    }
    if (ENV_LOOKUPS.has(callee)) {
      const fallback = scalarOf(positionalArguments(node)[1] ?? keywordArgument(node, 'default'), at, mod, depth + 1);
      return fallback === null ? null : { value: fallback.value, from: `, the default of \`${node.text}\`` };
    }
    return null;
  }
  if (node.type !== 'identifier') return null;
  const values = bindingsOf(node.text, at, mod).flatMap((value) => {
    const scalar = scalarOf(value, at, mod, depth + 1);
    return scalar === null ? [] : [{ scalar, value }];
  });
  const first = values[0];
  if (first === undefined || values.some((v) => v.scalar.value !== first.scalar.value)) return null;
  const assignment = first.value.parent;
  const written = assignment !== null && !assignment.text.includes('\n') && assignment.text.length <= 80 ? assignment.text : `${node.text} = …`;
  const how = first.scalar.from === '' ? 'set by' : 'the default set by';
  return { value: first.scalar.value, from: `, ${how} \`${written}\` (${mod.file}:${lineOf(first.value)})` };
}
