import { z } from 'zod';

/**
 * The `[tool.py2kube]` table. Keys are kebab-case like ruff's and uv's. Every key is
 * optional: config wins over detection, and detection fills what config leaves out.
 * Each key is documented with its default and the reason in docs/config.md (a test checks
 * that every key here appears there).
 */

/** Kubernetes resource quantity, e.g. `500m`, `1`, `512Mi`, `2Gi`. @see https://kubernetes.io/docs/reference/kubernetes-api/common-definitions/quantity/ */
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|Ki|M|Mi|G|Gi|T|Ti|P|Pi|E|Ei)?$/;
const cpu = z.string().regex(QUANTITY, { message: 'must be a Kubernetes CPU quantity such as "250m" or "1"' });
const memory = z
  .string()
  .regex(/^[0-9]+(\.[0-9]+)?(Ki|Mi|Gi|Ti|k|M|G|T)?$/, { message: 'must be a Kubernetes memory quantity such as "512Mi" or "1Gi" (binary units end in "i"; "MB"/"GB" are not Kubernetes units)' });
/** RFC 1123 DNS subdomain, which is what Ingress hosts accept (with an optional leading wildcard). */
const hostname = z
  .string()
  .regex(/^(\*\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/, { message: 'must be a lowercase DNS name such as "api.example.com" (no spaces, no scheme, no port)' });
/** DNS-1123 label: what Kubernetes object names built from the app name must be. */
const dnsLabel = z
  .string()
  .max(53, { message: 'must be at most 53 characters (Kubernetes adds suffixes to object names)' })
  .regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, { message: 'must be lowercase letters, digits and "-", starting and ending with a letter or digit' });
const port = z.number().int({ message: 'must be a whole number' }).min(1, { message: 'must be between 1 and 65535' }).max(65535, { message: 'must be between 1 and 65535' });
const httpPath = z.string().regex(/^\/[^\s]*$/, { message: 'must be an absolute URL path such as "/healthz"' });
const appTarget = z
  .string()
  .regex(/^[A-Za-z_][\w.]*:[A-Za-z_][\w.]*(\(\))?$/, { message: 'must look like "package.module:attribute" or "package:factory()"' });

const resources = z.strictObject({
  cpu: cpu.optional(),
  memory: memory.optional(),
  'memory-limit': memory.optional(),
});

const ingress = z.strictObject({
  host: hostname.optional(),
  class: z.string().min(1).optional(),
  'tls-secret': dnsLabel.optional(),
});

const health = z.strictObject({
  liveness: httpPath.optional(),
  readiness: httpPath.optional(),
  startup: httpPath.optional(),
});

const celery = z.strictObject({
  app: appTarget.or(z.string().regex(/^[A-Za-z_][\w.]*$/, { message: 'must be a module path such as "proj.celery" or "proj.celery:app"' })).optional(),
  beat: z.boolean().optional(),
  queues: z.array(z.string().min(1)).optional(),
  concurrency: z.number().int().min(1, { message: 'must be at least 1' }).optional(),
  'max-task-seconds': z.number().int().min(1, { message: 'must be at least 1 second' }).max(86_400, { message: 'must be at most 86400 (a day); split longer work into smaller tasks' }).optional(),
  'max-tasks-per-child': z.number().int().min(1).optional(),
  keda: z.strictObject({
    'queue-length': z.number().int().min(1, { message: 'must be at least 1' }),
    'max-replicas': z.number().int().min(1).optional(),
  }).optional(),
});

/**
 * Five-field cron (minute hour day-of-month month day-of-week) as CronJob accepts it, plus the
 * `@hourly`-style macros. Each field: `*`, numbers, ranges, lists, steps, and month/day names.
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/#schedule-syntax
 */
const CRON_FIELD = /^(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?(,(\*|[0-9A-Za-z]+(-[0-9A-Za-z]+)?)(\/[0-9]+)?)*$/;
const CRON_MACROS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const CRON_RANGES: Array<[number, number]> = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
const NAMED = /^(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|sun|mon|tue|wed|thu|fri|sat)$/i;
export function isCronSchedule(value: string): boolean {
  const trimmed = value.trim();
  if (CRON_MACROS.has(trimmed)) return true;
  const fields = trimmed.split(/\s+/);
  if (fields.length !== 5) return false;
  return fields.every((field, i) => {
    if (!CRON_FIELD.test(field)) return false;
    const [lo, hi] = CRON_RANGES[i]!;
    return field.split(',').every((part) => part.replace(/\/.*$/, '').split('-').every((n) => n === '*' || NAMED.test(n) || (/^\d+$/.test(n) && Number(n) >= lo && Number(n) <= hi)));
  });
}
const cronSchedule = z.string().refine(isCronSchedule, { message: 'must be a cron schedule with five fields such as "0 3 * * *" (minute hour day month weekday) or a macro such as "@daily"' });

const cronjob = z.strictObject({
  name: dnsLabel,
  schedule: cronSchedule,
  command: z.array(z.string().min(1)).min(1, { message: 'must have at least one element, e.g. ["python", "-m", "shop.etl"]' }),
  'concurrency-policy': z.enum(['Forbid', 'Replace', 'Allow']).optional(),
  'active-deadline-seconds': z.number().int().min(1).optional(),
  'starting-deadline-seconds': z.number().int().min(1).optional(),
  'backoff-limit': z.number().int().min(0).optional(),
  'time-zone': z.string().min(1).optional(),
});

const autoscaling = z.strictObject({
  'min-replicas': z.number().int().min(1, { message: 'must be at least 1' }).optional(),
  'max-replicas': z.number().int().min(1, { message: 'must be at least 1' }).optional(),
  cpu: z.number().int().min(1).max(100, { message: 'is a target utilisation percentage between 1 and 100' }).optional(),
  memory: z.number().int().min(1).max(100, { message: 'is a target utilisation percentage between 1 and 100' }).optional(),
});

const timeouts = z.strictObject({
  request: z.number().int().min(1).optional(),
  graceful: z.number().int().min(1).optional(),
  'keep-alive': z.number().int().min(1).optional(),
  'pre-stop': z.number().int().min(1).max(60, { message: 'must be at most 60 seconds' }).optional(),
});

const envVarName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { message: 'must be an environment variable name such as "DATABASE_URL"' });

const migrate = z.strictObject({
  command: z.array(z.string().min(1)).min(1).optional(),
  enabled: z.boolean().optional(),
});

/** Keys an environment may override; everything else is the same in every environment. */
const environment = z.strictObject({
  replicas: z.number().int().min(1, { message: 'must be at least 1' }).optional(),
  autoscaling: autoscaling.or(z.literal(false)).optional(),
  resources: resources.optional(),
  host: hostname.optional(),
  'image-tag': z.string().regex(/^[\w][\w.-]{0,127}$/, { message: 'must be a valid image tag (letters, digits, "_", ".", "-", at most 128)' }).optional(),
  workers: z.number().int().min(1).optional(),
});

/**
 * `[tool.py2kube.check]`: how `py2kube check` judges manifests (also read from `.py2kube.yaml`
 * under `check:` for repositories of third-party manifests). Rule ids are checked against the
 * registry when the check runs.
 */
const severitySetting = z.enum(['off', 'info', 'warning', 'error']);
const checkIgnore = z.strictObject({
  rules: z.array(z.string().min(1)).min(1, { message: 'must name at least one rule (or "*")' }),
  kind: z.string().min(1).optional(),
  name: z.string().min(1).optional(),
  namespace: z.string().min(1).optional(),
  container: z.string().min(1).optional(),
  file: z.string().min(1).optional(),
  reason: z.string().trim().min(1, { message: 'is required: say why the finding does not apply' }),
});
export const checkConfigSchema = z.strictObject({
  preset: z.enum(['recommended', 'strict']).optional(),
  severity: z.enum(['error', 'warning', 'info']).optional(),
  strict: z.boolean().optional(),
  'kube-version': z.string().regex(/^v?1\.\d+$/, { message: 'must be a Kubernetes minor such as "1.34"' }).optional(),
  rules: z.record(z.string(), severitySetting.or(z.strictObject({ severity: severitySetting.optional(), options: z.record(z.string(), z.unknown()).optional() }))).optional(),
  ignore: z.array(checkIgnore).optional(),
});
export type CheckConfig = z.infer<typeof checkConfigSchema>;

export const configSchema = z.strictObject({
  name: dnsLabel.optional(),
  framework: z.enum(['fastapi', 'starlette', 'litestar', 'django', 'flask', 'none']).optional(),
  app: appTarget.optional(),
  workdir: z.string().optional(),
  server: z.enum(['gunicorn', 'uvicorn', 'granian', 'hypercorn', 'daphne', 'uwsgi', 'waitress']).optional(),
  port: port.optional(),
  python: z.string().regex(/^3\.\d{1,2}$/, { message: 'must be a major.minor version such as "3.12"' }).optional(),
  'package-manager': z.enum(['uv', 'poetry', 'pdm', 'pipenv', 'pip-tools', 'pip', 'setuptools']).optional(),
  workload: z.enum(['io', 'cpu']).optional(),
  workers: z.number().int().min(1, { message: 'must be at least 1' }).optional(),
  replicas: z.number().int().min(1, { message: 'must be at least 1' }).optional(),
  image: z.string().min(1).optional(),
  'ml-heavy': z.boolean().optional(),
  datastores: z.array(z.enum(['postgresql', 'mysql', 'redis', 'rabbitmq', 'mongodb'])).optional(),
  metrics: httpPath.or(z.literal(false)).optional(),
  resources: resources.optional(),
  health: health.optional(),
  ingress: ingress.optional(),
  celery: celery.or(z.literal(false)).optional(),
  migrate: migrate.or(z.literal(false)).optional(),
  env: z.record(dnsLabel, environment).optional(),
  'base-image': z.enum(['slim', 'distroless']).optional(),
  autoscaling: autoscaling.or(z.literal(false)).optional(),
  timeouts: timeouts.optional(),
  cronjobs: z.array(cronjob).optional(),
  secrets: z.array(envVarName).optional(),
  settings: z.record(envVarName, z.string().or(z.number()).or(z.boolean())).optional(),
  'ingress-namespace': dnsLabel.optional(),
  check: checkConfigSchema.optional(),
});

export type Config = z.infer<typeof configSchema>;
export type EnvironmentConfig = z.infer<typeof environment>;
