import rule from '../../../src/lint/rules/require-celery-ping-destination.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const worker = (probe: string, args = '["celery", "-A", "proj", "worker"]'): string => `apiVersion: apps/v1
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
          livenessProbe:
            exec:
              command: ${probe}
            periodSeconds: 60
            timeoutSeconds: 10
`;

runRuleTester(rule, {
  valid: [
    { name: 'pings its own node through a shell', code: worker('["sh", "-c", "celery -A proj inspect ping -d celery@$HOSTNAME --timeout 5"]') },
    { name: '--destination= with braces', code: worker('["/bin/sh", "-c", "exec celery -A proj inspect ping --destination=celery@${HOSTNAME}"]') },
    {
      name: 'a $(VAR) the kubelet expands from a literal env value',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker-0
spec:
  containers:
    - name: worker
      image: api:1
      env:
        - name: NODE
          value: celery@worker-0
      livenessProbe:
        exec:
          command: ["celery", "-A", "proj", "inspect", "ping", "-d", "$(NODE)"]
`,
    },
    { name: 'a heartbeat file probe', code: worker('["python", "-c", "import os, time; assert time.time() - os.stat(\'/tmp/hb\').st_mtime < 60"]') },
  ],
  invalid: [
    {
      name: 'a broadcast ping any worker answers',
      code: worker('["celery", "-A", "proj", "inspect", "ping"]'),
      errors: [{ messageId: 'missingDestination', path: 'spec.template.spec.containers[0].livenessProbe.exec.command', line: 14 }],
      output: null,
    },
    {
      name: 'python -m celery through a shell, without -d',
      code: worker('["sh", "-c", "python -m celery -A proj inspect ping --timeout 5"]'),
      errors: [{ messageId: 'missingDestination', path: 'spec.template.spec.containers[0].livenessProbe.exec.command', line: 14 }],
    },
    {
      name: '$HOSTNAME without a shell is passed literally',
      code: worker('["celery", "-A", "proj", "inspect", "ping", "-d", "celery@$HOSTNAME"]', '["celery", "-A", "proj", "worker", "-n", "default@%h"]'),
      errors: [{ messageId: 'unexpandedHostname', path: 'spec.template.spec.containers[0].livenessProbe.exec.command', line: 14 }],
      output: null,
    },
  ],
});
