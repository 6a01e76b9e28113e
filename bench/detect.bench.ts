/**
 * Runs `detect` on a generated project of 5,000+ files and prints files per second, with the
 * ratio against a baseline measured in the same run: listing the tree and reading every file
 * once (the I/O floor any analyser pays). Prints numbers; never passes or fails.
 *
 *   node --import tsx bench/detect.bench.ts [--files 6000] [--runs 5]
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { detect } from '../src/analyze/index.ts';
import { walkFiles } from '../src/analyze/project.ts';

const { values } = parseArgs({ options: { files: { type: 'string', default: '6000' }, runs: { type: 'string', default: '5' } } });
const target = Number(values.files);
const runs = Number(values.runs);

function write(root: string, rel: string, text: string): void {
  const full = path.join(root, rel);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}

/** A service with many packages and modules, plus trees an analyser must skip. */
function generate(root: string, count: number): number {
  write(root, 'pyproject.toml', '[project]\nname = "bigsvc"\nrequires-python = ">=3.12"\ndependencies = ["fastapi", "gunicorn", "uvicorn-worker", "asyncpg", "celery[redis]", "alembic"]\n');
  write(root, 'bigsvc/__init__.py', '');
  write(root, 'bigsvc/main.py', 'from fastapi import FastAPI\n\napp = FastAPI()\n\n@app.get("/healthz")\ndef healthz():\n    return {"ok": True}\n');
  write(root, 'bigsvc/worker.py', 'from celery import Celery\n\ncelery_app = Celery("bigsvc", broker="redis://redis:6379/0")\ncelery_app.conf.beat_schedule = {}\n');
  write(root, 'Procfile', 'web: gunicorn bigsvc.main:app -k uvicorn_worker.UvicornWorker --bind 0.0.0.0:8000\n');
  let written = 5;
  for (let p = 0; written < count; p += 1) {
    const pkg = `bigsvc/domain${p}`;
    write(root, `${pkg}/__init__.py`, '');
    written += 1;
    for (let m = 0; m < 20 && written < count; m += 1) {
      write(root, `${pkg}/module${m}.py`, `"""Module ${m} of package ${p}."""\nfrom dataclasses import dataclass\n\n\n@dataclass\nclass Thing${m}:\n    id: int\n    name: str\n\n\ndef handle_${m}(thing: Thing${m}) -> str:\n    return f"{thing.id}:{thing.name}"\n`);
      written += 1;
    }
  }
  // Trees that must be skipped, so they are not counted.
  for (let i = 0; i < 500; i += 1) write(root, `.venv/lib/python3.12/site-packages/pkg${i}/__init__.py`, 'x = 1\n');
  for (let i = 0; i < 500; i += 1) write(root, `node_modules/mod${i}/index.js`, 'module.exports = 1;\n');
  return written;
}

function baseline(root: string): number {
  const { files } = walkFiles(root);
  let bytes = 0;
  for (const file of files) bytes += fs.readFileSync(path.join(root, file)).length;
  return files.length + (bytes > 0 ? 0 : 0);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'py2kube-bench-'));
try {
  const files = generate(root, target);
  await detect(root); // warm-up: loads the WASM grammar once, as a CLI run does
  const baseTimes: number[] = [];
  const detectTimes: number[] = [];
  let appPath: string | null = null;
  for (let i = 0; i < runs; i += 1) {
    let start = performance.now();
    baseline(root);
    baseTimes.push(performance.now() - start);
    start = performance.now();
    const result = await detect(root);
    detectTimes.push(performance.now() - start);
    appPath = result.model.appPath;
  }
  const b = median(baseTimes);
  const d = median(detectTimes);
  console.log(`files in tree (excluding skipped .venv/node_modules): ${files}`);
  console.log(`detected app: ${appPath ?? '(none)'}`);
  console.log(`baseline (list + read every file): ${b.toFixed(1)} ms  →  ${Math.round(files / (b / 1000))} files/s`);
  console.log(`detect:                            ${d.toFixed(1)} ms  →  ${Math.round(files / (d / 1000))} files/s`);
  console.log(`ratio detect/baseline: ${(d / b).toFixed(2)}× (median of ${runs} runs)`);
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
