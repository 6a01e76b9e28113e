import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flaskRun } from '../../../src/analyze/detectors/flask-run.ts';
import { tempProject } from '../../helpers/project.ts';

test('reads the port and host an app passes to app.run, from an environment default', async () => {
  const project = await tempProject({
    'site.py': 'import os\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(host="0.0.0.0", port=int(os.environ.get("PORT", 5000)))\n',
  });
  const at = { file: 'site.py', line: 7 };
  assert.deepEqual(flaskRun.detect(project), [
    { kind: 'port', value: 5000, source: at, why: 'starts the app\'s own server with app.run on port 5000, the default of `os.environ.get("PORT", 5000)`' },
    { kind: 'bind-host', value: '0.0.0.0', source: at, why: "starts the app's own server with app.run bound to 0.0.0.0" },
  ]);
});

test('follows variables set from the environment into socketio.run in an entry point, once per value', async () => {
  const project = await tempProject({
    'tracker/__init__.py': [
      'import os',
      'import sys',
      '',
      'def main():',
      '    from tracker.web import build_app, socketio',
      '    host = os.getenv("LISTEN_HOST", "0.0.0.0").strip()',
      '    port = int(os.getenv("PORT", "8080"))',
      '    if len(sys.argv) > 1:',
      '        port = int(sys.argv[1])',
      '    app = build_app()',
      '    if os.getenv("TLS"):',
      '        socketio.run(app, host=host, port=int(port), ssl_context="adhoc")',
      '    else:',
      '        socketio.run(app, host=host, port=int(port))',
      '',
    ].join('\n'),
    'tracker/web.py': 'from flask import Flask\nfrom flask_socketio import SocketIO\n\napp = Flask(__name__)\nsocketio = SocketIO()\n\ndef build_app():\n    @app.route("/")\n    def index():\n        return "ok"\n    return app\n',
  });
  assert.deepEqual(flaskRun.detect(project).map((f) => [f.kind, 'value' in f ? f.value : null, f.source.line, f.why]), [
    ['port', 8080, 12, 'starts the app\'s own server with socketio.run on port 8080, the default set by `port = int(os.getenv("PORT", "8080"))` (tracker/__init__.py:7)'],
    ['bind-host', '0.0.0.0', 12, 'starts the app\'s own server with socketio.run bound to 0.0.0.0, the default set by `host = os.getenv("LISTEN_HOST", "0.0.0.0").strip()` (tracker/__init__.py:6)'],
  ]);
});

test('reports nothing for app.run without settings, runtime values, or .run() of something that is not a Flask app', async () => {
  const project = await tempProject({
    'site.py': 'import sys\nfrom flask import Flask\n\napp = Flask(__name__)\n\nif __name__ == "__main__":\n    app.run(debug=True)\n    app.run(port=int(sys.argv[1]))\n',
    'jobs.py': 'import scheduler\n\nrunner = scheduler.Runner()\nrunner.run(port=9999)\n',
  });
  assert.deepEqual(flaskRun.detect(project), []);
});

test('reads positional host and port, and a Flask app returned by a factory', async () => {
  const project = await tempProject({
    'svc/__init__.py': 'from flask import Flask\n\ndef create_app():\n    return Flask(__name__)\n',
    'run.py': 'from svc import create_app\n\ncreate_app().run("0.0.0.0", 8081)\n',
  });
  assert.deepEqual(flaskRun.detect(project).map((f) => [f.kind, 'value' in f ? f.value : null]), [['port', 8081], ['bind-host', '0.0.0.0']]);
});
