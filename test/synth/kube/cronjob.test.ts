import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENERATE_DEFAULTS as D } from '../../../src/config/defaults.ts';
import { isUserError } from '../../../src/errors.ts';
import { cronJob, cronJobs } from '../../../src/synth/kube/cronjob.ts';
import { podSpecOf, restrictedViolations } from '../../helpers/pss-restricted.ts';
import { at, synthInput } from '../../helpers/synth.ts';

const ETL = { name: 'etl', schedule: '30 2 * * *', command: ['python', '-m', 'shop.etl'] };

describe('CronJob', () => {
  it('writes one CronJob per configured job, named after the app and the job', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { cronjobs: [ETL, { ...ETL, name: 'cleanup', command: ['python', '-m', 'shop.cleanup'] }] });
    assert.deepEqual(cronJobs(model, options).map((c) => c.metadata.name), ['shop-etl', 'shop-cleanup']);
  });

  it('bounds overlap, lateness, history, retries and run time with the configured or default values', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { cronjobs: [{ ...ETL, 'concurrency-policy': 'Replace', 'active-deadline-seconds': 1800, 'starting-deadline-seconds': 120, 'backoff-limit': 1, 'time-zone': 'Europe/Berlin' }] });
    const c = cronJob(model, options, options.cronjobs[0]!);
    assert.equal(c.apiVersion, 'batch/v1');
    const spec = at(c, 'spec');
    assert.equal(spec.schedule, '30 2 * * *');
    assert.equal(spec.timeZone, 'Europe/Berlin');
    assert.equal(spec.concurrencyPolicy, 'Replace');
    assert.equal(spec.startingDeadlineSeconds, 120);
    assert.equal(spec.successfulJobsHistoryLimit, D.jobs.successfulJobsHistoryLimit);
    assert.equal(spec.failedJobsHistoryLimit, D.jobs.failedJobsHistoryLimit);
    const job = spec.jobTemplate.spec;
    assert.equal(job.backoffLimit, 1);
    assert.equal(job.activeDeadlineSeconds, 1800);
    assert.equal(job.ttlSecondsAfterFinished, D.jobs.ttlSecondsAfterFinished);
    assert.equal(job.template.spec.restartPolicy, 'Never');
  });

  it('defaults to Forbid and leaves out the time zone when none is configured', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { cronjobs: [ETL] });
    const spec = at(cronJob(model, options, options.cronjobs[0]!), 'spec');
    assert.equal(spec.concurrencyPolicy, 'Forbid');
    assert.equal('timeZone' in spec, false);
    assert.equal(spec.startingDeadlineSeconds, D.jobs.startingDeadlineSeconds);
    assert.equal(spec.jobTemplate.spec.activeDeadlineSeconds, D.jobs.cronActiveDeadlineSeconds);
  });

  it('runs the configured command in the app\'s working folder with the app\'s settings and Secret', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { cronjobs: [ETL] });
    const container = at(cronJob(model, options, options.cronjobs[0]!), 'spec', 'jobTemplate', 'spec', 'template', 'spec', 'containers', 0);
    assert.deepEqual(container.command, ['python', '-m', 'shop.etl']);
    assert.equal(container.workingDir, '/app/src');
    assert.equal(container.image, 'shop');
    assert.deepEqual(container.envFrom, [{ configMapRef: { name: 'shop' } }, { secretRef: { name: 'shop-secrets', optional: false } }]);
  });

  it('labels the job\'s pods with a component of their own', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { cronjobs: [ETL] });
    const c = cronJob(model, options, options.cronjobs[0]!);
    assert.equal(at(c, 'spec', 'jobTemplate', 'spec', 'template', 'metadata', 'labels', 'app.kubernetes.io/component'), 'cronjob-etl');
  });

  it('passes the Pod Security Standards restricted checks', async () => {
    const { model, options } = await synthInput('examples/shop-fastapi', { cronjobs: [ETL] });
    assert.deepEqual(restrictedViolations(podSpecOf(cronJob(model, options, options.cronjobs[0]!))!), []);
  });

  it('refuses a name longer than the 52 characters a CronJob may have, naming the job', async () => {
    const name = 'a-very-long-nightly-aggregation-job-name-for-reports';
    const { model, options } = await synthInput('examples/shop-fastapi', { cronjobs: [{ ...ETL, name }] });
    assert.throws(() => cronJobs(model, options), (e: unknown) => isUserError(e) && e.message.includes(`shop-${name}`) && /52/.test(e.message) && /at most 47/.test(e.hint ?? ''));
  });
});
