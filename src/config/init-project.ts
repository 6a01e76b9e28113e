import * as fs from 'node:fs';
import * as path from 'node:path';
import { detect, type DetectOptions, type DetectResult } from '../analyze/index.ts';
import { entriesFromModel, planInit, writeInit, type InitPlan } from './init.ts';

export interface InitOptions extends DetectOptions {
  /** Plan only; write nothing. */
  dryRun?: boolean;
}

export interface InitResult {
  plan: InitPlan;
  detected: DetectResult;
  written: boolean;
}

/** Detects the project and records the result as `[tool.py2kube]` (or py2kube.toml when there is no pyproject). */
export async function initProject(dir: string, options: InitOptions = {}): Promise<InitResult> {
  const detected = await detect(dir, options);
  const { project, config, model } = detected;
  const pyproject = project.inApp('pyproject.toml');
  const usePyproject = project.has(pyproject);
  const file = usePyproject ? pyproject : project.inApp('py2kube.toml');
  const table = usePyproject ? 'tool.py2kube' : '';
  const abs = path.join(project.dir, file);
  const before = fs.existsSync(abs) ? fs.readFileSync(abs, 'utf8') : '';
  const plan = planInit(file, before, config.config, table, entriesFromModel(model));
  const written = options.dryRun !== true && plan.after !== plan.before;
  if (written) writeInit(project.dir, plan, table);
  return { plan, detected, written };
}
