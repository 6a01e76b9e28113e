import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { py2kube } from '../helpers/exec.ts';
import { REPO_ROOT } from '../helpers/project.ts';

/** The official SARIF 2.1.0 schema (provenance in schemas/sarif/README.md). */
function sarifValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'schemas/sarif/sarif-2.1.0.json'), 'utf8')) as object;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  ajv.addFormat('uri', /^[a-z][a-z0-9+.-]*:[^\s]*$/i);
  ajv.addFormat('uri-reference', /^[^\s]*$/);
  ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i);
  ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
  return ajv.compile(schema);
}

test('SARIF output validates against the SARIF 2.1.0 schema, with rules, help URIs and regions', () => {
  const { stdout, exitCode } = py2kube(['check', 'fixtures/manifests/broken-api', '-f', 'sarif']);
  assert.equal(exitCode, 1);
  const sarif = JSON.parse(stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; helpUri: string }> } }; results: Array<{ ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }>; suppressions?: unknown[] }> }> };
  const validate = sarifValidator();
  assert.ok(validate(sarif), JSON.stringify(validate.errors, null, 2));
  const [run] = sarif.runs;
  for (const result of run!.results) {
    assert.equal(run!.tool.driver.rules[result.ruleIndex]!.id, result.ruleId);
    assert.ok(result.locations[0]!.physicalLocation.region.startLine >= 1);
  }
  assert.match(run!.tool.driver.rules[0]!.helpUri, /^https:\/\/github\.com\/py2kube\/py2kube\/blob\/main\/docs\/rules\/[a-z-]+\.md$/);
  const bind = run!.results.find((r) => r.ruleId === 'no-gunicorn-localhost-bind')!;
  assert.deepEqual(bind.locations[0]!.physicalLocation.artifactLocation.uri, 'fixtures/manifests/broken-api/api.yaml');
  assert.equal(bind.locations[0]!.physicalLocation.region.startLine, 19);
  assert.equal(run!.results.filter((r) => r.suppressions !== undefined).length, 1);
});

test('SARIF for a clean run is valid and has no results', () => {
  const { stdout, exitCode } = py2kube(['check', 'fixtures/manifests/clean-api', '-f', 'sarif']);
  assert.equal(exitCode, 0);
  const sarif = JSON.parse(stdout) as { runs: Array<{ results: unknown[] }> };
  assert.ok(sarifValidator()(sarif));
  assert.deepEqual(sarif.runs[0]!.results, []);
});
