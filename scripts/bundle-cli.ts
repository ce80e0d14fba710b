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
 * - Only the pure-JS dependencies named in BUNDLED (and what they import) go into the bundle;
 *   every other package (the SQL drivers, parquet-wasm and its .wasm, engine clients) stays an
 *   import of the installed package, loaded on first use.
 * - Workers are started as `./<name>.js` beside the file that starts them, so each `*-worker.ts`
 *   under src/ is an entry point of the same name in dist/bin/.
 */
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { build, type Plugin } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const outdir = join(root, 'dist', 'bin');
const BUNDLED = new Set(['apache-arrow', 'yaml']);

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

function workerEntries(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('-worker.ts')) {
      entries[entry.name.replace(/\.ts$/, '')] = join(entry.parentPath, entry.name);
    }
  }
  return entries;
}

rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { datavet: join(root, 'src/cli/main.ts'), ...workerEntries(join(root, 'src')) },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  plugins: [externalPackages],
  // CommonJS dependencies (yaml) call require(); give the ES module bundle one.
  banner: { js: "import { createRequire as __datavetRequire } from 'node:module';\nconst require = __datavetRequire(import.meta.url);" },
  logLevel: 'warning',
});

// The summaries `datavet --help` lists, read from the built command table once here.
const { commands } = (await import(join(root, 'dist/cli/commands.js'))) as {
  commands: Record<string, () => Promise<{ summary: string }>>;
};
const summaries: Record<string, string> = {};
for (const [name, load] of Object.entries(commands)) summaries[name] = (await load()).summary;
writeFileSync(join(root, 'dist', 'command-summaries.json'), `${JSON.stringify(summaries, null, 2)}\n`);
process.stdout.write(`bundled the CLI into ${relative(root, outdir)}/\n`);
