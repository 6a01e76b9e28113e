import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openProject, walkFiles, type Project } from '../../src/analyze/project.ts';
import { initPython } from '../../src/analyze/python.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const FIXTURES = path.join(REPO_ROOT, 'fixtures/projects');

/** Opens `fixtures/projects/<name>` as a Project with the given app root. */
export async function fixtureProject(name: string, appRoot = '.'): Promise<Project> {
  await initPython();
  const dir = path.join(FIXTURES, name);
  return openProject(dir, appRoot, walkFiles(dir));
}

/** Writes files into a fresh temporary directory and returns its path. */
export function testdir(files: Record<string, string | Buffer>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-test-'));
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(dir, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
  return dir;
}

/** A Project over files written to a temporary directory. */
export async function tempProject(files: Record<string, string | Buffer>, appRoot = '.'): Promise<Project> {
  await initPython();
  const dir = testdir(files);
  return openProject(dir, appRoot, walkFiles(dir));
}
