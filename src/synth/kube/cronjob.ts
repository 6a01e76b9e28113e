import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import { UserError } from '../../errors.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import { containerDir } from '../commands.ts';
import type { ResolvedOptions } from '../options.ts';
import { jobPodSpec } from './job-pod.ts';
import { labels, metadata, secretKeysAnnotation } from './meta.ts';

type CronJobOptions = ResolvedOptions['cronjobs'][number];

/**
 * One CronJob `<name>-<job>` per `[[tool.py2kube.cronjobs]]` entry (batch/v1).
 * - `concurrencyPolicy` (Forbid by default): a slow run is not overlapped by the next one.
 * - `startingDeadlineSeconds`: a run missed while the controller was down starts at most this
 *   late, and the controller does not give up after 100 missed schedules.
 * - history limits keep a few finished Jobs to read, `ttlSecondsAfterFinished` removes the rest.
 * - `activeDeadlineSeconds` kills a hung run; `backoffLimit` bounds retries.
 * - `timeZone` when configured; otherwise the schedule is in the controller's zone (UTC on
 *   managed clusters).
 * @see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/
 */
export function cronJob(model: AppModel, options: ResolvedOptions, job: CronJobOptions): KubeObject {
  const name = `${model.name}-${job.name}`;
  if (name.length > D.kube.cronJobNameMax) {
    throw new UserError(`[tool.py2kube] cronjobs: the CronJob name "${name}" (app name + "-" + job name "${job.name}") has ${name.length} characters; Kubernetes allows at most ${D.kube.cronJobNameMax} because it appends 11 to each Job it creates.`, {
      code: 'E_CONFIG_INVALID',
      hint: `Shorten the job's name to at most ${D.kube.cronJobNameMax - model.name.length - 1} characters, or set a shorter name in [tool.py2kube].`,
    });
  }
  const component = `cronjob-${job.name}` as const;
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: metadata(name, labels(model, component), secretKeysAnnotation(options.secretKeys)),
    spec: {
      schedule: job.schedule,
      ...(job.timeZone !== null ? { timeZone: job.timeZone } : {}),
      concurrencyPolicy: job.concurrencyPolicy,
      startingDeadlineSeconds: job.startingDeadlineSeconds,
      successfulJobsHistoryLimit: D.jobs.successfulJobsHistoryLimit,
      failedJobsHistoryLimit: D.jobs.failedJobsHistoryLimit,
      jobTemplate: {
        metadata: { labels: labels(model, component) },
        spec: {
          backoffLimit: job.backoffLimit,
          activeDeadlineSeconds: job.activeDeadlineSeconds,
          ttlSecondsAfterFinished: D.jobs.ttlSecondsAfterFinished,
          template: {
            metadata: { labels: labels(model, component) },
            spec: jobPodSpec(model, options, { name: 'job', command: job.command, workingDir: containerDir(model, model.workdir) }),
          },
        },
      },
    },
  };
}

export function cronJobs(model: AppModel, options: ResolvedOptions): KubeObject[] {
  return options.cronjobs.map((job) => cronJob(model, options, job));
}
