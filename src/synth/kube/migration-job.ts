import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import { containerDir } from '../commands.ts';
import type { ResolvedOptions } from '../options.ts';
import { jobPodSpec } from './job-pod.ts';
import { labels, metadata, secretKeysAnnotation } from './meta.ts';

/**
 * The migration Job `<name>-migrate`: the project's own migration command (`alembic upgrade
 * head`, `python manage.py migrate`) run once per release, in the folder it expects.
 *
 * It runs BEFORE the rollout: `py2kube deploy` and the generated CI apply this Job first, wait
 * for it to complete, and only then apply the Deployments, so new code never meets an old
 * schema and a failed migration stops the release with the old pods still serving. That is
 * why it is not part of the Kustomize base; a Job's template is immutable, so each release
 * gets its own name (the render/CI step suffixes it with the image version).
 * - `backoffLimit`: a couple of retries for a transient connection failure, not a loop.
 * - `activeDeadlineSeconds`: a migration running this long is stuck on a lock, not slow.
 * - `ttlSecondsAfterFinished`: the finished Job and its logs stay a day, then go.
 */
export function migrationJob(model: AppModel, options: ResolvedOptions): KubeObject | null {
  if (model.migrate === null) return null;
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: metadata(`${model.name}-migrate`, labels(model, 'migrate'), secretKeysAnnotation(options.secretKeys)),
    spec: {
      backoffLimit: D.jobs.backoffLimit,
      activeDeadlineSeconds: D.jobs.migrationDeadlineSeconds,
      ttlSecondsAfterFinished: D.jobs.ttlSecondsAfterFinished,
      template: {
        metadata: { labels: labels(model, 'migrate') },
        spec: jobPodSpec(model, options, { name: 'migrate', command: model.migrate.command, workingDir: containerDir(model, model.migrate.workdir) }),
      },
    },
  };
}
