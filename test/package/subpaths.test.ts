import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as root from '../../src/index.js';

// The package's subpath exports: each is an entry file beside src/index.ts, and the package root
// exports everything any subpath exports (the same objects), so moving an import from `datavet`
// to `datavet/<concern>` never changes what it gets.
const repo = resolve(import.meta.dirname, '../..');
const exportsMap = (
  JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { exports: Record<string, unknown> }
).exports;
const subpaths = Object.keys(exportsMap).filter((key) => key !== '.' && key !== './package.json');

describe('subpath exports', () => {
  it('has the concerns the README documents, each built from src/<name>.ts', () => {
    expect(subpaths).toEqual(
      expect.arrayContaining(['./serving', './stats', './schema', './metadata', './pipeline', './validation']),
    );
    for (const key of subpaths) {
      const name = key.slice(2);
      expect(exportsMap[key]).toEqual({ types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` });
      expect(existsSync(join(repo, 'src', `${name}.ts`))).toBe(true);
    }
  });

  it.each(subpaths)('%s exports only what the package root exports, as the same values', async (key) => {
    const entry = (await import(join(repo, 'src', `${key.slice(2)}.ts`))) as Record<string, unknown>;
    expect(Object.keys(entry).length).toBeGreaterThan(0);
    const rootExports = root as Record<string, unknown>;
    expect(Object.keys(entry).filter((name) => rootExports[name] !== entry[name])).toEqual([]);
  });

  it('exports the pipeline API and TFDV vocabulary from the root', () => {
    for (const name of [
      'runPipeline',
      'loadPipelineConfig',
      'loadSchemaText',
      'writeSchemaText',
      'loadStatistics',
      'displayAnomalies',
      'displaySchema',
    ]) {
      expect(typeof (root as Record<string, unknown>)[name]).toBe('function');
    }
  });
});
