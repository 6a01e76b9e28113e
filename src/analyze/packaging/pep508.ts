// PEP 508 dependency specifiers, PEP 440 versions and PEP 503 name normalisation:
// https://packaging.python.org/en/latest/specifications/dependency-specifiers/

export interface Requirement {
  /** PEP 503-normalised distribution name. */
  name: string;
  /** Extras requested of the distribution, normalised like names (PEP 685). */
  extras: string[];
  /** Version specifier with whitespace and wrapping parentheses removed; '' when unpinned. */
  specifier: string;
  /** Environment marker as written (trimmed), or null. */
  marker: string | null;
  /** Direct reference (`name @ url`), or null. */
  url: string | null;
}

export type RequirementResult =
  | { requirement: Requirement; reason: null }
  | { requirement: null; reason: string };

const NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const WHOLE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const URL_SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const OPERATOR = /^(===|~=|==|!=|<=|>=|<|>)\s*(.*)$/s;
// PEP 440's version grammar, case-insensitive; `.*` is allowed only after `==` and `!=`.
const VERSION =
  /^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*(?:[-_.]?(?:a|b|c|rc|alpha|beta|pre|preview)[-_.]?[0-9]*)?(?:-[0-9]+|[-_.]?(?:post|rev|r)[-_.]?[0-9]*)?(?:[-_.]?dev[-_.]?[0-9]*)?(?:\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?$/i;
const WILDCARD_VERSION = /^v?(?:[0-9]+!)?[0-9]+(?:\.[0-9]+)*\.\*$/i;

const MARKER_VARIABLES = new Set([
  'python_version', 'python_full_version', 'os_name', 'sys_platform', 'platform_release', 'platform_system',
  'platform_version', 'platform_machine', 'platform_python_implementation', 'implementation_name',
  'implementation_version', 'extra', 'extras', 'dependency_groups',
  // Legacy spellings that pip and packaging still accept.
  'os.name', 'sys.platform', 'platform.version', 'platform.machine', 'platform.python_implementation', 'python_implementation',
]);

/** PEP 503: lowercase, runs of `-`, `_` and `.` become one `-`. */
export function normalizeName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

export function isValidName(name: string): boolean {
  return WHOLE_NAME.test(name);
}

function fail(reason: string): RequirementResult {
  return { requirement: null, reason };
}

/** Parses one PEP 508 requirement such as `Flask[async]>=2.3,<4; python_version >= "3.9"`. */
export function parseRequirement(input: string): RequirementResult {
  const text = input.trim();
  if (text === '') return fail('the requirement is empty');
  const nameMatch = NAME.exec(text);
  if (nameMatch === null) return fail('it does not start with a distribution name');
  const name = nameMatch[0];
  let rest = text.slice(name.length).trimStart();

  let extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return fail('the extras list opened with "[" is never closed');
    const inner = rest.slice(1, close).trim();
    extras = inner === '' ? [] : inner.split(',').map((e) => e.trim());
    if (!extras.every(isValidName)) return fail(`"[${inner}]" is not a comma-separated list of extra names`);
    extras = extras.map(normalizeName);
    rest = rest.slice(close + 1).trimStart();
  }

  let url: string | null = null;
  let specifier = '';
  let markerText: string | null = null;
  if (rest.startsWith('@')) {
    // A `;` glued to the URL belongs to the URL; a marker must be separated by whitespace.
    const body = rest.slice(1).trimStart();
    const split = /\s;/.exec(body);
    url = (split === null ? body : body.slice(0, split.index)).trim();
    markerText = split === null ? null : body.slice(split.index + 2);
    if (url === '') return fail('"@" is not followed by a URL');
    if (/\s/.test(url)) return fail(`"${url}" is not a single URL (a marker after a URL needs " ; ")`);
    if (!URL_SCHEME.test(url)) return fail(`"${url}" is not a URL (it needs a scheme such as https:// or file://)`);
  } else {
    const semi = rest.indexOf(';');
    const specText = semi < 0 ? rest : rest.slice(0, semi);
    markerText = semi < 0 ? null : rest.slice(semi + 1);
    const parsed = parseSpecifier(specText);
    if (parsed.reason !== null) return fail(parsed.reason);
    specifier = parsed.specifier;
  }

  let marker: string | null = null;
  if (markerText !== null) {
    marker = markerText.trim();
    if (marker === '') return fail('";" is not followed by an environment marker');
    const reason = checkMarker(marker);
    if (reason !== null) return fail(reason);
  }
  return { requirement: { name: normalizeName(name), extras, specifier, marker, url }, reason: null };
}

/** Validates a version specifier list (`>=2,<3`, `(==1.*)`); returns it without whitespace. */
export function parseSpecifier(input: string): { specifier: string; reason: string | null } {
  let text = input.trim();
  if (text.startsWith('(')) {
    if (!text.endsWith(')')) return { specifier: '', reason: `"${text}" opens "(" without closing it` };
    text = text.slice(1, -1).trim();
  }
  if (text === '') return { specifier: '', reason: null };
  const clauses = text.split(',').map((c) => c.trim());
  for (const clause of clauses) {
    const m = OPERATOR.exec(clause);
    if (m === null) {
      return { specifier: '', reason: `"${clause}" is not a version clause (expected an operator such as ==, >=, ~= before the version)` };
    }
    const operator = m[1]!;
    const version = m[2]!.trim();
    if (version === '') return { specifier: '', reason: `"${operator}" is not followed by a version` };
    const valid =
      operator === '==='
        ? /^\S+$/.test(version)
        : VERSION.test(version) || ((operator === '==' || operator === '!=') && WILDCARD_VERSION.test(version));
    if (!valid) return { specifier: '', reason: `"${version}" after "${operator}" is not a valid version` };
  }
  return { specifier: clauses.join(',').replace(/\s+/g, ''), reason: null };
}

type MarkerToken = { type: 'string' | 'variable' | 'op' | 'and' | 'or' | '(' | ')'; text: string };

function tokenizeMarker(text: string): MarkerToken[] | string {
  const tokens: MarkerToken[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) {
      i += 1;
    } else if (ch === '(' || ch === ')') {
      tokens.push({ type: ch, text: ch });
      i += 1;
    } else if (ch === '"' || ch === "'") {
      const end = text.indexOf(ch, i + 1);
      if (end < 0) return `the marker string starting at ${text.slice(i)} is never closed`;
      tokens.push({ type: 'string', text: text.slice(i, end + 1) });
      i = end + 1;
    } else {
      const op = /^(===|~=|==|!=|<=|>=|<|>|not\s+in\b|in\b)/.exec(text.slice(i));
      if (op !== null) {
        tokens.push({ type: 'op', text: op[0] });
        i += op[0].length;
        continue;
      }
      const word = /^[A-Za-z_][A-Za-z0-9_.]*/.exec(text.slice(i));
      if (word === null) return `unexpected "${text.slice(i)}" in the marker`;
      const w = word[0];
      if (w === 'and' || w === 'or') tokens.push({ type: w, text: w });
      else if (MARKER_VARIABLES.has(w)) tokens.push({ type: 'variable', text: w });
      else return `"${w}" is not a marker variable (such as python_version or sys_platform)`;
      i += w.length;
    }
  }
  return tokens;
}

/** Checks a marker against PEP 508's grammar; returns the reason it is invalid, or null. */
export function checkMarker(marker: string): string | null {
  const tokens = tokenizeMarker(marker);
  if (typeof tokens === 'string') return tokens;
  let pos = 0;
  const isValue = (t: MarkerToken | undefined): boolean => t?.type === 'string' || t?.type === 'variable';
  const expression = (): string | null => {
    const first = tokens[pos];
    if (first?.type === '(') {
      pos += 1;
      const inner = disjunction();
      if (inner !== null) return inner;
      if (tokens[pos]?.type !== ')') return 'a "(" in the marker is never closed';
      pos += 1;
      return null;
    }
    if (!isValue(first) || tokens[pos + 1]?.type !== 'op' || !isValue(tokens[pos + 2])) {
      return `the marker needs comparisons like python_version >= "3.9" (near "${first?.text ?? 'the end'}")`;
    }
    pos += 3;
    return null;
  };
  const conjunction = (): string | null => {
    let reason = expression();
    while (reason === null && tokens[pos]?.type === 'and') {
      pos += 1;
      reason = expression();
    }
    return reason;
  };
  const disjunction = (): string | null => {
    let reason = conjunction();
    while (reason === null && tokens[pos]?.type === 'or') {
      pos += 1;
      reason = conjunction();
    }
    return reason;
  };
  const reason = disjunction();
  if (reason !== null) return reason;
  if (pos < tokens.length) return `unexpected "${tokens[pos]!.text}" in the marker`;
  return null;
}
