import type { AnyRule } from '../types.ts';
import noCeleryBeatReplicas from './no-celery-beat-replicas.ts';
import noGunicornLocalhostBind from './no-gunicorn-localhost-bind.ts';
import noPrivilegeEscalation from './no-privilege-escalation.ts';
import requireExecFormCmd from './require-exec-form-cmd.ts';
import requireMemoryLimit from './require-memory-limit.ts';
import requirePrestopSleep from './require-prestop-sleep.ts';
import requireReadinessProbe from './require-readiness-probe.ts';
import requireResourceRequests from './require-resource-requests.ts';
import requireRunAsNonRoot from './require-run-as-non-root.ts';
import requireValidSchema from './require-valid-schema.ts';
import requireValidSuppression from './require-valid-suppression.ts';
import requireValidYaml from './require-valid-yaml.ts';

/** Every rule, by group. A test fails when a file in this folder is missing here. */
export const rules = [
  // engine: reported by the loader and the suppression logic
  requireValidYaml,
  requireValidSuppression,
  // probes
  requireReadinessProbe,
  // resources
  requireResourceRequests,
  requireMemoryLimit,
  // security
  requireRunAsNonRoot,
  noPrivilegeEscalation,
  // graceful shutdown
  requirePrestopSleep,
  // Python servers
  noGunicornLocalhostBind,
  // Celery
  noCeleryBeatReplicas,
  // hygiene
  requireValidSchema,
  // Dockerfile
  requireExecFormCmd,
] satisfies readonly AnyRule[];
