// .python-version (pyenv, uv), runtime.txt and requires-python: https://docs.astral.sh/uv/concepts/python-versions/#python-version-files
import type { Fact } from '../../model/facts.ts';
import { defineDetector } from '../detector.ts';
import { joinRel, type Project } from '../project.ts';
import { readAppPyproject } from '../packaging/pyproject.ts';
import { getString } from '../packaging/toml-document.ts';
import { ancestorsOf, locateUv } from '../packaging/uv-workspace.ts';

/** `3.12`, `3.12.4`, `cpython-3.12`, `cpython-3.12.4-linux-x86_64-gnu`, `python-3.11.4`, `3.13t` → the version part. */
const CPYTHON = /^(?:cpython-|python-?)?(\d+\.\d+(?:\.\d+)?(?:(?:a|b|rc)\d+)?t?)(?:[-+].*)?$/i;

/** The nearest `.python-version` from the app root up to the analysed directory (uv workspaces keep it at the root). */
function pythonVersionFile(project: Project): Fact[] {
  for (const dir of ancestorsOf(project.appRoot)) {
    const file = joinRel(dir, '.python-version');
    if (!project.has(file)) continue;
    const text = project.read(file);
    if (text === null) return [];
    const lines = text.split(/\r?\n/);
    const index = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    if (index < 0) return [];
    const written = lines[index]!.trim();
    const match = CPYTHON.exec(written);
    const source = { file, line: index + 1 };
    if (match === null) {
      return [{
        kind: 'problem', level: 'info', code: 'I_PYTHON_VERSION_FILE',
        message: `${file}:${index + 1}: "${written}" is not a CPython version such as 3.12, so it was not used to pick the image's Python. Write the version there, or set python-version in [tool.py2kube].`,
        source, why: 'only CPython versions map to a python base image', configKey: 'python-version',
      }];
    }
    return [{
      kind: 'python-version', value: match[1]!, origin: 'python-version-file', source,
      why: `${file} pins the Python that pyenv and uv select for this project`,
    }];
  }
  return [];
}

function runtimeTxt(project: Project): Fact[] {
  const file = project.inApp('runtime.txt');
  const text = project.has(file) ? project.read(file) : null;
  if (text === null) return [];
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((l) => l.trim() !== '');
  if (index < 0) return [];
  const match = /^python-(\d+\.\d+(?:\.\d+)?)$/i.exec(lines[index]!.trim());
  if (match === null) return [];
  return [{
    kind: 'python-version', value: match[1]!, origin: 'runtime-txt', source: { file, line: index + 1 },
    why: `${file} names the Python that Heroku-style buildpacks install`,
  }];
}

function requiresPython(project: Project): Fact[] {
  const doc = readAppPyproject(project);
  const value = doc === null ? null : getString(doc.data, ['project', 'requires-python']);
  if (doc === null || value === null || value.trim() === '') return [];
  return [{
    kind: 'python-version', value: value.trim(), origin: 'requires-python',
    source: { file: doc.file, line: doc.positions.lineOf(['project', 'requires-python']) },
    why: '[project] requires-python is the Python range the project supports',
  }];
}

function uvLockPython(project: Project): Fact[] {
  const location = locateUv(project);
  if (location === null || location.lockfile === null) return [];
  const text = project.read(location.lockfile);
  if (text === null) return [];
  // Lockfiles run to thousands of lines; the top-level key sits above the first table, so scan only that.
  const lines = text.split(/\r?\n/);
  const end = lines.findIndex((l) => l.startsWith('['));
  const index = lines.slice(0, end < 0 ? lines.length : end).findIndex((l) => /^requires-python\s*=/.test(l));
  const match = index < 0 ? null : /^requires-python\s*=\s*(["'])(.*)\1\s*(#.*)?$/.exec(lines[index]!);
  if (match === null || match[2]!.trim() === '') return [];
  return [{
    kind: 'python-version', value: match[2]!.trim(), origin: 'lockfile',
    source: { file: location.lockfile, line: index + 1 },
    why: `${location.lockfile} was resolved for this Python range`,
  }];
}

/** Only what the project writes down counts; the interpreter on this machine says nothing about the image. */
export const pythonVersion = defineDetector({
  id: 'python-version',
  kind: 'python-version',
  detect(project) {
    return [...pythonVersionFile(project), ...runtimeTxt(project), ...uvLockPython(project), ...requiresPython(project)];
  },
});
