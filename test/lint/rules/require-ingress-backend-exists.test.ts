import rule from '../../../src/lint/rules/require-ingress-backend-exists.ts';
import { runRuleTester } from '../../helpers/rule-tester.ts';

const service = `apiVersion: v1
kind: Service
metadata:
  name: api
spec:
  selector: {app: api}
  ports:
    - name: http
      port: 80
      targetPort: 8000
---
`;

const ingress = (backend: string): string => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: api
spec:
  rules:
    - host: api.example.com
      http:
        paths:
          - path: /
            pathType: Prefix
            backend:
${backend}`;

runRuleTester(rule, {
  valid: [
    {
      name: 'backend by Service name and port number',
      code: service + ingress(`              service:
                name: api
                port:
                  number: 80
`),
    },
    {
      name: 'backend by port name',
      code: service + ingress(`              service:
                name: api
                port:
                  name: http
`),
    },
    {
      name: 'the older extensions/v1beta1 shape',
      code: `${service}apiVersion: extensions/v1beta1
kind: Ingress
metadata:
  name: api
spec:
  backend:
    serviceName: api
    servicePort: 80
`,
    },
    {
      name: 'resource backends are not Services',
      code: `${service}apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: static
spec:
  defaultBackend:
    resource:
      apiGroup: k8s.example.com
      kind: StorageBucket
      name: static-assets
`,
    },
  ],
  invalid: [
    {
      name: 'a misspelt Service name gets a suggestion',
      code: service + ingress(`              service:
                name: apii
                port:
                  number: 80
`),
      errors: [{ messageId: 'serviceMissing', path: 'spec.rules[0].http.paths[0].backend.service.name', line: 25 }],
      output: null,
    },
    {
      name: 'a port the Service does not have',
      code: service + ingress(`              service:
                name: api
                port:
                  number: 8000
`),
      errors: [{ messageId: 'portMissing', path: 'spec.rules[0].http.paths[0].backend.service.port.number', line: 27 }],
    },
    {
      name: 'a port name the Service does not have',
      code: service + ingress(`              service:
                name: api
                port:
                  name: web
`),
      errors: [{ messageId: 'portMissing', path: 'spec.rules[0].http.paths[0].backend.service.port.name', line: 27 }],
    },
    {
      name: 'an Ingress checked without any Service says so',
      code: ingress(`              service:
                name: api
                port:
                  number: 80
`),
      errors: [{ messageId: 'serviceNotInInput', path: 'spec.rules[0].http.paths[0].backend.service.name', line: 14 }],
      output: null,
    },
  ],
});
