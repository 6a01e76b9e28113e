// Backends may not change static [project] fields: https://packaging.python.org/en/latest/specifications/pyproject-toml/#dynamic
// setup.cfg install_requires: https://setuptools.pypa.io/en/latest/userguide/declarative_config.html
import * as path from 'node:path';
import type { AppModel } from '../model/app.ts';

/** Where an unlocked package declares its runtime requirements, readable without its source. */
export interface MetadataDependencies {
  /** The metadata file, relative to the build context. */
  file: string;
  /** Why the file alone gives the requirements, as a sentence for the Dockerfile comment. */
  why: string;
  /** A Python program that prints those requirements one per line, for `pip install -r`. */
  program: string;
}

/** The analyser codes that say setup.py or setup.cfg computes requirements at build time. */
const COMPUTED_REQUIREMENTS = new Set(['I_SETUP_PY_DYNAMIC', 'I_SETUP_CFG_FILE']);

function inApp(model: AppModel, name: string): string {
  return model.appRoot === '.' ? name : `${model.appRoot}/${name}`;
}

function inContext(model: AppModel, file: string): string {
  return path.posix.relative(model.installRoot === '.' ? '' : model.installRoot, file);
}

/**
 * `[project] dependencies`, or nothing when `dynamic` lists them: the backend then computes
 * them from the source, and they are installed with the project. tomllib is Python 3.11+;
 * older interpreters use the copy pip vendors.
 */
function pyprojectProgram(file: string, pythonVersion: string): string {
  const minor = Number(pythonVersion.split('.')[1]);
  const toml = minor >= 11 ? 'import tomllib' : 'from pip._vendor import tomli as tomllib';
  return `${toml}; p = tomllib.load(open(${JSON.stringify(file)}, "rb")).get("project", {}); print(*([] if "dependencies" in p.get("dynamic", []) else p.get("dependencies", [])), sep="\\n")`;
}

/** `[options] install_requires` split the way setuptools splits it: by line, or by ";" when written on one line. */
function setupCfgProgram(file: string): string {
  return `import configparser; c = configparser.ConfigParser(interpolation=None); c.read(${JSON.stringify(file)}); v = c.get("options", "install_requires", fallback=""); print(*(v.splitlines() if "\\n" in v else v.split(";")), sep="\\n")`;
}

/**
 * The metadata file an unlocked package's dependencies can be installed from before its
 * source is copied, or null when only building the package tells them (setup.py code,
 * `file:` includes): those come with the project install.
 */
export function metadataDependencies(model: AppModel, pythonVersion: string): MetadataDependencies | null {
  const declaredIn = new Set(model.dependencies.filter((d) => d.group === 'runtime').map((d) => d.source.file));
  const pyproject = inApp(model, 'pyproject.toml');
  // pip is resolved from a [project] table; its runtime dependencies may all be dynamic.
  const fromProjectTable = model.packageManager === 'pip' && model.evidence['packageManager']?.[0]?.source?.file === pyproject;
  if (fromProjectTable || declaredIn.has(pyproject)) {
    const file = inContext(model, pyproject);
    const why = model.packaged
      ? 'A build backend may not change static [project] dependencies; dynamic ones come with the project below.'
      : 'The project is not built (no [build-system]), so its [project] dependencies are all it installs.';
    return { file, why, program: pyprojectProgram(file, pythonVersion) };
  }
  const setupCfg = inApp(model, 'setup.cfg');
  const computed = model.diagnostics.some((d) => COMPUTED_REQUIREMENTS.has(d.code));
  if (!computed && declaredIn.size === 1 && declaredIn.has(setupCfg)) {
    const file = inContext(model, setupCfg);
    return { file, why: 'setuptools reads install_requires from it as written; anything setup.py adds comes with the project below.', program: setupCfgProgram(file) };
  }
  return null;
}
