// Flask-Migrate `Migrate(app, db)`, `init_app` and `flask db upgrade`: https://flask-migrate.readthedocs.io/en/latest/
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { moduleOf } from '../modules.ts';
import { joinRel, type Project } from '../project.ts';
import { calleeOf, descendants, importsOf, keywordArgument, lineOf, positionalArguments, stringValue, topLevelAssignments, type PyNode } from '../python.ts';

const MIGRATE = new Set(['flask_migrate.Migrate']);

interface Setup {
  file: string;
  call: PyNode;
  /** True when the call receives the app, so its module is where `flask --app` finds it. */
  bindsApp: boolean;
  directory: string;
}

export const flaskMigrate = defineDetector({
  id: 'flask-migrate',
  kind: 'migrations',
  enablers: ['flask-migrate'],
  detect(project) {
    const setup = findSetup(project);
    if (setup === null) return [];
    const location = moduleOf(project, setup.file);
    const workdir = location?.workdir ?? project.appRoot;
    const line = lineOf(setup.call);
    const where = `${setup.file}:${line}`;
    const directory = joinRel(workdir, setup.directory);
    if (!project.has(joinRel(directory, 'alembic.ini')) && !project.has(joinRel(directory, 'env.py'))) {
      return [{
        kind: 'problem',
        level: 'info',
        code: 'I_FLASK_MIGRATE_NO_DIRECTORY',
        message: `${where} sets up Flask-Migrate but "${directory}" holds no migration environment, so there is nothing to upgrade. Run \`flask db init\` and commit the directory.`,
        source: { file: setup.file, line },
        why: 'flask db upgrade needs the directory flask db init creates',
      }];
    }
    const app = setup.bindsApp && location !== null ? location.module : null;
    const fact: Fact = {
      kind: 'migrations',
      tool: 'flask-migrate',
      command: app === null ? ['flask', 'db', 'upgrade'] : ['flask', '--app', app, 'db', 'upgrade'],
      workdir,
      source: { file: setup.file, line },
      why: `${where} sets up Flask-Migrate${app === null ? '' : ` with the app in "${app}"`} and ${directory} holds its migrations`,
    };
    return [fact];
  },
});

function findSetup(project: Project): Setup | null {
  const files = project.appFiles.filter((f) => f.endsWith('.py') && /flask_migrate|Migrate|init_app/.test(project.read(f) ?? ''));
  // Instances created without an app (`migrate = Migrate()`), by qualified name, for `migrate.init_app(app, db)`.
  const instances = new Map<string, Setup>();
  const setups: Setup[] = [];
  const parsed = files.flatMap((file) => {
    const tree = project.python(file);
    return tree === null ? [] : [{ file, tree, imports: importsOf(tree) }];
  });
  for (const { file, tree, imports } of parsed) {
    const module = moduleOf(project, file)?.module;
    for (const assignment of topLevelAssignments(tree)) {
      if (!MIGRATE.has(calleeOf(assignment.value, imports) ?? '')) continue;
      const setup = { file, call: assignment.value, bindsApp: false, directory: directoryOf(assignment.value) };
      // Calls in the same module use the bare name; other modules import it by its qualified name.
      instances.set(`${file}#${assignment.name}`, setup);
      if (module !== undefined) instances.set(`${module}.${assignment.name}`, setup);
    }
  }
  for (const { file, tree, imports } of parsed) {
    for (const call of descendants(tree.root, 'call')) {
      const callee = calleeOf(call, imports) ?? '';
      if (MIGRATE.has(callee) && positionalArguments(call).length > 0) {
        setups.push({ file, call, bindsApp: true, directory: directoryOf(call) });
      } else if (callee.endsWith('.init_app')) {
        const name = callee.slice(0, -'.init_app'.length);
        const instance = instances.get(name) ?? instances.get(`${file}#${name}`);
        if (instance !== undefined) {
          const directory = keywordArgument(call, 'directory') === null ? instance.directory : directoryOf(call);
          setups.push({ file, call, bindsApp: true, directory });
        }
      }
    }
  }
  return setups[0] ?? instances.values().next().value ?? null;
}

function directoryOf(call: PyNode): string {
  return stringValue(keywordArgument(call, 'directory')) ?? 'migrations';
}
