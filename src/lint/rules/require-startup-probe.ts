// Startup probes protect slow starters: https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/#define-startup-probes
import { z } from 'zod';
import { createRule } from '../create-rule.ts';
import { asNumber, asRecord, asString, type Json } from '../object.ts';
import { programOf } from '../python.ts';
import { serviceTargetsOf } from '../selectors.ts';
import { commandOf, envNamesOf, runsToCompletion, type ContainerRef, type Workload } from '../workload.ts';

const schema = z.strictObject({
  /** A liveness budget below this many seconds is short for any Python app (imports, migrations checks, warm-up). */
  minLivenessBudgetSeconds: z.number().int().min(1).max(3600),
  /** Seconds a slow starter (a model to load) may take; its liveness budget must cover this or a startup probe must. */
  slowStartSeconds: z.number().int().min(1).max(7200),
});

/** Model servers and flags that load weights before the port opens. */
const MODEL_IMAGE = /(vllm|text-generation-inference|\btgi\b|tritonserver|torchserve|ollama|tensorflow\/serving|tensorflow-serving|sglang|llama[.-]?cpp|huggingface)/i;
const MODEL_PROGRAM = /^(vllm|text-generation-launcher|tritonserver|torchserve|tensorflow_model_server|ollama|sglang)$|^vllm\.|^sglang\./;
const MODEL_FLAG = /^--(model|model-id|model-path|model-name|model-repository|model-store|model-dir|model_base_path|model-base-path)(=|$)/;
const MODEL_ENV = ['MODEL_ID', 'MODEL_NAME', 'MODEL_PATH', 'HF_MODEL_ID', 'HF_HOME', 'TRANSFORMERS_CACHE', 'SENTENCE_TRANSFORMERS_HOME', 'TORCH_HOME'];

/** What says a container loads a model before it serves, or null. */
function loadsModel(ref: ContainerRef): string | null {
  const image = asString(ref.container['image']) ?? '';
  if (MODEL_IMAGE.test(image)) return `its image (${image}) is a model server`;
  const argv = commandOf(ref) ?? [];
  const base = (w: string): string => w.slice(w.lastIndexOf('/') + 1);
  const program = argv.find((w, i) => MODEL_PROGRAM.test(base(w)) && (i === 0 || argv[i - 1] === '-m' || !w.startsWith('-')));
  if (program !== undefined) return `it runs ${base(program)}`;
  const flag = argv.find((w) => MODEL_FLAG.test(w));
  if (flag !== undefined) return `its command loads a model (${flag.split('=')[0]})`;
  const env = envNamesOf(ref);
  const name = MODEL_ENV.find((n) => env.has(n));
  if (name !== undefined) return `it sets ${name}`;
  return null;
}

/** `initialDelaySeconds + failureThreshold × periodSeconds`, with the Kubernetes defaults (0, 3, 10). */
function livenessBudget(probe: Json): number {
  return (asNumber(probe['initialDelaySeconds']) ?? 0) + (asNumber(probe['failureThreshold']) ?? 3) * (asNumber(probe['periodSeconds']) ?? 10);
}

/** Commands that are not the app server itself (scheduler, migrations). */
const NOT_THE_APP = new Set(['celery-beat', 'alembic', 'django-migrate', 'flask-db-upgrade']);

const HANDLERS = ['httpGet', 'tcpSocket', 'grpc', 'exec'] as const;

export default createRule({
  id: 'require-startup-probe',
  meta: {
    description: 'Require a startup probe on containers that start slowly or whose liveness probe gives up quickly.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'probes',
    peers: [],
    messages: {
      slowStart:
        'Container "{{container}}" starts slowly ({{reason}}) and has no startupProbe, so its livenessProbe starts counting at once and kills it after {{budget}} s, before the model is loaded: the pod restarts forever. Add a startupProbe with the same check and failureThreshold × periodSeconds ≥ {{slow}} s (e.g. periodSeconds: 10, failureThreshold: {{failures}}).',
      shortLivenessBudget:
        'Container "{{container}}" has no startupProbe and its livenessProbe gives up {{budget}} s after start (initialDelaySeconds + failureThreshold × periodSeconds): a slow import, a cold cache or a busy node at rollout makes the kubelet kill it before it serves. Add a startupProbe with the same check and a generous budget (e.g. periodSeconds: 5, failureThreshold: 30 = 150 s).',
    },
  },
  defaultOptions: { minLivenessBudgetSeconds: 30, slowStartSeconds: 300 },
  schema,
  create(context) {
    const { minLivenessBudgetSeconds, slowStartSeconds } = context.options;
    return {
      workload(workload) {
        if (runsToCompletion(workload)) return;
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          if (ref.container['startupProbe'] !== undefined) continue;
          const liveness = asRecord(ref.container['livenessProbe']);
          // Without a liveness probe nothing kills a slow start; readiness alone only holds traffic back.
          if (liveness === undefined) continue;
          const budget = livenessBudget(liveness);
          const reason = loadsModel(ref) ?? (context.project?.mlHeavy === true && servesTheApp(ref, workload) ? `the project loads ML libraries (${context.project.mlPackages.join(', ') || 'ML packages'})` : null);
          const handler = HANDLERS.find((h) => liveness[h] !== undefined);
          const path = [...ref.path, 'startupProbe'];
          const startup = (periodSeconds: number, failureThreshold: number): Json => ({ [handler!]: structuredClone(liveness[handler!]), periodSeconds, failureThreshold });
          const data = { container: ref.name, budget };
          if (reason !== null && budget < slowStartSeconds) {
            const failures = Math.ceil(slowStartSeconds / 10);
            context.report({
              path,
              messageId: 'slowStart',
              data: { ...data, reason, slow: slowStartSeconds, failures },
              fix: handler === undefined ? undefined : (edit) => edit.set(path, startup(10, failures)),
            });
          } else if (reason === null && budget < minLivenessBudgetSeconds) {
            context.report({ path, messageId: 'shortLivenessBudget', data, fix: handler === undefined ? undefined : (edit) => edit.set(path, startup(5, 30)) });
          }
        }
      },
    };

    /** Whether the container is the project's app: it runs a Python server or a Service sends it traffic. */
    function servesTheApp(ref: ContainerRef, workload: Workload): boolean {
      const program = programOf(ref)?.command.program;
      if (program !== undefined && !NOT_THE_APP.has(program)) return true;
      return serviceTargetsOf(ref, workload, context.objects).length > 0;
    }
  },
});
