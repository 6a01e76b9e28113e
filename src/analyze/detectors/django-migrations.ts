// Django migrations and `manage.py migrate`: https://docs.djangoproject.com/en/stable/topics/migrations/
import { defineDetector } from '../detector.ts';
import { dirOf } from '../project.ts';
import { basename } from '../commands/shell-words.ts';

export const djangoMigrations = defineDetector({
  id: 'django-migrations',
  kind: 'migrations',
  enablers: ['django'],
  detect(project) {
    // The shallowest manage.py is the project's; deeper ones belong to templates or vendored apps.
    const manage = project.appFiles.filter((f) => basename(f) === 'manage.py').sort((a, b) => a.split('/').length - b.split('/').length)[0];
    if (manage === undefined) return [];
    const workdir = dirOf(manage);
    const prefix = workdir === '.' ? '' : `${workdir}/`;
    const migration = project.appFiles.find((f) => f.startsWith(prefix) && /(^|\/)migrations\/0001_[^/]*\.py$/.test(f));
    if (migration === undefined) return [];
    return [{
      kind: 'migrations',
      tool: 'django',
      command: ['python', 'manage.py', 'migrate', '--noinput'],
      workdir,
      source: { file: migration, line: 0 },
      why: `${migration} is a Django migration, applied with ${manage} migrate`,
    }];
  },
});
