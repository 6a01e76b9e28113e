import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { computePreset } from '../../src/lint/presets.ts';
import { rules } from '../../src/lint/rules/index.ts';
import type { AnyRule } from '../../src/lint/types.ts';
import { REPO_ROOT } from '../helpers/project.ts';

const RULES_DIR = path.join(REPO_ROOT, 'src/lint/rules');
const files = fs.readdirSync(RULES_DIR).filter((f) => f.endsWith('.ts') && f !== 'index.ts').sort();
const SECTIONS = ['## Why', '## ❌ Example', '## ✅ Example', '## How to fix', '## Options', '## When not to use it', '## Peers'];

test('every file in src/lint/rules is registered in index.ts under its own id', async () => {
  const registered = new Set(rules.map((r) => r.id));
  for (const file of files) {
    const id = file.replace(/\.ts$/, '');
    const module = (await import(pathToFileURL(path.join(RULES_DIR, file)).href)) as { default: AnyRule };
    assert.equal(module.default.id, id, `${file} declares id "${module.default.id}"`);
    assert.ok(registered.has(id), `${id} is not registered in src/lint/rules/index.ts`);
  }
  assert.equal(rules.length, files.length, 'index.ts registers a rule twice or one without a file');
});

test('rule ids phrase the policy and messageIds are camelCase', () => {
  for (const rule of rules) {
    assert.match(rule.id, /^(require|no|prefer)-[a-z0-9-]+$/, rule.id);
    assert.equal(rule.meta.docs, `https://github.com/py2kube/py2kube/blob/main/docs/rules/${rule.id}.md`);
    for (const id of Object.keys(rule.meta.messages)) assert.match(id, /^[a-z][a-zA-Z]+$/, `${rule.id}: messageId "${id}"`);
    assert.match(rule.meta.description, /^[A-Z].*\.$/, `${rule.id}: the description is one sentence`);
  }
});

test('every rule has a docs page whose first line is its description, with the fixed sections and its peers', () => {
  for (const rule of rules) {
    const file = path.join(REPO_ROOT, 'docs/rules', `${rule.id}.md`);
    assert.ok(fs.existsSync(file), `docs/rules/${rule.id}.md is missing`);
    const text = fs.readFileSync(file, 'utf8');
    assert.equal(text.split('\n')[0], rule.meta.description, `docs/rules/${rule.id}.md first line`);
    let last = -1;
    for (const section of SECTIONS) {
      const at = text.indexOf(`\n${section}\n`);
      assert.ok(at > last, `docs/rules/${rule.id}.md: "${section}" is missing or out of order`);
      last = at;
    }
    const peers = text.slice(text.indexOf('\n## Peers\n'));
    for (const peer of rule.meta.peers) assert.ok(peers.includes(`${peer.tool}: \`${peer.id}\``), `docs/rules/${rule.id}.md does not list ${peer.tool} ${peer.id}`);
  }
});

test('every docs page belongs to a rule', () => {
  const ids = new Set(rules.map((r) => r.id));
  for (const file of fs.readdirSync(path.join(REPO_ROOT, 'docs/rules'))) assert.ok(ids.has(file.replace(/\.md$/, '')), `docs/rules/${file} has no rule`);
});

test('every rule has a test file', () => {
  for (const rule of rules) assert.ok(fs.existsSync(path.join(REPO_ROOT, 'test/lint/rules', `${rule.id}.test.ts`)), `test/lint/rules/${rule.id}.test.ts is missing`);
});

test('presets are computed from meta: recommended leaves info rules off, strict turns every rule on', () => {
  const recommended = computePreset(rules, 'recommended');
  const strict = computePreset(rules, 'strict');
  for (const rule of rules) {
    assert.equal(recommended[rule.id], rule.meta.severity === 'info' ? 'off' : rule.meta.severity);
    assert.notEqual(strict[rule.id], 'off');
  }
});
