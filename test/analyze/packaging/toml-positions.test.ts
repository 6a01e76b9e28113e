import { test } from 'node:test';
import assert from 'node:assert/strict';
import { indexTomlPositions } from '../../../src/analyze/packaging/toml-positions.ts';

const TEXT = `# top comment
name = "x"

[project]
dependencies = [
    "fastapi>=0.115",  # web
    # "disabled",
    'uvicorn[standard]',
]
description = """
Multi-line [not-a-table]
"""
optional-dependencies.pg = ["psycopg"]

[tool.poetry.dependencies]
"Flask" = "^3"
uvicorn = { version = "^0.30", extras = [
  "standard",
] }

[[package]]
name = "a"

[[package]]
name = "b"
wheels = [{ url = "https://x/b.whl" }]

[[package.dependencies]]
name = "a"
`;

test('maps keys and array elements to the line they are written on', () => {
  const positions = indexTomlPositions(TEXT);
  assert.deepEqual(
    [
      ['name'],
      ['project'],
      ['project', 'dependencies'],
      ['project', 'dependencies', 0],
      ['project', 'dependencies', 1],
      ['project', 'optional-dependencies', 'pg'],
      ['project', 'optional-dependencies', 'pg', 0],
      ['tool', 'poetry', 'dependencies', 'Flask'],
      ['tool', 'poetry', 'dependencies', 'uvicorn', 'extras', 0],
    ].map((path) => positions.lineOf(path)),
    [2, 4, 5, 6, 8, 13, 13, 16, 18],
  );
});

test('indexes arrays of tables by position, nested ones under the current element', () => {
  const positions = indexTomlPositions(TEXT);
  assert.deepEqual(
    [
      ['package', 0, 'name'],
      ['package', 1, 'name'],
      ['package', 1, 'wheels', 0, 'url'],
      ['package', 1, 'dependencies', 0, 'name'],
    ].map((path) => positions.lineOf(path)),
    [22, 25, 26, 29],
  );
});

test('gives 0 for a path that is not written', () => {
  assert.equal(indexTomlPositions(TEXT).lineOf(['project', 'missing']), 0);
});

test('places an implicitly defined table at the first line that defines it', () => {
  const positions = indexTomlPositions('[tool.pdm.dev-dependencies]\ntest = ["pytest"]\n[tool.pdm]\ndistribution = false\n');
  assert.deepEqual([positions.lineOf(['tool']), positions.lineOf(['tool', 'pdm']), positions.lineOf(['tool', 'pdm', 'distribution'])], [1, 1, 4]);
});
