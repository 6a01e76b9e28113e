#!/usr/bin/env node
// Regenerates schemas/kubernetes/: the Kubernetes JSON schemas py2kube validates generated
// objects against, bundled so that validation never needs the network. Run it by hand when a
// new Kubernetes minor is released (bump WHEEL_VERSION and VERSIONS), review the diff, commit.
// CI never runs it.
//
// Source: the PyPI wheel of kubernetes-validate (Apache-2.0), which ships OpenAPI-derived,
// strict (additionalProperties: false) JSON Schema 2020-12 definitions per Kubernetes minor.
// https://github.com/willthames/kubernetes-validate
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const WHEEL_VERSION = '1.37.0';
const VERSIONS = ['1.30', '1.31', '1.32', '1.33', '1.34', '1.35', '1.36', '1.37'];
const OUT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'schemas', 'kubernetes');

/** Removes `description` keywords (prose, ~three quarters of the bytes) but never a *property* named `description` (PriorityClass has one). */
export function stripDescriptions(schema) {
  if (Array.isArray(schema)) return schema.map(stripDescriptions);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'description' && typeof value === 'string') continue;
    if (key === 'properties' || key === '$defs' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, stripDescriptions(sub)]));
    } else if (key.startsWith('x-kubernetes-') || key === 'enum' || key === 'required') {
      out[key] = value; // annotations and literal values: not schemas, kept byte for byte
    } else {
      out[key] = stripDescriptions(value);
    }
  }
  return out;
}

function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-kube-schemas-'));
  execFileSync('pip', ['download', '--no-deps', '--disable-pip-version-check', `kubernetes-validate==${WHEEL_VERSION}`, '-d', work], { stdio: 'inherit' });
  const wheel = fs.readdirSync(work).find((f) => f.endsWith('.whl'));
  if (wheel === undefined) throw new Error(`pip download left no wheel in ${work}`);
  const wheelPath = path.join(work, wheel);
  const wheelSha256 = createHash('sha256').update(fs.readFileSync(wheelPath)).digest('hex');
  const members = VERSIONS.map((v) => `kubernetes_validate/kubernetes-json-schema/v${v}.0-local-strict/_definitions.json`);
  const licenceMember = `kubernetes_validate-${WHEEL_VERSION}.dist-info/licenses/LICENSE`;
  // A wheel is a zip; Python's zipfile is on every machine that has pip, unzip is not.
  const extract = 'import sys, zipfile; zipfile.ZipFile(sys.argv[1]).extractall(sys.argv[2], sys.argv[3:])';
  execFileSync('python3', ['-c', extract, wheelPath, work, ...members, licenceMember], { stdio: 'inherit' });

  fs.mkdirSync(OUT, { recursive: true });
  const rows = [];
  for (const [i, version] of VERSIONS.entries()) {
    const source = JSON.parse(fs.readFileSync(path.join(work, members[i]), 'utf8'));
    const stripped = stripDescriptions(source);
    const kinds = Object.values(stripped.$defs).filter((d) => Array.isArray(d['x-kubernetes-group-version-kind'])).length;
    // gzip output is deterministic in Node (mtime 0), so regenerating unchanged input leaves git clean.
    const gz = gzipSync(Buffer.from(JSON.stringify(stripped)), { level: 9 });
    fs.writeFileSync(path.join(OUT, `v${version}.json.gz`), gz);
    rows.push(`| ${version} | \`${members[i]}\` | ${Object.keys(stripped.$defs).length} | ${kinds} | ${(gz.length / 1024).toFixed(0)} KiB |`);
    process.stdout.write(`v${version}: ${gz.length} bytes\n`);
  }
  const licence = fs.readFileSync(path.join(work, licenceMember), 'utf8').trim();
  fs.writeFileSync(path.join(OUT, 'README.md'), readme(wheel, wheelSha256, rows, licence));
  fs.rmSync(work, { recursive: true, force: true });
}

function readme(wheel, sha256, rows, licence) {
  return `# Bundled Kubernetes JSON schemas

py2kube validates every object it generates against these schemas (\`src/kube-schema/validate.ts\`),
offline. \`py2kube generate --kube-version X.Y\` picks the file; the default is
\`GENERATE_DEFAULTS.kubeVersion\` in \`src/config/defaults.ts\`.

## Provenance

- Package: [kubernetes-validate](https://github.com/willthames/kubernetes-validate) ${WHEEL_VERSION} from PyPI, file \`${wheel}\`, sha256 \`${sha256}\`.
- Each file is that wheel's \`v<X.Y>.0-local-strict/_definitions.json\`: JSON Schema draft 2020-12, derived from the
  Kubernetes OpenAPI spec of that release, *strict* (\`additionalProperties: false\`, so a misspelt field is an error).
  Objects are matched to definitions by their \`x-kubernetes-group-version-kind\` annotation.
- Changed from the source: every \`description\` keyword is removed (prose only, three quarters of the bytes); nothing that
  validates is touched. Then minified and gzipped.

| version | source member | definitions | top-level kinds | size |
|---|---|---|---|---|
${rows.join('\n')}

## Licence

Apache License 2.0, the same as py2kube. The notice shipped with the wheel:

\`\`\`
${licence}
\`\`\`

The schemas are derived from the Kubernetes OpenAPI specification (Copyright The Kubernetes Authors, Apache-2.0).

## Regenerate

\`\`\`sh
node scripts/bundle-kube-schemas.mjs
\`\`\`

Needs \`pip\` and \`python3\` and network access to PyPI; run it by hand, review the diff and commit. CI never downloads.
To add a Kubernetes minor, bump \`WHEEL_VERSION\` and \`VERSIONS\` in the script (the wheel of kubernetes-validate X.Y
ships schemas up to X.Y).
`;
}

if (process.argv[1] !== undefined && fs.realpathSync(process.argv[1]) === fileURLToPath(import.meta.url)) main();
