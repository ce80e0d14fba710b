import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { writeFileAtomic } from '../../_util/atomic-write.js';
import { UsageError } from '../../_util/errors.js';
import { unifiedDiff } from '../../_util/unified-diff.js';
import { curateFeature, type FeatureCuration } from '../../schema/curate-feature.js';
import { diffSchemas } from '../../schema/diff.js';
import type { DomainInfo } from '../../schema/set-domain.js';
import {
  editTextFormat,
  formatFromPath,
  parseTextFormat,
  printTextFormat,
  readMessageFile,
  writeMessageFile,
} from '../../tfmd/index.js';
import type { FeatureComparator, Schema } from '../../tfmd/types.js';
import { booleanOption, defineCommand, ExitCode, type ParsedCommandArgs, stringOption } from '../command.js';
import { formatChanges } from './schema-changes-format.js';

/** `MIN..MAX`, either side may be empty: `0..`, `..100`, `-5..5`. */
function parseRange(
  args: ParsedCommandArgs,
  name: string,
  integer: boolean,
): { min?: number; max?: number } | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const match = /^\s*([^.]*(?:\.\d+)?)?\s*\.\.\s*(.*?)\s*$/.exec(raw);
  const bad = (): never => {
    throw new UsageError(`schema set: --${name} expects MIN..MAX (either side may be left out), got '${raw}'`, {
      hint: `for example --${name} 0..100, --${name} 0.., or --${name}=-5..5 for a negative bound`,
    });
  };
  if (!match) return bad();
  const bound = (text: string | undefined): number | undefined => {
    if (text === undefined || text.trim() === '') return undefined;
    const value = Number(text);
    if (!Number.isFinite(value) || (integer && !Number.isSafeInteger(value))) return bad();
    return value;
  };
  const min = bound(match[1]);
  const max = bound(match[2]);
  if (min === undefined && max === undefined) return bad();
  if (min !== undefined && max !== undefined && min > max) {
    throw new UsageError(`schema set: --${name} ${raw}: MIN is above MAX`);
  }
  return { ...(min !== undefined ? { min } : {}), ...(max !== undefined ? { max } : {}) };
}

function parseFraction(args: ParsedCommandArgs, name: string): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new UsageError(`schema set: --${name} expects a number from 0 to 1, got '${raw}'`);
  }
  return value;
}

function listOption(args: ParsedCommandArgs, name: string): string[] | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  return raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** A comparator from `--skew-linf 0.01 --skew-jsd 0.1`; `none` on every given flag removes it. */
function comparator(args: ParsedCommandArgs, kind: 'skew' | 'drift'): FeatureComparator | null | undefined {
  const flags = {
    infinityNorm: `${kind}-linf`,
    jensenShannonDivergence: `${kind}-jsd`,
    normalizedAbsDifference: `${kind}-nad`,
  };
  const given = Object.entries(flags).filter(([, flag]) => stringOption(args, flag) !== undefined);
  if (given.length === 0) return undefined;
  if (given.every(([, flag]) => stringOption(args, flag) === 'none')) return null;
  const out: Record<string, { threshold: number }> = {};
  for (const [key, flag] of given) {
    const raw = stringOption(args, flag) ?? '';
    const threshold = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(threshold) || threshold < 0) {
      throw new UsageError(`schema set: --${flag} expects a threshold >= 0 (or none), got '${raw}'`);
    }
    out[key] = { threshold };
  }
  return out as FeatureComparator;
}

function domainOf(args: ParsedCommandArgs): DomainInfo | string | null | undefined {
  const chosen = [
    ['int-domain', parseRange(args, 'int-domain', true)],
    ['float-domain', parseRange(args, 'float-domain', false)],
    ['values', listOption(args, 'values')],
    ['domain', stringOption(args, 'domain')],
    ['clear-domain', booleanOption(args, 'clear-domain') || undefined],
  ].filter(([, v]) => v !== undefined);
  if (chosen.length > 1) {
    throw new UsageError(`schema set: give one domain, not ${chosen.map(([k]) => `--${k}`).join(' and ')}`);
  }
  const [key, value] = chosen[0] ?? [];
  switch (key) {
    case 'int-domain':
      return { intDomain: value as { min?: number; max?: number } };
    case 'float-domain':
      return { floatDomain: value as { min?: number; max?: number } };
    case 'values':
      return { stringDomain: { value: value as string[] } };
    case 'domain':
      return value as string;
    case 'clear-domain':
      return null;
    default:
      return undefined;
  }
}

/** The curation the flags ask for. */
export function curationFromArgs(args: ParsedCommandArgs): FeatureCuration {
  const presenceFlags = ['required', 'optional'].filter((f) => booleanOption(args, f));
  const minFraction = parseFraction(args, 'min-fraction');
  const minCount = stringOption(args, 'min-count');
  if (presenceFlags.length + (minFraction !== undefined || minCount !== undefined ? 1 : 0) > 1) {
    throw new UsageError('schema set: give one of --required, --optional, or --min-fraction/--min-count');
  }
  let presence: FeatureCuration['presence'];
  if (presenceFlags[0] === 'required') presence = 'required';
  else if (presenceFlags[0] === 'optional') presence = 'optional';
  else if (minFraction !== undefined || minCount !== undefined) {
    const count = minCount === undefined ? undefined : Number(minCount);
    if (count !== undefined && (!Number.isSafeInteger(count) || count < 0)) {
      throw new UsageError(`schema set: --min-count expects a whole number >= 0, got '${minCount}'`);
    }
    presence = {
      ...(minFraction !== undefined ? { minFraction } : {}),
      ...(count !== undefined ? { minCount: count } : {}),
    };
  }
  const valueCount = booleanOption(args, 'clear-value-count') ? null : parseRange(args, 'value-count', true);
  const domain = domainOf(args);
  const inEnvironment = listOption(args, 'in-environment');
  const notInEnvironment = listOption(args, 'not-in-environment');
  const skewComparator = comparator(args, 'skew');
  const driftComparator = comparator(args, 'drift');
  const curation: FeatureCuration = {
    ...(domain !== undefined ? { domain } : {}),
    ...(presence !== undefined ? { presence } : {}),
    ...(valueCount !== undefined ? { valueCount } : {}),
    ...(inEnvironment !== undefined ? { inEnvironment } : {}),
    ...(notInEnvironment !== undefined ? { notInEnvironment } : {}),
    ...(skewComparator !== undefined ? { skewComparator } : {}),
    ...(driftComparator !== undefined ? { driftComparator } : {}),
    ...(booleanOption(args, 'deprecate') ? { deprecated: true } : {}),
  };
  if (Object.keys(curation).length === 0) {
    throw new UsageError('schema set: nothing to change', {
      hint: "give at least one edit, e.g. --int-domain 0..100 or --required (see 'datavet schema set --help')",
    });
  }
  return curation;
}

const range = (what: string) => ({ type: 'string' as const, valueName: 'MIN..MAX', description: what });
const threshold = (what: string) => ({ type: 'string' as const, valueName: 'T', description: what });

export default defineCommand({
  name: 'set',
  summary:
    'Curate one feature of a schema file (domain, presence, value count, environments, comparators, deprecation).',
  description:
    'Edits SCHEMA in place (or writes --output) and prints what changed. A .pbtxt keeps its comments, blank lines and order: only the edited fields are rewritten. Making a feature with a shape optional replaces the shape by the equivalent value_count, since a shape requires the feature in every example.',
  positionals: [
    { name: 'SCHEMA', description: 'Schema file (.pbtxt, .pb, .json).', required: true },
    { name: 'FEATURE', description: "Feature name or path (struct children as 'parent.child').", required: true },
  ],
  options: {
    'int-domain': range('Integer domain, e.g. 0..120 (either bound may be left out).'),
    'float-domain': range('Float domain, e.g. 0..1.5.'),
    values: { type: 'string', valueName: 'A,B,...', description: 'String domain with these values.' },
    domain: { type: 'string', valueName: 'NAME', description: 'Use the schema-level string domain NAME.' },
    'clear-domain': { type: 'boolean', description: "Remove the feature's domain." },
    required: { type: 'boolean', description: 'Present in every example (min_fraction 1).' },
    optional: { type: 'boolean', description: 'May be missing (min_count 0).' },
    'min-fraction': { type: 'string', valueName: 'F', description: 'Smallest fraction of examples with the feature.' },
    'min-count': { type: 'string', valueName: 'N', description: 'Smallest number of examples with the feature.' },
    'value-count': range('Values per example, e.g. 1..1.'),
    'clear-value-count': { type: 'boolean', description: 'Remove value_count.' },
    'in-environment': {
      type: 'string',
      valueName: 'ENV,...',
      description: 'Only in these environments (empty: remove).',
    },
    'not-in-environment': {
      type: 'string',
      valueName: 'ENV,...',
      description: 'Not in these environments, e.g. SERVING for a label (empty: remove).',
    },
    'skew-linf': threshold('Skew comparator: L-infinity threshold (none removes the comparator).'),
    'skew-jsd': threshold('Skew comparator: Jensen-Shannon divergence threshold.'),
    'skew-nad': threshold('Skew comparator: normalized absolute difference threshold.'),
    'drift-linf': threshold('Drift comparator: L-infinity threshold (none removes the comparator).'),
    'drift-jsd': threshold('Drift comparator: Jensen-Shannon divergence threshold.'),
    'drift-nad': threshold('Drift comparator: normalized absolute difference threshold.'),
    deprecate: { type: 'boolean', description: 'Deprecate the feature (validation skips it).' },
    output: { type: 'string', short: 'o', valueName: 'FILE', description: 'Write here instead of editing SCHEMA.' },
    'dry-run': { type: 'boolean', description: 'Print the changes and the text diff; write nothing.' },
  },
  examples: [
    'datavet schema set schema.pbtxt temp_max --float-domain=-40..50',
    'datavet schema set schema.pbtxt weather --values sun,rain,fog,drizzle,snow --required',
    'datavet schema set schema.pbtxt tips --not-in-environment SERVING',
    'datavet schema set schema.pbtxt company --drift-linf 0.001',
  ],
  async run(args, io) {
    const [schemaArg = '', feature = ''] = args.positionals;
    const curation = curationFromArgs(args);
    const path = resolve(io.cwd, schemaArg);
    const output = resolve(io.cwd, stringOption(args, 'output') ?? schemaArg);
    const text = formatFromPath(path) === 'text' ? await readFile(path, 'utf8') : undefined;
    const before: Schema =
      text !== undefined ? parseTextFormat('Schema', text, { file: schemaArg }) : await readMessageFile(path, 'Schema');
    const after = structuredClone(before);
    const notes = curateFeature(after, feature, curation);
    const changes = diffSchemas(before, after);
    const dryRun = booleanOption(args, 'dry-run');
    if (!dryRun && (changes.length > 0 || output !== path)) {
      if (formatFromPath(output) === 'text') {
        const edited =
          text !== undefined ? editTextFormat('Schema', text, before, after) : printTextFormat('Schema', after);
        await writeFileAtomic(output, edited);
      } else {
        await writeMessageFile(output, 'Schema', after);
      }
    }
    io.stdout.write(formatChanges(changes));
    for (const note of notes) io.stdout.write(`note: ${note.feature}: ${note.message}\n`);
    if (dryRun && text !== undefined && changes.length > 0) {
      io.stdout.write(
        `\n${unifiedDiff(text, editTextFormat('Schema', text, before, after), { fromName: schemaArg, toName: schemaArg })}`,
      );
    }
    if (!dryRun && changes.length > 0) io.stdout.write(`wrote ${stringOption(args, 'output') ?? schemaArg}\n`);
    return ExitCode.OK;
  },
});
