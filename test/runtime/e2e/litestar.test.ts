import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { detect } from '../../../src/analyze/index.ts';
import { initRuntime } from '../../../src/runtime/init-runtime.ts';
import { serverCommand } from '../../../src/synth/commands.ts';
import { resolveOptions } from '../../../src/synth/options.ts';
import { testdir } from '../../helpers/project.ts';
import { parsePrometheusText } from '../helpers/prometheus.ts';
import { CACHE, pythonFor, run, toolsVenv } from '../helpers/python-env.ts';
import { get, many, startProcess, waitFor, withPort, type RunningProcess } from '../helpers/server.ts';
import { freePort } from '../helpers/services.ts';

// Litestar writes the matched route's template into the ASGI scope; the companion labels
// metrics with it. A small app served by the generated uvicorn command, from PyPI packages.
const APP = `from litestar import Litestar, get


@get("/books/{book_id:int}")
async def book(book_id: int) -> dict:
    return {"id": book_id}


app = Litestar(route_handlers=[book])
`;
const PACKAGES = ['litestar==2.25.0', 'uvicorn==0.54.0', 'prometheus-client==0.26.0'];

const python = pythonFor('3.11');
describe('a Litestar app under uvicorn', { skip: python === null ? 'python3.11 is not installed' : false, timeout: 600_000 }, () => {
  let server: RunningProcess;
  let port: number;
  let dir: string;

  before(async () => {
    const tools = await toolsVenv(python!, '3.11');
    const venv = path.join(CACHE, `venv-litestar-${PACKAGES.join('-').replace(/[^A-Za-z0-9.-]/g, '')}`);
    if (!fs.existsSync(path.join(venv, '.ready'))) {
      const made = run([path.join(tools, 'uv'), 'venv', '--python', python!, venv]);
      assert.equal(made.status, 0, made.output);
      const installed = run([path.join(tools, 'uv'), 'pip', 'install', '--python', path.join(venv, 'bin/python'), ...PACKAGES]);
      assert.equal(installed.status, 0, installed.output);
      fs.writeFileSync(path.join(venv, '.ready'), '');
    }
    dir = testdir({
      'pyproject.toml': `[project]\nname = "bookshelf"\nversion = "1.0.0"\nrequires-python = ">=3.11"\ndependencies = [${PACKAGES.map((p) => JSON.stringify(p)).join(', ')}]\n`,
      'bookshelf/__init__.py': '',
      'bookshelf/app.py': APP,
    });
    await initRuntime(dir);
    const { model, config } = await detect(dir);
    const argv = withPort(serverCommand(model, resolveOptions(model, config.config)), (port = await freePort()));
    server = startProcess(argv, { cwd: dir, bin: path.join(venv, 'bin'), env: {} });
    await waitFor(port, '/healthz', 200, 120_000, server);
  });

  after(async () => {
    await server?.kill();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('labels requests with Litestar\'s route template and answers the probes', async () => {
    await many(100, 4, (i) => get(port, `/books/${i}`));
    assert.equal((await get(port, '/readyz')).status, 200);
    const families = parsePrometheusText((await get(port, '/metrics')).body);
    const routes = new Set(families.get('http_requests_total')!.samples.map((s) => s.labels['route']));
    assert.deepEqual([...routes], ['/books/{book_id}']);
    assert.equal(families.get('http_requests_total')!.samples.reduce((n, s) => n + s.value, 0), 100);
  });
});
