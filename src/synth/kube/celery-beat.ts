import * as path from 'node:path';
import { GENERATE_DEFAULTS as D } from '../../config/defaults.ts';
import type { AppModel } from '../../model/app.ts';
import type { KubeObject } from '../../model/kube.ts';
import { celeryBeatCommand, containerDir } from '../commands.ts';
import type { ResolvedOptions } from '../options.ts';
import { labels, metadata, secretKeysAnnotation, selectorLabels } from './meta.ts';
import { TMP_DIR, TMP_VOLUME, appEnvFrom, containerSecurityContext, emptyDirVolume, mount, podBase } from './pod.ts';

export const BEAT_CONTAINER = 'beat';
const SCHEDULE_VOLUME = 'beat-schedule';

/** The folder beat writes its schedule file to, from its own command; null with the database scheduler, which keeps state in the database. */
export function beatScheduleDir(command: readonly string[]): string | null {
  const i = command.indexOf('--schedule');
  const file = i >= 0 ? command[i + 1] : undefined;
  return file === undefined ? null : path.posix.dirname(file);
}

/**
 * The Celery beat Deployment `<name>-beat`: exactly one scheduler, or every periodic task runs
 * twice. `replicas: 1` with `strategy: Recreate`, because a RollingUpdate surges a second
 * scheduler while the first still runs (runtime facts 5.13, 3.2); no HPA or KEDA ever targets
 * it. beat keeps last-run times in a file, so that file's folder is a writable emptyDir under the
 * read-only root (unless django-celery-beat's DatabaseScheduler keeps them in the database).
 */
export function celeryBeat(model: AppModel, options: ResolvedOptions): KubeObject {
  if (model.celery === null) throw new Error('celeryBeat called without Celery');
  const command = celeryBeatCommand(model);
  const scheduleDir = beatScheduleDir(command);
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: metadata(`${model.name}-beat`, labels(model, 'beat'), secretKeysAnnotation(options.secretKeys)),
    spec: {
      replicas: 1,
      selector: { matchLabels: selectorLabels(model, 'beat') },
      strategy: { type: 'Recreate' },
      revisionHistoryLimit: D.revisionHistoryLimit,
      progressDeadlineSeconds: D.progressDeadlineSeconds,
      template: {
        metadata: { labels: labels(model, 'beat') },
        spec: {
          ...podBase(model, options),
          containers: [{
            name: BEAT_CONTAINER,
            image: model.name,
            command,
            workingDir: containerDir(model, model.celery.workdir),
            envFrom: appEnvFrom(model),
            resources: { requests: { cpu: D.beatCpu, memory: D.beatMemory }, limits: { memory: D.beatMemory } },
            securityContext: containerSecurityContext(),
            volumeMounts: [
              mount(TMP_VOLUME, TMP_DIR),
              ...(scheduleDir !== null ? [mount(SCHEDULE_VOLUME, scheduleDir)] : []),
            ],
          }],
          volumes: [
            emptyDirVolume(TMP_VOLUME),
            ...(scheduleDir !== null ? [emptyDirVolume(SCHEDULE_VOLUME)] : []),
          ],
        },
      },
    },
  };
}
