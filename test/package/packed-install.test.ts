import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tracedUrls, writeModuleTracer } from '../helpers/module-trace.js';
import { installOffline, packPackage, writeConsumerProject } from '../helpers/packed-package.js';
import { runCli } from '../helpers/run-cli.js';

// The package as a user gets it: `npm pack` (its `prepare` builds dist/), the tarball installed
// into a new project from the npm cache without the network, and used there. The install omits
// optional dependencies (better-sqlite3), as a service that only validates requests would.
const root = resolve(import.meta.dirname, '../..');
let project = '';
let tarball = '';

function run(command: string, args: readonly string[], cwd = project) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  project = mkdtempSync(join(tmpdir(), 'datavet-consumer-'));
  tarball = packPackage(root, project);
  writeConsumerProject(project, tarball, join(root, 'package-lock.json'));
  installOffline(project, true);
}, 300_000);

afterAll(() => {
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('the packed package, installed offline into a new project', () => {
  it('installs without the SQL drivers: pg and mysql2 are optional peers, better-sqlite3 optional', () => {
    const installed = (name: string) => existsSync(join(project, 'node_modules', name, 'package.json'));
    expect(installed('datavet')).toBe(true);
    expect(['pg', 'mysql2', 'better-sqlite3', '@duckdb/node-api'].filter(installed)).toEqual([]);
  });

  it("runs the README's library example", () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    const code = /```ts\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
    expect(code).toContain("from 'datavet'");
    writeFileSync(join(project, 'readme-example.mjs'), code);
    // Run from the repository: the example reads datasets/ relative to the working directory.
    const result = run('node', [join(project, 'readme-example.mjs')], root);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    // The serving split is clean in SERVING (the first line); the malformed request is not.
    expect(result.stdout.split('\n')[0]).toBe('[]');
    expect(result.stdout).toContain("'UNEXPECTED_DATA_TYPE'");
    expect(result.stdout).toContain("'SCHEMA_MISSING_COLUMN'");
  });

  it('datavet/serving loads no SQL driver, Arrow, wasm or worker (module graph and WebAssembly calls)', () => {
    // A resolve hook records every module the process resolves; WebAssembly's entry points count calls.
    const tracer = writeModuleTracer(project);
    writeFileSync(
      join(project, 'serving-only.mjs'),
      `const wasm = [];
for (const name of ['compile', 'instantiate', 'compileStreaming', 'instantiateStreaming', 'validate']) {
  const original = WebAssembly[name];
  WebAssembly[name] = function (...args) { wasm.push(name); return original.apply(this, args); };
}
WebAssembly.Module = new Proxy(WebAssembly.Module, {
  construct(target, args) { wasm.push('Module'); return Reflect.construct(target, args); },
});
const serving = await import('datavet/serving');
const schema = serving.parseTextFormat(
  'Schema',
  'feature { name: "fare" type: FLOAT presence { min_fraction: 1 } value_count { min: 1 max: 1 } }',
);
const validator = serving.createRequestValidator(schema);
const handler = serving.createSidecarHandler(validator);
console.log(JSON.stringify({
  wasm,
  clean: validator.validate({ fare: 1.5 }).map((a) => a.code),
  bad: validator.validate({ fare: 'x' }).map((a) => a.code),
  handler: typeof handler,
}));
`,
    );
    const trace = join(project, 'trace.txt');
    const result = spawnSync('node', ['--import', tracer, 'serving-only.mjs'], {
      cwd: project,
      encoding: 'utf8',
      env: { ...process.env, DATAVET_TRACE: trace },
    });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({
      wasm: [],
      clean: [],
      bad: ['UNEXPECTED_DATA_TYPE'],
      handler: 'function',
    });
    const loaded = tracedUrls(trace);
    // The hook saw the package's own files (so an empty list below means something).
    expect(loaded.some((url) => url.endsWith('/node_modules/datavet/dist/serving.js'))).toBe(true);
    expect(loaded.some((url) => url.endsWith('/node_modules/datavet/dist/serving/request-validator.js'))).toBe(true);
    const forbidden = loaded.filter(
      (url) =>
        /\/node_modules\/(pg|mysql2|better-sqlite3|parquet-wasm|apache-arrow|@duckdb)\//.test(url) ||
        /-worker\.js$|\/worker-thread\.js$|\/dist\/bin\//.test(url) ||
        url === 'node:worker_threads' ||
        url.endsWith('.wasm'),
    );
    expect(forbidden).toEqual([]);
  });

  it('runs `npx datavet --help` (the bundled CLI, same text as the sources) and `datavet stats` with workers', async () => {
    const help = run('npx', ['--offline', 'datavet', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toBe((await runCli(['--help'])).stdout);
    // Two Parquet files, two jobs: ZSTD, which only parquet-wasm reads, so the bundled decode worker runs.
    const parquet = join(root, 'test/fixtures/io/taxi-row-groups.parquet');
    const stats = run('npx', [
      '--offline',
      'datavet',
      'stats',
      parquet,
      parquet,
      '--jobs',
      '2',
      '-o',
      'stats.pb',
      '-q',
    ]);
    expect(stats.stderr).toBe('');
    expect(stats.code).toBe(0);
    const expected = await runCli(['stats', parquet, parquet, '--jobs', '1', '-o', join(project, 'expected.pb'), '-q']);
    expect(expected.code).toBe(0);
    expect(readFileSync(join(project, 'stats.pb')).equals(readFileSync(join(project, 'expected.pb')))).toBe(true);
  });

  it('says which package to install when a metadata store needs a driver that is not installed', () => {
    writeFileSync(
      join(project, 'missing-driver.mjs'),
      `import { openMetadataStore } from 'datavet/metadata';
for (const url of ['postgres://127.0.0.1:1/x', 'mysql://root@127.0.0.1:1/x', 'sqlite::memory:']) {
  try { await openMetadataStore(url); console.log('opened ' + url); }
  catch (error) { console.log(error.code + ': ' + error.describe()); }
}
`,
    );
    const result = run('node', ['missing-driver.mjs']);
    expect(result.stdout.trim().split('\n')).toEqual(
      [
        "USAGE: a PostgreSQL metadata store needs the npm package 'pg', which is not installed\n  hint: install it in your project: npm install pg",
        "USAGE: a MySQL or MariaDB metadata store needs the npm package 'mysql2', which is not installed\n  hint: install it in your project: npm install mysql2",
        "USAGE: a SQLite metadata store (the default; memory: needs none) needs the npm package 'better-sqlite3', which is not installed\n  hint: install it in your project: npm install better-sqlite3",
      ].flatMap((line) => line.split('\n')),
    );
    // The CLI prints the same as one usage error (exit 2), no stack.
    const cli = run('npx', [
      '--offline',
      'datavet',
      'metadata',
      'list',
      'artifacts',
      '--store',
      'postgres://127.0.0.1:1/x',
    ]);
    expect(cli.code).toBe(2);
    expect(cli.stderr).toContain("needs the npm package 'pg'");
    expect(cli.stderr).not.toContain('    at ');
  });

  it('has types that resolve under moduleResolution node16 and bundler, for every subpath', () => {
    const subpaths = Object.keys(
      (
        JSON.parse(readFileSync(join(project, 'node_modules/datavet/package.json'), 'utf8')) as {
          exports: Record<string, unknown>;
        }
      ).exports,
    ).filter((key) => key !== './package.json');
    const imports = subpaths.map((key, i) => `import * as m${i} from '${key.replace(/^\./, 'datavet')}';`);
    writeFileSync(
      join(project, 'all-subpaths.ts'),
      `${imports.join('\n')}\nexport const modules = [${subpaths.map((_, i) => `m${i}`).join(', ')}];\n`,
    );
    const readme = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(root, 'README.md'), 'utf8'))?.[1] ?? '';
    writeFileSync(join(project, 'readme-example.ts'), readme);
    writeFileSync(
      join(project, 'serving-types.ts'),
      `import { createRequestValidator, loadSchemaText, type RequestAnomaly } from 'datavet/serving';
const validator = createRequestValidator(await loadSchemaText('schema.pbtxt'), { environment: 'SERVING' });
export const codes: string[] = validator.validate({ fare: 1 }).map((a: RequestAnomaly) => a.code);
`,
    );
    const compilerOptions = {
      target: 'ES2022',
      lib: ['ES2023'],
      strict: true,
      noEmit: true,
      skipLibCheck: true,
      types: ['node'],
      typeRoots: [join(root, 'node_modules/@types')],
    };
    for (const [name, options] of [
      ['node16', { module: 'node16', moduleResolution: 'node16' }],
      ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
    ] as const) {
      writeFileSync(
        join(project, `tsconfig.${name}.json`),
        JSON.stringify({
          compilerOptions: { ...compilerOptions, ...options },
          files: ['all-subpaths.ts', 'readme-example.ts', 'serving-types.ts'],
        }),
      );
      const tsc = run('node', [join(root, 'node_modules/typescript/bin/tsc'), '-p', `tsconfig.${name}.json`]);
      expect(`${name}: ${tsc.stdout}${tsc.stderr}`).toBe(`${name}: `);
      expect(tsc.code).toBe(0);
    }
  });

  it('publishes cleanly: `npm publish --dry-run` corrects nothing in package.json', () => {
    // dist/ is the one `npm pack` just built; --ignore-scripts keeps it from building again.
    const result = run('npm', ['publish', '--dry-run', '--ignore-scripts', '--offline'], root);
    expect(result.code).toBe(0);
    const warnings = result.stderr.split('\n').filter((line) => line.startsWith('npm warn'));
    // Only the note that a dry run is not logged in may remain.
    expect(warnings.filter((line) => !/requires you to be logged in/.test(line))).toEqual([]);
  });

  it('passes publint (strict) on the installed package files', async () => {
    const { publint } = await import('publint');
    const { messages } = await publint({ pkgDir: join(project, 'node_modules/datavet'), pack: false, strict: true });
    expect(messages).toEqual([]);
    // The tarball holds the built library, the bundled CLI and the changelog, not sources, tests or maps.
    const listing = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
    const files = listing.trim().split('\n');
    expect(files).toContain('package/dist/bin/datavet.js');
    expect(files).toContain('package/dist/serving.d.ts');
    expect(files).toContain('package/CHANGELOG.md');
    expect(files.filter((f) => /\.map$|^package\/(src|test|datasets)\//.test(f))).toEqual([]);
  });
});
