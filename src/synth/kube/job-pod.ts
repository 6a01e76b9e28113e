import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import type { AppModel } from '../../model/app.ts';
import { memoryFor, toMillicores, type ResolvedOptions } from '../options.ts';
import { cpuQuantity, memoryQuantity } from './meta.ts';
import { TMP_DIR, TMP_VOLUME, appEnvFrom, containerSecurityContext, emptyDirVolume, mount, podBase } from './pod.ts';

/**
 * The pod of a run-to-completion Job (the migration, each CronJob): one process with the app's
 * environment. `restartPolicy: Never` so a failed attempt leaves its pod and logs behind and the
 * Job's `backoffLimit` counts retries as new pods, instead of restarting in place. Sized for one
 * process with the same per-process model as the web pods.
 */
export function jobPodSpec(model: AppModel, options: ResolvedOptions, container: { name: string; command: readonly string[]; workingDir: string }): Record<string, unknown> {
  const memory = memoryQuantity(memoryFor(D.kube.jobProcesses, model.mlHeavy).mib);
  return {
    ...podBase(model, options),
    restartPolicy: 'Never',
    containers: [{
      name: container.name,
      image: model.name,
      command: [...container.command],
      workingDir: container.workingDir,
      envFrom: appEnvFrom(model),
      resources: { requests: { cpu: cpuQuantity(toMillicores(D.workerCpu)), memory }, limits: { memory } },
      securityContext: containerSecurityContext(),
      volumeMounts: [mount(TMP_VOLUME, TMP_DIR)],
    }],
    volumes: [emptyDirVolume(TMP_VOLUME)],
  };
}
