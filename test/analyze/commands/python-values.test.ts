import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticInteger, staticText } from '../../../src/analyze/commands/python-values.ts';
import { importsOf, initPython, parsePython, topLevelAssignments } from '../../../src/analyze/python.ts';

async function values(source: string): Promise<Record<string, [string | null, number | null]>> {
  await initPython();
  const tree = parsePython(source);
  const imports = importsOf(tree);
  return Object.fromEntries(topLevelAssignments(tree).map((a) => [a.name, [staticText(a.value, imports), staticInteger(a.value, imports)]]));
}

test('reads literals and the written defaults of environment lookups', async () => {
  assert.deepEqual(await values('import os\nfrom os import getenv\na = "x"\nb = 8_000\nc = os.environ.get("PORT", "9000")\nd = int(getenv("PORT", 7000))\ne = os.getenv("PORT", default="6000")\n'), {
    a: ['x', null], b: ['8000', 8000], c: ['9000', 9000], d: ['7000', 7000], e: ['6000', 6000],
  });
});

test('reads f-strings whose interpolations are static and refuses the rest', async () => {
  assert.deepEqual(await values('import os\na = f"0.0.0.0:{os.getenv(\'PORT\', \'8000\')}"\nb = f"{host}:80"\nc = os.environ["PORT"]\nd = os.getenv("PORT")\n'), {
    a: ['0.0.0.0:8000', null], b: [null, null], c: [null, null], d: [null, null],
  });
});
