// alembic.ini `script_location` and env.py: https://alembic.sqlalchemy.org/en/latest/tutorial.html#editing-the-ini-file
import type { Fact } from '../../model/facts.ts';
import { iniValue, readIni } from '../commands/ini.ts';
import { defineDetector } from '../detector.ts';
import { dirOf, joinRel, type Project } from '../project.ts';
import { basename } from '../commands/shell-words.ts';

const UPGRADE = ['alembic', 'upgrade', 'head'];

export const alembic = defineDetector({
  id: 'alembic',
  kind: 'migrations',
  enablers: ['alembic'],
  detect(project) {
    const facts: Fact[] = [];
    const covered = new Set<string>();
    for (const file of project.appFiles.filter((f) => basename(f) === 'alembic.ini')) {
      const fact = fromIni(project, file);
      if (fact === null) continue;
      covered.add(fact.scripts);
      facts.push(fact.fact);
    }
    // env.py without an alembic.ini: alembic cannot run it as it stands, which is worth saying.
    for (const env of project.appFiles.filter((f) => basename(f) === 'env.py' && ['alembic', 'migrations'].includes(basename(dirOf(f))))) {
      const scripts = dirOf(env);
      if (covered.has(scripts) || isFlaskMigrate(project, env)) continue;
      facts.push({
        kind: 'problem',
        level: 'warning',
        code: 'W_ALEMBIC_NO_CONFIG',
        message: `"${env}" is an Alembic environment but no alembic.ini points at "${scripts}"; migrations cannot run with \`alembic upgrade head\`. Add an alembic.ini with script_location = ${basename(scripts)}.`,
        source: { file: env, line: 0 },
        why: 'alembic reads script_location from alembic.ini',
      });
    }
    return facts;
  },
});

function fromIni(project: Project, file: string): { fact: Fact; scripts: string } | null {
  const text = project.read(file);
  if (text === null) return null;
  const entry = iniValue(readIni(text), 'alembic', 'script_location');
  if (entry === undefined) return null;
  const dir = dirOf(file);
  const scripts = scriptsDir(dir, entry.value);
  if (isFlaskMigrate(project, joinRel(scripts, 'env.py'))) return null;
  const hasEnv = project.has(joinRel(scripts, 'env.py'));
  return {
    scripts,
    fact: {
      kind: 'migrations',
      tool: 'alembic',
      command: UPGRADE,
      workdir: dir,
      source: { file, line: entry.line },
      why: `${file}:${entry.line} sets script_location = ${entry.value}${hasEnv ? `, and ${joinRel(scripts, 'env.py')} exists` : ''}`,
    },
  };
}

/** `migrations`, `%(here)s/migrations` and `pkg.sub:migrations` (a package resource) as a repository path. */
function scriptsDir(iniDir: string, location: string): string {
  const value = location.trim().replace(/^%\(here\)s\/?/, '');
  const resource = /^([A-Za-z_][\w.]*):(.+)$/.exec(value);
  if (resource !== null) return joinRel(iniDir, resource[1]!.replace(/\./g, '/'), resource[2]!);
  return joinRel(iniDir, value);
}

/** Flask-Migrate generates an Alembic env.py that reads the app through Flask; flask-migrate.ts owns those. */
function isFlaskMigrate(project: Project, envFile: string): boolean {
  const text = project.read(envFile);
  return text !== null && /current_app|flask_migrate/.test(text);
}
