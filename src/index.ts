/** The public library API of py2kube. Everything else is internal. */
export { detect, type DetectOptions, type DetectResult } from './analyze/index.ts';
export { toDetectJson, type DetectJson } from './analyze/detect-json.ts';
export { initProject, type InitOptions, type InitResult } from './config/init-project.ts';
export { configSchema, type Config } from './config/schema.ts';
export { UserError, isUserError, type UserErrorCode } from './errors.ts';
export type { AppModel, Diagnostic, Evidence } from './model/app.ts';
export type { Fact, Source } from './model/facts.ts';
