import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePipelineConfig } from '../../src/pipeline/pipeline-config.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from './project.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function project(features: Record<string, unknown>): string {
  const dir = makeProject({ config: { features } });
  dirs.push(dir);
  return dir;
}

describe('the features section of the pipeline config', () => {
  it('curates the inferred schema as datavet schema set would, and validates with it', async () => {
    // num is 0..49 in every split: a domain of 0..40 flags it, the label may be missing.
    const dir = project({
      num: { intDomain: [0, 40] },
      cat: { values: ['a', 'b', 'c'], presence: 'required' },
      label: { presence: { minFraction: 0.5 }, drift: { infinityNorm: 0.3 } },
    });
    const run = await runCli(['run', '--format', 'json'], { cwd: dir });
    expect(run.code).toBe(1);
    const result = JSON.parse(run.stdout);
    const schema = readFileSync(result.schema.file, 'utf8');
    expect(schema).toContain('int_domain {\n    min: 0\n    max: 40\n  }');
    expect(schema).toMatch(/name: "label"[\s\S]*?presence \{\n {4}min_fraction: 0\.5\n {4}min_count: 1\n {2}\}/);
    // The shape an inferred label had is replaced, since the label may now be missing.
    expect(schema).toMatch(/name: "label"\n {2}value_count \{\n {4}min: 1\n {4}max: 1\n {2}\}/);
    expect(schema).toMatch(/drift_comparator \{\n {4}infinity_norm \{\n {6}threshold: 0\.3/);
    const train = result.validations.find((v: { name: string }) => v.name.startsWith('train'));
    expect(train.anomalies.map((a: { feature: string; types: string[] }) => [a.feature, a.types])).toEqual([
      ['num', ['INT_TYPE_BIG_INT']],
    ]);
  });

  it("is part of SchemaGen's cache key: a changed curation reruns SchemaGen", async () => {
    const dir = project({ num: { intDomain: [0, 60] } });
    expect((await runCli(['run', '-q'], { cwd: dir })).code).toBe(0);
    const config = JSON.parse(readFileSync(join(dir, 'datavet.config.json'), 'utf8'));
    config.features.num.intDomain = [0, 40];
    writeFileSync(join(dir, 'datavet.config.json'), JSON.stringify(config));
    const again = await runCli(['run', '--format', 'json'], { cwd: dir });
    const schemaGen = JSON.parse(again.stdout).components.find((c: { nodeId: string }) => c.nodeId === 'SchemaGen');
    expect(schemaGen.state).toBe('COMPLETE');
    expect(again.code).toBe(1);
  });

  it('names the key of a bad entry, and a feature the schema lacks', async () => {
    const bad = (features: unknown) => () =>
      parsePipelineConfig({ splits: [{ name: 'a', inputs: ['a.csv'] }], features }, { baseDir: '/' });
    expect(bad({ num: { intDomain: [5, 1] } })).toThrow('invalid config: features.num.intDomain: min 5 is above max 1');
    expect(bad({ num: { intDomain: [0.5, 1] } })).toThrow('features.num.intDomain.min: expected an integer');
    expect(bad({ num: { colour: 'red' } })).toThrow('features.num.colour: unknown key');
    expect(bad({ num: { values: ['a'], domain: 'x' } })).toThrow('give one domain, not values and domain');
    expect(bad({ constructor: { deprecated: 'yes' } })).toThrow(
      'features.constructor.deprecated: expected true or false',
    );
    const dir = project({ nope: { presence: 'required' } });
    const run = await runCli(['run'], { cwd: dir });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("invalid config: features.nope: the schema has no feature 'nope'");
  });
});
