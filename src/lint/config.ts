import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { checkConfigSchema, type CheckConfig } from '../config/schema.ts';
import { UserError } from '../errors.ts';

/**
 * Finds the `check` configuration: `--config FILE` when given; otherwise the first of
 * `.py2kube.yaml` (`check:`), `pyproject.toml` (`[tool.py2kube.check]`) and `py2kube.toml`
 * (`[check]`) in each folder of `dirs`, in order.
 */
export interface LoadedCheckConfig {
  config: CheckConfig;
  /** The file it came from, or null when there is none. */
  file: string | null;
}

const CANDIDATES = ['.py2kube.yaml', '.py2kube.yml', 'pyproject.toml', 'py2kube.toml'];

export function loadCheckConfig(options: { configFile?: string; dirs: readonly string[] }): LoadedCheckConfig {
  if (options.configFile !== undefined) {
    if (!fs.existsSync(options.configFile)) throw new UserError(`--config "${options.configFile}" does not exist.`, { code: 'E_FILE_UNREADABLE' });
    const loaded = readCheckTable(options.configFile);
    return { config: loaded ?? {}, file: options.configFile };
  }
  for (const dir of options.dirs) {
    for (const name of CANDIDATES) {
      const file = path.join(dir, name);
      if (!fs.existsSync(file)) continue;
      const loaded = readCheckTable(file);
      if (loaded !== null) return { config: loaded, file };
    }
  }
  return { config: {}, file: null };
}

/** The validated check table of a file, or null when the file has none. */
function readCheckTable(file: string): CheckConfig | null {
  const text = fs.readFileSync(file, 'utf8');
  const base = path.basename(file);
  let raw: unknown;
  let where: string;
  try {
    if (/\.ya?ml$/.test(base)) {
      raw = (parseYaml(text) as Record<string, unknown> | null)?.['check'];
      where = 'check';
    } else if (base === 'pyproject.toml') {
      raw = ((parseToml(text)['tool'] as Record<string, unknown> | undefined)?.['py2kube'] as Record<string, unknown> | undefined)?.['check'];
      where = 'tool.py2kube.check';
    } else {
      raw = parseToml(text)['check'];
      where = 'check';
    }
  } catch (cause) {
    throw new UserError(`"${file}" cannot be parsed: ${(cause as Error).message.split('\n')[0]}`, { code: 'E_CONFIG_INVALID', cause });
  }
  if (raw === undefined) return null;
  const result = checkConfigSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  [${where}] "${[...issue.path].map(String).join('.') || where}" ${issue.message}`);
    throw new UserError(`Invalid check configuration in "${file}":\n${lines.join('\n')}`, {
      code: 'E_CONFIG_INVALID',
      hint: 'Every key is listed in docs/config.md under `check`.',
    });
  }
  return result.data;
}
