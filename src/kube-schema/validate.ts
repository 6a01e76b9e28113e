// Validates generated objects against the Kubernetes JSON schemas bundled in schemas/kubernetes/
// (see its README for provenance). The files are JSON Schema draft 2020-12, hence `ajv/dist/2020`.
import * as fs from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import { UserError } from '../errors.ts';
import { packagePath } from '../package-root.ts';
import type { KubeObject } from '../model/kube.ts';

/** Read lazily: the bundled command line finds the package root from its own location. */
const schemaDir = (): string => `${packagePath('schemas', 'kubernetes')}/`;

export interface SchemaFinding {
  object: { kind: string; name: string };
  /** JSON pointer into the object, e.g. `/spec/template/spec/containers/0/ports/0/containerPort`; `` for the object itself. */
  path: string;
  message: string;
  /** `error`: the object breaks the schema. `not-validated`: no bundled schema has this kind (a CRD such as KEDA's ScaledObject). */
  level: 'error' | 'not-validated';
}

interface VersionSchemas {
  ajv: Ajv2020;
  /** `apps/v1 Deployment` → `io.k8s.api.apps.v1.Deployment`. */
  definitions: Map<string, string>;
  compiled: Map<string, ValidateFunction>;
}

const DEFINITIONS_ID = 'https://kubernetes.io/api/_definitions.json';
const cache = new Map<string, VersionSchemas>();

/** The bundled schema folder is part of the package and never changes while the process runs: read it once. */
let bundled: readonly string[] | null = null;
const resolved = new Map<string, string>();

/** Kubernetes minors with a bundled schema, oldest first, e.g. `['1.30', …, '1.37']`. */
export function bundledKubeVersions(): string[] {
  bundled ??= fs.readdirSync(schemaDir())
    .map((f) => /^v(1\.\d+)\.json\.gz$/.exec(f)?.[1])
    .filter((v): v is string => v !== undefined)
    .sort((a, b) => Number(a.split('.')[1]) - Number(b.split('.')[1]));
  return [...bundled];
}

/** `1.34`, `v1.34` and `1.34.2` all mean the 1.34 schema (patch releases do not change the API); anything else not bundled is a UserError. */
export function resolveKubeVersion(given: string): string {
  const known = resolved.get(given);
  if (known !== undefined) return known;
  const minor = /^v?(1\.\d+)(\.\d+)?$/.exec(given.trim())?.[1];
  const bundled = bundledKubeVersions();
  if (minor === undefined || !bundled.includes(minor)) {
    throw new UserError(`Kubernetes version "${given}" has no bundled schema; py2kube can validate against ${bundled.join(', ')}.`, {
      code: 'E_KUBE_VERSION',
      hint: `Pass one of them, e.g. --kube-version ${bundled.at(-1) ?? '1.34'}.`,
    });
  }
  resolved.set(given, minor);
  return minor;
}

/** Format checks for the OpenAPI formats the schemas use, so `int32` really bounds a replica count. */
const FORMATS = {
  int32: { type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= -(2 ** 31) && n < 2 ** 31 },
  int64: { type: 'number' as const, validate: (n: number) => Number.isSafeInteger(n) },
  double: { type: 'number' as const, validate: (n: number) => Number.isFinite(n) },
  byte: { type: 'string' as const, validate: /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/ },
  'date-time': { type: 'string' as const, validate: /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i },
};

function load(version: string): VersionSchemas {
  const cached = cache.get(version);
  if (cached !== undefined) return cached;
  const text = gunzipSync(fs.readFileSync(`${schemaDir()}v${version}.json.gz`)).toString('utf8');
  const document = JSON.parse(text) as {
    $defs: Record<string, { 'x-kubernetes-group-version-kind'?: Array<{ group: string; version: string; kind: string }> }>;
  };
  // Union types (`["string", "null"]`) are how the OpenAPI conversion says "optional", so they are allowed;
  // the `x-kubernetes-*` annotations are declared as vocabulary so strict mode still catches real typos.
  // Loading and compiling is paid on every `check` run, so: the bundled document is not validated
  // against the meta-schema (it is generated, not user input, and strict mode still rejects unknown
  // keywords when a kind is compiled), and the generated code is not optimised (which costs more
  // compile time than it saves when validating).
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, strictRequired: false, formats: FORMATS, validateSchema: false, code: { optimize: false } });
  const annotations = new Set<string>();
  for (const match of text.matchAll(/"(x-kubernetes-[\w-]+)"\s*:/g)) annotations.add(match[1]!);
  ajv.addVocabulary([...annotations]);
  ajv.addSchema(document, DEFINITIONS_ID);
  const definitions = new Map<string, string>();
  for (const [name, definition] of Object.entries(document.$defs)) {
    for (const gvk of definition['x-kubernetes-group-version-kind'] ?? []) {
      const apiVersion = gvk.group === '' ? gvk.version : `${gvk.group}/${gvk.version}`;
      // DeleteOptions and WatchEvent list every group; the kinds py2kube writes map to exactly one definition.
      if (!definitions.has(`${apiVersion} ${gvk.kind}`)) definitions.set(`${apiVersion} ${gvk.kind}`, name);
    }
  }
  const schemas: VersionSchemas = { ajv, definitions, compiled: new Map() };
  cache.set(version, schemas);
  return schemas;
}

function validatorFor(schemas: VersionSchemas, definition: string): ValidateFunction {
  let validate = schemas.compiled.get(definition);
  if (validate === undefined) {
    validate = schemas.ajv.compile({ $ref: `${DEFINITIONS_ID}#/$defs/${definition}` });
    schemas.compiled.set(definition, validate);
  }
  return validate;
}

/**
 * Checks each object against the schema of its apiVersion and kind in the given Kubernetes
 * version (`1.34`; see `resolveKubeVersion`). Returns one finding per schema violation, and one
 * `not-validated` finding per object whose kind has no bundled schema. An empty list means valid.
 */
export function validateObjects(objects: readonly KubeObject[], kubeVersion: string): SchemaFinding[] {
  const version = resolveKubeVersion(kubeVersion);
  const schemas = load(version);
  const findings: SchemaFinding[] = [];
  for (const object of objects) {
    const ref = { kind: String(object.kind), name: String(object.metadata?.name ?? '') };
    const definition = schemas.definitions.get(`${object.apiVersion} ${object.kind}`);
    if (definition === undefined) {
      findings.push({ object: ref, path: '', level: 'not-validated', message: `no schema for ${object.apiVersion} ${object.kind} in Kubernetes ${version} (a custom resource; its CRD defines it), so it was not validated` });
      continue;
    }
    const validate = validatorFor(schemas, definition);
    if (validate(object)) continue;
    findings.push(...describeErrors(validate.errors ?? []).map((e) => ({ object: ref, ...e, level: 'error' as const })));
  }
  return findings;
}

/**
 * Ajv's errors as one line each. A `oneOf` (IntOrString, Quantity) reports every branch it
 * tried; those branch errors say nothing the `oneOf` line does not, so they are dropped.
 */
function describeErrors(errors: ErrorObject[]): Array<{ path: string; message: string }> {
  const oneOfAt = new Set(errors.filter((e) => e.keyword === 'oneOf').map((e) => e.instancePath));
  const out = new Map<string, { path: string; message: string }>();
  for (const error of errors) {
    if (error.keyword !== 'oneOf' && oneOfAt.has(error.instancePath) && error.schemaPath.includes('/oneOf/')) continue;
    const path = error.keyword === 'additionalProperties'
      ? `${error.instancePath}/${String((error.params as { additionalProperty: string }).additionalProperty)}`
      : error.instancePath;
    const message = error.keyword === 'additionalProperties'
      ? 'is not a field of this object (misspelt, or not in this Kubernetes version)'
      : error.keyword === 'enum'
        ? `must be one of ${(error.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`
        : error.keyword === 'oneOf' ? 'must be a string or a number (an int-or-string or quantity field)' : error.message ?? error.keyword;
    out.set(`${path}\u0000${message}`, { path, message });
  }
  return [...out.values()];
}
