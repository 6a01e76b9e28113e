// RQ queues, workers and `Worker(...).work()`: https://python-rq.org/docs/workers/
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import { calleeOf, descendants, importsOf, lineOf } from '../python.ts';

const QUEUES = new Set(['rq.Queue', 'rq.queue.Queue']);
const WORKERS = new Set(['rq.Worker', 'rq.SimpleWorker', 'rq.worker.Worker', 'rq.worker.SimpleWorker']);

export const rq = defineDetector({
  id: 'rq',
  kind: 'worker',
  enablers: ['rq'],
  detect(project) {
    const facts: Fact[] = [];
    for (const file of project.appFiles) {
      if (!file.endsWith('.py') || !/\brq\b/.test(project.read(file) ?? '')) continue;
      const tree = project.python(file);
      if (tree === null) continue;
      const imports = importsOf(tree);
      const calls = descendants(tree.root, 'call');
      const queue = calls.find((c) => QUEUES.has(calleeOf(c, imports) ?? ''));
      const worker = calls.find((c) => WORKERS.has(calleeOf(c, imports) ?? ''));
      const evidence = worker ?? queue;
      if (evidence === undefined) continue;
      const line = lineOf(evidence);
      const where = `${file}:${line}`;
      const what = worker !== undefined ? 'creates an RQ worker' : 'creates an RQ queue';
      facts.push({ kind: 'worker-system', value: 'rq', source: { file, line }, why: `${where} ${what}` });
      facts.push({ kind: 'datastore', value: 'redis', optional: false, source: { file, line }, why: `${where} ${what}, and RQ keeps its queues in Redis` });
      // A script that builds a Worker and calls work() is the worker process itself.
      const location = moduleOf(project, file);
      if (worker !== undefined && location !== null && calls.some((c) => c.childForFieldName('function')?.text.endsWith('.work') === true)) {
        const script = location.workdir === '.' ? file : file.slice(location.workdir.length + 1);
        facts.push({ kind: 'command', process: 'worker', argv: ['python', script], source: { file, line }, why: `${where} starts an RQ worker with work(), so running the script runs the worker` });
      }
    }
    return facts;
  },
});
