// dramatiq actors, brokers and the `dramatiq <modules>` worker CLI: https://dramatiq.io/guide.html
import type { Datastore, Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import { calleeOf, descendants, dottedName, importsOf, lineOf, qualifiedName } from '../python.ts';

const BROKERS: Record<string, Datastore> = {
  'dramatiq.brokers.redis.RedisBroker': 'redis',
  'dramatiq.brokers.rabbitmq.RabbitmqBroker': 'rabbitmq',
};
const ACTORS = new Set(['dramatiq.actor']);

export const dramatiq = defineDetector({
  id: 'dramatiq',
  kind: 'worker',
  enablers: ['dramatiq'],
  detect(project) {
    const facts: Fact[] = [];
    const actorModules: string[] = [];
    let first: { file: string; line: number } | null = null;
    for (const file of project.appFiles) {
      if (!file.endsWith('.py') || !/dramatiq/.test(project.read(file) ?? '')) continue;
      const tree = project.python(file);
      if (tree === null) continue;
      const imports = importsOf(tree);
      for (const call of descendants(tree.root, 'call')) {
        const store = BROKERS[calleeOf(call, imports) ?? ''];
        if (store === undefined) continue;
        const line = lineOf(call);
        facts.push({ kind: 'datastore', value: store, optional: false, source: { file, line }, why: `${file}:${line} creates a dramatiq ${store === 'redis' ? 'Redis' : 'RabbitMQ'} broker` });
      }
      const actor = descendants(tree.root, 'decorator').find((d) => {
        const expression = d.namedChild(0);
        const target = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
        return ACTORS.has(qualifiedName(target ?? null, imports) ?? dottedName(target ?? null) ?? '');
      });
      if (actor === undefined) continue;
      const line = lineOf(actor);
      facts.push({ kind: 'worker-system', value: 'dramatiq', source: { file, line }, why: `${file}:${line} declares a dramatiq actor` });
      const module = moduleOf(project, file)?.module;
      if (module !== undefined) actorModules.push(module);
      first ??= { file, line };
    }
    if (first !== null && actorModules.length > 0) {
      facts.push({ kind: 'command', process: 'worker', argv: ['dramatiq', ...actorModules], source: first, why: `${first.file}:${first.line} declares actors, and the dramatiq worker runs with the modules that declare them` });
    }
    return facts;
  },
});
