/**
 * A small INI reader for alembic.ini and uwsgi.ini: `[section]` headers, `key = value` or
 * `key: value` lines, `#`/`;` comments, and the 1-based line of each key. Indented lines
 * continue the previous value, as Python's configparser reads them.
 * @see https://docs.python.org/3/library/configparser.html#supported-ini-file-structure
 */
export interface IniEntry {
  section: string;
  key: string;
  value: string;
  line: number;
}

export function readIni(text: string): IniEntry[] {
  const entries: IniEntry[] = [];
  let section = '';
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) return;
    const header = /^\[([^\]]+)\]$/.exec(trimmed);
    if (header !== null) {
      section = header[1]!.trim();
      return;
    }
    const last = entries.at(-1);
    if (/^\s/.test(raw) && last !== undefined && last.section === section) {
      last.value = `${last.value}\n${trimmed}`;
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (pair !== null) entries.push({ section, key: pair[1]!, value: pair[2]!, line: index + 1 });
  });
  return entries;
}

/** The last value of `key` in `section`, as configparser would keep it. */
export function iniValue(entries: IniEntry[], section: string, key: string): IniEntry | undefined {
  return entries.filter((e) => e.section === section && e.key === key).at(-1);
}
