import rule from '../../../src/lint/rules/no-duplicate-env.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'the same name in two containers, and env overriding envFrom, are fine',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: api
spec:
  initContainers:
    - name: migrate
      image: api:1
      env:
        - name: DJANGO_SETTINGS_MODULE
          value: acme.settings
  containers:
    - name: web
      image: api:1
      envFrom:
        - configMapRef: {name: api}
      env:
        - name: DJANGO_SETTINGS_MODULE
          value: acme.settings
        - name: WEB_CONCURRENCY
          value: "2"
`,
    },
  ],
  invalid: [
    {
      name: 'a variable set twice is reported at the later entry',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
      containers:
        - name: web
          image: api:1
          env:
            - name: WEB_CONCURRENCY
              value: "4"
            - name: LOG_LEVEL
              value: info
            - name: WEB_CONCURRENCY
              value: "2"
            - name: LOG_LEVEL
              valueFrom:
                configMapKeyRef: {name: api, key: LOG_LEVEL}
`,
      errors: [
        { messageId: 'duplicateEnv', path: 'spec.template.spec.containers[0].env[2].name', line: 16 },
        { messageId: 'duplicateEnv', path: 'spec.template.spec.containers[0].env[3].name', line: 18 },
      ],
      output: null,
    },
  ],
});
