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
import { prepareExample, type Prepared } from '../helpers/scenario.ts';
import { get, many, request, sleep, startProcess, waitFor, withPort, type RunningProcess } from '../helpers/server.ts';
import { freePort, servicesDown } from '../helpers/services.ts';

// A FastAPI app that only installs uvicorn: the generated command is `uvicorn …` and
// WEB_CONCURRENCY=2 makes uvicorn's own supervisor spawn two workers. The companion finds its
// multiprocess directory from the supervisor, labels a mounted sub-app's routes with their full
// template, and chains SIGTERM to uvicorn's handler.
const APP = `import asyncio

from fastapi import FastAPI

app = FastAPI()
admin = FastAPI()


@app.get("/items/{item_id}")
def item(item_id: int) -> dict:
    return {"id": item_id}


@app.get("/slow")
async def slow() -> dict:
    await asyncio.sleep(3)
    return {"slow": True}


@admin.get("/users/{user_id}")
def user(user_id: int) -> dict:
    return {"id": user_id}


app.mount("/admin", admin)
`;

const down = await servicesDown(['postgresql']); // only to build the shared venv the same way
if (down !== null) console.log(`# skipping uvicorn workers: ${down}`);

describe('a uvicorn-only FastAPI app with two uvicorn workers', { skip: down ?? false, timeout: 1_200_000 }, () => {
  let shop: Prepared & { drop: () => void };
  let server: RunningProcess;
  let port: number;
  let dir: string;

  before(async () => {
    shop = await prepareExample('shop-fastapi', null); // its venv has fastapi, uvicorn and prometheus-client
    dir = testdir({
      'pyproject.toml': '[project]\nname = "catalog"\nversion = "1.0.0"\nrequires-python = ">=3.11"\ndependencies = ["fastapi>=0.115", "uvicorn>=0.30", "prometheus-client>=0.20"]\n',
      'catalog/__init__.py': '',
      'catalog/main.py': APP,
    });
    const runtime = await initRuntime(dir);
    assert.equal(runtime.dependency?.status, 'present');
    const { model, config } = await detect(dir);
    const argv = withPort(serverCommand(model, resolveOptions(model, config.config)), (port = await freePort()));
    assert.equal(argv[0], 'uvicorn');
    console.log(`# catalog: ${argv.join(' ')}`);
    server = startProcess(argv, { cwd: dir, bin: path.join(shop.venv, 'bin'), env: { WEB_CONCURRENCY: '2' } });
    await waitFor(port, '/healthz', 200, 180_000, server);
  }, { timeout: 1_200_000 });

  after(async () => {
    await server?.kill();
    shop?.drop();
    if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('counts the requests of both workers in every scrape, mounted routes by their full template', async () => {
    await many(200, 8, (i) => get(port, `/items/${i}`));
    await many(100, 8, (i) => get(port, `/admin/users/${i}`));
    for (let scrape = 0; scrape < 4; scrape += 1) {
      const families = parsePrometheusText((await get(port, '/metrics')).body);
      const byRoute = new Map<string, number>();
      for (const s of families.get('http_requests_total')!.samples) byRoute.set(s.labels['route']!, (byRoute.get(s.labels['route']!) ?? 0) + s.value);
      assert.deepEqual(Object.fromEntries(byRoute), { '/items/{item_id}': 200, '/admin/users/{user_id}': 100 });
      // The supervisor, two workers, and multiprocessing's resource tracker.
      assert.ok((families.get('server_processes')?.samples[0]?.value ?? 0) >= 3);
    }
  });

  it('on SIGTERM during a slow request: /readyz turns 503, the request completes, uvicorn exits', async () => {
    const slow = request(port, 'GET', '/slow', { timeoutMs: 30_000 });
    await sleep(500);
    const sent = Date.now();
    server.signal('SIGTERM');
    // uvicorn's supervisor passes SIGTERM on to its workers from a loop that wakes every 0.5 s.
    await waitFor(port, '/readyz', 503, 1500, server);
    const turned = Date.now() - sent;
    assert.equal((await slow).status, 200);
    console.log(`# catalog: /readyz 503 ${turned} ms after SIGTERM to uvicorn's supervisor; the slow request completed with 200`);
    assert.equal(await Promise.race([server.exited, sleep(30_000).then(() => 'still running')]), 0);
  });
});
