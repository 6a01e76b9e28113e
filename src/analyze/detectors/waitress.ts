// waitress.serve(app, listen=…, host=…, port=…): https://docs.pylonsproject.org/projects/waitress/en/stable/usage.html
import { defineDetector } from '../detector.ts';
import { appTargetOf, findRunCalls, keywordPort, keywordText, toRunFacts } from '../commands/run-calls.ts';
import { keywordArgument, positionalArguments } from '../python.ts';

export const waitress = defineDetector({
  id: 'waitress',
  kind: 'server',
  enablers: ['waitress'],
  detect(project) {
    return findRunCalls(project, new Set(['waitress.serve']), /waitress/).flatMap((run) => {
      const app = positionalArguments(run.call)[0] ?? keywordArgument(run.call, 'app');
      // `listen` takes several space-separated addresses; the first is the one probes reach.
      const listen = keywordText(run, 'listen')?.split(/\s+/)[0] ?? null;
      return toRunFacts(run, {
        server: 'waitress',
        verb: 'calls waitress.serve',
        target: appTargetOf(project, run, app ?? null),
        interface: 'wsgi',
        host: keywordText(run, 'host'),
        port: keywordPort(run, 'port'),
        bind: listen,
      });
    });
  },
});
