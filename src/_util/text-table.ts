/**
 * Aligns rows of cells into columns for the terminal: every column but the last is padded to its
 * widest cell, columns are separated by two spaces, trailing spaces are trimmed. The last column is
 * left unpadded so long descriptions do not push the table wider.
 * @example
 * formatTextTable([['a', 'bb', 'x'], ['ccc', 'd', 'y']]) // ['a    bb  x', 'ccc  d   y']
 */
export function formatTextTable(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, cell.length);
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}
