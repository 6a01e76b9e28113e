import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../errors.ts';
import { loadConfig, type LoadedConfig } from '../config/load.ts';
import type { AppModel } from '../model/app.ts';
import type { Fact } from '../model/facts.ts';
import { findAppRoot, looksLikePython, type AppRootResult } from './app-root.ts';
import { detectors } from './detectors/index.ts';
import { joinRel, openProject, toPosix, walkFiles, type Project, type WalkResult } from './project.ts';
import { initPython } from './python.ts';
import { resolve } from './resolve.ts';
import { runDetectors } from './run-detectors.ts';

export interface DetectOptions {
  /** App root relative to `dir`; found automatically when absent. */
  appRoot?: string;
  /** Pre-walked file list (benchmarks); read from disk when absent. */
  walked?: WalkResult;
}

export interface DetectResult {
  model: AppModel;
  facts: Fact[];
  config: LoadedConfig;
  project: Project;
}

/** Reads a Python project and resolves its AppModel, with evidence and diagnostics. */
export async function detect(dir: string, options: DetectOptions = {}): Promise<DetectResult> {
  const absDir = path.resolve(dir);
  assertDirectory(absDir, dir);
  await initPython();
  const walked = options.walked ?? walkFiles(absDir);

  let appRoot: AppRootResult;
  if (options.appRoot !== undefined) {
    const rel = joinRel(toPosix(path.relative(absDir, path.resolve(absDir, options.appRoot))));
    if (rel.startsWith('..') || !isDirectory(path.join(absDir, rel))) {
      throw new UserError(`--app-root "${options.appRoot}" is not a folder inside "${dir}".`, {
        code: 'E_APP_ROOT',
        hint: `Pass a folder relative to ${dir} that holds the service, e.g. --app-root backend.`,
      });
    }
    const prefix = rel === '.' ? '' : `${rel}/`;
    const diagnostics = looksLikePython(walked.files.filter((f) => f.startsWith(prefix)))
      ? []
      : [{ level: 'error' as const, code: 'E_NOT_PYTHON', message: `--app-root "${options.appRoot}" holds no Python files and no Python packaging (pyproject.toml, requirements.txt, setup.py, Pipfile). Point it at the Python service's folder.`, configKey: 'app-root' }];
    appRoot = { appRoot: rel, evidence: [{ at: '--app-root', source: null, why: 'given on the command line' }], diagnostics };
  } else {
    const probe = openProject(absDir, '.', walked);
    appRoot = findAppRoot(walked.files, (f) => probe.read(f));
  }

  const project = openProject(absDir, appRoot.appRoot, walked);
  const config = loadConfig(project);
  const facts = runDetectors(project, detectors);
  facts.push(...project.problems);
  const model = resolve({ facts, config, appRoot, folderName: path.basename(absDir) });
  return { model, facts, config, project };
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function assertDirectory(absDir: string, given: string): void {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(absDir);
  } catch {
    throw new UserError(`"${given}" does not exist.`, { code: 'E_NO_DIRECTORY', hint: 'Pass the folder of a Python project, e.g. `py2kube detect .`.' });
  }
  if (!stat.isDirectory()) {
    throw new UserError(`"${given}" is a file, not a folder.`, { code: 'E_NO_DIRECTORY', hint: `Pass the folder that holds it: \`py2kube detect ${toPosix(path.dirname(given))}\`.` });
  }
}
