import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type CheckSet, type Locate, readCheckDefinitions } from './check-definition.js';
import type { CheckSource } from './check-error.js';
import { CheckError } from './check-error.js';
import { readTfdvCustomValidation } from './tfdv-custom-validation.js';

/**
 * Reads a checks file (YAML, or JSON, which YAML reads too) keeping every value's position, so
 * that a bad check is reported at its line and column, and an error inside an expression at the
 * character where it is. Nothing is read from data.
 */
export async function loadChecks(path: string, displayName = path): Promise<CheckSet> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new CheckError(
      'CHECK_FILE',
      code === 'ENOENT' ? `no checks file at ${path}` : `cannot read ${path} (${code})`,
      {
        location: { file: displayName },
        hint: 'pass a YAML or JSON file of checks; see docs/checks.md',
      },
    );
  }
  // TFDV's CustomValidationConfig in text format.
  if (/\.(pbtxt|textproto|txtpb)$/i.test(path)) return readTfdvCustomValidation(text, displayName);
  return parseChecks(text, displayName);
}

/** {@link loadChecks} of text already read. */
export function parseChecks(text: string, file?: string): CheckSet {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, keepSourceTokens: true });
  const first = doc.errors[0];
  if (first) {
    const pos = first.linePos?.[0];
    throw new CheckError('CHECK_FILE', `checks file is not valid YAML/JSON: ${first.message.split('\n')[0]}`, {
      location: { ...(file !== undefined ? { file } : {}), ...(pos ? { line: pos.line, column: pos.col } : {}) },
      hint: 'fix the syntax; see docs/checks.md for an example',
    });
  }
  const locate: Locate = (path) => {
    const node = nodeAt(doc.contents as Node | null, path);
    if (!node?.range) return undefined;
    return locatorFor(text, node, lineCounter);
  };
  return readCheckDefinitions(doc.toJS(), { ...(file !== undefined ? { file } : {}), locate });
}

function nodeAt(root: Node | null, path: readonly (string | number)[]): Node | undefined {
  let node: unknown = root;
  for (const step of path) {
    if (isMap(node)) node = node.items.find((p) => isScalar(p.key) && p.key.value === step)?.value;
    else if (isSeq(node) && typeof step === 'number') node = node.items[step];
    else return undefined;
  }
  return (node as Node | undefined) ?? undefined;
}

/**
 * Maps an offset into a scalar's value to a line and column of the file: exact when the value
 * stands in the file as written (plain, or quoted without escapes); otherwise the value's start.
 */
function locatorFor(text: string, node: Node, lineCounter: LineCounter): CheckSource['locate'] {
  const start = node.range![0];
  const value = isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
  let base: number | undefined;
  if (value !== undefined) {
    if (text.startsWith(value, start)) base = start;
    else if ((text[start] === '"' || text[start] === "'") && text.startsWith(value, start + 1)) base = start + 1;
  }
  return (offset) => {
    const pos = lineCounter.linePos(base !== undefined ? base + offset : start);
    return { line: pos.line, column: pos.col };
  };
}
