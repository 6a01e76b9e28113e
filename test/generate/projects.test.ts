import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { planGenerate, writePlan, type GeneratePlan } from '../../src/generate/index.ts';
import { validateObjects } from '../../src/kube-schema/validate.ts';
import { GENERATE_DEFAULTS } from '../../src/config/defaults.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { assertGolden, staleGoldens } from '../helpers/golden.ts';
import { FIXTURES, REPO_ROOT } from '../helpers/project.ts';

/** Fixture projects generate cannot handle, with the error code that says why. */
const REFUSED: Record<string, string> = {
  'broken-pyproject': 'E_TOML_SYNTAX',
  // Apps whose project installs no production server: nothing may be installed at container start.
  'django-asgi-channels': 'E_NO_SERVER',
  'flask-migrate-waitress': 'E_NO_SERVER',
  'litestar-app': 'E_NO_SERVER',
};

const PROJECTS = [
  ...['shop-fastapi', 'blog-django', 'notes-flask'].map((name) => ({ name, dir: path.join(REPO_ROOT, 'examples', name) })),
  ...fs.readdirSync(FIXTURES).sort().filter((name) => !(name in REFUSED)).map((name) => ({ name, dir: path.join(FIXTURES, name) })),
];

const KUBECTL = spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).status === 0;

function objectsOf(plan: GeneratePlan, folder: (file: string) => boolean): KubeObject[] {
  return plan.files
    .filter((f) => f.path.endsWith('.yaml') && folder(f.path) && !f.path.endsWith('kustomization.yaml') && !path.posix.basename(f.path).startsWith('patch-') && !f.path.startsWith('.github/'))
    .map((f) => parseAllDocuments(f.content)[0]!.toJS() as KubeObject);
}

function kustomize(dir: string): { ok: boolean; output: string } {
  const result = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  return { ok: result.status === 0, output: result.status === 0 ? result.stdout : result.stderr };
}

for (const [name, code] of Object.entries(REFUSED)) {
  test(`${name} is refused with ${code} before anything is written`, async () => {
    await assert.rejects(planGenerate(path.join(FIXTURES, name)), (error: { code?: string; hint?: string }) =>
      error.code === code && (code !== 'E_NO_SERVER' || /^Add (it|one) to the runtime dependencies: /.test(error.hint ?? '')));
  });
}

for (const project of PROJECTS) {
  test(`${project.name}: generated files match the goldens`, async () => {
    const plan = await planGenerate(project.dir);
    for (const file of plan.files) assertGolden(file.content, `${project.name}/${file.path}`);
    assert.deepEqual(staleGoldens(project.name, plan.files.map((f) => f.path)), [], 'golden files that are no longer generated');
  });

  for (const kubeVersion of [GENERATE_DEFAULTS.kubeVersion, '1.30']) {
    test(`${project.name}: every generated object validates against the Kubernetes ${kubeVersion} schema`, async () => {
      const plan = await planGenerate(project.dir, { kubeVersion });
      const objects = objectsOf(plan, () => true);
      const errors = validateObjects(objects, kubeVersion).filter((f) => f.level === 'error');
      assert.deepEqual(errors, []);
    });
  }

  test(`${project.name}: every overlay renders with kubectl kustomize and the result validates`, async (t) => {
    if (!KUBECTL) {
      t.skip('kubectl is not on this machine');
      return;
    }
    const plan = await planGenerate(project.dir);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-kustomize-'));
    fs.cpSync(project.dir, out, { recursive: true });
    writePlan({ ...plan, dir: out });
    const overlays = path.join(out, plan.model.appRoot, plan.layout.outDir, 'overlays');
    for (const env of plan.options.environments.map((e) => e.name)) {
      for (const dir of [path.join(overlays, env), path.join(overlays, env, 'migrate')].filter((d) => fs.existsSync(d))) {
        const rendered = kustomize(dir);
        assert.ok(rendered.ok, `kubectl kustomize ${path.relative(out, dir)} failed: ${rendered.output}`);
        const objects = parseAllDocuments(rendered.output).map((d) => d.toJS() as KubeObject);
        assert.deepEqual(validateObjects(objects, GENERATE_DEFAULTS.kubeVersion).filter((f) => f.level === 'error'), [], `${path.relative(out, dir)} renders objects that break the schema`);
        for (const object of objects) {
          const template = (object as { spec?: { template?: { metadata?: { labels?: Record<string, string> } } } }).spec?.template;
          if (template !== undefined) assert.equal(template.metadata?.labels?.['app.kubernetes.io/version'], GENERATE_DEFAULTS.release.tagPlaceholder, `${object.kind} ${object.metadata.name} pods carry the image tag as their version`);
        }
      }
    }
    fs.rmSync(out, { recursive: true, force: true });
  });
}
