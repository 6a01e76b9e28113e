/**
 * Finds the line a TOML key is written on, so config errors and evidence can point at
 * `pyproject.toml:12`. smol-toml does not keep positions, and a full CST would be heavy for
 * this one job; a line scan over table headers and `key =` lines covers how people write config.
 */

const HEADER = /^\s*\[\[?\s*([^\]]+?)\s*\]\]?\s*(#.*)?$/;
const KEY = /^\s*("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+(\s*\.\s*[A-Za-z0-9_-]+)*)\s*=/;

function normaliseKey(raw: string): string {
  return raw
    .split('.')
    .map((part) => part.trim().replace(/^["']|["']$/g, ''))
    .join('.');
}

/** 1-based line of `table` + `path` (e.g. table `tool.py2kube`, path `['env','prod','replicas']`), or 0. */
export function tomlKeyLine(text: string, table: string, path: readonly (string | number)[]): number {
  const keys = path.filter((p): p is string => typeof p === 'string');
  const lines = text.split(/\r?\n/);
  let best = 0;
  // Try the longest table header first: `[tool.py2kube.env.prod]` + `replicas`, then `[tool.py2kube.env]` + `prod.replicas`, …
  for (let split = keys.length; split >= 0; split -= 1) {
    const header = [table, ...keys.slice(0, split)].filter((s) => s !== '').join('.');
    const rest = keys.slice(split).join('.');
    let current = '';
    for (let i = 0; i < lines.length; i += 1) {
      const line = lines[i]!;
      const h = HEADER.exec(line);
      if (h !== null) {
        current = normaliseKey(h[1]!);
        if (rest === '' && current === header) return i + 1;
        continue;
      }
      if (current !== header) continue;
      const k = KEY.exec(line);
      if (k !== null) {
        const key = normaliseKey(k[1]!);
        if (key === rest || (rest !== '' && rest.startsWith(`${key}.`))) return i + 1;
      }
    }
    if (best !== 0) break;
  }
  return best;
}

/** 1-based line of a table header such as `[tool.py2kube]`, or 0. */
export function tomlTableLine(text: string, table: string): number {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i += 1) {
    const h = HEADER.exec(lines[i]!);
    if (h !== null && normaliseKey(h[1]!) === table) return i + 1;
  }
  return 0;
}
