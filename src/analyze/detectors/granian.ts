// granian's embedded server `Granian(target, interface=…, address=…, port=…)`: https://github.com/emmett-framework/granian#embedded-server
import type { AppInterface } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { appTargetOf, findRunCalls, keyword, keywordPort, keywordText, toRunFacts } from '../commands/run-calls.ts';
import { positionalArguments } from '../python.ts';

export const granian = defineDetector({
  id: 'granian',
  kind: 'server',
  enablers: ['granian'],
  detect(project) {
    return findRunCalls(project, new Set(['granian.Granian', 'granian.server.Granian']), /granian/i).flatMap((run) => {
      const iface = keyword(run, 'interface')?.text.toLowerCase() ?? '';
      // `Interfaces.ASGI`, `"asgi"`, `Interfaces.ASGINL`; RSGI and the default are neither.
      const value: AppInterface | undefined = /asgi/.test(iface) ? 'asgi' : /wsgi/.test(iface) ? 'wsgi' : undefined;
      return toRunFacts(run, {
        server: 'granian',
        verb: 'creates a Granian server',
        target: appTargetOf(project, run, positionalArguments(run.call)[0] ?? keyword(run, 'target')),
        ...(value === undefined ? {} : { interface: value }),
        host: keywordText(run, 'address'),
        port: keywordPort(run, 'port'),
      });
    });
  },
});
