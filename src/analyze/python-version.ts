import { DEFAULTS_PYTHON } from '../config/defaults.ts';

/**
 * Turns what a project writes about its Python version into the `major.minor` an image uses.
 * Exact versions (`3.12`, `3.12.4`, `cpython-3.12`, `python-3.11.4`) give their minor; specifiers
 * (`>=3.10,<3.13`, `^3.11`, `~=3.11`, `3.11.*`) give the newest known minor that satisfies them,
 * capped at the default for open-ended ranges.
 */
export function pickPythonVersion(written: string): string | null {
  const text = written.trim().replace(/^(cpython-|python-?)/i, '');
  const exact = /^(3)\.(\d{1,2})(\.\d+)?([a-z]+\d*)?$/i.exec(text);
  if (exact !== null) return `${exact[1]}.${exact[2]}`;
  const clauses = text.split(/[,|]/).map((c) => c.trim()).filter((c) => c !== '');
  if (clauses.length === 0) return null;
  const candidates = [...DEFAULTS_PYTHON.known].reverse();
  const satisfying = candidates.filter((minor) => clauses.every((clause) => satisfies(minor, clause)));
  if (satisfying.length === 0) return null;
  // When even the newest known minor satisfies the range, the range is effectively open-ended.
  const openEnded = satisfying[0] === candidates[0];
  if (openEnded && satisfying.includes(DEFAULTS_PYTHON.openEnded)) return DEFAULTS_PYTHON.openEnded;
  return satisfying[0]!;
}

function parse(version: string): number[] {
  return version.split('.').map((p) => Number.parseInt(p, 10)).filter((n) => !Number.isNaN(n));
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i += 1) {
    const d = (a[i] ?? 0) - (b[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Whether some patch release of the `minor` line satisfies the clause. */
function satisfies(minor: string, clause: string): boolean {
  const m = /^(===|==|!=|~=|>=|<=|>|<|\^|~)?\s*([0-9][0-9.*]*)$/.exec(clause);
  if (m === null) return true;
  const op = m[1] ?? '==';
  const raw = m[2]!;
  const v = parse(raw.replace(/\.\*$/, ''));
  const lo = [...parse(minor), 0];
  const hi = [...parse(minor), 999];
  switch (op) {
    case '>=': return compare(hi, v) >= 0;
    case '>': return compare(hi, v) > 0;
    case '<=': return compare(lo, v) <= 0;
    case '<': return compare(lo, v) < 0;
    case '!=': return raw.endsWith('.*') ? compare(parse(minor), v) !== 0 : true;
    case '==':
    case '===':
      if (raw.endsWith('.*') || v.length <= 2) return compare(parse(minor), v.slice(0, 2)) === 0 || (v.length === 1 && parse(minor)[0] === v[0]);
      return compare(parse(minor), v.slice(0, 2)) === 0;
    case '~=': {
      // ~=3.11 means >=3.11,<4; ~=3.11.2 means >=3.11.2,<3.12
      if (v.length <= 2) return compare(hi, v) >= 0 && parse(minor)[0] === v[0];
      return compare(parse(minor), v.slice(0, 2)) === 0;
    }
    case '^':
      // Poetry caret: ^3.11 means >=3.11,<4.0
      return compare(hi, v) >= 0 && parse(minor)[0] === v[0];
    case '~':
      // Poetry tilde: ~3.11 means >=3.11,<3.12
      return v.length >= 2 ? compare(parse(minor), v.slice(0, 2)) === 0 : parse(minor)[0] === v[0];
    default:
      return true;
  }
}
