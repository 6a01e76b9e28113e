// arq `WorkerSettings` classes and the `arq module.WorkerSettings` CLI: https://arq-docs.helpmanual.io/#usage
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import { descendants, lineOf } from '../python.ts';

export const arq = defineDetector({
  id: 'arq',
  kind: 'worker',
  enablers: ['arq'],
  detect(project) {
    const facts: Fact[] = [];
    for (const file of project.appFiles) {
      if (!file.endsWith('.py') || !/\barq\b/.test(project.read(file) ?? '')) continue;
      const tree = project.python(file);
      if (tree === null) continue;
      for (const statement of tree.root.namedChildren) {
        if (statement?.type !== 'class_definition') continue;
        // arq reads `functions` (and optional cron_jobs, redis_settings) from a plain settings class.
        const body = statement.childForFieldName('body');
        const hasFunctions = body !== null && descendants(body, 'assignment').some((a) => a.childForFieldName('left')?.text === 'functions');
        const name = statement.childForFieldName('name')?.text;
        if (!hasFunctions || name === undefined) continue;
        const line = lineOf(statement);
        const where = `${file}:${line}`;
        facts.push({ kind: 'worker-system', value: 'arq', source: { file, line }, why: `${where} defines the arq worker settings class ${name}` });
        facts.push({ kind: 'datastore', value: 'redis', optional: false, source: { file, line }, why: `${where} defines arq worker settings, and arq keeps its jobs in Redis` });
        const module = moduleOf(project, file)?.module;
        if (module !== undefined) {
          facts.push({ kind: 'command', process: 'worker', argv: ['arq', `${module}.${name}`], source: { file, line }, why: `${where} defines ${name}, which the arq CLI runs as a worker` });
        }
      }
    }
    return facts;
  },
});
