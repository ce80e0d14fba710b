import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import { UsageError } from '../../_util/errors.js';
import { unifiedDiff } from '../../_util/unified-diff.js';
import { validateStatisticsAgainstVersions } from '../../anomalies/validate-versions.js';
import type { MetadataStore } from '../../metadata/metadata-store.js';
import { openMetadataStore } from '../../metadata/open-metadata-store.js';
import {
  listSchemaVersions,
  loadSchemaVersion,
  parseSchemaVersionRef,
  registerSchemaVersion,
  type SchemaVersion,
  schemaFingerprint,
} from '../../pipeline/schema-versions.js';
import {
  type CompatibilityClass,
  type CompatibilityMode,
  checkCompatibilityTransitive,
  classifyChanges,
} from '../../schema/compatibility.js';
import { diffSchemas, type SchemaChange } from '../../schema/diff.js';
import { printTextFormat, readMessageFile, toJsonString } from '../../tfmd/index.js';
import type { Schema } from '../../tfmd/types.js';
import { booleanOption, type CliIo, defineCommand, ExitCode, stringListOption, stringOption } from '../command.js';
import { openStoreForReading, sqlitePathOf, storeOption, storeUrlOf } from './metadata-store-option.js';
import { formatChanges } from './schema-changes-format.js';

/** A schema named on the command line: a file, or a registered version (`3`, `v3`). */
interface ResolvedSchema {
  readonly label: string;
  readonly schema: Schema;
  readonly version?: SchemaVersion;
}

/** Lazily opened store, so commands that only compare files never need one. */
class LazyStore {
  private store: MetadataStore | undefined;
  constructor(
    private readonly option: string | undefined,
    private readonly io: CliIo,
  ) {}
  async get(): Promise<MetadataStore> {
    this.store ??= await openStoreForReading(this.option, this.io);
    return this.store;
  }
  async close(): Promise<void> {
    await this.store?.close();
  }
}

async function resolveSchema(ref: string, stores: LazyStore, io: CliIo): Promise<ResolvedSchema> {
  const path = resolve(io.cwd, ref);
  if (existsSync(path)) return { label: ref, schema: await readMessageFile(path, 'Schema') };
  const version = parseSchemaVersionRef(ref);
  if (version === undefined) {
    throw new UsageError(`'${ref}' is neither a schema file nor a version number`, {
      hint: 'give a schema file (.pbtxt, .pb, .json) or a registered version such as v3 (see datavet schema log)',
    });
  }
  const loaded = await loadSchemaVersion(await stores.get(), version);
  if (!loaded.unchanged) warnEdited(loaded.info, io);
  return { label: `v${version}`, schema: loaded.schema, version: loaded.info };
}

function warnEdited(info: SchemaVersion, io: CliIo): void {
  io.stderr.write(`warning: ${info.uri} changed since it was registered as v${info.version}\n`);
}

/** "3 changes (RANGE_WIDENED x2, FEATURE_ADDED)". */
function summarize(changes: readonly SchemaChange[]): string {
  if (changes.length === 0) return 'no changes';
  const counts = new Map<string, number>();
  for (const change of changes) counts.set(change.kind, (counts.get(change.kind) ?? 0) + 1);
  const kinds = [...counts].map(([kind, n]) => (n > 1 ? `${kind} x${n}` : kind)).join(', ');
  return `${changes.length} change${changes.length === 1 ? '' : 's'} (${kinds})`;
}

function diffText(a: ResolvedSchema, b: ResolvedSchema): string {
  return unifiedDiff(printTextFormat('Schema', a.schema), printTextFormat('Schema', b.schema), {
    fromName: a.label,
    toName: b.label,
  });
}

const log = defineCommand({
  name: 'log',
  summary: 'List the registered schema versions, newest first, with what changed and its compatibility class.',
  options: {
    store: storeOption,
    format: { type: 'string', choices: ['text', 'json'], default: 'text', description: 'Output format.' },
  },
  examples: ['datavet schema log', 'datavet schema log --format json'],
  async run(args, io) {
    const store = await openStoreForReading(stringOption(args, 'store'), io);
    const entries: Record<string, unknown>[] = [];
    try {
      const versions = await listSchemaVersions(store);
      const schemas = new Map<number, Schema | undefined>();
      for (const info of versions) {
        try {
          const loaded = await loadSchemaVersion(store, info);
          if (!loaded.unchanged) warnEdited(info, io);
          schemas.set(info.version, loaded.schema);
        } catch (error) {
          io.stderr.write(`warning: v${info.version}: cannot read ${info.uri}: ${(error as Error).message}\n`);
          schemas.set(info.version, undefined);
        }
      }
      for (const info of [...versions].reverse()) {
        const schema = schemas.get(info.version);
        const previous = info.previousVersion !== undefined ? schemas.get(info.previousVersion) : undefined;
        const changes = schema && previous ? diffSchemas(previous, schema) : undefined;
        entries.push({
          ...info,
          ...(info.createTime !== undefined ? { created: new Date(info.createTime).toISOString() } : {}),
          ...(changes ? { changes, compatibility: classifyChanges(changes) } : {}),
        });
      }
    } finally {
      await store.close();
    }
    if (stringOption(args, 'format') === 'json') {
      io.stdout.write(`${JSON.stringify(entries, null, 2)}\n`);
      return ExitCode.OK;
    }
    if (entries.length === 0) {
      io.stdout.write('no schema versions (register one with datavet schema register SCHEMA)\n');
      return ExitCode.OK;
    }
    const lines: string[] = [];
    for (const entry of entries) {
      const info = entry as unknown as SchemaVersion & {
        created?: string;
        changes?: SchemaChange[];
        compatibility?: string;
      };
      lines.push(`v${info.version}  ${info.created ?? ''}  ${info.uri}`);
      if (info.message) lines.push(`    ${info.message}`);
      if (info.previousVersion === undefined) lines.push('    first version');
      else if (info.changes) {
        lines.push(`    vs v${info.previousVersion}: ${summarize(info.changes)}; ${info.compatibility}`);
      } else lines.push(`    vs v${info.previousVersion}: (schema file unreadable)`);
      if (info.statisticsArtifactIds.length) {
        lines.push(`    statistics: ${info.statisticsArtifactIds.map((id) => `#${id}`).join(', ')}`);
      }
    }
    io.stdout.write(`${lines.join('\n')}\n`);
    return ExitCode.OK;
  },
});

const show = defineCommand({
  name: 'show',
  summary: 'Print a registered schema version as textproto (or JSON).',
  positionals: [{ name: 'VERSION', description: 'Version number, e.g. 3 or v3.', required: true }],
  options: {
    store: storeOption,
    format: { type: 'string', choices: ['pbtxt', 'json'], default: 'pbtxt', description: 'Output format.' },
  },
  examples: ['datavet schema show v3'],
  async run(args, io) {
    const ref = args.positionals[0] ?? '';
    const version = parseSchemaVersionRef(ref);
    if (version === undefined) throw new UsageError(`schema show: '${ref}' is not a version number (e.g. 3 or v3)`);
    const store = await openStoreForReading(stringOption(args, 'store'), io);
    try {
      const loaded = await loadSchemaVersion(store, version);
      if (!loaded.unchanged) warnEdited(loaded.info, io);
      io.stdout.write(
        stringOption(args, 'format') === 'json'
          ? toJsonString('Schema', loaded.schema)
          : printTextFormat('Schema', loaded.schema),
      );
    } finally {
      await store.close();
    }
    return ExitCode.OK;
  },
});

const diff = defineCommand({
  name: 'diff',
  summary: 'List the changes between two schemas, feature by feature, with their compatibility class.',
  description:
    'OLD and NEW are schema files (.pbtxt, .pb, .json) or registered versions (3, v3). --format unified prints the two schemas as textproto in unified diff form, for code review.',
  positionals: [
    { name: 'OLD', description: 'Old schema: file or version.', required: true },
    { name: 'NEW', description: 'New schema: file or version.', required: true },
  ],
  options: {
    store: storeOption,
    format: {
      type: 'string',
      choices: ['text', 'json', 'unified'],
      default: 'text',
      description: 'text (per feature), json (the change list) or unified (textproto diff).',
    },
  },
  examples: ['datavet schema diff v2 v3', 'datavet schema diff schema.pbtxt new/schema.pbtxt --format unified'],
  async run(args, io) {
    const stores = new LazyStore(stringOption(args, 'store'), io);
    try {
      const a = await resolveSchema(args.positionals[0] ?? '', stores, io);
      const b = await resolveSchema(args.positionals[1] ?? '', stores, io);
      const format = stringOption(args, 'format');
      if (format === 'unified') {
        io.stdout.write(diffText(a, b));
      } else {
        const changes = diffSchemas(a.schema, b.schema);
        io.stdout.write(
          format === 'json'
            ? `${JSON.stringify({ old: a.label, new: b.label, compatibility: classifyChanges(changes), changes }, null, 2)}\n`
            : formatChanges(changes),
        );
      }
    } finally {
      await stores.close();
    }
    return ExitCode.OK;
  },
});

const checkCompat = defineCommand({
  name: 'check-compat',
  summary: 'Check that a schema change keeps a compatibility mode; exit 1 on a violation (for CI).',
  description:
    'backward: data valid under OLD stays valid under NEW. forward: data valid under NEW is valid under OLD. full: both. With --transitive NEW is checked against OLD and every version OLD derives from (OLD must then be a version).',
  positionals: [
    { name: 'OLD', description: 'Old schema: file or version.', required: true },
    { name: 'NEW', description: 'New schema: file or version.', required: true },
  ],
  options: {
    mode: {
      type: 'string',
      choices: ['backward', 'forward', 'full'],
      default: 'backward',
      description: 'Compatibility mode to enforce.',
    },
    transitive: { type: 'boolean', description: "Also check against OLD's earlier versions." },
    store: storeOption,
    format: { type: 'string', choices: ['text', 'json'], default: 'text', description: 'Output format.' },
  },
  examples: [
    'datavet schema check-compat v3 new/schema.pbtxt --mode backward',
    'datavet schema check-compat v3 v4 --mode full --transitive',
  ],
  async run(args, io) {
    const mode = (stringOption(args, 'mode') ?? 'backward') as CompatibilityMode;
    const stores = new LazyStore(stringOption(args, 'store'), io);
    const results: { against: string; class: CompatibilityClass; violations: readonly SchemaChange[] }[] = [];
    try {
      const a = await resolveSchema(args.positionals[0] ?? '', stores, io);
      const b = await resolveSchema(args.positionals[1] ?? '', stores, io);
      const history: ResolvedSchema[] = [a];
      if (booleanOption(args, 'transitive')) {
        if (!a.version) {
          throw new UsageError('check-compat --transitive: OLD must be a registered version (e.g. v3)', {
            hint: 'the versions it derives from are read from the metadata store',
          });
        }
        const versions = await listSchemaVersions(await stores.get());
        for (let at = a.version.previousVersion; at !== undefined; ) {
          const info = versions.find((v) => v.version === at);
          if (!info || history.some((h) => h.version?.version === at)) break;
          const loaded = await loadSchemaVersion(await stores.get(), info);
          history.unshift({ label: `v${at}`, schema: loaded.schema, version: info });
          at = info.previousVersion;
        }
      }
      const transitive = checkCompatibilityTransitive([...history.map((h) => h.schema), b.schema], mode);
      for (const [index, earlier] of history.entries()) {
        const changes = diffSchemas(earlier.schema, b.schema);
        results.push({
          against: earlier.label,
          class: classifyChanges(changes),
          violations: transitive.violations.filter((v) => v.from === index).map((v) => v.change),
        });
      }
      const compatible = transitive.compatible;
      if (stringOption(args, 'format') === 'json') {
        io.stdout.write(`${JSON.stringify({ new: b.label, mode, compatible, results }, null, 2)}\n`);
      } else {
        const lines: string[] = [];
        for (const result of [...results].reverse()) {
          const status = result.violations.length === 0 ? 'ok' : `${result.violations.length} violation(s)`;
          lines.push(`${result.against} -> ${b.label}: ${result.class}; ${mode}: ${status}`);
          for (const v of result.violations) lines.push(`  ${v.path || 'schema'}: ${v.kind} ${v.description}`);
        }
        lines.push(compatible ? `compatible (${mode})` : `NOT ${mode} compatible`);
        io.stdout.write(`${lines.join('\n')}\n`);
      }
      return compatible ? ExitCode.OK : ExitCode.FAILED;
    } finally {
      await stores.close();
    }
  },
});

/** Where registered schemas are copied: next to a SQLite store, else under the working directory. */
function schemasDir(storeUrl: string, io: CliIo): string {
  const raw = sqlitePathOf(storeUrl);
  if (raw === undefined) return resolve(io.cwd, '.datavet', 'schemas');
  const path = isAbsolute(raw) ? raw : resolve(io.cwd, raw);
  return join(dirname(path), 'schemas');
}

const register = defineCommand({
  name: 'register',
  summary: 'Register a schema as the next version in the metadata store.',
  description:
    'The schema is copied to an immutable file named by its content hash (next to a SQLite store, in schemas/) and recorded as a Schema artifact with version N, linked to the previous version and to the statistics artifacts given. Registering a schema identical to the latest version does nothing.',
  positionals: [{ name: 'SCHEMA', description: 'Schema file (.pbtxt, .pb, .json).', required: true }],
  options: {
    message: { type: 'string', short: 'm', valueName: 'M', description: 'Why this version exists.' },
    previous: { type: 'string', valueName: 'VERSION', description: 'Version it derives from (default: the latest).' },
    statistics: {
      type: 'string',
      multiple: true,
      valueName: 'ID',
      description: 'Id of a statistics artifact that motivated the change.',
    },
    'in-place': { type: 'boolean', description: 'Record the file where it is instead of copying it.' },
    store: storeOption,
  },
  examples: ['datavet schema register schema.pbtxt -m "accept Prcard payments"'],
  async run(args, io) {
    const file = resolve(io.cwd, args.positionals[0] ?? '');
    const schema = await readMessageFile(file, 'Schema');
    const storeUrl = storeUrlOf(stringOption(args, 'store'), io);
    const previousRef = stringOption(args, 'previous');
    const previous = previousRef === undefined ? undefined : parseSchemaVersionRef(previousRef);
    if (previousRef !== undefined && previous === undefined) {
      throw new UsageError(`schema register: --previous '${previousRef}' is not a version number`);
    }
    const statisticsArtifactIds = stringListOption(args, 'statistics').map((id) => {
      if (!/^[1-9][0-9]*$/.test(id))
        throw new UsageError(`schema register: --statistics '${id}' is not an artifact id`);
      return Number(id);
    });
    let uri = file;
    if (!booleanOption(args, 'in-place')) {
      const dir = schemasDir(storeUrl, io);
      uri = join(dir, `${schemaFingerprint(schema).slice(0, 16)}.pbtxt`);
      if (!existsSync(uri)) await writeFileAtomic(uri, printTextFormat('Schema', schema));
    }
    const sqlitePath = sqlitePathOf(storeUrl);
    if (sqlitePath !== undefined && sqlitePath !== ':memory:') {
      await mkdir(dirname(resolve(io.cwd, sqlitePath)), { recursive: true });
    }
    const store = await openMetadataStore({ url: storeUrl, cwd: io.cwd });
    try {
      const message = stringOption(args, 'message');
      const result = await registerSchemaVersion(store, {
        schemaUri: uri,
        schema,
        ...(previous !== undefined ? { previous } : {}),
        ...(statisticsArtifactIds.length ? { statisticsArtifactIds } : {}),
        ...(message !== undefined ? { message } : {}),
      });
      io.stdout.write(
        result.created
          ? `registered v${result.version} (${uri})\n`
          : `unchanged: identical to v${result.version}, nothing registered\n`,
      );
    } finally {
      await store.close();
    }
    return ExitCode.OK;
  },
});

const validate = defineCommand({
  name: 'validate',
  summary: 'Validate statistics against several schema versions and report which accept them.',
  description:
    'Each SCHEMA is a file or a registered version; without any, every registered version is used. Exits 1 when a listed version rejects the data (e.g. data from clients built against v2 must stay valid under v3 and v4).',
  positionals: [
    { name: 'STATS', description: 'Statistics file (DatasetFeatureStatisticsList).', required: true },
    { name: 'SCHEMA', description: 'Schema files or versions (default: every version).', variadic: true },
  ],
  options: {
    environment: { type: 'string', valueName: 'NAME', description: 'Environment the statistics come from.' },
    store: storeOption,
    format: { type: 'string', choices: ['text', 'json'], default: 'text', description: 'Output format.' },
  },
  examples: ['datavet schema validate stats.pb', 'datavet schema validate stats.pb v2 v3 --environment SERVING'],
  async run(args, io) {
    const [statsPath = '', ...refs] = args.positionals;
    const statistics = await readMessageFile(resolve(io.cwd, statsPath), 'DatasetFeatureStatisticsList');
    const stores = new LazyStore(stringOption(args, 'store'), io);
    const versions: { label: string; schema: Schema }[] = [];
    try {
      if (refs.length === 0) {
        for (const info of await listSchemaVersions(await stores.get())) {
          versions.push({
            label: `v${info.version}`,
            schema: (await loadSchemaVersion(await stores.get(), info)).schema,
          });
        }
        if (versions.length === 0)
          throw new UsageError('schema validate: no registered schema versions; name schema files');
      }
      for (const ref of refs) {
        const resolved = await resolveSchema(ref, stores, io);
        versions.push({ label: resolved.label, schema: resolved.schema });
      }
    } finally {
      await stores.close();
    }
    const environment = stringOption(args, 'environment');
    const result = validateStatisticsAgainstVersions(statistics, versions, environment ? { environment } : {});
    if (stringOption(args, 'format') === 'json') {
      io.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    } else {
      const lines = result.results.map((r) => {
        if (r.accepted) return `${r.label}: accepts`;
        if (r.error) return `${r.label}: rejects (${r.error})`;
        const features = r.anomalousFeatures.map((f) => f || '(dataset)').join(', ');
        return `${r.label}: rejects (${r.anomalousFeatures.length} with anomalies: ${features})`;
      });
      lines.push(`accepted by ${result.accepting.length} of ${result.results.length}`);
      io.stdout.write(`${lines.join('\n')}\n`);
    }
    return result.accepting.length === result.results.length ? ExitCode.OK : ExitCode.FAILED;
  },
});

export default defineCommand({
  name: 'schema',
  summary: 'Schema versions, diffs and compatibility checks.',
  subcommands: {
    log: async () => log,
    show: async () => show,
    diff: async () => diff,
    'check-compat': async () => checkCompat,
    register: async () => register,
    validate: async () => validate,
    set: () => import('./schema-set.js').then((m) => m.default),
  },
});
