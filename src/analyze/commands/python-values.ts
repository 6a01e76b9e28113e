import { calleeOf, keywordArgument, positionalArguments, stringValue, type PyNode } from '../python.ts';

/**
 * Values in Python configuration that can be known without running it: literals, and the
 * written default of an environment lookup (`os.getenv("PORT", "8000")`), also inside
 * f-strings and `int(…)`, which is how server settings usually read the platform's PORT.
 */

const ENV_LOOKUPS = new Set(['os.getenv', 'os.environ.get', 'environ.get']);

/** The text a value has when no environment variable overrides it, or null when it depends on runtime state. */
export function staticText(node: PyNode | null, imports: Map<string, string>): string | null {
  if (node === null) return null;
  if (node.type === 'integer') return node.text.replace(/_/g, '');
  if (node.type === 'parenthesized_expression') return staticText(node.namedChild(0), imports);
  const literal = stringValue(node);
  if (literal !== null) return literal;
  if (node.type === 'string') return fString(node, imports);
  const callee = calleeOf(node, imports);
  if (callee === null) return null;
  if (ENV_LOOKUPS.has(callee)) {
    const fallback = positionalArguments(node)[1] ?? keywordArgument(node, 'default');
    return fallback === undefined ? null : staticText(fallback, imports);
  }
  if (callee === 'int' || callee === 'str') return staticText(positionalArguments(node)[0] ?? null, imports);
  return null;
}

/** An f-string whose interpolations are all static, e.g. `f"0.0.0.0:{os.getenv('PORT', '8000')}"`. */
function fString(node: PyNode, imports: Map<string, string>): string | null {
  let value = '';
  for (const child of node.namedChildren) {
    if (child === null) continue;
    if (child.type === 'string_content') value += child.text;
    else if (child.type === 'interpolation') {
      const inner = staticText(child.childForFieldName('expression') ?? child.namedChild(0), imports);
      if (inner === null) return null;
      value += inner;
    } else if (child.type !== 'string_start' && child.type !== 'string_end') {
      return null;
    }
  }
  return value;
}

/** A static integer, or null. */
export function staticInteger(node: PyNode | null, imports: Map<string, string>): number | null {
  const text = staticText(node, imports);
  return text !== null && /^\d+$/.test(text) ? Number(text) : null;
}
