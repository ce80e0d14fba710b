import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

// Packs the package as `npm publish` would and installs the tarball into a new project without the
// network: the new project gets a lockfile whose entries are copied from this repository's lockfile
// (the same versions and integrity hashes `npm ci` already put in the npm cache), so
// `npm ci --offline` reads every tarball from the cache.

interface LockEntry {
  version?: string;
  resolved?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  dev?: boolean;
  optional?: boolean;
  devOptional?: boolean;
  peer?: boolean;
  [key: string]: unknown;
}

interface PackageJson {
  name: string;
  version: string;
  dependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  peerDependenciesMeta?: Record<string, { optional?: boolean }>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  license?: string;
}

/** `npm pack` of `root` into `destination` (which runs `prepare`, the build); the tarball's path. */
export function packPackage(root: string, destination: string): string {
  mkdirSync(destination, { recursive: true });
  const out = execFileSync('npm', ['pack', '--json', '--pack-destination', destination], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // `prepare` output precedes the JSON on stdout.
  const json = JSON.parse(out.slice(out.indexOf('[\n'))) as { filename: string }[];
  return join(destination, basename(json[0]?.filename ?? ''));
}

/** The lockfile entries (path -> entry) that `names`, required from `from`, resolve to. */
function closure(lock: Record<string, LockEntry>, names: Iterable<string>, from: string, into: Set<string>): void {
  const resolveFrom = (dir: string, name: string): string | undefined => {
    for (let base = dir; ; ) {
      const candidate = base ? `${base}/node_modules/${name}` : `node_modules/${name}`;
      if (lock[candidate]) return candidate;
      if (!base) return undefined;
      const cut = base.lastIndexOf('/node_modules/');
      base = cut < 0 ? '' : base.slice(0, cut);
    }
  };
  for (const name of names) {
    const path = resolveFrom(from, name);
    if (!path) throw new Error(`package-lock.json has no entry for ${name} (needed from ${from || 'the root'})`);
    if (into.has(path)) continue;
    into.add(path);
    const entry = lock[path] as LockEntry;
    const optionalPeers = new Set(
      Object.entries(entry.peerDependenciesMeta ?? {})
        .filter(([, meta]) => meta.optional)
        .map(([n]) => n),
    );
    const requiredPeers = Object.keys(entry.peerDependencies ?? {}).filter((n) => !optionalPeers.has(n));
    closure(lock, [...Object.keys(entry.dependencies ?? {}), ...requiredPeers], path, into);
    // An optional dependency that is not in the lockfile was not installable here (another platform).
    const optional = Object.keys(entry.optionalDependencies ?? {}).filter((n) => resolveFrom(path, n));
    closure(lock, optional, path, into);
  }
}

/**
 * Writes a project in `dir` that depends on `tarball` only, with a lockfile built from
 * `rootLockPath`; `npm ci --offline` then installs it from the npm cache.
 */
export function writeConsumerProject(dir: string, tarball: string, rootLockPath: string): void {
  mkdirSync(dir, { recursive: true });
  const pkg = JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }));
  const { name, version } = pkg as PackageJson;
  const meta = pkg as PackageJson;
  const lock = (JSON.parse(readFileSync(rootLockPath, 'utf8')) as { packages: Record<string, LockEntry> }).packages;
  const spec = `file:${basename(tarball)}`;
  const required = new Set<string>();
  closure(lock, Object.keys(meta.dependencies ?? {}), '', required);
  const all = new Set(required);
  closure(lock, Object.keys(meta.optionalDependencies ?? {}), '', all);
  const packages: Record<string, LockEntry> = {
    '': { name: 'datavet-consumer', version: '1.0.0', dependencies: { [name]: spec } },
    [`node_modules/${name}`]: {
      version,
      resolved: spec,
      ...(meta.license ? { license: meta.license } : {}),
      ...(meta.dependencies ? { dependencies: meta.dependencies } : {}),
      ...(meta.optionalDependencies ? { optionalDependencies: meta.optionalDependencies } : {}),
      ...(meta.peerDependencies ? { peerDependencies: meta.peerDependencies } : {}),
      ...(meta.peerDependenciesMeta ? { peerDependenciesMeta: meta.peerDependenciesMeta } : {}),
      ...(meta.bin ? { bin: meta.bin } : {}),
      ...(meta.engines ? { engines: meta.engines } : {}),
    },
  };
  for (const path of [...all].sort()) {
    const {
      dev: _dev,
      optional: _optional,
      devOptional: _devOptional,
      peer: _peer,
      ...entry
    } = lock[path] as LockEntry;
    packages[path] = required.has(path) ? entry : { ...entry, optional: true };
  }
  writeFileSync(
    join(dir, 'package.json'),
    `${JSON.stringify({ name: 'datavet-consumer', version: '1.0.0', private: true, type: 'module', dependencies: { [name]: spec } }, null, 2)}\n`,
  );
  writeFileSync(
    join(dir, 'package-lock.json'),
    `${JSON.stringify({ name: 'datavet-consumer', version: '1.0.0', lockfileVersion: 3, requires: true, packages }, null, 2)}\n`,
  );
}

/** `npm ci --offline` in `dir`; `omitOptional` leaves out better-sqlite3 (a serving-only install). */
export function installOffline(dir: string, omitOptional: boolean): void {
  execFileSync(
    'npm',
    ['ci', '--offline', '--no-audit', '--no-fund', '--ignore-scripts', ...(omitOptional ? ['--omit=optional'] : [])],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8' },
  );
}
