import rule from '../../../src/lint/rules/no-literal-secrets-in-env.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

runRuleTester(rule, {
  valid: [
    {
      name: 'credentials from Secrets, a URL built from a $(VAR) reference, and settings about secrets',
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
            - name: SECRET_KEY
              valueFrom:
                secretKeyRef: {name: api-secrets, key: SECRET_KEY}
            - name: DB_PASSWORD
              valueFrom:
                secretKeyRef: {name: api-db, key: password}
            - name: DATABASE_URL
              value: postgres://app:$(DB_PASSWORD)@db:5432/app
            - name: REDIS_URL
              value: redis://redis:6379/0
            - name: SENTRY_DSN
              value: https://examplePublicKey@o0.ingest.sentry.io/0
            - name: ACCESS_TOKEN_EXPIRE_MINUTES
              value: "30"
            - name: JWT_SECRET_FILE
              value: /var/run/secrets/jwt
            - name: TOKEN_ALGORITHM
              value: HS256
            - name: CSRF_TOKEN_HEADER
              value: X-CSRFToken
            - name: SECRET_KEY_ROTATION
              value: "false"
            - name: API_KEY
              value: ""
`,
    },
  ],
  invalid: [
    {
      name: 'a literal SECRET_KEY and a password in DATABASE_URL, reported at each value',
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
            - name: DJANGO_SECRET_KEY
              value: "django-insecure-4f9x!q"
            - name: DATABASE_URL
              value: postgresql://app:hunter2@db:5432/app
`,
      errors: [
        { messageId: 'secretName', path: 'spec.template.spec.containers[0].env[0].value', line: 13 },
        { messageId: 'passwordInUrl', path: 'spec.template.spec.containers[0].env[1].value', line: 15 },
      ],
      output: null,
    },
    {
      name: 'a broker URL with a password in a Celery worker, and an API token in a migration init container',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  initContainers:
    - name: migrate
      image: api:1
      env:
        - name: STRIPE_API_KEY
          value: sk_live_abc123
  containers:
    - name: worker
      image: api:1
      env:
        - name: CELERY_BROKER_URL
          value: amqp://guest:guest@rabbitmq:5672//
`,
      errors: [
        { messageId: 'secretName', path: 'spec.initContainers[0].env[0].value', line: 11 },
        { messageId: 'passwordInUrl', path: 'spec.containers[0].env[0].value', line: 17 },
      ],
    },
  ],
});
