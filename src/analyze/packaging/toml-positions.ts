// TOML 1.0 syntax (tables, arrays of tables, dotted keys, inline tables, arrays): https://toml.io/en/v1.0.0

/** A key path into parsed TOML: table and key names, and array indexes. */
export type TomlPath = readonly (string | number)[];

export interface TomlPositions {
  /** 1-based line where the key (or the array element) at `path` is written; 0 when not found. */
  lineOf(path: TomlPath): number;
}

/**
 * Indexes where every key and array element of a TOML document is written, so a
 * dependency fact can point at `pyproject.toml:14` rather than the file as a whole.
 * smol-toml keeps no positions; this scanner only tracks structure and assumes the text
 * already parsed (it never reports errors, and skips what it does not understand).
 */
export function indexTomlPositions(text: string): TomlPositions {
  const lines = new Map<string, number>();
  const arrayTableCounts = new Map<string, number>();
  let pos = 0;
  let line = 1;

  const peek = (offset = 0): string => text[pos + offset] ?? '';
  const advance = (count = 1): void => {
    for (let i = 0; i < count && pos < text.length; i += 1) {
      if (text[pos] === '\n') line += 1;
      pos += 1;
    }
  };
  // Recording every prefix gives implicitly defined tables (`tool.pdm` of `[tool.pdm.dev-dependencies]`) the first line that defines them.
  const record = (path: TomlPath, at: number): void => {
    for (let end = 1; end <= path.length; end += 1) {
      const key = JSON.stringify(path.slice(0, end));
      if (!lines.has(key)) lines.set(key, at);
    }
  };
  const skipSpaces = (): void => {
    while (peek() === ' ' || peek() === '\t') advance();
  };
  const skipComment = (): void => {
    if (peek() === '#') while (pos < text.length && peek() !== '\n') advance();
  };
  const skipBlank = (): void => {
    for (;;) {
      const ch = peek();
      if (ch === ' ' || ch === '\t' || ch === '\r' || ch === '\n') advance();
      else if (ch === '#') skipComment();
      else return;
    }
  };

  const readString = (): string => {
    const quote = peek();
    const triple = peek(1) === quote && peek(2) === quote;
    advance(triple ? 3 : 1);
    let value = '';
    while (pos < text.length) {
      if (triple && peek() === quote && peek(1) === quote && peek(2) === quote) {
        advance(3);
        // A closing delimiter may be followed by one or two quotes that belong to the string.
        while (peek() === quote) advance();
        return value;
      }
      if (!triple && (peek() === quote || peek() === '\n')) {
        advance();
        return value;
      }
      if (quote === '"' && peek() === '\\') {
        value += peek(1);
        advance(2);
        continue;
      }
      value += peek();
      advance();
    }
    return value;
  };

  const readKey = (): string[] => {
    const parts: string[] = [];
    for (;;) {
      skipSpaces();
      if (peek() === '"' || peek() === "'") {
        parts.push(readString());
      } else {
        const start = pos;
        while (/[A-Za-z0-9_-]/.test(peek())) advance();
        if (pos === start) return parts;
        parts.push(text.slice(start, pos));
      }
      skipSpaces();
      if (peek() !== '.') return parts;
      advance();
    }
  };

  const readValue = (path: TomlPath): void => {
    record(path, line);
    const ch = peek();
    if (ch === '"' || ch === "'") {
      readString();
    } else if (ch === '[') {
      advance();
      let index = 0;
      for (;;) {
        skipBlank();
        if (peek() === ']' || pos >= text.length) break;
        const before = pos;
        readValue([...path, index]);
        index += 1;
        skipBlank();
        if (peek() === ',') advance();
        else if (pos === before) advance();
      }
      advance();
    } else if (ch === '{') {
      advance();
      for (;;) {
        skipBlank();
        if (peek() === '}' || pos >= text.length) break;
        const before = pos;
        const keyLine = line;
        const key = readKey();
        skipSpaces();
        if (peek() === '=') {
          advance();
          skipSpaces();
          record([...path, ...key], keyLine);
          readValue([...path, ...key]);
        }
        skipBlank();
        if (peek() === ',') advance();
        else if (pos === before) advance();
      }
      advance();
    } else {
      while (pos < text.length && !/[,\]}\n#]/.test(peek())) advance();
    }
  };

  /** Resolves a header's key parts, inserting the current index of every enclosing array of tables. */
  const resolveHeader = (parts: string[], isArray: boolean): (string | number)[] => {
    const resolved: (string | number)[] = [];
    parts.forEach((part, i) => {
      resolved.push(part);
      const key = JSON.stringify(resolved);
      const last = i === parts.length - 1;
      if (last && isArray) {
        const next = (arrayTableCounts.get(key) ?? 0) + 1;
        arrayTableCounts.set(key, next);
        resolved.push(next - 1);
      } else if (arrayTableCounts.has(key)) {
        resolved.push(arrayTableCounts.get(key)! - 1);
      }
    });
    return resolved;
  };

  let table: (string | number)[] = [];
  while (pos < text.length) {
    skipBlank();
    if (pos >= text.length) break;
    const before = pos;
    const at = line;
    if (peek() === '[') {
      const isArray = peek(1) === '[';
      advance(isArray ? 2 : 1);
      table = resolveHeader(readKey(), isArray);
      record(table, at);
    } else {
      const key = readKey();
      skipSpaces();
      if (key.length > 0 && peek() === '=') {
        advance();
        skipSpaces();
        const path = [...table, ...key];
        record(path, at);
        readValue(path);
      }
    }
    // Whatever is left on the line (closing brackets, comments) carries no keys.
    while (pos < text.length && peek() !== '\n') {
      if (peek() === '#') skipComment();
      else advance();
    }
    if (pos === before) advance();
  }

  return { lineOf: (path) => lines.get(JSON.stringify(path)) ?? 0 };
}
