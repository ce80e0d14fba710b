/**
 * How the `datavet` executable is bundled, shared by scripts/bundle-cli.ts, which writes dist/bin/,
 * and the test that checks what each command loads (test/package/cli-bundle.test.ts). See
 * bundle-cli.ts for why a bundle and how it is split.
 *
 * Two steps: esbuild bundles the sources (TypeScript, the packages in BUNDLED) into ES module
 * chunks, split by which entries (the executable, each command, each lazily imported module, each
 * worker) use them; Rollup then re-chunks that output, merging chunks that are always loaded
 * together and small chunks into others where no code would run that did not run before. esbuild
 * alone gave a CSV `stats` 25 files to resolve and link, at ~0.4-0.7 ms each (docs/benchmarks.md,
 * CLI start, third pass); Rollup's chunking gives 14, with the same code.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BuildOptions, build, type Metafile, type Plugin } from 'esbuild';
import { type OutputChunk, rollup } from 'rollup';

/** Pure-JS dependencies that go into the bundle (with what they import); every other package stays external. */
const BUNDLED = new Set(['apache-arrow', 'yaml']);

/**
 * A `require` for the CommonJS code in the bundle (yaml calls require('process') and
 * require('buffer')). Built-ins come from process.getBuiltinModule, so a chunk that loads pays for
 * no CommonJS loader (creating one per chunk cost ~0.4 ms each, ~8 ms for a `stats` run, and
 * loaded Node's `module`); anything else would go through createRequire.
 */
const REQUIRE_BANNER =
  'const require = (id) => process.getBuiltinModule(id) ?? ' +
  "process.getBuiltinModule('node:module').createRequire(import.meta.url)(id);";

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Keeps every package not in BUNDLED external when our sources import it. */
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const fromOurSources = !args.importer.includes(`${join('node_modules', '')}`);
      if (fromOurSources && !BUNDLED.has(packageName(args.path))) return { external: true };
      return undefined;
    });
  },
};

const ARROW_MESSAGE_HEADER_EXPORT = "export { MessageHeader } from './fb/message-header.mjs';";

/**
 * Arrow's enum.mjs re-exports the MessageHeader enum from fb/message-header.mjs, which imports the
 * flatbuffers tables of IPC messages (and the flatbuffers runtime). esbuild's code splitting puts a
 * module reachable by imports from an entry, and used anywhere in the bundle, into chunks that entry
 * loads: as the Arrow IPC reader (Arrow and Parquet input) uses those tables, every command touching
 * Arrow's enums loaded ~90 KB of flatbuffers code, and Node's CommonJS loader with it. Here enum.mjs
 * defines the enum itself, with the values of the installed Arrow's (read when bundling): the IPC
 * code compares header numbers, which stay the same. The build fails if Arrow's line changes.
 */
const arrowEnumWithoutIpcTables: Plugin = {
  name: 'arrow-enum-without-ipc-tables',
  setup(b) {
    b.onLoad({ filter: /[\\/]apache-arrow[\\/]enum\.mjs$/ }, async (args) => {
      const text = readFileSync(args.path, 'utf8');
      if (!text.includes(ARROW_MESSAGE_HEADER_EXPORT)) {
        throw new Error(`${args.path} no longer has the line ${ARROW_MESSAGE_HEADER_EXPORT}: update this plugin`);
      }
      const header = pathToFileURL(join(dirname(args.path), 'fb', 'message-header.mjs')).href;
      const { MessageHeader } = (await import(header)) as { MessageHeader: Record<string, string | number> };
      const inline = `export var MessageHeader = ${JSON.stringify(MessageHeader)};`;
      return { contents: text.replace(ARROW_MESSAGE_HEADER_EXPORT, inline), loader: 'js' };
    });
  },
};

function workerEntries(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('-worker.ts')) {
      entries[entry.name.replace(/\.ts$/, '')] = join(entry.parentPath, entry.name);
    }
  }
  return entries;
}

/** The esbuild options of the first step, for the sources under `root`, written to `outdir`. */
function esbuildOptions(root: string, outdir: string): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: { datavet: join(root, 'src/cli/main.ts'), ...workerEntries(join(root, 'src')) },
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    plugins: [externalPackages, arrowEnumWithoutIpcTables],
    banner: { js: REQUIRE_BANNER },
    logLevel: 'warning',
  };
}

/** Chunks smaller than this are merged into others where Rollup can do so without running more code. */
const MIN_CHUNK_BYTES = 100_000;

/** What bundling produced: esbuild's metafile (sources per first-step file) and the final chunks. */
export interface CliBundle {
  /** esbuild's metafile; its output paths are relative to the repository root. */
  readonly metafile: Metafile;
  /** The final chunks; their module ids are the first step's files (absolute paths). */
  readonly chunks: readonly OutputChunk[];
}

/**
 * Bundles the CLI of the sources under `root` into `outdir` (the executable `datavet.js` and one
 * `<name>.js` per worker beside it), or only computes the chunks when `write` is false.
 */
export async function bundleCli(root: string, outdir: string, write: boolean): Promise<CliBundle> {
  const stage = mkdtempSync(join(tmpdir(), 'datavet-cli-bundle-'));
  try {
    const { metafile } = await build({ ...esbuildOptions(root, stage), metafile: true });
    const entries = readdirSync(stage).filter((name) => name === 'datavet.js' || name.endsWith('-worker.js'));
    const bundle = await rollup({
      input: Object.fromEntries(entries.map((name) => [name.replace(/\.js$/, ''), join(stage, name)])),
      // Node built-ins and the packages left out of the first step stay imports.
      external: (id) => !/^[./]/.test(id),
      logLevel: 'warn',
      onwarn(warning, warn) {
        // Arrow's modules import each other in cycles, which evaluate as they did before.
        if (warning.code !== 'CIRCULAR_DEPENDENCY') warn(warning);
      },
    });
    const output = {
      dir: outdir,
      format: 'es' as const,
      entryFileNames: '[name].js',
      // A lazily loaded chunk keeps the name of the module it starts from, without esbuild's hash.
      chunkFileNames: (chunk: { name: string }) => `${chunk.name.replace(/-[A-Z0-9]{8}$/, '')}-[hash].js`,
      experimentalMinChunkSize: MIN_CHUNK_BYTES,
    };
    const { output: files } = write ? await bundle.write(output) : await bundle.generate(output);
    await bundle.close();
    const chunks = files.filter((file): file is OutputChunk => file.type === 'chunk');
    return { metafile, chunks };
  } finally {
    rmSync(stage, { recursive: true, force: true });
  }
}
