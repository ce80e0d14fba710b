import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The layer table of docs/architecture.md, as data: each layer and what it may import.
const allowed: Record<string, readonly string[]> = {
  _util: [],
  proto: ['_util'],
  tfmd: ['_util', 'proto'],
  io: ['_util', 'tfmd'],
  stats: ['_util', 'tfmd'],
  environments: ['_util', 'tfmd'],
  schema: ['_util', 'tfmd', 'environments'],
  drift: ['_util', 'tfmd', 'stats'],
  anomalies: ['_util', 'tfmd', 'environments', 'schema', 'drift'],
  serving: ['_util', 'tfmd', 'environments', 'schema', 'anomalies', 'stats'],
  metadata: ['_util'],
  report: ['_util', 'tfmd'],
  engines: ['_util', 'tfmd', 'stats'],
  monitoring: ['_util', 'tfmd', 'stats', 'schema', 'drift'],
  checks: ['_util', 'proto', 'tfmd'],
  pipeline: [
    '_util',
    'proto',
    'tfmd',
    'io',
    'stats',
    'environments',
    'schema',
    'drift',
    'anomalies',
    'serving',
    'metadata',
    'report',
    'engines',
    'monitoring',
    'checks',
  ],
  cli: [
    '_util',
    'proto',
    'tfmd',
    'io',
    'stats',
    'environments',
    'schema',
    'drift',
    'anomalies',
    'serving',
    'metadata',
    'report',
    'pipeline',
    'engines',
    'monitoring',
    'checks',
  ],
};

const srcRoot = resolve(import.meta.dirname, '..', 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative import specifiers of a file, including `import type` and dynamic `import()`. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;
  for (const match of text.matchAll(pattern)) {
    const spec = match[1] ?? match[2];
    if (spec?.startsWith('.')) found.push(spec);
  }
  return found;
}

function layerOf(file: string): string {
  const rel = relative(srcRoot, file);
  const [first] = rel.split(/[\\/]/);
  return rel.includes('/') || rel.includes('\\') ? (first ?? '') : '(root)';
}

function resolveImport(from: string, spec: string): string {
  return resolve(dirname(from), spec.replace(/\.js$/, '.ts'));
}

const files = sourceFiles(srcRoot);

describe('architecture', () => {
  it('every src folder is a known layer', () => {
    const layers = new Set(files.map(layerOf));
    layers.delete('(root)');
    expect([...layers].filter((layer) => !(layer in allowed))).toEqual([]);
  });

  it('imports follow the layer direction of docs/architecture.md', () => {
    const violations: string[] = [];
    for (const file of files) {
      const from = layerOf(file);
      if (from === '(root)') continue; // src/index.ts is the public surface and may re-export anything
      for (const spec of importsOf(file)) {
        const to = layerOf(resolveImport(file, spec));
        if (to === '(root)') {
          violations.push(`${relative(srcRoot, file)} imports the package root (${spec})`);
        } else if (to !== from && !allowed[from]?.includes(to)) {
          violations.push(`${relative(srcRoot, file)} (${from}) imports ${spec} (${to})`);
        }
      }
    }
    expect(violations).toEqual([]);
  });

  it('has no import cycles between files', () => {
    const graph = new Map(
      files.map((file) => [file, importsOf(file).map((spec) => resolveImport(file, spec))] as const),
    );
    const state = new Map<string, 'visiting' | 'done'>();
    const cycles: string[] = [];
    const visit = (file: string, stack: string[]): void => {
      if (state.get(file) === 'done') return;
      if (state.get(file) === 'visiting') {
        cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => relative(srcRoot, f)).join(' -> '));
        return;
      }
      state.set(file, 'visiting');
      for (const next of graph.get(file) ?? []) if (graph.has(next)) visit(next, [...stack, file]);
      state.set(file, 'done');
    };
    for (const file of files) visit(file, []);
    expect(cycles).toEqual([]);
  });

  it("TFDV's vocabulary is declared once, in src/tfmd/vocabulary.ts", () => {
    // Code (comments aside) restating a constant or rule the vocabulary module declares.
    const restatements: readonly [string, RegExp][] = [
      ['the default slice name', /['"`]All Examples['"`]/],
      ['the int64 bounds', /2n \*\* 63n|2 \*\* 63\b|9223372036854775807/],
      ['the severity order', /Record<Severity, number>/],
      ["a feature path's text", /\.step\?*\.join\('\.'\)|step \?\? \[\]\)\.join\('\.'\)/],
    ];
    const declaredIn = new Set(['tfmd/vocabulary.ts', 'proto/integer.ts']);
    const offenders: string[] = [];
    for (const file of files) {
      const rel = relative(srcRoot, file);
      if (declaredIn.has(rel)) continue;
      const code = readFileSync(file, 'utf8')
        .split('\n')
        .filter((line) => !/^\s*(\/\/|\*|\/\*)/.test(line))
        .join('\n');
      for (const [what, pattern] of restatements) if (pattern.test(code)) offenders.push(`${rel}: ${what}`);
    }
    expect(offenders).toEqual([]);
  });

  it('the library never prints: console is used only in src/cli', () => {
    const offenders = files
      .filter((file) => layerOf(file) !== 'cli')
      .filter((file) => /\bconsole\.(log|error|warn|info|debug)\(/.test(readFileSync(file, 'utf8')))
      .map((file) => relative(srcRoot, file));
    expect(offenders).toEqual([]);
  });
});
