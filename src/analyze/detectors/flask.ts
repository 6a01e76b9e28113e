// Flask app objects and application factories: https://flask.palletsprojects.com/en/stable/patterns/appfactories/
import { defineDetector } from '../detector.ts';
import { findAppCandidates, toAppFacts, type AppSpec } from '../python-app.ts';

const SPEC: AppSpec = {
  framework: 'flask',
  interface: 'wsgi',
  className: 'Flask',
  classes: ['flask.Flask', 'flask.app.Flask'],
};

export const flask = defineDetector({
  id: 'flask',
  kind: 'framework',
  enablers: ['flask'],
  detect: (project) => toAppFacts(SPEC, findAppCandidates(project, SPEC)),
});
