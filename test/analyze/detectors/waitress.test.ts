import { test } from 'node:test';
import assert from 'node:assert/strict';
import { waitress } from '../../../src/analyze/detectors/waitress.ts';
import { fixtureProject, tempProject } from '../../helpers/project.ts';

test('reads waitress.serve with a factory call and a listen address', async () => {
  const project = await fixtureProject('flask-migrate-waitress');
  const at = { file: 'serve.py', line: 6 };
  assert.deepEqual(waitress.detect(project), [
    { kind: 'server', value: 'waitress', source: at, why: 'calls waitress.serve' },
    { kind: 'app-target', value: 'notes:create_app()', workdir: '.', interface: 'wsgi', origin: 'command', source: at, why: 'calls waitress.serve with the app "notes:create_app()"' },
    { kind: 'port', value: 8080, source: at, why: 'calls waitress.serve on port 8080' },
    { kind: 'bind-host', value: '0.0.0.0', source: at, why: 'calls waitress.serve bound to 0.0.0.0' },
  ]);
});

test('reads host and port keywords and a local app object', async () => {
  const project = await tempProject({ 'wsgi.py': 'from flask import Flask\nfrom waitress import serve\napp = Flask(__name__)\nserve(app, host="127.0.0.1", port=6543)\n' });
  assert.deepEqual(waitress.detect(project).map((f) => [f.kind, 'value' in f ? f.value : null]), [
    ['server', 'waitress'], ['app-target', 'wsgi:app'], ['port', 6543], ['bind-host', '127.0.0.1'],
  ]);
});
