/** The public library API of py2kube. Everything else is internal. */
export { detect, type DetectOptions, type DetectResult } from './analyze/index.ts';
export { toDetectJson, type DetectJson } from './analyze/detect-json.ts';
export { initProject, type InitOptions, type InitResult } from './config/init-project.ts';
export { initRuntime, type InitRuntimeOptions, type InitRuntimeResult, type RuntimeFile, type FileAction } from './runtime/init-runtime.ts';
export type { CommandRunner, DependencyOutcome } from './runtime/dependency.ts';
export { configSchema, type Config } from './config/schema.ts';
export { UserError, isUserError, type UserErrorCode } from './errors.ts';
export type { AppModel, Diagnostic, Evidence } from './model/app.ts';
export type { Fact, Source } from './model/facts.ts';
export { check, lintText, applyFixes, rules, computePreset, type CheckOptions, type CheckResult, type Finding, type Severity, type FixResult } from './lint/index.ts';
export { createRule } from './lint/create-rule.ts';
export type { Rule, RuleMeta, RuleContext, Visitor, SuppressedFinding } from './lint/types.ts';
