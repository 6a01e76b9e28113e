import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { configSchema } from '../../src/config/schema.ts';
import { REPO_ROOT } from '../helpers/project.ts';

/**
 * Leaf keys of a zod object schema (`resources.cpu`, `env.<name>.replicas`). Inside an
 * environment, a nested table is documented once by reference to the base table.
 */
function keysOf(schema: z.ZodType, prefix: string): string[] {
  const unwrapped = unwrap(schema);
  if (unwrapped instanceof z.ZodObject && !prefix.startsWith('env.<name>.')) {
    return Object.entries(unwrapped.shape as Record<string, z.ZodType>).flatMap(([key, value]) => {
      const full = prefix === '' ? key : `${prefix}.${key}`;
      const children = keysOf(value, full);
      return children.length > 0 ? children : [full];
    });
  }
  if (unwrapped instanceof z.ZodRecord) return keysOf(unwrapped.valueType as z.ZodType, `${prefix}.<name>`);
  return [];
}

function unwrap(schema: z.ZodType): z.ZodType {
  let current: z.ZodType = schema;
  for (;;) {
    if (current instanceof z.ZodOptional) current = current.unwrap() as z.ZodType;
    else if (current instanceof z.ZodUnion) {
      const object = (current.options as z.ZodType[]).find((o) => unwrap(o) instanceof z.ZodObject);
      if (object === undefined) return current;
      current = object;
    } else return current;
  }
}

test('every config key is documented in docs/config.md', () => {
  const docs = fs.readFileSync(path.join(REPO_ROOT, 'docs/config.md'), 'utf8');
  const missing = keysOf(configSchema, '').filter((key) => !docs.includes(`| \`${key}\``));
  assert.deepEqual(missing, []);
});
