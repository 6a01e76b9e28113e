import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import { celeryLivenessCommand } from '../celery-runtime.ts';
import { celeryWorkerCommand, containerDir } from '../commands.ts';
import { memoryFor, toMillicores, type ResolvedOptions } from '../options.ts';
import { cpuQuantity, labels, memoryQuantity, metadata, secretKeysAnnotation, selectorLabels } from './meta.ts';
import { TMP_DIR, TMP_VOLUME, appEnvFrom, containerSecurityContext, emptyDirVolume, execProbe, mount, podBase } from './pod.ts';

export const WORKER_CONTAINER = 'worker';

/**
 * Worker resources: the worker CPU request, and memory from the same per-process model as the
 * web pods with the explicit concurrency as the process count (prefork: a main process plus one
 * child per slot). No CPU limit, for the reason given in web-deployment.ts (runtime facts 6.3.2).
 */
export function workerResources(model: AppModel, concurrency: number): Record<string, unknown> {
  const memory = memoryQuantity(memoryFor(concurrency, model.mlHeavy).mib);
  return { requests: { cpu: cpuQuantity(toMillicores(D.workerCpu)), memory }, limits: { memory } };
}

/**
 * The Celery worker Deployment `<name>-worker`. No Service: it consumes from the broker and
 * serves nothing. The command sets the concurrency explicitly, because Celery's default is the
 * node's CPU count, whatever the pod's resources (runtime facts 5.9).
 * - `terminationGracePeriodSeconds` is the longest task plus margin: SIGTERM starts a warm
 *   shutdown that lets running tasks finish with no time limit of its own, so the grace period
 *   is what bounds it (5.1, 5.2).
 * - Liveness checks THIS pod's worker through the heartbeat file the generated Celery module
 *   touches, with a cheap exec probe; `celery inspect ping` would start an interpreter and import
 *   the app on every probe, and without `-d` any worker's answer passes (5.12). A startup probe
 *   with the same check gives a slow import or a broker that is not up yet the startup budget
 *   before liveness may kill the pod.
 * - No readiness probe: nothing routes traffic to a worker.
 * - No `replicas`: the default is one; KEDA (when configured) or an overlay patch scales it.
 */
export function celeryWorker(model: AppModel, options: ResolvedOptions): KubeObject {
  if (model.celery === null || options.celery === null) throw new Error('celeryWorker called without Celery');
  const liveness = celeryLivenessCommand();
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(`${model.name}-worker`, labels(model, 'worker'), secretKeysAnnotation(options.secretKeys)),
    spec: {
      selector: { matchLabels: selectorLabels(model, 'worker') },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: D.kube.rollingUpdate.maxSurge, maxUnavailable: D.kube.rollingUpdate.maxUnavailable } },
      revisionHistoryLimit: D.revisionHistoryLimit,
      progressDeadlineSeconds: D.progressDeadlineSeconds,
      template: {
        metadata: { labels: labels(model, 'worker') },
        spec: {
          ...podBase(model, options),
          terminationGracePeriodSeconds: options.celery.terminationGracePeriodSeconds,
          containers: [{
            name: WORKER_CONTAINER,
            image: model.name,
            command: celeryWorkerCommand(model, options),
            workingDir: containerDir(model, model.celery.workdir),
            envFrom: appEnvFrom(model),
            resources: workerResources(model, options.celery.concurrency),
            startupProbe: execProbe(liveness, options.probes.startup),
            livenessProbe: execProbe(liveness, options.probes.liveness),
            securityContext: containerSecurityContext(),
            volumeMounts: [mount(TMP_VOLUME, TMP_DIR)],
          }],
          volumes: [emptyDirVolume(TMP_VOLUME)],
        },
      },
    },
  };
}
