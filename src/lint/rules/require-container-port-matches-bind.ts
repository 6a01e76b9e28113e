// containerPort is informational; traffic goes where the server binds: https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#ports ; $(VAR) expansion: https://kubernetes.io/docs/tasks/inject-data-application/define-interdependent-environment-variables/ ; binds: https://docs.gunicorn.org/en/stable/settings.html#bind , https://www.uvicorn.org/settings/#socket-binding
import { parseBind, parsePort, type ServerCommand } from '../../analyze/commands/server-command.ts';
import { basename, shellScriptOf, splitShellCommands, substituteEnv, tokenizeShell } from '../../analyze/commands/shell-words.ts';
import { createRule } from '../create-rule.ts';
import type { Manifest } from '../load/manifest.ts';
import { asNumber, asRecord, asString, getIn } from '../object.ts';
import { expandKubeVars, programOf } from '../python.ts';
import { envMaySet, serviceTargetsOf } from '../selectors.ts';
import { commandOf, declaredPorts, envNamesOf, envOf, PROBE_FIELDS, type ContainerRef, type DeclaredPort, type Workload } from '../workload.ts';

/** Stands for a variable the manifest gives no value for. */
const UNKNOWN = '\u0000';
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|::1|\[::1\])$/;
/** Ports by these names are usually served by another listener of the process (a metrics or admin thread), not by the web server. */
const OTHER_LISTENER = /metric|prom|stat|monitor|export|debug|pprof|profil|admin|manage|mgmt|health|grpc/i;
/** Programs that, started from the same script, serve a port in front of the Python server. */
const PROXIES = new Set(['nginx', 'caddy', 'haproxy', 'envoy', 'traefik', 'socat', 'supervisord', 'httpd', 'apache2']);

const LABELS: Record<string, string> = { gunicorn: 'gunicorn', uvicorn: 'uvicorn', granian: 'Granian', hypercorn: 'Hypercorn', daphne: 'Daphne', waitress: 'waitress' };

/** Where the server listens, as far as the manifest tells. */
interface Bind {
  port: number;
  /** Undefined when the host comes from somewhere the manifest does not show. */
  host: string | undefined;
  /** How the port is set, for the message: `--bind 0.0.0.0:8000`, `--port $(PORT) = 8080`, `uvicorn's default`. */
  via: string;
}

export default createRule({
  id: 'require-container-port-matches-bind',
  meta: {
    description: 'Require the containerPort that a Service or probe targets to be the port the container’s Python server binds.',
    severity: 'error',
    fixable: false,
    suppressible: true,
    group: 'python',
    peers: [],
    messages: {
      portNotBound:
        'Container "{{container}}" declares containerPort {{port}}{{name}}, which {{pointers}} {{verb}}, but {{server}} binds port {{listening}} ({{via}}): nothing listens on {{port}}, so {{consequence}}. Declare containerPort: {{listening}}{{keep}}, or bind {{server}} to port {{port}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          // Without declared ports, require-probe-port-exists and require-target-port-exists compare with the bind.
          const declared = declaredPorts(ref);
          if (declared.length === 0) continue;
          const program = programOf(ref);
          if (program === null || LABELS[program.command.program] === undefined) continue;
          const bind = bindOf(ref, program.command, program.viaShell, workload, context.objects);
          if (bind === null || (bind.host !== undefined && LOOPBACK.test(bind.host))) continue;
          if (declared.some((d) => d.number === bind.port)) continue;
          if (program.viaShell && runsAnotherListener(ref)) continue;
          const pointers = pointersAt(ref, workload, declared, context.objects);
          // A Service already sends traffic to the port the server binds: the declared ports belong to another listener.
          const atBind = pointers.get(bind.port) ?? [];
          if (atBind.some((p) => p.probe === undefined)) continue;
          for (const d of declared) {
            // A probe already checks the bound port: other probes may check another listener, but Service traffic must reach the server.
            const at = pointers.get(d.number)?.filter((p) => atBind.length === 0 || p.probe === undefined);
            if (at === undefined || at.length === 0 || (d.name !== undefined && OTHER_LISTENER.test(d.name))) continue;
            const probes = at.filter((p) => p.probe !== undefined).map((p) => p.probe!);
            const consequence = probes.includes('livenessProbe') || probes.includes('startupProbe')
              ? `the ${probes.includes('livenessProbe') ? 'liveness' : 'startup'} probe is refused and the kubelet restarts the container over and over (CrashLoopBackOff)`
              : probes.includes('readinessProbe')
                ? 'the readiness probe is refused and the pod never becomes Ready: no Service sends it traffic'
                : 'connections through the Service are refused (502/503 at the Ingress)';
            // An unnamed port is targeted by number: those targets have to change with it.
            const repoint = [...(at.some((p) => p.probe === undefined) ? ['the Service targetPort'] : []), ...(probes.length === 0 ? [] : [probes.length === 1 ? `the ${probes[0]!}` : 'the probes'])];
            context.report({
              path: [...ref.path, 'ports', d.index, 'containerPort'],
              messageId: 'portNotBound',
              data: {
                container: ref.name,
                port: d.number,
                name: d.name === undefined ? '' : ` ("${d.name}")`,
                pointers: list(at.map((p) => p.label)),
                verb: at.length === 1 ? 'targets' : 'target',
                server: LABELS[program.command.program]!,
                listening: bind.port,
                via: bind.via,
                consequence,
                keep: d.name === undefined ? ` and point ${list(repoint)} at it` : ` (keeping the name "${d.name}", so the named targets follow)`,
              },
            });
          }
        }
      },
    };
  },
});

function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)!}`;
}

/** Container port number → what sends traffic or probes there: the Services' ports and this container's probes. */
function pointersAt(ref: ContainerRef, workload: Workload, declared: readonly DeclaredPort[], objects: readonly Manifest[]): Map<number, Array<{ label: string; probe?: string }>> {
  const out = new Map<number, Array<{ label: string; probe?: string }>>();
  const add = (port: number, entry: { label: string; probe?: string }): void => {
    const entries = out.get(port);
    if (entries === undefined) out.set(port, [entry]);
    else if (!entries.some((e) => e.label === entry.label)) entries.push(entry);
  };
  for (const target of serviceTargetsOf(ref, workload, objects)) {
    if (target.containerPort === undefined) continue;
    const port = getIn(target.service.object, ['spec', 'ports', target.portIndex, 'port']);
    add(target.containerPort, { label: `Service "${target.service.name}" port ${String(port ?? '?')}` });
  }
  for (const probe of PROBE_FIELDS) {
    const spec = asRecord(ref.container[probe]);
    for (const handler of ['httpGet', 'tcpSocket', 'grpc'] as const) {
      const action = asRecord(spec?.[handler]);
      // A probe with its own host checks another address than this container's.
      if (action === undefined || asString(action['host']) !== undefined) continue;
      const raw = action['port'];
      const number = typeof raw === 'string' && !/^\d+$/.test(raw) ? declared.find((d) => d.name === raw)?.number : asNumber(typeof raw === 'string' ? Number(raw) : raw);
      if (number !== undefined) add(number, { label: `the ${probe}`, probe });
    }
  }
  return out;
}

/** Whether the container's script also starts a proxy, a supervisor or a background process that may serve the declared ports. */
function runsAnotherListener(ref: ContainerRef): boolean {
  const script = shellScriptOf(commandOf(ref) ?? []);
  if (script === null) return false;
  if (tokenizeShell(script)?.some((t) => t.kind === 'operator' && t.text === '&') !== false) return true;
  return (splitShellCommands(script) ?? []).some((words) => words.some((word, i) => PROXIES.has(basename(word)) && (i === 0 || ['exec', 'sudo', 'service', 'nohup'].includes(words[i - 1]!))));
}

/**
 * The port the server binds, from its command line (or GUNICORN_CMD_ARGS), with `$(VAR)` and,
 * in a shell script, `$VAR` resolved from the container's literal env. Null whenever the
 * manifest cannot tell: a variable with no literal value (an image ENV, a Secret or a
 * ConfigMap may set it), a config file, several binds, or a Unix socket.
 */
function bindOf(ref: ContainerRef, command: ServerCommand, viaShell: boolean, workload: Workload, objects: readonly Manifest[]): Bind | null {
  if (command.socket !== undefined) return null;
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(envOf(ref))) env[name] = expandKubeVars(value, env);
  Object.assign(env, command.env);
  // Variables left unresolved become UNKNOWN, which no port or host parses as: `$(POD_IP):8000` still gives port 8000.
  const resolve = (text: string): string | null => {
    if (text.includes('$$')) return null;
    let out = expandKubeVars(text, env);
    if (viaShell) out = substituteEnv(out, env);
    return out.replace(/\$\{[^}]*\}|\$\([^)]*\)|\$[A-Za-z_][A-Za-z0-9_]*/g, UNKNOWN);
  };
  const known = (host: string | undefined): string | undefined => (host === undefined || host.includes(UNKNOWN) ? undefined : host);
  const option = (name: string): string | undefined => (typeof command.options[name] === 'string' ? command.options[name] : undefined);
  const count = (flags: readonly string[]): number => command.argv.filter((word) => flags.some((f) => word === f || word.startsWith(`${f}=`) || (f.length === 2 && word.startsWith(f)))).length;
  const maySet = (name: string): boolean => envNamesOf(ref).has(name) || envMaySet(ref, workload, objects, name);
  /** A port from an option, or from an env variable the server reads, or its documented default. */
  const portFrom = (flag: string, envName: string | undefined, fallback: number | undefined): Omit<Bind, 'host'> | null => {
    const text = option(flag);
    if (text !== undefined) {
      const resolved = resolve(text);
      const port = resolved === null ? undefined : parsePort(resolved).port;
      return port === undefined ? null : { port, via: `--${flag} ${text}${resolved === text ? '' : ` = ${resolved!}`}` };
    }
    if (envName !== undefined && env[envName] !== undefined) {
      const port = parsePort(env[envName]!).port;
      return port === undefined ? null : { port, via: `${envName}=${env[envName]!}` };
    }
    if (envName !== undefined && maySet(envName)) return null;
    return fallback === undefined ? null : { port: fallback, via: `the default when --${flag} is not given` };
  };
  const hostFrom = (flag: string, envName: string | undefined, fallback: string): string | undefined => {
    const text = option(flag);
    if (text !== undefined) return known(resolve(text) ?? undefined);
    if (envName !== undefined && env[envName] !== undefined) return env[envName];
    if (envName !== undefined && maySet(envName)) return undefined;
    return fallback;
  };
  const fromBind = (flag: string, text: string): Bind | null => {
    const resolved = resolve(text);
    if (resolved === null) return null;
    const bind = parseBind(resolved);
    if (bind.socket !== undefined || bind.port === undefined) return null;
    return { port: bind.port, host: known(bind.host), via: `--${flag} ${text}${resolved === text ? '' : ` = ${resolved.replaceAll(UNKNOWN, '…')}`}` };
  };
  switch (command.program) {
    case 'gunicorn': {
      // Only a --bind on the command line or in GUNICORN_CMD_ARGS is sure: without one, gunicorn.conf.py in the working directory, or $PORT, decides.
      if (count(['-b', '--bind']) > 1) return null;
      const bind = option('bind');
      return bind === undefined ? null : fromBind('bind', bind);
    }
    case 'hypercorn': {
      if (count(['-b', '--bind', '--insecure-bind']) > 1) return null;
      const flag = option('bind') !== undefined ? 'bind' : 'insecure-bind';
      const bind = option(flag);
      // Without --bind, Hypercorn listens on 127.0.0.1:8000 or where its config file says.
      return bind === undefined ? null : fromBind(flag, bind);
    }
    case 'waitress': {
      const listens = count(['--listen']);
      if (listens > 1) return null;
      const listen = option('listen');
      if (listen !== undefined) return fromBind('listen', listen);
      const port = portFrom('port', undefined, 8080);
      return port === null ? null : { ...port, host: hostFrom('host', undefined, '0.0.0.0') };
    }
    case 'daphne': {
      if (count(['-e', '--endpoint']) > 1) return null;
      const endpoint = option('endpoint');
      if (endpoint !== undefined && option('port') === undefined) {
        const resolved = resolve(endpoint);
        // Twisted endpoints: `tcp:8000:interface=0.0.0.0`, `tcp:port=8000`; only TCP ones have a port.
        const port = resolved === null ? undefined : /^tcp:(?:port=)?(\d+)|:port=(\d+)/.exec(resolved);
        if (port === undefined || port === null || !resolved!.startsWith('tcp')) return null;
        return { port: Number(port[1] ?? port[2]), host: /:interface=([^:]+)/.exec(resolved!)?.[1] ?? '0.0.0.0', via: `--endpoint ${endpoint}` };
      }
      const port = portFrom('port', undefined, 8000);
      return port === null ? null : { ...port, host: hostFrom('bind', undefined, '127.0.0.1') };
    }
    case 'uvicorn':
    case 'granian': {
      const prefix = command.program === 'uvicorn' ? 'UVICORN' : 'GRANIAN';
      const port = portFrom('port', `${prefix}_PORT`, 8000);
      return port === null ? null : { ...port, host: hostFrom('host', `${prefix}_HOST`, '127.0.0.1') };
    }
    default:
      return null;
  }
}
