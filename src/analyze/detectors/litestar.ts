// Litestar application objects: https://docs.litestar.dev/latest/usage/applications.html
import { defineDetector } from '../detector.ts';
import { findAppCandidates, toAppFacts, type AppSpec } from '../python-app.ts';

const SPEC: AppSpec = {
  framework: 'litestar',
  interface: 'asgi',
  className: 'Litestar',
  classes: ['litestar.Litestar', 'litestar.app.Litestar'],
};

export const litestar = defineDetector({
  id: 'litestar',
  kind: 'framework',
  enablers: ['litestar'],
  detect: (project) => toAppFacts(SPEC, findAppCandidates(project, SPEC)),
});
