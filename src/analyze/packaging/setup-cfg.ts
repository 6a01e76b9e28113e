// setup.cfg is read with configparser: https://setuptools.pypa.io/en/latest/userguide/declarative_config.html

export interface CfgValueLine {
  text: string;
  line: number;
}

export interface CfgOption {
  /** Line of the `key =` part. */
  line: number;
  /** The value split into its non-empty lines (the first may share the key's line), comments removed. */
  lines: CfgValueLine[];
}

/** Sections by name, each with options by lowercased key. */
export type CfgDocument = Map<string, Map<string, CfgOption>>;

/**
 * Parses INI text the way configparser does for setup.cfg: `[section]` headers, `key = value`
 * or `key: value`, indented continuation lines, and `#`/`;` comment lines. Inline comments
 * are not comments to configparser's defaults, so they stay part of the value.
 */
export function parseSetupCfg(text: string): CfgDocument {
  const doc: CfgDocument = new Map();
  let section: Map<string, CfgOption> | null = null;
  let current: CfgOption | null = null;
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = index + 1;
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') return;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header !== null) {
      section = new Map();
      doc.set(header[1]!.trim(), section);
      current = null;
      return;
    }
    if (/^\s/.test(raw) && current !== null) {
      current.lines.push({ text: raw.trim(), line });
      return;
    }
    const option = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (option === null || section === null) {
      current = null;
      return;
    }
    const value = option[2]!.trim();
    current = { line, lines: value === '' ? [] : [{ text: value, line }] };
    (section as Map<string, CfgOption>).set(option[1]!.trim().toLowerCase().replace(/-/g, '_'), current);
  });
  return doc;
}

/**
 * The entries of a setuptools requirements option: one per line for a multi-line value, but
 * a one-line value is split on `;` (setuptools' "list-semi"), so a marker there is a mistake.
 */
export function cfgListEntries(option: CfgOption): CfgValueLine[] {
  const only = option.lines[0];
  if (option.lines.length === 1 && only !== undefined && only.line === option.line) {
    return only.text.split(';').map((t) => ({ text: t.trim(), line: only.line })).filter((e) => e.text !== '');
  }
  return option.lines;
}
