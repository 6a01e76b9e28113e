// readOnlyRootFilesystem: https://kubernetes.io/docs/tasks/configure-pod-container/security-context/
// emptyDir for scratch space: https://kubernetes.io/docs/concepts/storage/volumes/#emptydir
// gunicorn heartbeat files (worker_tmp_dir): https://docs.gunicorn.org/en/stable/settings.html#worker-tmp-dir
// Celery beat schedule file: https://docs.celeryq.dev/en/stable/userguide/periodic-tasks.html#starting-the-scheduler
// Python's temp directory search: https://docs.python.org/3/library/tempfile.html#tempfile.gettempdir
import { asArray, asRecord, asString, getIn, type Json } from './object.ts';
import { argvPath, programOf } from './python.ts';
import type { ManifestEditor, Path } from './types.ts';
import { envNamesOf, envOf, type ContainerRef, type Workload } from './workload.ts';

/**
 * What a container can write with a read-only root filesystem: its volume mounts, where
 * gunicorn and Celery beat must write, and the one `/tmp` emptyDir fix that
 * require-read-only-root-filesystem and require-writable-tmp share.
 */

/** Volume types the kubelet always mounts read-only. */
const READ_ONLY_TYPES = ['configMap', 'secret', 'projected', 'downwardAPI'];

function normalize(dir: string): string {
  const trimmed = dir.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

export interface VolumeMount {
  mountPath: string;
  name: string;
  writable: boolean;
  /** Index in the container's `volumeMounts`. */
  index: number;
}

const mountCache = new WeakMap<ContainerRef, { podSpec: Json; mounts: VolumeMount[] }>();

/** The container's mounts with their volumes, and whether each one can be written. */
export function volumeMountsOf(ref: ContainerRef, podSpec: Json): readonly VolumeMount[] {
  const cached = mountCache.get(ref);
  if (cached !== undefined && cached.podSpec === podSpec) return cached.mounts;
  const volumes = new Map<string, Json>();
  for (const item of asArray(podSpec['volumes'])) {
    const volume = asRecord(item);
    const name = asString(volume?.['name']);
    if (volume !== undefined && name !== undefined) volumes.set(name, volume);
  }
  const mounts: VolumeMount[] = [];
  for (const [index, item] of asArray(ref.container['volumeMounts']).entries()) {
    const mount = asRecord(item);
    const mountPath = asString(mount?.['mountPath']);
    const name = asString(mount?.['name']);
    if (mountPath === undefined || name === undefined) continue;
    const volume = volumes.get(name);
    const readOnlyType = volume !== undefined && READ_ONLY_TYPES.some((type) => type in volume);
    mounts.push({ mountPath: normalize(mountPath), name, writable: mount?.['readOnly'] !== true && !readOnlyType, index });
  }
  mountCache.set(ref, { podSpec, mounts });
  return mounts;
}

/**
 * Whether `dir` can be written with a read-only root: it is `/dev/shm` (a separate tmpfs the
 * runtime always mounts) or below it, or below the deepest mount covering it, and that mount is writable.
 */
export function isWritableDir(ref: ContainerRef, podSpec: Json, dir: string): boolean {
  const target = normalize(dir);
  const under = (base: string): boolean => target === base || target.startsWith(base === '/' ? '/' : `${base}/`);
  if (under('/dev/shm')) return true;
  const covering = volumeMountsOf(ref, podSpec).filter((m) => under(m.mountPath)).sort((a, b) => b.mountPath.length - a.mountPath.length)[0];
  return covering?.writable === true;
}

/** Whether require-read-only-root-filesystem reports the container: not ephemeral, and readOnlyRootFilesystem is not true. */
export function readOnlyRootMissing(ref: ContainerRef): boolean {
  return ref.role !== 'ephemeral' && getIn(ref.container, ['securityContext', 'readOnlyRootFilesystem']) !== true;
}

/**
 * The one container whose fix adds the `tmp` volume: the first (in spec order) with no mount at
 * /tmp that require-read-only-root-filesystem or require-writable-tmp reports with a /tmp fix.
 * Both rules ask the same question, so with both on the pod gets one volume however many
 * containers are fixed.
 */
function tmpVolumeOwner(workload: Workload): ContainerRef | undefined {
  const fixedByTmpRule = new Set(writableTmpProblems(workload).filter((p) => p.tmpFixes).map((p) => p.ref));
  return workload.containers.find((ref) => !volumeMountsOf(ref, workload.podSpec).some((m) => m.mountPath === '/tmp') && (readOnlyRootMissing(ref) || fixedByTmpRule.has(ref)));
}

/** Why a container with a read-only root cannot write where gunicorn or Celery beat must. */
export interface TmpProblem {
  ref: ContainerRef;
  path: Path;
  messageId: 'gunicornTmp' | 'beatSchedule' | 'beatRelativeSchedule';
  data: Record<string, string>;
  /** Whether mounting an emptyDir at /tmp makes the path writable. */
  tmpFixes: boolean;
}

function dirname(file: string): string {
  const index = file.lastIndexOf('/');
  return index <= 0 ? '/' : file.slice(0, index);
}

const tmpProblemCache = new WeakMap<Workload, TmpProblem[]>();

/**
 * Containers with a read-only root that run gunicorn (heartbeat files in the temp directory)
 * or Celery beat with the file-based scheduler (the schedule file), where that path is not writable.
 */
export function writableTmpProblems(workload: Workload): TmpProblem[] {
  const cached = tmpProblemCache.get(workload);
  if (cached !== undefined) return cached;
  const problems: TmpProblem[] = [];
  for (const ref of workload.containers) {
    if (ref.role === 'ephemeral' || getIn(ref.container, ['securityContext', 'readOnlyRootFilesystem']) !== true) continue;
    const program = programOf(ref)?.command;
    if (program === undefined) continue;
    const roPath = [...ref.path, 'securityContext', 'readOnlyRootFilesystem'];
    const cwd = asString(ref.container['workingDir']);
    if (program.program === 'gunicorn') {
      // A config file may set worker_tmp_dir where the manifest cannot show it.
      if (program.config !== undefined) continue;
      const option = program.options['worker-tmp-dir'];
      let candidates: string[];
      if (typeof option === 'string') candidates = [option];
      else {
        const names = envNamesOf(ref);
        const env = envOf(ref);
        // TMPDIR from a Secret or a field is unknown: assume it points somewhere sensible.
        if (['TMPDIR', 'TEMP', 'TMP'].some((name) => names.has(name) && env[name] === undefined)) continue;
        // tempfile.gettempdir() takes the first writable of these.
        candidates = [...['TMPDIR', 'TEMP', 'TMP'].flatMap((name) => (env[name] === undefined ? [] : [env[name]!])), '/tmp', '/var/tmp', '/usr/tmp', ...(cwd === undefined ? [] : [cwd])];
      }
      if (candidates.some((dir) => dir.startsWith('/') && isWritableDir(ref, workload.podSpec, dir))) continue;
      const path = typeof option === 'string' ? argvPath(ref, '--worker-tmp-dir') : roPath;
      problems.push({ ref, path, messageId: 'gunicornTmp', data: { container: ref.name, dirs: candidates.join(', ') }, tmpFixes: typeof option !== 'string' });
    } else if (program.program === 'celery-beat' || program.embeddedBeat === true) {
      const scheduler = program.options['scheduler'];
      // Database schedulers (django_celery_beat, redbeat) keep no local file.
      if (typeof scheduler === 'string' && !scheduler.includes('PersistentScheduler')) continue;
      const option = program.options['schedule'];
      const file = typeof option === 'string' ? option : 'celerybeat-schedule';
      const base = typeof program.options['workdir'] === 'string' ? program.options['workdir'] : cwd;
      const path = typeof option === 'string' ? argvPath(ref, option) : roPath;
      if (file.startsWith('/') || base !== undefined) {
        const absolute = file.startsWith('/') ? file : `${base!.replace(/\/+$/, '')}/${file}`;
        const dir = dirname(absolute);
        if (isWritableDir(ref, workload.podSpec, dir)) continue;
        problems.push({ ref, path, messageId: 'beatSchedule', data: { container: ref.name, file: absolute, dir }, tmpFixes: dir === '/tmp' });
      } else {
        problems.push({ ref, path, messageId: 'beatRelativeSchedule', data: { container: ref.name, file }, tmpFixes: false });
      }
    }
  }
  tmpProblemCache.set(workload, problems);
  return problems;
}

/**
 * Edits that give `ref` a writable emptyDir at /tmp, or null when that cannot be done safely
 * (a read-only mount already sits at /tmp, or the volume name is taken by something else), or
 * 'present' when it has one. The volume itself is added only by `tmpVolumeOwner`'s fix.
 */
export function tmpVolumeFix(ref: ContainerRef, workload: Workload): ((edit: ManifestEditor) => void) | null | 'present' {
  const mounts = volumeMountsOf(ref, workload.podSpec);
  const atTmp = mounts.find((m) => m.mountPath === '/tmp');
  if (atTmp !== undefined) return atTmp.writable ? 'present' : null;
  const volumes = asArray(workload.podSpec['volumes']).map(asRecord);
  const emptyDirAtTmp = workload.containers
    .flatMap((c) => volumeMountsOf(c, workload.podSpec))
    .find((m) => m.mountPath === '/tmp' && m.writable && volumes.some((v) => v?.['name'] === m.name && 'emptyDir' in v));
  const existing = volumes.find((v) => v?.['name'] === 'tmp');
  if (emptyDirAtTmp === undefined && existing !== undefined && !('emptyDir' in existing)) return null;
  const name = emptyDirAtTmp?.name ?? 'tmp';
  const addVolume = emptyDirAtTmp === undefined && existing === undefined && tmpVolumeOwner(workload) === ref;
  const mountsPath: Path = [...ref.path, 'volumeMounts'];
  const volumesPath: Path = [...workload.podSpecPath, 'volumes'];
  return (edit) => {
    edit.insert(mountsPath, { name, mountPath: '/tmp' });
    if (addVolume) edit.insert(volumesPath, { name, emptyDir: {} });
  };
}
