// saq queues (`Queue.from_url`) and worker settings (`saq module.settings`): https://saq-py.readthedocs.io/en/latest/getting_started.html
import type { Fact } from '../../model/facts.ts';
import { datastoreOfUrl, redactUrl } from '../commands/datastore-url.ts';
import { staticText } from '../commands/python-values.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import { calleeOf, descendants, importsOf, lineOf, positionalArguments, stringValue, topLevelAssignments } from '../python.ts';

const QUEUES = new Set(['saq.Queue', 'saq.Queue.from_url', 'saq.queue.Queue', 'saq.queue.Queue.from_url']);

export const saq = defineDetector({
  id: 'saq',
  kind: 'worker',
  enablers: ['saq'],
  detect(project) {
    const facts: Fact[] = [];
    for (const file of project.appFiles) {
      if (!file.endsWith('.py') || !/\bsaq\b/.test(project.read(file) ?? '')) continue;
      const tree = project.python(file);
      if (tree === null) continue;
      const imports = importsOf(tree);
      const queue = descendants(tree.root, 'call').find((c) => QUEUES.has(calleeOf(c, imports) ?? ''));
      if (queue === undefined) continue;
      const line = lineOf(queue);
      const where = `${file}:${line}`;
      facts.push({ kind: 'worker-system', value: 'saq', source: { file, line }, why: `${where} creates a saq queue` });
      const url = staticText(positionalArguments(queue)[0] ?? null, imports);
      const store = url === null ? null : datastoreOfUrl(url);
      if (url !== null && store !== null) facts.push({ kind: 'datastore', value: store, optional: false, source: { file, line }, why: `${where} creates a saq queue at ${redactUrl(url)}` });
      // saq's CLI takes the dotted path of a settings dict holding the queue and functions.
      const settings = topLevelAssignments(tree).find((a) => a.value.type === 'dictionary' && descendants(a.value, 'pair').some((p) => stringValue(p.childForFieldName('key')) === 'functions'));
      const module = moduleOf(project, file)?.module;
      if (settings !== undefined && module !== undefined) {
        facts.push({ kind: 'command', process: 'worker', argv: ['saq', `${module}.${settings.name}`], source: { file, line: settings.line }, why: `${file}:${settings.line} defines the saq worker settings "${settings.name}", which the saq CLI runs` });
      }
    }
    return facts;
  },
});
