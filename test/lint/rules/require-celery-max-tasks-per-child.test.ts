import rule from '../../../src/lint/rules/require-celery-max-tasks-per-child.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const worker = (args: string): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: api:1
          args: ${args}
`;

runRuleTester(rule, {
  valid: [
    { name: '--max-tasks-per-child', code: worker('["celery", "-A", "proj", "worker", "--max-tasks-per-child", "200"]') },
    { name: '--max-memory-per-child=', code: worker('["celery", "-A", "proj", "worker", "--max-memory-per-child=400000"]') },
    { name: 'the solo pool has no children', code: worker('["celery", "-A", "proj", "worker", "-P", "solo"]') },
    { name: 'gevent runs tasks in greenlets', code: worker('["celery", "-A", "proj", "worker", "--pool=gevent", "-c", "100"]') },
    { name: 'beat is not a worker', code: worker('["celery", "-A", "proj", "beat"]') },
  ],
  invalid: [
    {
      name: 'a prefork worker that never recycles',
      code: worker('["celery", "-A", "proj", "worker", "-c", "4"]'),
      errors: [{ messageId: 'missingRecycling', path: 'spec.template.spec.containers[0].args[3]', line: 11 }],
      output: null,
    },
    {
      name: 'reported at the worker subcommand, not at an -A value that contains "worker"',
      code: worker('["celery", "-A", "shop.worker", "worker", "--loglevel", "INFO"]'),
      errors: [{ messageId: 'missingRecycling', path: 'spec.template.spec.containers[0].args[3]' }],
    },
    {
      name: 'reported at the subcommand when the app itself is named worker',
      code: worker('["celery", "--app", "worker", "worker", "--concurrency", "2"]'),
      errors: [{ messageId: 'missingRecycling', path: 'spec.template.spec.containers[0].args[3]' }],
    },
    {
      name: 'reported at the subcommand behind launchers, across command and args',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: api:1
          command: ["tini", "--", "uv", "run", "--with", "worker", "celery"]
          args: ["-A", "worker.app", "worker"]
`,
      errors: [{ messageId: 'missingRecycling', path: 'spec.template.spec.containers[0].args[2]', line: 12 }],
    },
    {
      name: 'a worker started through a shell',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    spec:
      containers:
        - name: worker
          image: api:1
          command:
            - sh
            - -c
            - exec celery -A proj worker --loglevel INFO
`,
      errors: [{ messageId: 'missingRecycling', path: 'spec.template.spec.containers[0].command[2]', line: 14 }],
    },
  ],
});
