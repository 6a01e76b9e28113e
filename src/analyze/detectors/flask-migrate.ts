// Flask-Migrate `Migrate(app, db)`, `init_app` and `flask db upgrade`: https://flask-migrate.readthedocs.io/en/latest/
import { defineDetector } from '../detector.ts';
import { consoleScripts, type ConsoleScript } from '../packaging/console-scripts.ts';
import { dirOf, joinRel, type Project } from '../project.ts';
import { findAppCandidates, findModuleFile, importRootsOf, isCallTo, pyModule, refersTo, type PyModule } from '../python-app.ts';
import { calleeOf, descendants, keywordArgument, lineOf, positionalArguments, topLevelAssignments, topLevelFunctions, type PyNode } from '../python.ts';
import { staticString } from '../static-strings.ts';
import { FLASK_SPEC } from './flask.ts';

const MIGRATE = new Set(['flask_migrate.Migrate']);
const FLASK_GROUP = new Set(['flask.cli.FlaskGroup']);

interface Setup {
  mod: PyModule;
  call: PyNode;
  /** True when the call receives the app, so the `db` commands can reach it. */
  bindsApp: boolean;
  directory: Directory;
}

/** The `directory=` Flask-Migrate is given: absent (its default, `migrations`), a known path, or computed at runtime. */
type Directory = { kind: 'default' } | { kind: 'known'; value: string } | { kind: 'runtime'; text: string };

export const flaskMigrate = defineDetector({
  id: 'flask-migrate',
  kind: 'migrations',
  enablers: ['flask-migrate'],
  detect(project) {
    const setup = findSetup(project);
    if (setup === null) return [];
    const { mod, call } = setup;
    const workdir = mod.location?.workdir ?? project.appRoot;
    const source = { file: mod.file, line: lineOf(call) };
    const environment = migrationsDirectory(project, setup.directory, workdir);
    if (environment === null) {
      const where = setup.directory.kind === 'runtime' ? `the directory computed by \`${setup.directory.text}\`` : `"${joinRel(workdir, setup.directory.kind === 'known' ? setup.directory.value : 'migrations')}"`;
      return [{
        kind: 'problem',
        level: 'info',
        code: 'I_FLASK_MIGRATE_NO_DIRECTORY',
        message: `Flask-Migrate is set up here but no migration environment was found (not in ${where}, nor any folder with env.py, alembic.ini or script.py.mako, and versions/), so there is nothing to upgrade. Run \`flask db init\` and commit the directory.`,
        source,
        why: 'flask db upgrade needs the directory flask db init creates',
      }];
    }
    const runner = setup.bindsApp ? commandRunner(project, mod) : { argv: ['flask'], withApp: '', script: '' };
    // Only a directory found away from where Flask-Migrate looks needs naming on the command line.
    const directoryArgs = environment.passDirectory ? ['--directory', environment.relative] : [];
    return [{
      kind: 'migrations',
      tool: 'flask-migrate',
      command: [...runner.argv, 'db', 'upgrade', ...directoryArgs],
      workdir,
      source,
      why: `sets up Flask-Migrate${runner.withApp}${environment.directory}, and ${environment.holds}${runner.script}`,
    }];
  },
});

function findSetup(project: Project): Setup | null {
  const files = project.appFiles.filter((f) => f.endsWith('.py') && /flask_migrate|Migrate|init_app/.test(project.read(f) ?? ''));
  const modules = files.flatMap((file) => {
    const mod = pyModule(project, file);
    return mod === null ? [] : [mod];
  });
  // Instances created without an app (`migrate = Migrate()`), by qualified name, for `migrate.init_app(app, db)`.
  const instances = new Map<string, Setup>();
  const setups: Setup[] = [];
  for (const mod of modules) {
    for (const assignment of topLevelAssignments(mod.tree)) {
      if (!MIGRATE.has(calleeOf(assignment.value, mod.imports) ?? '')) continue;
      const setup = { mod, call: assignment.value, bindsApp: false, directory: directoryOf(project, mod, assignment.value) };
      // Calls in the same module use the bare name; other modules import it by its qualified name.
      instances.set(`${mod.file}#${assignment.name}`, setup);
      if (mod.location !== null) instances.set(`${mod.location.module}.${assignment.name}`, setup);
    }
  }
  for (const mod of modules) {
    for (const call of descendants(mod.tree.root, 'call')) {
      const callee = calleeOf(call, mod.imports) ?? '';
      if (MIGRATE.has(callee) && positionalArguments(call).length > 0) {
        setups.push({ mod, call, bindsApp: true, directory: directoryOf(project, mod, call) });
      } else if (callee.endsWith('.init_app')) {
        const name = callee.slice(0, -'.init_app'.length);
        const instance = instances.get(name) ?? instances.get(`${mod.file}#${name}`);
        if (instance !== undefined) {
          const directory = keywordArgument(call, 'directory') === null ? instance.directory : directoryOf(project, mod, call);
          setups.push({ mod, call, bindsApp: true, directory });
        }
      }
    }
  }
  return setups[0] ?? instances.values().next().value ?? null;
}

function directoryOf(project: Project, mod: PyModule, call: PyNode): Directory {
  const node = keywordArgument(call, 'directory');
  if (node === null) return { kind: 'default' };
  const value = staticString(project, mod, node)?.value ?? null;
  return value === null ? { kind: 'runtime', text: node.text } : { kind: 'known', value };
}

interface Environment {
  /** Relative to the working directory. */
  relative: string;
  /** True when Flask-Migrate would not look there by itself. */
  passDirectory: boolean;
  /** What the evidence says of the `directory=` given, when it matters. */
  directory: string;
  /** What the evidence says holds the migrations. */
  holds: string;
}

/**
 * Where the migration environment is. The directory Flask-Migrate is given (relative to the
 * working directory) when it holds one; otherwise an Alembic environment found anywhere in
 * the app. A runtime `directory=` (`APP_DIR + "/migrations"`) is an absolute path the app
 * computes itself, so the found folder is only evidence; a default or literal directory that
 * does not exist is wrong where it is, so the found folder is passed with `--directory`.
 */
function migrationsDirectory(project: Project, directory: Directory, workdir: string): Environment | null {
  if (directory.kind !== 'runtime') {
    const written = directory.kind === 'known' ? directory.value : 'migrations';
    const path = joinRel(workdir, written);
    if (!written.startsWith('/') && (project.has(joinRel(path, 'alembic.ini')) || project.has(joinRel(path, 'env.py')))) {
      return { relative: written, passDirectory: false, directory: '', holds: `${path} holds its migrations` };
    }
  }
  const found = alembicEnvironments(project);
  const chosen = found[0];
  if (chosen === undefined) return null;
  const relative = workdir === '.' ? chosen : chosen.startsWith(`${workdir}/`) ? chosen.slice(workdir.length + 1) : null;
  const others = found.length > 1 ? ` (the first of ${found.length}: ${found.join(', ')})` : '';
  if (directory.kind === 'runtime') {
    return { relative: chosen, passDirectory: false, directory: ` with a directory computed when the app runs (\`${directory.text}\`)`, holds: `${chosen} holds an Alembic environment (env.py, versions/)${others}` };
  }
  if (relative === null) return null;
  return { relative, passDirectory: true, directory: ` looking in "${directory.kind === 'known' ? directory.value : 'migrations'}", which holds no environment`, holds: `${chosen} holds one (env.py, versions/)${others}` };
}

/** Folders holding an Alembic environment: env.py, alembic.ini or script.py.mako, and a versions/ folder; shallowest first. */
function alembicEnvironments(project: Project): string[] {
  const dirs = project.appFiles.filter((f) => f.endsWith('/env.py') || f === 'env.py').map(dirOf);
  return dirs
    .filter((dir) => (project.has(joinRel(dir, 'alembic.ini')) || project.has(joinRel(dir, 'script.py.mako'))) && project.appFiles.some((f) => f.startsWith(`${joinRel(dir, 'versions')}/`)))
    .sort((a, b) => a.split('/').length - b.split('/').length || (a < b ? -1 : 1));
}

interface Runner {
  argv: string[];
  /** Evidence: the app `flask --app` is given. */
  withApp: string;
  /** Evidence: the console script that runs the commands. */
  script: string;
}

/**
 * What runs the `db` commands. A console script whose command is a Flask CLI group
 * (`@click.group(cls=FlaskGroup, create_app=…)`, as `superset` is) loads the app itself and
 * is what the project documents; otherwise `flask --app` with a target Flask can load: the
 * module that binds Flask-Migrate when Flask's own discovery finds the app there, or else the
 * app py2kube found.
 */
function commandRunner(project: Project, setupMod: PyModule): Runner {
  const script = consoleScripts(project).find((s) => isFlaskGroup(project, s));
  if (script !== undefined) {
    return { argv: [script.name], withApp: '', script: `; the console script "${script.name}" (${script.file}:${script.line}) runs the Flask CLI with the app loaded` };
  }
  const module = setupMod.location?.module;
  if (module !== undefined && flaskDiscoversApp(setupMod)) return { argv: ['flask', '--app', module], withApp: ` with the app in "${module}"`, script: '' };
  const best = findAppCandidates(project, FLASK_SPEC)[0];
  if (best !== undefined) return { argv: ['flask', '--app', best.value], withApp: ` for the app "${best.value}" (${best.file}:${best.line})`, script: '' };
  return { argv: ['flask'], withApp: '', script: '' };
}

/** True when a console script's function is a Flask CLI group, which has the `db` commands. */
function isFlaskGroup(project: Project, script: ConsoleScript): boolean {
  const [module, name] = script.target.split(':');
  if (module === undefined || name === undefined || name.includes('.')) return false;
  const found = findModuleFile(project, module, importRootsOf(project));
  const mod = found === null ? null : pyModule(project, found.file);
  if (mod === null) return false;
  if (topLevelAssignments(mod.tree).some((a) => a.name === name && isCallTo(a.value, mod, FLASK_GROUP))) return true;
  for (const statement of mod.tree.root.namedChildren) {
    if (statement?.type !== 'decorated_definition' || statement.childForFieldName('definition')?.childForFieldName('name')?.text !== name) continue;
    const decorators = statement.namedChildren.filter((c): c is PyNode => c?.type === 'decorator');
    return decorators.some((d) => {
      const call = d.namedChild(0);
      const cls = call?.type === 'call' ? keywordArgument(call, 'cls') : null;
      return cls !== null && refersTo(cls, mod, FLASK_GROUP);
    });
  }
  return false;
}

/**
 * Flask's `--app module` finds an `app` or `application` object, a single Flask instance, or
 * a `create_app`/`make_app` factory in the module: https://flask.palletsprojects.com/en/stable/cli/#application-discovery
 */
function flaskDiscoversApp(mod: PyModule): boolean {
  const classes = new Set(FLASK_SPEC.classes);
  return (
    topLevelAssignments(mod.tree).some((a) => a.name === 'app' || a.name === 'application' || isCallTo(a.value, mod, classes)) ||
    topLevelFunctions(mod.tree).some((f) => f.name === 'create_app' || f.name === 'make_app')
  );
}
