// Starlette application objects: https://www.starlette.io/applications/
import { defineDetector } from '../detector.ts';
import { findAppCandidates, toAppFacts, type AppSpec } from '../python-app.ts';

// FastAPI subclasses Starlette in the library, not in the project's code, so a FastAPI app is never counted here.
const SPEC: AppSpec = {
  framework: 'starlette',
  interface: 'asgi',
  className: 'Starlette',
  classes: ['starlette.applications.Starlette'],
};

export const starlette = defineDetector({
  id: 'starlette',
  kind: 'framework',
  enablers: ['starlette'],
  detect: (project) => toAppFacts(SPEC, findAppCandidates(project, SPEC)),
});
