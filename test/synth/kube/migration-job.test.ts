import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENERATE_DEFAULTS as D } from '../../../src/config/defaults.ts';
import { migrationJob } from '../../../src/synth/kube/migration-job.ts';
import { podSpecOf, restrictedViolations } from '../../helpers/pss-restricted.ts';
import { at, synthInput } from '../../helpers/synth.ts';

describe('migration Job', () => {
  it('runs the project\'s migration command in the folder it expects, once, without restarting in place', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    const job = migrationJob(model, options)!;
    assert.equal(job.kind, 'Job');
    assert.equal(job.metadata.name, 'shop-migrate');
    const spec = at(job, 'spec');
    assert.equal(spec.backoffLimit, D.jobs.backoffLimit);
    assert.equal(spec.activeDeadlineSeconds, D.jobs.migrationDeadlineSeconds);
    assert.equal(spec.ttlSecondsAfterFinished, D.jobs.ttlSecondsAfterFinished);
    assert.equal(spec.template.spec.restartPolicy, 'Never');
    const container = spec.template.spec.containers[0];
    assert.deepEqual(container.command, ['alembic', 'upgrade', 'head']);
    // alembic.ini sits at the project root, not in src/ where the server runs.
    assert.equal(container.workingDir, '/app');
  });

  it('puts the working folder under the install root the image copies to /app', async () => {
    const { model, options } = await synthInput('examples/blog-django');
    const nested = { ...model, migrate: { ...model.migrate!, workdir: 'services/blog' } };
    const container = at(migrationJob(nested, options), 'spec', 'template', 'spec', 'containers', 0);
    assert.deepEqual(container.command, ['python', 'manage.py', 'migrate', '--noinput']);
    assert.equal(container.workingDir, '/app/services/blog');
  });

  it('is not written for an app without migrations', async () => {
    const { model, options } = await synthInput('examples/notes-flask');
    assert.equal(migrationJob(model, options), null);
  });

  it('passes the Pod Security Standards restricted checks', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi');
    assert.deepEqual(restrictedViolations(podSpecOf(migrationJob(model, options)!)!), []);
  });
});
