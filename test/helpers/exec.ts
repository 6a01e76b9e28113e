import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './project.ts';

export interface ExecResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs the CLI from source as a user would run the binary, without colour. */
export function py2kube(args: string[], cwd = REPO_ROOT): ExecResult {
  const result = spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'src/cli/main.ts'), ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1' },
    timeout: 60_000,
  });
  return { stdout: result.stdout, stderr: result.stderr, exitCode: result.status ?? -1 };
}
