import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A small three-split dataset, deterministic: `num` (int), `cat` (string), `label` (float). */
export interface ProjectOptions {
  /** Categories of eval rows; a value outside a,b,c is an ERROR anomaly unless overridden. */
  readonly evalCategories?: readonly string[];
  /** Extra config keys (merged over the defaults). */
  readonly config?: Record<string, unknown>;
}

function rows(n: number, categories: readonly string[], withLabel: boolean, seed: number): string {
  const header = withLabel ? 'num,cat,label' : 'num,cat';
  const lines = [header];
  for (let i = 0; i < n; i++) {
    const num = (i * 7 + seed) % 50;
    const cat = categories[(i + seed) % categories.length];
    lines.push(withLabel ? `${num},${cat},${((i * 13 + seed) % 100) / 10}` : `${num},${cat}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes train/eval/serving CSVs and a datavet.config.json into a fresh temp dir; returns it. */
export function makeProject(options: ProjectOptions = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'datavet-pipeline-'));
  writeFileSync(join(dir, 'train.csv'), rows(60, ['a', 'b', 'c'], true, 1));
  writeFileSync(join(dir, 'eval.csv'), rows(40, options.evalCategories ?? ['a', 'b', 'c'], true, 2));
  writeFileSync(join(dir, 'serving.csv'), rows(12, ['a', 'b', 'c'], false, 3));
  const config = {
    name: 'toy',
    splits: [
      { name: 'train', inputs: ['train.csv'], environment: 'TRAINING' },
      { name: 'eval', inputs: ['eval.csv'], environment: 'TRAINING', driftAgainst: 'train' },
      { name: 'serving', inputs: ['serving.csv'], environment: 'SERVING', skewAgainst: 'train' },
    ],
    schema: { infer: { from: 'train' } },
    environments: { default: ['TRAINING', 'SERVING'], features: { label: { notIn: ['SERVING'] } } },
    comparators: { cat: { skew: { infinityNorm: 0.5 }, drift: { infinityNorm: 0.5 } } },
    report: false,
    ...options.config,
  };
  writeFileSync(join(dir, 'datavet.config.json'), `${JSON.stringify(config, null, 2)}\n`);
  return dir;
}

/** The component nodes of the toy pipeline, in run order. */
export const TOY_NODES = [
  'Importer.train',
  'StatisticsGen.train',
  'Importer.eval',
  'StatisticsGen.eval',
  'Importer.serving',
  'StatisticsGen.serving',
  'SchemaGen',
  'ExampleValidator.train',
  'ExampleValidator.eval',
  'ExampleValidator.serving',
];
