// Daphne's runserver integration (`"daphne"` in INSTALLED_APPS) and ASGI_APPLICATION: https://github.com/django/daphne#running-daphne-with-django
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import { stringList, stringValue, topLevelAssignments } from '../python.ts';

export const daphne = defineDetector({
  id: 'daphne',
  kind: 'server',
  enablers: ['daphne'],
  detect(project) {
    const facts: Fact[] = [];
    for (const file of project.appFiles) {
      if (!file.endsWith('.py') || !/ASGI_APPLICATION|daphne/.test(project.read(file) ?? '')) continue;
      const tree = project.python(file);
      if (tree === null) continue;
      for (const assignment of topLevelAssignments(tree)) {
        const source = { file, line: assignment.line };
        if (assignment.name === 'INSTALLED_APPS' && stringList(assignment.value).includes('daphne')) {
          facts.push({ kind: 'server', value: 'daphne', source, why: `installs the daphne app, which serves the project's ASGI application` });
        }
        const target = assignment.name === 'ASGI_APPLICATION' ? stringValue(assignment.value) : null;
        const dot = target?.lastIndexOf('.') ?? -1;
        if (target !== null && target !== undefined && dot > 0) {
          // Django's dotted path `proj.asgi.application` is what servers call `proj.asgi:application`.
          const value = `${target.slice(0, dot)}:${target.slice(dot + 1)}`;
          facts.push({ kind: 'app-target', value, workdir: moduleOf(project, file)?.workdir ?? project.appRoot, interface: 'asgi', origin: 'settings', source, why: `sets ASGI_APPLICATION to "${target}"` });
        }
      }
    }
    return facts;
  },
});
