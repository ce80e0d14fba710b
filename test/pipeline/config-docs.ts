import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { definitionTable } from '../../src/pipeline/config-definition.js';
import { PIPELINE_CONFIG } from '../../src/pipeline/pipeline-config.js';

/**
 * The key table of docs/pipeline.md is generated from the config's definition, between these two
 * markers; `npm run generate:config-docs` rewrites it, test/pipeline/config-docs.test.ts checks it.
 */
export const BEGIN = '<!-- config keys: generated from PIPELINE_CONFIG by `npm run generate:config-docs` -->';
export const END = '<!-- end of config keys -->';
export const docsFile = resolve(import.meta.dirname, '..', '..', 'docs', 'pipeline.md');

/** docs/pipeline.md with the generated section as the definition says it. */
export function docsWithTable(text: string): string {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw new Error(`docs/pipeline.md lacks the markers ${BEGIN} ... ${END}`);
  return `${text.slice(0, start + BEGIN.length)}\n${definitionTable(PIPELINE_CONFIG)}${text.slice(end)}`;
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(docsFile, docsWithTable(readFileSync(docsFile, 'utf8')));
}
