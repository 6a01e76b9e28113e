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
  concurrency: z.number().int().min(1).optional(),
});

const migrate = z.strictObject({
  command: z.array(z.string().min(1)).min(1).optional(),
  enabled: z.boolean().optional(),
});

/** Keys an environment may override; everything else is the same in every environment. */
const environment = z.strictObject({
  replicas: z.number().int().min(1, { message: 'must be at least 1' }).optional(),
  resources: resources.optional(),
  host: hostname.optional(),
  'image-tag': z.string().regex(/^[\w][\w.-]{0,127}$/, { message: 'must be a valid image tag (letters, digits, "_", ".", "-", at most 128)' }).optional(),
  workers: z.number().int().min(1).optional(),
});

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
});

export type Config = z.infer<typeof configSchema>;
export type EnvironmentConfig = z.infer<typeof environment>;
