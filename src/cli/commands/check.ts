import * as fs from 'node:fs';
import { defineCommand } from 'citty';
import { UserError } from '../../errors.ts';
import { applyFixes, check, rules, type CheckOptions, type FixResult, type Severity } from '../../lint/index.ts';
import { MAX_INPUT_BYTES } from '../../lint/load/sources.ts';
import { packageVersion } from '../../package-root.ts';
import type { CliContext, CommandOutcome } from '../command.ts';
import { toCheckJson } from '../reporters/check-json.ts';
import { renderCheckText } from '../reporters/check-text.ts';
import { toSarif } from '../reporters/sarif.ts';

const FORMATS = ['text', 'json', 'sarif'] as const;
const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export default defineCommand({
  meta: { name: 'check', description: 'Lint Kubernetes manifests and Dockerfiles for production readiness, with Python-aware rules.' },
  args: {
    paths: { type: 'positional', description: 'Manifest files or folders, Kustomize folders, Dockerfiles, or "-" for standard input (default: .)', required: false },
    format: { type: 'string', alias: 'f', description: 'Output format: text, json (docs/check-json.md) or sarif', default: 'text', valueHint: 'FORMAT' },
    fix: { type: 'boolean', description: 'Apply the fixes of fixable findings to the files, keeping comments and formatting', default: false },
    severity: { type: 'string', description: 'Exit 1 when a finding is at or above this severity: error, warning or info (default: error)', valueHint: 'SEVERITY' },
    strict: { type: 'boolean', description: 'Refuse suppressions of rules marked non-suppressible', default: false },
    project: { type: 'string', description: 'The Python project the manifests deploy, for cross-checks', valueHint: 'DIR' },
    dockerfile: { type: 'string', description: 'Also check this Dockerfile, whatever its name', valueHint: 'PATH' },
    'kube-version': { type: 'string', description: 'Kubernetes minor to check against, e.g. 1.34', valueHint: 'X.Y' },
    config: { type: 'string', description: 'pyproject.toml, py2kube.toml or .py2kube.yaml with check settings', valueHint: 'FILE' },
  },
  async run({ args, data }): Promise<CommandOutcome> {
    const context = data as CliContext;
    const format = args.format as (typeof FORMATS)[number];
    if (!FORMATS.includes(format)) throw new UserError(`--format "${args.format}" is not one of ${FORMATS.join(', ')}.`, { code: 'E_USAGE' });
    const severity = args.severity as Severity | undefined;
    if (severity !== undefined && !SEVERITIES.includes(severity)) throw new UserError(`--severity "${args.severity}" is not one of ${SEVERITIES.join(', ')}.`, { code: 'E_USAGE' });
    const paths = (args._ as string[] | undefined) ?? [];
    const options: CheckOptions = {
      ...(paths.includes('-') ? { stdin: await readStdin() } : {}),
      ...(args.dockerfile === undefined ? {} : { dockerfiles: [args.dockerfile] }),
      ...(args.config === undefined ? {} : { configFile: args.config }),
      ...(args.project === undefined ? {} : { projectDir: args.project }),
      ...(args['kube-version'] === undefined ? {} : { kubeVersion: args['kube-version'] }),
      ...(severity === undefined ? {} : { severity }),
      ...(args.strict ? { strict: true } : {}),
    };
    let result = await check(paths, options);
    let fixed: FixResult | undefined;
    if (args.fix) {
      fixed = applyFixes(result.fixes);
      for (const file of fixed.files) fs.writeFileSync(file.absolutePath, file.after);
      // What is left after the fixes, as the next run will see it.
      if (fixed.files.length > 0) result = await check(paths, options);
    }
    const version = toolVersion();
    const stdout = format === 'json'
      ? `${JSON.stringify(toCheckJson(result, version, fixed), null, 2)}\n`
      : format === 'sarif'
        ? `${JSON.stringify(toSarif(result, rules, version), null, 2)}\n`
        : renderCheckText(result, context.colors, fixed);
    return { exitCode: result.failed ? 1 : 0, stdout };
  },
});

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_INPUT_BYTES) {
      throw new UserError(`standard input is larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB, the most py2kube check reads per input.`, { code: 'E_FILE_UNREADABLE', hint: 'Pipe fewer manifests at a time.' });
    }
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function toolVersion(): string {
  return packageVersion();
}
