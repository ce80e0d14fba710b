/**
 * Aligns rows of cells into columns for the terminal: every column but the last is padded to its
 * widest cell, columns are separated by two spaces, trailing spaces are trimmed. The last column is
 * left unpadded so long descriptions do not push the table wider.
 * @example
 * formatTextTable([['a', 'bb', 'x'], ['ccc', 'd', 'y']]) // ['a    bb  x', 'ccc  d   y']
 */
export function formatTextTable(rows: readonly (readonly string[])[], options: TextTableOptions = {}): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.flatMap((row) => {
    const line = row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
    if (options.width === undefined || line.length <= options.width || row.length === 0) return [line];
    // Wrap the last column under itself; the other columns stay on the first line.
    const indent = row.slice(0, -1).reduce((n, _, i) => n + (widths[i] ?? 0) + 2, 0);
    const last = row[row.length - 1] ?? '';
    if (indent > options.width / 2) {
      // Too little room beside the other columns: the last column goes under the row, indented.
      const head = wrapLine(row.slice(0, -1).join('  ').trimEnd(), options.width);
      return [...head, ...wrapWords(last, Math.max(20, options.width - 4)).map((part) => `    ${part}`)];
    }
    const [first, ...rest] = wrapWords(last, options.width - indent);
    return [`${line.slice(0, indent)}${first ?? ''}`.trimEnd(), ...rest.map((part) => `${' '.repeat(indent)}${part}`)];
  });
}

/** Options of {@link formatTextTable}. */
export interface TextTableOptions {
  /**
   * The terminal's width: lines longer than it wrap their last column onto further lines, aligned
   * under it; nothing is cut. Without it lines are as long as their text (files, pipes, `--wide`).
   */
  readonly width?: number;
}

/** Splits text into lines of at most `width` characters at spaces; a longer word gets a line of its own. */
export function wrapWords(text: string, width: number): string[] {
  const lines: string[] = [];
  let current = '';
  for (const word of text.split(/\s+/).filter((w) => w.length > 0)) {
    if (current.length === 0) current = word;
    else if (current.length + 1 + word.length <= width) current += ` ${word}`;
    else {
      lines.push(current);
      current = word;
    }
  }
  if (current.length > 0 || lines.length === 0) lines.push(current);
  return lines;
}

/**
 * A line of prose wrapped at `width` (undefined: as it is), continuation lines indented two spaces
 * past the line's own indentation.
 */
export function wrapLine(line: string, width: number | undefined): string[] {
  if (width === undefined || line.length <= width) return [line];
  const indent = /^\s*/.exec(line)?.[0] ?? '';
  const [first, ...rest] = wrapWords(line.trim(), Math.max(20, width - indent.length - 2));
  return [`${indent}${first ?? ''}`, ...rest.map((part) => `${indent}  ${part}`)];
}
