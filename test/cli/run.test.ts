import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { FAIL_NODE_ENV } from '../../src/cli/commands/run.js';
import type { LineageGraph } from '../../src/metadata/types.js';
import { runCli } from '../helpers/run-cli.js';
import { makeProject } from '../pipeline/project.js';

/** A project whose eval split has a category the schema does not know: one ERROR anomaly. */
const failing = () => makeProject({ evalCategories: ['a', 'b', 'd'] });

describe('datavet run: exit codes', () => {
  it('0: passes, prints the summary and where everything is; nothing on stderr without a TTY', async () => {
    const dir = makeProject({ config: { report: true } });
    const r = await runCli(['run'], { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^split +environment +rows +features +errors +warnings +compared with$/m);
    expect(r.stdout).toMatch(/^train +TRAINING +60 +3 +0 +0 +-$/m);
    expect(r.stdout).toMatch(/^serving +SERVING +12 +2 +0 +0 +skew vs train$/m);
    expect(r.stdout).toContain('components: 10 (10 ran, 0 from cache)');
    expect(r.stdout).toMatch(
      /^schema: +\.datavet\/pipeline\/SchemaGen\/schema\/\d+\/schema\.pbtxt \(Schema #\d+, version 1, inferred from train\)$/m,
    );
    expect(r.stdout).toMatch(/^artifacts: +\.datavet\/pipeline$/m);
    expect(r.stdout).toMatch(/^metadata: +\.datavet\/metadata\.sqlite/m);
    expect(r.stdout).toMatch(/^report: +\.datavet\/report\.html$/m);
    expect(r.stdout).toContain('result: passed');
    expect(readFileSync(join(dir, '.datavet', 'report.html'), 'utf8')).toContain('<!doctype html>');
    const again = await runCli(['run', 'datavet.config.json', '--quiet'], { cwd: dir });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('components: 10 (0 ran, 10 from cache)');
  });

  it('1: ERROR anomalies fail; warnings fail only with --fail-on warning; --fail-on never reports only', async () => {
    const dir = failing();
    const r = await runCli(['run'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /ERROR +cat +Unexpected string values: Examples contain values missing from the schema: d/,
    );
    expect(r.stdout).toContain('result: FAILED');
    expect((await runCli(['run', '--fail-on', 'never'], { cwd: dir })).code).toBe(0);

    // The same finding downgraded to a warning by the config passes, unless warnings fail.
    const warn = makeProject({
      evalCategories: ['a', 'b', 'd'],
      config: { validation: { severityOverrides: { ENUM_TYPE_UNEXPECTED_STRING_VALUES: 'WARNING' } } },
    });
    const passed = await runCli(['run'], { cwd: warn });
    expect(passed.code).toBe(0);
    expect(passed.stdout).toMatch(/WARNING +cat/);
    expect((await runCli(['run', '--fail-on', 'warning'], { cwd: warn })).code).toBe(1);
  });

  it('2: usage and config errors print one line naming the key, no stack', async () => {
    const dir = makeProject();
    const config = JSON.parse(readFileSync(join(dir, 'datavet.config.json'), 'utf8'));
    config.splits[1].environment = 7;
    writeFileSync(join(dir, 'bad.json'), JSON.stringify(config));
    const bad = await runCli(['run', 'bad.json'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('invalid config: splits[1].environment: expected a non-empty string, got number 7');
    expect(bad.stderr).toContain(join(dir, 'bad.json'));
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const empty = mkdtempSync(join(tmpdir(), 'datavet-run-empty-'));
    const none = await runCli(['run'], { cwd: empty });
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no config file given');

    config.splits[1].environment = 'TRAINING';
    config.comparators = { fare: { drift: { infinityNorm: 0.1 } } };
    writeFileSync(join(dir, 'unknown-feature.json'), JSON.stringify(config));
    const feature = await runCli(['run', 'unknown-feature.json'], { cwd: dir });
    expect(feature.code).toBe(2);
    expect(feature.stderr).toContain("invalid config: comparators.fare: the schema has no feature 'fare'");

    const missingInput = makeProject({ config: { splits: [{ name: 'train', inputs: ['nope.csv'] }] } });
    const input = await runCli(['run'], { cwd: missingInput });
    expect(input.code).toBe(2);
    expect(input.stderr).toContain('no such file');

    expect((await runCli(['run', '--format', 'yaml'], { cwd: dir })).code).toBe(2);
  });

  it(`3: an internal error (injected with ${FAIL_NODE_ENV}) exits 3 with a stack`, async () => {
    const dir = makeProject();
    const r = await runCli(['run'], { cwd: dir, env: { [FAIL_NODE_ENV]: 'ExampleValidator.eval' } });
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('internal error');
    expect(r.stderr).toContain('injected failure in ExampleValidator.eval');
  });
});

describe('datavet run: output formats', () => {
  it('json: the whole result, parseable', async () => {
    const dir = failing();
    const r = await runCli(['run', '--format', 'json'], { cwd: dir });
    expect(r.code).toBe(1);
    const json = JSON.parse(r.stdout);
    expect(json.passed).toBe(false);
    expect(json.exitCode).toBe(1);
    expect(json.components).toHaveLength(10);
    expect(json.components[0]).toMatchObject({ nodeId: 'Importer.train', component: 'Importer', state: 'COMPLETE' });
    expect(json.splits.map((s: { name: string; errors: number }) => [s.name, s.errors])).toEqual([
      ['train', 0],
      ['eval', 1],
      ['serving', 0],
    ]);
    const evalValidation = json.validations.find((v: { name: string }) => v.name === 'eval (TRAINING), drift vs train');
    expect(evalValidation.anomalies[0]).toMatchObject({
      feature: 'cat',
      severity: 'ERROR',
      types: ['ENUM_TYPE_UNEXPECTED_STRING_VALUES'],
    });
    expect(r.stderr).toMatch(/^datavet run: failed; artifacts \.datavet\/pipeline/);
  });

  it('junit: valid XML, one test case per feature and check, failures for ERRORs', async () => {
    const dir = failing();
    const r = await runCli(['run', '--format', 'junit', '--quiet'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    expect(XMLValidator.validate(r.stdout)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(r.stdout);
    const suites = [doc.testsuites.testsuite].flat();
    expect(suites.map((s: Record<string, string>) => s['@_name'])).toEqual([
      'train (TRAINING)',
      'eval (TRAINING), drift vs train',
      'serving (SERVING)',
      'serving: skew vs train',
    ]);
    const evalCases = [suites[1].testcase].flat();
    const failed = evalCases.filter((c: Record<string, unknown>) => c.failure);
    expect(failed.map((c: Record<string, string>) => c['@_name'])).toEqual([
      'cat / ENUM_TYPE_UNEXPECTED_STRING_VALUES',
    ]);
    expect(evalCases.map((c: Record<string, string>) => c['@_name'])).toEqual(
      expect.arrayContaining(['num / all checks', 'label / all checks']),
    );
  });

  it('github: annotation lines on stdout, the step summary appended when GITHUB_ACTIONS=true', async () => {
    const dir = failing();
    const summary = join(dir, 'step-summary.md');
    writeFileSync(summary, '# earlier step\n');
    const r = await runCli(['run', '--format', 'github'], {
      cwd: dir,
      env: { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary },
    });
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    // The annotation points at the split's entry in the config, a file a reviewer can open.
    const entry = readFileSync(join(dir, 'datavet.config.json'), 'utf8')
      .split('\n')
      .findIndex((l) => l.includes('"eval"'));
    expect(entry).toBeGreaterThan(0);
    expect(lines[0]).toMatch(new RegExp(`^::error file=datavet\\.config\\.json,line=${entry + 1},title=datavet eval`));
    expect(lines[0]).toMatch(
      /title=datavet eval \(TRAINING\)%2C drift vs train%3A cat%3A Unexpected string values::Examples contain values missing from the schema: d/,
    );
    const text = readFileSync(summary, 'utf8');
    expect(text.startsWith('# earlier step\n## datavet: ❌ failed')).toBe(true);

    // Outside GitHub Actions no summary file is touched.
    const other = join(dir, 'other.md');
    await runCli(['run', '--format', 'github'], { cwd: dir, env: { GITHUB_STEP_SUMMARY: other } });
    expect(existsSync(other)).toBe(false);
  });

  it('markdown: a verdict and a table per validation; -o writes it to a file and prints the summary', async () => {
    const dir = failing();
    const r = await runCli(['run', '--format', 'markdown'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('## datavet: ❌ failed')).toBe(true);
    expect(r.stdout).toContain('### eval (TRAINING), drift vs train');
    expect(r.stdout).toMatch(/^\| `cat` \| ❌ ERROR \| Unexpected string values \|/m);
    expect(r.stdout).toContain('### train (TRAINING)\n\nNo anomalies.');

    const out = await runCli(['run', '--format', 'junit', '-o', 'out/junit.xml'], { cwd: dir });
    expect(out.code).toBe(1);
    expect(XMLValidator.validate(readFileSync(join(dir, 'out', 'junit.xml'), 'utf8'))).toBe(true);
    expect(out.stdout).toContain('result: FAILED');
  });
});

describe('datavet run: lineage and options', () => {
  it('datavet lineage on the anomalies shows Examples -> StatisticsGen -> ExampleStatistics -> SchemaGen -> Schema -> ExampleValidator -> ExampleAnomalies', async () => {
    const dir = makeProject();
    const r = await runCli(['run', '--format', 'json'], { cwd: dir });
    const json = JSON.parse(r.stdout);
    const anomaliesId = json.splits[1].anomaliesArtifactId as number;
    const lineage = await runCli(['lineage', String(anomaliesId), '--direction', 'up', '--format', 'json'], {
      cwd: dir,
    });
    expect(lineage.code).toBe(0);
    const graph = JSON.parse(lineage.stdout) as LineageGraph;
    const artifactType = new Map(graph.artifacts.map((a) => [a.id, a.type]));
    const executionType = new Map(graph.executions.map((e) => [e.id, (e.type ?? '').split('.').pop()]));
    // Follow producer edges upstream from the anomalies: artifact <-OUTPUT- execution <-INPUT- artifact.
    const chain: string[] = [];
    let artifact: number | undefined = anomaliesId;
    const want = [
      'ExampleAnomalies',
      'ExampleValidator',
      'Schema',
      'SchemaGen',
      'ExampleStatistics',
      'StatisticsGen',
      'Examples',
    ];
    while (artifact !== undefined) {
      chain.unshift(artifactType.get(artifact) as string);
      const producer = graph.events.find((e) => e.type === 'OUTPUT' && e.artifactId === artifact)?.executionId;
      if (producer === undefined) break;
      const kind = executionType.get(producer) as string;
      if (kind === 'Importer') break;
      chain.unshift(kind);
      const next = want[want.indexOf(kind) + 1];
      artifact = graph.events.find(
        (e) => e.type === 'INPUT' && e.executionId === producer && artifactType.get(e.artifactId) === next,
      )?.artifactId;
    }
    expect(chain.join(' -> ')).toBe([...want].reverse().join(' -> '));

    const text = await runCli(['lineage', String(anomaliesId), '--direction', 'up'], { cwd: dir });
    for (const type of ['Examples', 'ExampleStatistics', 'Schema', 'ExampleAnomalies'])
      expect(text.stdout).toContain(` ${type} `);
    for (const type of ['StatisticsGen', 'SchemaGen', 'ExampleValidator']) expect(text.stdout).toContain(`.${type} `);

    // A second, fully cached run records CACHED executions; lineage hides them unless asked.
    await runCli(['run', '-q'], { cwd: dir });
    const states = async (...extra: string[]) => {
      const r = await runCli(['lineage', String(anomaliesId), '--direction', 'up', '--format', 'json', ...extra], {
        cwd: dir,
      });
      return (JSON.parse(r.stdout) as LineageGraph).executions.map((e) => e.lastKnownState);
    };
    expect(await states()).not.toContain('CACHED');
    expect(await states('--show-cached')).toContain('CACHED');
    const hidden = await runCli(['lineage', String(anomaliesId), '--direction', 'up'], { cwd: dir });
    expect(hidden.stdout).toMatch(/; [1-9]\d* cached rerun\(s\) hidden \(--show-cached shows them\)/);
    expect(hidden.stdout).not.toContain(' CACHED');
  });

  it('--no-cache, --store, --pipeline-root, --no-report and --run-id override the defaults', async () => {
    const dir = makeProject({ config: { report: true } });
    await runCli(['run', '-q'], { cwd: dir });
    const r = await runCli(
      [
        'run',
        '--no-cache',
        '--store',
        'md/store.sqlite',
        '--pipeline-root',
        'artifacts',
        '--no-report',
        '--run-id',
        'ci-42',
        '--format',
        'json',
      ],
      { cwd: dir },
    );
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.components.every((c: { state: string }) => c.state === 'COMPLETE')).toBe(true);
    expect(json.metadataStore).toBe(resolve(dir, 'md/store.sqlite'));
    expect(json.pipelineRoot).toBe(resolve(dir, 'artifacts'));
    expect(json.report).toBeNull();
    expect(json.runId).toBe('ci-42');
    expect(existsSync(join(dir, 'artifacts', 'SchemaGen'))).toBe(true);
    expect((await runCli(['run', '--report', 'x.html', '--no-report'], { cwd: dir })).code).toBe(2);
  });

  it('shows progress on stderr only when it is a TTY', async () => {
    const { runMain } = await import('../../src/cli/main.js');
    const dir = makeProject();
    let stderr = '';
    const code = await runMain(['run'], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (stderr += t), isTTY: true },
      env: {},
      cwd: dir,
    });
    expect(code).toBe(0);
    expect(stderr).toContain('[1/10] Importer.train');
    expect(stderr).toContain('[10/10] ExampleValidator.serving: ran in');
    let quiet = '';
    await runMain(['run', '--quiet'], {
      stdout: { write: () => true },
      stderr: { write: (t: string) => (quiet += t), isTTY: true },
      env: {},
      cwd: dir,
    });
    expect(quiet).toBe('');
  });

  it('runs the bundled Chicago taxi main job: TFDV tutorial findings as warnings, exit 0', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'datavet-main-job-'));
    const config = resolve('datasets/chicago_taxi/datavet.config.json');
    const r = await runCli(['run', config, '--format', 'json', '--quiet'], { cwd });
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.splits.map((s: { name: string; rows: number }) => [s.name, s.rows])).toEqual([
      ['train', 10000],
      ['eval', 5000],
      ['serving', 100],
    ]);
    const found = json.validations.flatMap(
      (v: { name: string; anomalies: { feature: string; severity: string; types: string[] }[] }) =>
        v.anomalies.map((a) => `${v.name} | ${a.feature} | ${a.severity} | ${a.types.join(',')}`),
    );
    expect(found).toEqual([
      'eval (TRAINING), drift vs train | company | WARNING | ENUM_TYPE_UNEXPECTED_STRING_VALUES,COMPARATOR_L_INFTY_HIGH',
      'eval (TRAINING), drift vs train | payment_type | WARNING | ENUM_TYPE_UNEXPECTED_STRING_VALUES',
      'serving: skew vs train | payment_type | WARNING | COMPARATOR_L_INFTY_HIGH',
    ]);
    const evalPayment = json.validations[1].anomalies[1];
    expect(evalPayment.description).toContain('Prcard');
    expect(json.validations[3].anomalies[0].description).toContain('0.0225');
    expect(existsSync(join(cwd, '.datavet', 'report.html'))).toBe(true);
    // The same job gates on warnings when asked to.
    expect((await runCli(['run', config, '--fail-on', 'warning', '--quiet'], { cwd })).code).toBe(1);
  });
});
