import * as path from 'node:path';
import { detect, type DetectResult } from '../../src/analyze/index.ts';
import type { Config } from '../../src/config/schema.ts';
import type { AppModel } from '../../src/model/app.ts';
import type { KubeObject } from '../../src/model/kube.ts';
import { resolveOptions, type ResolvedOptions } from '../../src/synth/options.ts';
import { REPO_ROOT } from './project.ts';

const detected = new Map<string, Promise<DetectResult>>();

/**
 * The model and resolved options of a real project in this repository (`examples/shop-fastapi`,
 * `fixtures/projects/celery-worker-only`), with `config` laid over the project's own
 * [tool.py2kube] table. Detection runs once per project per test file.
 */
export async function synthInput(dir: string, config: Config = {}): Promise<{ model: AppModel; options: ResolvedOptions }> {
  let pending = detected.get(dir);
  if (pending === undefined) {
    pending = detect(path.join(REPO_ROOT, dir));
    detected.set(dir, pending);
  }
  const { model, config: loaded } = await pending;
  return { model, options: resolveOptions(model, { ...loaded.config, ...config }) };
}

/** The one object of a kind and name; fails the test when there is none or more than one. */
export function find(objects: readonly KubeObject[], kind: string, name: string): KubeObject {
  const found = objects.filter((o) => o.kind === kind && o.metadata.name === name);
  if (found.length !== 1) throw new Error(`expected one ${kind} "${name}", found ${found.length} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found[0]!;
}

/** Loose access into plain objects for assertions: `at(deployment, 'spec', 'template', 'spec')`. */
export function at(value: unknown, ...keys: Array<string | number>): any {
  let current: any = value;
  for (const key of keys) current = current?.[key];
  return current;
}
