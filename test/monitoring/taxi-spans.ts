import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The bundled Chicago taxi rows (train and eval share a header), as header and CSV lines. */
export function taxiRows(): { header: string; rows: string[] } {
  const dir = resolve(import.meta.dirname, '..', '..', 'datasets', 'chicago_taxi');
  const [header, ...train] = readFileSync(join(dir, 'train.csv'), 'utf8').trimEnd().split('\n');
  const [, ...evalRows] = readFileSync(join(dir, 'eval.csv'), 'utf8').trimEnd().split('\n');
  return { header: header as string, rows: [...train, ...evalRows] };
}

/**
 * Cuts the taxi rows into monthly spans by `trip_start_timestamp` (UTC): span 1 = January 2013 …
 * span 48 = December 2016. Returns the rows of each span (the header is not included). Rows are
 * plain CSV without quoted commas in the timestamp's column position, which is column 6.
 */
export function monthlySpans(): { header: string; spans: Map<number, string[]> } {
  const { header, rows } = taxiRows();
  const column = header.split(',').indexOf('trip_start_timestamp');
  const spans = new Map<number, string[]>();
  for (const row of rows) {
    const seconds = Number(row.split(',')[column]);
    const date = new Date(seconds * 1000);
    const span = (date.getUTCFullYear() - 2013) * 12 + date.getUTCMonth() + 1;
    spans.set(span, [...(spans.get(span) ?? []), row]);
  }
  return { header, spans };
}

/** Writes `rows` as `<dir>/data/span-<span>/part.csv`. */
export function writeSpan(dir: string, span: number, header: string, rows: readonly string[]): void {
  const spanDir = join(dir, 'data', `span-${span}`);
  mkdirSync(spanDir, { recursive: true });
  writeFileSync(join(spanDir, 'part.csv'), `${header}\n${rows.join('\n')}\n`);
}
