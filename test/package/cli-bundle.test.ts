import { join, relative, resolve } from 'node:path';
import { build, type Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { cliBundleOptions } from '../../scripts/cli-bundle-options.js';

// What each command of the bundled CLI loads before doing anything: the files its entry imports
// statically (Node links all of them on start), read from esbuild's metafile of the same build as
// `npm run build`. A start costs about 0.4 ms per file and ~35 us per KB of JavaScript, so a command
// must not load what it does not use (docs/benchmarks.md, CLI start).
const root = resolve(import.meta.dirname, '../..');
let meta: Metafile;

beforeAll(async () => {
  const outdir = join(root, 'dist', 'bin');
  const result = await build({ ...cliBundleOptions(root, outdir), absWorkingDir: root, write: false, metafile: true });
  meta = result.metafile;
}, 120_000);

/** The output file built for the source `entry` (an entry point or a dynamically imported module). */
function outputOf(entry: string): string {
  const found = Object.entries(meta.outputs).find(([, output]) => output.entryPoint === entry);
  if (!found) throw new Error(`no output for ${entry}`);
  return found[0];
}

/** Sources, packages and external imports in `outputs` and everything they import statically. */
function staticClosure(...outputs: string[]): { files: number; inputs: string[]; externals: string[] } {
  const seen = new Set<string>();
  const externals = new Set<string>();
  const stack = [...outputs];
  while (stack.length > 0) {
    const output = stack.pop()!;
    if (seen.has(output)) continue;
    seen.add(output);
    for (const record of meta.outputs[output]!.imports) {
      if (record.kind !== 'import-statement') continue;
      if (record.external) externals.add(record.path);
      else stack.push(record.path);
    }
  }
  const inputs = [...seen].flatMap((output) =>
    Object.entries(meta.outputs[output]!.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => relative(root, resolve(root, path))),
  );
  return { files: seen.size, inputs, externals: [...externals] };
}

const main = () => outputOf('src/cli/main.ts');

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
        // Custom checks (and YAML), partial states, the text-format editor, worker threads.
        /^src\/checks\//,
        /node_modules\/yaml\//,
        /^src\/pipeline\/partial-state\.ts$/,
        /^src\/proto\/text-edit\.ts$/,
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
});
