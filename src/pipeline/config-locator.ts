import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, type Pair, parseDocument } from 'yaml';

/** A line and column of the config file (1-based). */
export interface ConfigPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Where a config key is written, from the key as errors name it (`splits[0].name`, `statistics.epsilon`).
 * With `offset`, where that character of the key's string value is (an error inside a check's
 * expression), when the value stands in the file as written; otherwise the key's position.
 */
export type LocateConfigKey = (key: string, offset?: number) => ConfigPosition | undefined;

/**
 * Finds config keys in the config file's text (JSON or YAML: YAML reads both), so that an error
 * can point at the line. A key that is not written (a missing one) is placed at the nearest
 * enclosing object; text that YAML cannot read locates nothing. Keys are matched against the
 * document rather than split on `.`, since a feature name may itself hold a dot. The text is
 * parsed at the first lookup, so a valid config costs nothing.
 */
export function configLocator(text: string): LocateConfigKey {
  let parsed: { doc: Document.Parsed; lineCounter: LineCounter } | undefined;
  return (key, within) => {
    if (!parsed) {
      const lineCounter = new LineCounter();
      parsed = { doc: parseDocument(text, { lineCounter, uniqueKeys: false }), lineCounter };
    }
    const { doc, lineCounter } = parsed;
    if (doc.errors.length > 0) return undefined;
    let node = doc.contents as Node | null;
    let offset = node?.range?.[0];
    let rest = key;
    while (rest !== '' && node) {
      const step = nextStep(node, rest);
      if (!step) break;
      node = step.node;
      offset = step.offset ?? node?.range?.[0] ?? offset;
      rest = step.rest.replace(/^\./, '');
    }
    if (offset === undefined) return undefined;
    const start = rest === '' && within !== undefined ? valueStart(text, node) : undefined;
    const { line, col } = lineCounter.linePos(start !== undefined ? start + (within ?? 0) : offset);
    return { line, column: col };
  };
}

/** The node `rest` starts with inside `node`, where it is written and what remains of the key. */
function nextStep(
  node: Node,
  rest: string,
): { node: Node | null; offset: number | undefined; rest: string } | undefined {
  if (isSeq(node)) {
    const index = /^\[(\d+)\]/.exec(rest);
    if (!index) return undefined;
    const item = node.items[Number(index[1])] as Node | undefined;
    return item ? { node: item, offset: item.range?.[0], rest: rest.slice(index[0].length) } : undefined;
  }
  if (!isMap(node)) return undefined;
  // The longest key that the rest starts with, followed by the end, `.` or `[`.
  let best: Pair | undefined;
  let bestLength = -1;
  for (const pair of node.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
    // Of equal keys the last, the one JSON.parse keeps.
    if (name === undefined || name.length < bestLength || !rest.startsWith(name)) continue;
    const after = rest[name.length];
    if (after === undefined || after === '.' || after === '[') {
      best = pair;
      bestLength = name.length;
    }
  }
  if (!best) return undefined;
  const keyNode = best.key as Node;
  return { node: (best.value as Node | null) ?? null, offset: keyNode.range?.[0], rest: rest.slice(bestLength) };
}

/**
 * Where a string value's first character is in the text: the node's start when written plain,
 * one after it when quoted without escapes; undefined when the text differs from the value
 * (escapes, folded lines), so that offsets into the value cannot be mapped.
 */
function valueStart(text: string, node: Node | null): number | undefined {
  const start = node?.range?.[0];
  if (start === undefined || !isScalar(node) || typeof node.value !== 'string') return undefined;
  if (text.startsWith(node.value, start)) return start;
  const quoted = (text[start] === '"' || text[start] === "'") && text.startsWith(node.value, start + 1);
  return quoted ? start + 1 : undefined;
}
