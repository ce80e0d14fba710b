/**
 * Builds the `datavet` executable (dist/bin/) from the CLI sources, after `tsc` has built the
 * library (dist/). Why a bundle: Node resolves and links every ES module file on start, and
 * Apache Arrow's ESM build alone is hundreds of files, about 0.2 CPU-s before any work; bundled,
 * the CLI starts in a few files (docs/benchmarks.md, CLI start). The library keeps tsc's one file
 * per module, so `datavet/serving` and the other subpaths load only what they import.
 *
 * - Code splitting: each command and each worker is its own file, loaded when used; `--help`
 *   reads the command summaries written below instead of loading every command. Chunks stay
 *   beside the entries: workers and package.json are found relative to the file running.
 * - How: cli-bundle.ts (esbuild, then Rollup to merge chunks; a test bundles with it too).
 * - Only the pure-JS dependencies named in BUNDLED (and what they import) go into the bundle;
 *   every other package (the SQL drivers, parquet-wasm and its .wasm, engine clients) stays an
 *   import of the installed package, loaded on first use.
 * - Workers are started as `./<name>.js` beside the file that starts them, so each `*-worker.ts`
 *   under src/ is an entry point of the same name in dist/bin/.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { bundleCli } from './cli-bundle.js';

const root = resolve(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'bin');

rmSync(outdir, { recursive: true, force: true });
await bundleCli(root, outdir, true);

// The summaries `datavet --help` lists, read from the built command table once here.
const { commands } = (await import(join(root, 'dist/cli/commands.js'))) as {
  commands: Record<string, () => Promise<{ summary: string }>>;
};
const summaries: Record<string, string> = {};
for (const [name, load] of Object.entries(commands)) summaries[name] = (await load()).summary;
writeFileSync(join(root, 'dist', 'command-summaries.json'), `${JSON.stringify(summaries, null, 2)}\n`);
process.stdout.write(`bundled the CLI into ${relative(root, outdir)}/\n`);
