import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { DETECTOR_NAMES, DETECTORS, type DetectorSpec } from '../../src/monitoring/detector-registry.js';
import { definitionTable } from '../../src/pipeline/config-definition.js';
import { PIPELINE_CONFIG } from '../../src/pipeline/pipeline-config.js';

/**
 * Docs sections generated from what the code declares, each between two markers:
 * `npm run generate:config-docs` rewrites them, test/pipeline/config-docs.test.ts checks them.
 *  - the key table of docs/pipeline.md, from the config's definition;
 *  - the detector table of docs/monitoring.md, from the detector registry.
 */
export interface GeneratedSection {
  readonly file: string;
  readonly begin: string;
  readonly end: string;
  readonly content: () => string;
}

const docs = (name: string) => resolve(import.meta.dirname, '..', '..', 'docs', name);

const cell = (text: string) => text.replaceAll('|', '\\|');

/**
 * The detectors, their parameters with their defaults (which are needed), when each flags a span
 * and the code of what it finds. Ranges are in the config key table (docs/pipeline.md).
 */
export function detectorTable(): string {
  const lines = ['| detector | parameters (default) | flags the span when | code |', '|---|---|---|---|'];
  for (const name of DETECTOR_NAMES) {
    const spec: DetectorSpec = DETECTORS[name];
    const needed = spec.requireOneOf ?? [];
    const one = needed.map((p) => `\`${p}\``).join(', ');
    const params = [
      ...(needed.length > 0 ? [`${one} (${needed.length > 1 ? 'one needed' : 'needed'})`] : []),
      ...Object.entries(spec.params)
        .filter(([param]) => !needed.includes(param))
        .map(([param, p]) => (p.default === undefined ? `\`${param}\`` : `\`${param}\` (${p.default})`)),
    ];
    lines.push(`| \`${name}\` | ${params.join(', ')} | ${cell(spec.summary)} | \`${spec.code}\` |`);
  }
  return `${lines.join('\n')}\n`;
}

export const SECTIONS: readonly GeneratedSection[] = [
  {
    file: docs('pipeline.md'),
    begin: '<!-- config keys: generated from PIPELINE_CONFIG by `npm run generate:config-docs` -->',
    end: '<!-- end of config keys -->',
    content: () => definitionTable(PIPELINE_CONFIG),
  },
  {
    file: docs('monitoring.md'),
    begin: '<!-- detectors: generated from DETECTORS by `npm run generate:config-docs` -->',
    end: '<!-- end of detectors -->',
    content: detectorTable,
  },
];

/** `text` (of `section.file`) with the section as the code declares it. */
export function withSection(section: GeneratedSection, text: string): string {
  const start = text.indexOf(section.begin);
  const end = text.indexOf(section.end);
  if (start < 0 || end < start)
    throw new Error(`${section.file} lacks the markers ${section.begin} ... ${section.end}`);
  return `${text.slice(0, start + section.begin.length)}\n${section.content()}${text.slice(end)}`;
}

if (process.argv[1] === import.meta.filename) {
  for (const section of SECTIONS) writeFileSync(section.file, withSection(section, readFileSync(section.file, 'utf8')));
}
