// uvicorn.run() and its keyword settings: https://www.uvicorn.org/deployment/#running-programmatically
import { defineDetector } from '../detector.ts';
import { appTargetOf, findRunCalls, keywordPort, keywordText, toRunFacts, withAppDir } from '../commands/run-calls.ts';
import { keywordArgument, positionalArguments } from '../python.ts';

export const uvicorn = defineDetector({
  id: 'uvicorn',
  kind: 'server',
  enablers: ['uvicorn'],
  detect(project) {
    return findRunCalls(project, new Set(['uvicorn.run', 'uvicorn.main.run']), /uvicorn/).flatMap((run) => {
      const app = positionalArguments(run.call)[0] ?? keywordArgument(run.call, 'app');
      const target = withAppDir(appTargetOf(project, run, app ?? null), keywordText(run, 'app_dir'));
      const factory = keywordArgument(run.call, 'factory')?.text === 'True';
      return toRunFacts(run, {
        server: 'uvicorn',
        verb: 'calls uvicorn.run',
        target: target !== null && factory && !target.value.endsWith(')') ? { ...target, value: `${target.value}()` } : target,
        interface: keywordText(run, 'interface') === 'wsgi' ? 'wsgi' : 'asgi',
        host: keywordText(run, 'host'),
        port: keywordPort(run, 'port'),
      });
    });
  },
});
