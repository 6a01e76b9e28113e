// uvicorn.workers is deprecated since uvicorn 0.30.0 in favour of the uvicorn-worker package: https://www.uvicorn.org/deployment/#gunicorn and https://github.com/Kludex/uvicorn-worker
import { createRule } from '../create-rule.ts';
import { getIn } from '../object.ts';
import { argvPath, findOption, programOf } from '../python.ts';
import type { ManifestEditor, Path } from '../types.ts';
import { envEntry } from '../workload.ts';

const DEPRECATED = /\buvicorn\.workers\.(Uvicorn\w*Worker)\b/;
const DEPRECATED_ALL = /\buvicorn\.workers\.(Uvicorn\w*Worker)\b/g;

function replacement(text: string): string {
  return text.replace(DEPRECATED_ALL, 'uvicorn_worker.$1');
}

export default createRule({
  id: 'no-deprecated-uvicorn-worker',
  meta: {
    description: 'Disallow gunicorn’s deprecated uvicorn.workers worker class; use uvicorn_worker from the uvicorn-worker package.',
    severity: 'warning',
    fixable: true,
    suppressible: true,
    group: 'python',
    peers: [],
    messages: {
      deprecatedWorker:
        'Container "{{container}}" runs gunicorn with -k {{worker}}, deprecated since uvicorn 0.30 (importing it emits a DeprecationWarning that points to the uvicorn-worker package). Install the uvicorn-worker package and use -k {{replacement}}.',
      deprecatedWorkerMissingPackage:
        'Container "{{container}}" runs gunicorn with -k {{worker}}, deprecated since uvicorn 0.30, and the project does not depend on uvicorn-worker yet. Add uvicorn-worker to the dependencies, then use -k {{replacement}}.',
    },
  },
  defaultOptions: {},
  create(context) {
    // Rewriting the class without the package in the image would stop gunicorn from booting.
    const dependencies = context.project?.dependencies;
    const packageKnownMissing = dependencies !== undefined && !dependencies.some((d) => d.name.toLowerCase().replace(/[-_.]+/g, '-') === 'uvicorn-worker');
    return {
      workload(workload) {
        for (const ref of workload.containers) {
          if (ref.role !== 'container' && ref.role !== 'sidecar') continue;
          const command = programOf(ref)?.command;
          if (command?.program !== 'gunicorn') continue;
          const workerClass = command.options['worker-class'];
          if (typeof workerClass !== 'string' || !DEPRECATED.test(workerClass)) continue;
          const worker = DEPRECATED.exec(workerClass)![0];
          let path: Path;
          let fix: ((edit: ManifestEditor) => void) | undefined;
          const hit = findOption(ref, ['worker-class'], ['k']);
          const env = envEntry(ref, 'GUNICORN_CMD_ARGS');
          if (hit !== null && DEPRECATED.test(hit.value)) {
            path = hit.path;
            const value = hit.withValue(replacement(hit.value));
            fix = (edit) => edit.set(hit.path, value);
          } else if (env?.value !== undefined && DEPRECATED.test(env.value)) {
            path = env.path;
            const value = replacement(env.value);
            fix = (edit) => edit.set(env.path, value);
          } else {
            // Inside `sh -c "…"`: the class name is a plain word of the script, safe to rewrite in place.
            path = argvPath(ref, 'uvicorn.workers.');
            const text = getIn(ref.container, path.slice(ref.path.length));
            if (typeof text === 'string' && DEPRECATED.test(text)) {
              const value = replacement(text);
              fix = (edit) => edit.set(path, value);
            }
          }
          context.report({
            path,
            messageId: packageKnownMissing ? 'deprecatedWorkerMissingPackage' : 'deprecatedWorker',
            data: { container: ref.name, worker, replacement: replacement(worker) },
            fix: packageKnownMissing ? undefined : fix,
          });
        }
      },
    };
  },
});
