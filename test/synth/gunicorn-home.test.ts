import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DockerfileParser } from 'dockerfile-ast';
import { detect } from '../../src/analyze/index.ts';
import { GENERATE_DEFAULTS as D } from '../../src/config/defaults.ts';
import { synthesizeDockerfile } from '../../src/synth/dockerfile.ts';
import { resolveOptions } from '../../src/synth/options.ts';
import { freePort, withPort } from '../helpers/image-build.ts';
import { testdir } from '../helpers/project.ts';
import { toolVenv } from '../helpers/python-tools.ts';

/**
 * gunicorn ≥ 25.1 starts a control socket at $XDG_RUNTIME_DIR/gunicorn.ctl, else
 * $HOME/.gunicorn/gunicorn.ctl, creating the folder. In a pod with a read-only root and a uid
 * that has no passwd entry, HOME is `/`, so the folder cannot be created: gunicorn still serves,
 * but logs "Control server error: Permission denied" at every start. The image sets HOME=/tmp,
 * the pod's writable emptyDir. This runs the real gunicorn 27 as a non-root uid, as in the pod,
 * with the generated command and both HOMEs.
 */

function skip(t: TestContext, reason: string): void {
  console.log(`# SKIP ${t.name}: ${reason}`);
  t.skip(reason);
}

async function serve(python: string, venv: string, appDir: string, argv: string[], home: string): Promise<{ status: number; output: string }> {
  const port = await freePort();
  const command = withPort(argv, port);
  const env = { PATH: `${venv}/bin:/usr/bin:/bin`, HOME: home, PYTHONUNBUFFERED: '1', PYTHONDONTWRITEBYTECODE: '1', WEB_CONCURRENCY: '1' };
  const child = spawn('setpriv', [`--reuid=${D.uid}`, `--regid=${D.uid}`, '--clear-groups', path.join(venv, 'bin', command[0]!), ...command.slice(1)], { cwd: appDir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (d: Buffer) => { output += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { output += d.toString(); });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const curl = spawnSync(python, ['-c', `import urllib.request as u; print(u.urlopen("http://127.0.0.1:${port}/").status)`], { encoding: 'utf8' });
      // The control socket thread starts just after the listener; give it a moment to log.
      if (curl.status === 0) { await new Promise((r) => setTimeout(r, 1_000)); return { status: Number(curl.stdout.trim()), output }; }
      if (child.exitCode !== null || Date.now() > deadline) throw new Error(`gunicorn did not answer:\n${output}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

test('gunicorn 27 under a read-only root: HOME=/ logs a control socket error, the image\'s HOME=/tmp does not', async (t) => {
  if (process.getuid?.() !== 0) return skip(t, 'needs root to run gunicorn as the image\'s numeric uid (setpriv)');
  // A system interpreter the unprivileged uid can execute (pyenv's live under root's 0700 home).
  const python = ['/usr/bin/python3.11', '/usr/bin/python3.12', '/usr/bin/python3.13', '/usr/bin/python3'].find((p) => fs.existsSync(p)
    && spawnSync('setpriv', [`--reuid=${D.uid}`, `--regid=${D.uid}`, '--clear-groups', p, '-c', 'import venv'], { encoding: 'utf8' }).status === 0);
  if (python === undefined) return skip(t, 'no system Python that a non-root uid can run');
  const venv = toolVenv('gunicorn', python);
  if (!venv.ok) return skip(t, venv.reason);

  const dir = testdir({
    'requirements.txt': 'flask==3.1.3\ngunicorn==27.0.1\n',
    'hello.py': 'from flask import Flask\n\napp = Flask(__name__)\n\n\n@app.get("/")\ndef index() -> str:\n    return "ok"\n',
  });
  // The app folder is root's and read-only for the uid, like /app in the image.
  fs.chmodSync(dir, 0o755);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-home-'));
  fs.chownSync(home, D.uid, D.uid);
  try {
    const { model, config } = await detect(dir);
    const dockerfile = synthesizeDockerfile(model, resolveOptions(model, config.config), { outDir: 'deploy', runtimeDir: 'deploy/runtime' });
    const instructions = DockerfileParser.parse(dockerfile).getInstructions();
    const argv = JSON.parse(instructions.find((i) => i.getKeyword() === 'CMD')!.getArgumentsContent()!) as string[];
    assert.equal(argv[0], 'gunicorn');
    assert.match(dockerfile, /^ {4}HOME=\/tmp \\$/m, 'the image puts HOME on the /tmp emptyDir');

    const rootHome = await serve(python, venv.value, dir, argv, '/');
    assert.equal(rootHome.status, 200, 'gunicorn still serves: the control socket failure is not fatal');
    assert.match(rootHome.output, /Control server error: \[Errno 13\] Permission denied: '\/\.gunicorn'/);

    const tmpHome = await serve(python, venv.value, dir, argv, home);
    assert.equal(tmpHome.status, 200);
    assert.doesNotMatch(tmpHome.output, /Control server error/);
    assert.match(tmpHome.output, new RegExp(`Control socket listening at ${home}/\\.gunicorn/gunicorn\\.ctl`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(home, { recursive: true, force: true });
  }
});
