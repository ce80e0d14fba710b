import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleCli, type CliBundle } from '../../scripts/cli-bundle.js';
import { tracedUrls, writeModuleTracer } from '../helpers/module-trace.js';
import { runCli } from '../helpers/run-cli.js';

// What each command of the bundled CLI loads before doing anything: the files its entry imports
// statically (Node links all of them on start), from the same bundling as `npm run build`, mapped
// back to the sources and packages in them. A start costs ~0.4-0.7 ms per file and ~35 us per KB of
// JavaScript, so a command must not load what it does not use (docs/benchmarks.md, CLI start).
const root = resolve(import.meta.dirname, '../..');
// Written under the repository (test-artifacts/, ignored by git) so that the packages left out of the
// bundle resolve from its node_modules, as they do from dist/bin/.
const bin = join(root, 'test-artifacts', 'cli-bundle', 'bin');
const work = mkdtempSync(join(tmpdir(), 'datavet-cli-bundle-'));
let bundle: CliBundle;

beforeAll(async () => {
  rmSync(bin, { recursive: true, force: true });
  bundle = await bundleCli(root, bin, true);
}, 120_000);

afterAll(() => {
  rmSync(work, { recursive: true, force: true });
  rmSync(join(root, 'test-artifacts', 'cli-bundle'), { recursive: true, force: true });
});

/** The final chunk that starts with the source `entry` (an entry point or a dynamically imported module). */
function outputOf(entry: string): string {
  const first = Object.entries(bundle.metafile.outputs).find(([, output]) => output.entryPoint === entry)?.[0];
  const chunk = first && bundle.chunks.find((c) => c.facadeModuleId === resolve(root, first));
  if (!chunk) throw new Error(`no chunk for ${entry}`);
  return chunk.fileName;
}

/** Sources, packages and external imports in the chunks `names` and everything they import statically. */
function staticClosure(...names: string[]): { files: number; inputs: string[]; externals: string[] } {
  const byName = new Map(bundle.chunks.map((chunk) => [chunk.fileName, chunk]));
  const seen = new Set<string>();
  const externals = new Set<string>();
  const stack = [...names];
  while (stack.length > 0) {
    const name = stack.pop()!;
    if (seen.has(name)) continue;
    seen.add(name);
    for (const imported of byName.get(name)!.imports) {
      if (byName.has(imported)) stack.push(imported);
      else externals.add(imported);
    }
  }
  // A final chunk holds first-step files; each of those, the sources esbuild put in it.
  const firstStep = new Map(
    Object.entries(bundle.metafile.outputs).map(([path, output]) => [resolve(root, path), output]),
  );
  const inputs = new Set<string>();
  for (const name of seen) {
    for (const [id, module] of Object.entries(byName.get(name)!.modules)) {
      if (module.renderedLength === 0) continue;
      for (const [path, input] of Object.entries(firstStep.get(id)?.inputs ?? {})) {
        if (input.bytesInOutput > 0) inputs.add(relative(root, resolve(root, path)));
      }
    }
  }
  return { files: seen.size, inputs: [...inputs], externals: [...externals] };
}

const main = () => 'datavet.js';

describe('the bundled CLI: what a command loads', () => {
  it('`datavet --help` loads the main file and the command table, no command, Arrow or reader', () => {
    const { inputs } = staticClosure(main());
    expect(inputs).toContain('src/cli/main.ts');
    expect(inputs.filter((path) => /^src\/cli\/commands\/|node_modules\/|^src\/(stats|io\/csv)/.test(path))).toEqual(
      [],
    );
  });

  it('`datavet stats` of a CSV file loads the CSV reader and the parts of Arrow it builds batches with, nothing for other formats, checks or workers', () => {
    // The stats command and the CSV reader module its dataset loads on first read.
    const { inputs, externals } = staticClosure(
      main(),
      outputOf('src/cli/commands/stats.ts'),
      outputOf('src/io/csv-reader.ts'),
    );
    // What the work needs is there (so the exclusions below mean something).
    for (const needed of [
      'src/io/csv-reader.ts',
      'src/stats/statistics-accumulator.ts',
      'src/tfmd/message-file.ts',
      'node_modules/apache-arrow/recordbatch.mjs',
      'node_modules/apache-arrow/data.mjs',
    ]) {
      expect(inputs).toContain(needed);
    }
    const unused = inputs.filter((path) =>
      [
        // Other formats' readers, and Arrow's IPC code with flatbuffers (Arrow IPC and Parquet input).
        /^src\/io\/(parquet|arrow-reader|jsonl-reader|tfrecord-reader|tf-example)/,
        /node_modules\/apache-arrow\/(ipc|io|fb\/(record-batch|message|schema|field|footer)|Arrow)/,
        /node_modules\/flatbuffers\//,
        // Custom checks (and YAML), partial states, the text-format and JSON codecs, worker threads.
        /^src\/checks\//,
        /node_modules\/yaml\//,
        /^src\/pipeline\/partial-state\.ts$/,
        /^src\/proto\/(text-edit|text-parser|text-printer|json-codec)\.ts$/,
        /^src\/_util\/worker-thread\.ts$/,
      ].some((pattern) => pattern.test(path)),
    );
    expect(unused).toEqual([]);
    // Packages and Node modules imported, not bundled: no parquet-wasm, worker threads or CommonJS loader.
    expect(externals.filter((name) => /parquet-wasm|^node:(worker_threads|module|zlib)$/.test(name))).toEqual([]);
  });

  it('`validate` of statistics loads no reader, Arrow, statistics engine or checks; `merge` no YAML parser', () => {
    const validate = staticClosure(main(), outputOf('src/cli/commands/validate.ts')).inputs;
    expect(validate).toContain('src/anomalies/validate.ts');
    expect(
      validate.filter((path) => /^src\/(io\/csv|stats\/|checks\/)|node_modules\/(apache-arrow|yaml)\//.test(path)),
    ).toEqual([]);
    const merge = staticClosure(main(), outputOf('src/cli/commands/merge.ts')).inputs;
    expect(merge).toContain('src/pipeline/partial-state.ts');
    expect(merge.filter((path) => /node_modules\/yaml\/|^src\/checks\/load-checks\.ts$/.test(path))).toEqual([]);
  });

  it('reading Parquet and Arrow IPC loads their readers when those formats are read', () => {
    for (const reader of ['src/io/parquet-reader.ts', 'src/io/arrow-reader.ts']) {
      const { inputs } = staticClosure(outputOf(reader));
      expect(inputs).toContain(reader);
      expect(inputs).toContain('node_modules/apache-arrow/ipc/reader.mjs');
    }
  });

  it('runs `stats` of a CSV file, with and without YAML checks, loading only the chunks and modules it needs (resolve hook)', async () => {
    writeFileSync(join(work, 'tiny.csv'), 'a,b,c\n1,x,2.5\n2,y,3.5\n3,z,\n');
    writeFileSync(join(work, 'checks.yaml'), 'checks:\n  - name: a_positive\n    row: a > 0\n');
    const tracer = writeModuleTracer(work);
    const run = (name: string, extra: string[]) => {
      const trace = join(work, `${name}.trace`);
      const out = join(work, `${name}.pb`);
      const result = spawnSync(
        'node',
        ['--import', tracer, join(bin, 'datavet.js'), 'stats', 'tiny.csv', '-o', out, '-q', ...extra],
        { cwd: work, encoding: 'utf8', env: { ...process.env, DATAVET_TRACE: trace } },
      );
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
      const loaded = tracedUrls(trace);
      return { out: readFileSync(out), loaded };
    };
    const plain = run('plain', []);
    const checked = run('checked', ['--checks', 'checks.yaml', '--check-results', 'results.json']);
    // The same statistics as the sources compute in-process.
    const expected = await runCli(['stats', 'tiny.csv', '-o', join(work, 'expected.pb'), '-q'], { cwd: work });
    expect(expected.code).toBe(0);
    expect(plain.out.equals(readFileSync(join(work, 'expected.pb')))).toBe(true);
    expect(checked.out.equals(plain.out)).toBe(true);
    // The YAML checks file was parsed by the bundled yaml (CommonJS, given Node's built-ins).
    expect(JSON.parse(readFileSync(join(work, 'results.json'), 'utf8'))).toMatchObject({
      results: [{ name: 'a_positive', status: 'pass' }],
    });
    const chunk = (url: string) => url.replace(/^.*\//, '').replace(/-[\w-]{8}\.js$/, '');
    expect(plain.loaded.some((url) => url.endsWith('/cli-bundle/bin/datavet.js'))).toBe(true);
    expect(plain.loaded.map(chunk)).toContain('csv-reader');
    const forbidden =
      /^(parquet-reader|parquet-wasm|arrow-reader|jsonl-reader|tfrecord-reader|checks|partial-state|worker-thread)$/;
    expect(plain.loaded.filter((url) => forbidden.test(chunk(url)) || /parquet-wasm|worker_threads/.test(url))).toEqual(
      [],
    );
    expect(checked.loaded.map(chunk)).toContain('checks');
  });
});
