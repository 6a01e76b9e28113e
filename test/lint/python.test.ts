import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSource, parseYaml } from '../../src/lint/load/yaml.ts';
import { argvPath, isOneOffStep, processesOf, programOf, programPath, subcommandPath } from '../../src/lint/python.ts';
import { toWorkload, type ContainerRef } from '../../src/lint/workload.ts';

/** The first container of a Pod running `command` (and `args`, and `env`), read from real YAML. */
function container(fields: { command?: unknown[]; args?: unknown[]; env?: Record<string, string> }): ContainerRef {
  const lines = ['apiVersion: v1', 'kind: Pod', 'metadata:', '  name: app', 'spec:', '  containers:', '    - name: app', '      image: api:1'];
  if (fields.command !== undefined) lines.push(`      command: ${JSON.stringify(fields.command)}`);
  if (fields.args !== undefined) lines.push(`      args: ${JSON.stringify(fields.args)}`);
  if (fields.env !== undefined) {
    lines.push('      env:');
    for (const [name, value] of Object.entries(fields.env)) lines.push(`        - name: ${name}`, `          value: ${JSON.stringify(value)}`);
  }
  const [manifest] = parseYaml(createSource('pod.yaml', `${lines.join('\n')}\n`, 'file')).manifests;
  assert.ok(manifest !== undefined);
  const ref = toWorkload(manifest)?.containers[0];
  assert.ok(ref !== undefined);
  return ref;
}

const at = (path: readonly (string | number)[]): string => path.slice(3).join('.');

describe('programOf', () => {
  test('launchers are peeled off: uv run with its own options, tini --, python -m', () => {
    const uv = programOf(container({ command: ['uv', 'run', '--with', 'uvicorn', 'uvicorn', 'app.main:app', '--port', '8000'] }));
    assert.equal(uv?.command.program, 'uvicorn');
    assert.equal(uv?.command.port, 8000);
    assert.equal(uv?.viaShell, false);
    const tini = programOf(container({ command: ['tini', '--'], args: ['python', '-m', 'gunicorn', 'app:app', '-w', '3'] }));
    assert.equal(tini?.command.program, 'gunicorn');
    assert.equal(tini?.command.options['workers'], '3');
    assert.deepEqual(tini?.command.launchers, ['tini', 'python -m']);
  });

  test('an sh -c chain is read past its migration to the server it keeps running', () => {
    const django = programOf(container({ command: ['sh', '-c', 'python manage.py migrate --noinput && gunicorn config.wsgi --bind 0.0.0.0:8000'] }));
    assert.equal(django?.command.program, 'gunicorn');
    assert.equal(django?.command.port, 8000);
    assert.equal(django?.viaShell, true);
    const alembic = programOf(container({ command: ['/bin/bash', '-ec'], args: ['alembic upgrade head\nexec uvicorn app.main:app --host 0.0.0.0'] }));
    assert.equal(alembic?.command.program, 'uvicorn');
    assert.equal(alembic?.command.host, '0.0.0.0');
  });

  test('a script that only migrates is the migration', () => {
    assert.equal(programOf(container({ command: ['sh', '-c', 'python manage.py migrate --noinput'] }))?.command.program, 'django-migrate');
  });

  test('a container whose image decides, or runs something unknown, has no program', () => {
    assert.equal(programOf(container({})), null);
    assert.equal(programOf(container({ command: ['/docker-entrypoint.sh'] })), null);
  });

  test('GUNICORN_CMD_ARGS fills in options the command line leaves out, and the command line wins', () => {
    const fromEnv = programOf(container({ command: ['gunicorn', 'app:app'], env: { GUNICORN_CMD_ARGS: '--workers 3 --bind 0.0.0.0:9000' } }));
    assert.equal(fromEnv?.command.options['workers'], '3');
    assert.equal(fromEnv?.command.port, 9000);
    const both = programOf(container({ command: ['gunicorn', 'app:app', '--workers', '2'], env: { GUNICORN_CMD_ARGS: '--workers 5' } }));
    assert.equal(both?.command.options['workers'], '2');
    // Only gunicorn reads it.
    const uvicorn = programOf(container({ command: ['uvicorn', 'app:app'], env: { GUNICORN_CMD_ARGS: '--workers 5' } }));
    assert.equal(uvicorn?.command.options['workers'], undefined);
  });
});

describe('isOneOffStep', () => {
  test('migrations are one-off steps; servers and unknown commands are not', () => {
    assert.equal(isOneOffStep(['python', 'manage.py', 'migrate', '--noinput']), true);
    assert.equal(isOneOffStep(['alembic', 'upgrade', 'head']), true);
    assert.equal(isOneOffStep(['flask', 'db', 'upgrade']), true);
    assert.equal(isOneOffStep(['gunicorn', 'app:app']), false);
    assert.equal(isOneOffStep(['cd', '/app']), false);
  });
});

describe('argvPath', () => {
  test('an exact item wins over an earlier item that contains the needle', () => {
    assert.equal(at(argvPath(container({ command: ['celery', '-A', 'shop.worker', 'worker'] }), 'worker')), 'command.3');
  });

  test('a needle inside an item is found when no item is exactly it', () => {
    assert.equal(at(argvPath(container({ command: ['gunicorn', 'app:app'], args: ['--bind=127.0.0.1:8000'] }), '127.0.0.1')), 'args.0');
    assert.equal(at(argvPath(container({ command: ['sh', '-c', 'exec gunicorn app:app --bind 127.0.0.1:8000'] }), '127.0.0.1')), 'command.2');
  });

  test('the whole list when nothing holds the needle: args when there are args, else command', () => {
    assert.equal(at(argvPath(container({ command: ['gunicorn'], args: ['app:app'] }), 'uvicorn')), 'args');
    assert.equal(at(argvPath(container({ command: ['gunicorn', 'app:app'] }), 'uvicorn')), 'command');
  });
});

describe('programPath and subcommandPath', () => {
  test('the subcommand is the word the parser reads as one, not an option value containing or equal to it', () => {
    const shop = container({ command: ['celery', '-A', 'shop.worker', 'worker', '--loglevel', 'INFO'] });
    assert.equal(at(programPath(shop)), 'command.0');
    assert.equal(at(subcommandPath(shop)), 'command.3');
    assert.equal(at(subcommandPath(container({ command: ['celery', '-A', 'worker', 'worker'] }))), 'command.3');
  });

  test('positions count across command and args, behind launchers and interpreter options', () => {
    const launched = container({ command: ['tini', '--', 'uv', 'run', '--with', 'celery', 'celery'], args: ['-A', 'proj', 'worker'] });
    assert.equal(at(programPath(launched)), 'command.6');
    assert.equal(at(subcommandPath(launched)), 'args.2');
    const django = container({ command: ['python', '-u', 'manage.py', 'migrate', '--noinput'] });
    assert.equal(at(programPath(django)), 'command.0');
    assert.equal(at(subcommandPath(django)), 'command.3');
  });

  test('a program without a subcommand: both point at the program', () => {
    const ref = container({ command: ['opentelemetry-instrument', '--traces_exporter', 'otlp', 'gunicorn', 'app:app'] });
    assert.equal(at(programPath(ref)), 'command.3');
    assert.equal(at(subcommandPath(ref)), 'command.3');
  });

  test('inside an sh -c script, the script item; without a known program, the whole list', () => {
    const script = container({ command: ['sh', '-c'], args: ['python manage.py migrate && exec celery -A proj worker'] });
    assert.equal(at(programPath(script)), 'args.0');
    assert.equal(at(subcommandPath(script)), 'args.0');
    assert.equal(at(programPath(container({ command: ['/docker-entrypoint.sh'], args: ['serve'] }))), 'args');
  });
});

describe('processesOf', () => {
  test('a default count points at the program word, an explicit one at its value', () => {
    const defaulted = processesOf(container({ command: ['uv', 'run', '--with', 'gunicorn', 'gunicorn', 'app:app'] }));
    assert.deepEqual({ ...defaulted, path: at(defaulted!.path) }, { server: 'gunicorn', count: 1, via: 'the default', path: 'command.4', master: true });
    const explicit = processesOf(container({ command: ['celery', '-A', 'proj', 'worker', '--concurrency', '4'] }));
    assert.equal(explicit?.count, 4);
    assert.equal(at(explicit!.path), 'command.5');
  });
});
