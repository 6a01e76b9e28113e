import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { parse } from 'yaml';
import { planGenerate } from '../../src/generate/index.ts';
import { FIXTURES, REPO_ROOT } from '../helpers/project.ts';

async function workflow(dir: string): Promise<any> {
  const plan = await planGenerate(dir);
  const file = plan.files.find((f) => f.path === '.github/workflows/py2kube.yml');
  assert.ok(file);
  return parse(file.content);
}

function runs(job: any): string {
  return job.steps.map((s: any) => s.run ?? s.uses).join('\n');
}

test('every action is pinned by major version', async () => {
  const wf = await workflow(path.join(REPO_ROOT, 'examples/shop-fastapi'));
  for (const job of Object.values<any>(wf.jobs)) {
    for (const step of job.steps.filter((s: any) => s.uses !== undefined)) assert.match(step.uses, /^[\w.-]+\/[\w./-]+@v\d+$/);
  }
});

test('uv: lockfile freshness, tests, generate --check pinned to this py2kube', async () => {
  const verify = runs((await workflow(path.join(REPO_ROOT, 'examples/shop-fastapi'))).jobs.verify);
  assert.match(verify, /uv lock --check\nuv sync --frozen\nuv run pytest/);
  assert.match(verify, /npx --yes py2kube@\d+\.\d+\.\d+ generate \. --check/);
});

test('pip-tools: each lockfile is recompiled with the command from its header and diffed', async () => {
  const verify = runs((await workflow(path.join(REPO_ROOT, 'examples/blog-django'))).jobs.verify);
  assert.match(verify, /pip-compile --generate-hashes --no-emit-find-links --no-emit-index-url --strip-extras requirements-dev\.in\npip-compile --generate-hashes --no-emit-find-links --no-emit-index-url --strip-extras requirements\.in\ngit diff --exit-code -- requirements-dev\.txt requirements\.txt/);
});

test('Poetry and Pipenv check their lockfiles', async () => {
  assert.match(runs((await workflow(path.join(REPO_ROOT, 'examples/notes-flask'))).jobs.verify), /poetry check --lock/);
  assert.match(runs((await workflow(path.join(FIXTURES, 'pipfile-flask'))).jobs.verify), /pipenv verify/);
});

test('the deploy sets the tag, runs the migration Job to completion, then applies the overlay and waits for every rollout', async () => {
  const wf = await workflow(path.join(REPO_ROOT, 'examples/shop-fastapi'));
  assert.match(wf.jobs.build.steps.find((s: any) => s.id === 'tag').run, /GITHUB_SHA::12/);
  const deploy = runs(wf.jobs.deploy);
  const order = ['kustomize edit set image shop=', 'kubectl apply -k $OVERLAY/migrate', 'kubectl wait --for=condition=complete --timeout=960s job/shop-migrate-$TAG', 'kubectl apply -k $OVERLAY\n', 'kubectl rollout status deployment/shop --timeout=600s'];
  const positions = order.map((needle) => deploy.indexOf(needle));
  assert.ok(positions.every((p) => p >= 0), `all steps present: ${positions}`);
  assert.deepEqual([...positions].sort((a, b) => a - b), positions, 'in this order');
  assert.equal(wf.jobs.deploy.needs, 'build');
  assert.equal(wf.jobs.build.needs, 'verify');
});

test('the check job uploads SARIF even when py2kube check fails, and nothing waits for it', async () => {
  const wf = await workflow(path.join(REPO_ROOT, 'examples/shop-fastapi'));
  assert.match(runs(wf.jobs.check), /py2kube@[\d.]+ check \. --format sarif > py2kube\.sarif\ngithub\/codeql-action\/upload-sarif@v3/);
  assert.match(wf.jobs.check.steps.at(-1).if, /always\(\)/);
  assert.ok(!JSON.stringify(wf.jobs.deploy.needs).includes('check'));
});
