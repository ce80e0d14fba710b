/**
 * How the `datavet` executable is bundled (esbuild options), shared by scripts/bundle-cli.ts, which
 * writes dist/bin/, and the test that checks what each command's chunks hold
 * (test/package/cli-bundle.test.ts). See bundle-cli.ts for why a bundle and how it is split.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BuildOptions, Plugin } from 'esbuild';

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

/** The esbuild options of the CLI bundle of the sources under `root`, written to `outdir`. */
export function cliBundleOptions(root: string, outdir: string): BuildOptions {
  return {
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
