import { parseArgs } from 'node:util';
import { UsageError } from '../_util/errors.js';
import { describeRange, inRange, type NumberRange } from '../_util/number-range.js';

/** Process exit codes, the contract CI pipelines gate on. */
export const ExitCode = {
  /** Ran, nothing at or above the failure threshold. */
  OK: 0,
  /** Ran, and found anomalies (or drift) at or above the failure threshold. */
  FAILED: 1,
  /** Bad arguments, configuration or input files. */
  USAGE: 2,
  /** A bug in datavet. */
  INTERNAL: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Where a command writes. Injected so tests run commands in-process. */
export interface CliIo {
  readonly stdout: { write(text: string): unknown; readonly isTTY?: boolean; readonly columns?: number };
  readonly stderr: { write(text: string): unknown; readonly isTTY?: boolean };
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
}

export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Repeatable (`--x a --x b`); the value is then an array. */
  readonly multiple?: boolean;
  readonly description: string;
  /** Shown in help instead of a generic VALUE. */
  readonly valueName?: string;
  /** Allowed values of a string option; anything else is a usage error. */
  readonly choices?: readonly string[];
  readonly default?: string | boolean;
  /**
   * A file the command reads (`input`) or writes (`output`). An output that is the same file as
   * an input (by device and inode, so also through a symlink or hard link) is refused before
   * the command runs (output-over-input.ts).
   */
  readonly role?: FileRole;
}

export type FileRole = 'input' | 'output';

export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  readonly required?: boolean;
  /** Takes every remaining positional argument. */
  readonly variadic?: boolean;
  /** As {@link OptionSpec.role}. */
  readonly role?: FileRole;
}

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export interface ParsedCommandArgs {
  readonly options: OptionValues;
  readonly positionals: readonly string[];
}

/** A CLI command as data: its help is generated from this, its work is `run`. */
export interface CommandSpec {
  readonly name: string;
  readonly summary: string;
  /** Longer text under the usage line. */
  readonly description?: string;
  readonly options?: Readonly<Record<string, OptionSpec>>;
  readonly positionals?: readonly PositionalSpec[];
  /** Example invocations shown in help. */
  readonly examples?: readonly string[];
  /** Group commands (`datavet schema diff`) list their subcommands, loaded lazily. */
  readonly subcommands?: Readonly<Record<string, () => Promise<CommandSpec>>>;
  readonly run?: (args: ParsedCommandArgs, io: CliIo) => Promise<number>;
}

/** Identity helper that keeps command modules typed. */
export function defineCommand(spec: CommandSpec): CommandSpec {
  return spec;
}

/** Options every command accepts. */
export const globalOptions: Readonly<Record<string, OptionSpec>> = {
  help: { type: 'boolean', short: 'h', description: 'Show help for this command and exit.' },
  quiet: { type: 'boolean', short: 'q', description: 'No progress or log output on stderr.' },
  wide: {
    type: 'boolean',
    description: 'Never wrap tables at the terminal width (full lines, as in files and pipes).',
  },
};

/**
 * The width readable tables wrap to: the terminal's, when stdout is one and --wide is not given.
 * Files and pipes get full lines, so nothing a script reads is ever cut.
 */
export function terminalWidth(args: ParsedCommandArgs, io: CliIo): number | undefined {
  if (args.options.wide === true || io.stdout.isTTY !== true) return undefined;
  const columns = io.stdout.columns;
  return columns !== undefined && columns > 0 ? columns : undefined;
}

/** Node's parseArgs messages, reworded: one short sentence naming the flag. */
function describeParseError(error: Error): string {
  const unknown = /Unknown option '([^']+)'/.exec(error.message);
  if (unknown) return `unknown option '${unknown[1]}'`;
  const missing = /Option '(-\w, )?(--[\w-]+)[^']*' argument missing/.exec(error.message);
  if (missing) return `option ${missing[2]} needs a value`;
  const unexpected = /Unexpected argument '([^']+)'/.exec(error.message);
  if (unexpected) return `unexpected argument '${unexpected[1]}'`;
  return error.message.replace(/^[A-Z_]+: /, '');
}

/** A negative number, as an option value: `-5`, `-0.25`, `-1e3`, `-inf`. */
const NEGATIVE_NUMBER = /^-(\d|\.\d|inf(inity)?$|nan$)/i;

/**
 * Node's parseArgs takes any argument starting with `-` for an option, so `--min -5` fails as
 * "ambiguous". A negative number right after a string option is its value: it is joined as
 * `--min=-5` (or `-m-5`) before parsing. No option of ours is named like a number.
 */
function joinNegativeValues(
  argv: readonly string[],
  config: Readonly<Record<string, { type: 'string' | 'boolean'; short?: string }>>,
): string[] {
  const stringLong = new Set(Object.entries(config).flatMap(([name, o]) => (o.type === 'string' ? [`--${name}`] : [])));
  const stringShort = new Set(
    Object.values(config).flatMap((o) => (o.type === 'string' && o.short ? [`-${o.short}`] : [])),
  );
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    if (arg === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (next !== undefined && NEGATIVE_NUMBER.test(next) && (stringLong.has(arg) || stringShort.has(arg))) {
      out.push(arg.startsWith('--') ? `${arg}=${next}` : `${arg}${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

/** Parses argv against a command's options and positionals; usage errors name the bad argument. */
export function parseCommandArgs(spec: CommandSpec, argv: readonly string[]): ParsedCommandArgs {
  const all = { ...globalOptions, ...spec.options };
  const config: Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }> = {};
  for (const [name, option] of Object.entries(all)) {
    config[name] = {
      type: option.type,
      ...(option.short ? { short: option.short } : {}),
      ...(option.multiple ? { multiple: true } : {}),
    };
  }
  let parsed: { values: Record<string, unknown>; positionals: string[] };
  try {
    parsed = parseArgs({
      args: joinNegativeValues(argv, config),
      options: config,
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError(`${spec.name}: ${describeParseError(error as Error)}`, {
      hint: `run 'datavet ${spec.name} --help' for the accepted options`,
    });
  }
  const options: OptionValues = {};
  for (const [name, option] of Object.entries(all)) {
    const value = parsed.values[name] as OptionValues[string];
    const resolved = value ?? option.default;
    if (resolved !== undefined) options[name] = resolved;
    if (option.choices && typeof resolved === 'string' && !option.choices.includes(resolved)) {
      throw new UsageError(
        `${spec.name}: invalid value '${resolved}' for --${name}; expected one of: ${option.choices.join(', ')}`,
      );
    }
  }
  if (options.help === true) return { options, positionals: parsed.positionals };
  const specs = spec.positionals ?? [];
  const required = specs.filter((p) => p.required).length;
  if (parsed.positionals.length < required) {
    const missing = specs.filter((p) => p.required)[parsed.positionals.length];
    throw new UsageError(`${spec.name}: missing argument ${missing?.name ?? ''}`.trimEnd(), {
      hint: `run 'datavet ${spec.name} --help' for usage`,
    });
  }
  const variadic = specs.some((p) => p.variadic);
  if (!variadic && parsed.positionals.length > specs.length) {
    throw new UsageError(`${spec.name}: unexpected argument '${parsed.positionals[specs.length]}'`, {
      hint: `run 'datavet ${spec.name} --help' for usage`,
    });
  }
  return { options, positionals: parsed.positionals };
}

/** Help text generated from the spec. */
export function renderHelp(spec: CommandSpec, prefix = 'datavet'): string {
  const lines: string[] = [];
  const positionals = (spec.positionals ?? [])
    .map((p) => {
      const name = p.variadic ? `${p.name}...` : p.name;
      return p.required ? name : `[${name}]`;
    })
    .join(' ');
  const hasOptions = Object.keys(spec.options ?? {}).length > 0;
  if (spec.subcommands) {
    lines.push(`Usage: ${prefix} ${spec.name} <command> [options]`, '', spec.summary);
  } else {
    lines.push(
      `Usage: ${prefix} ${spec.name}${hasOptions ? ' [options]' : ''}${positionals ? ` ${positionals}` : ''}`,
      '',
      spec.summary,
    );
  }
  if (spec.description) lines.push('', spec.description);
  if (spec.positionals?.length) {
    lines.push('', 'Arguments:');
    for (const p of spec.positionals) lines.push(`  ${p.name.padEnd(26)} ${p.description}`);
  }
  const options = { ...spec.options, ...globalOptions };
  lines.push('', 'Options:');
  for (const [name, option] of Object.entries(options)) {
    const flag = `${option.short ? `-${option.short}, ` : '    '}--${name}${
      option.type === 'string' ? ` ${option.valueName ?? 'VALUE'}` : ''
    }`;
    let text = option.description;
    if (option.choices) text += ` One of: ${option.choices.join(', ')}.`;
    if (option.default !== undefined && option.type === 'string') text += ` Default: ${String(option.default)}.`;
    if (option.multiple) text += ' Repeatable.';
    lines.push(`  ${flag.padEnd(30)} ${text}`);
  }
  if (spec.examples?.length) {
    lines.push('', 'Examples:');
    for (const example of spec.examples) lines.push(`  ${example}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Reads a string option, or undefined. */
export function stringOption(args: ParsedCommandArgs, name: string): string | undefined {
  const value = args.options[name];
  if (Array.isArray(value)) return value.length ? String(value[value.length - 1]) : undefined;
  return typeof value === 'string' ? value : undefined;
}

/** Reads a repeatable string option as an array (also splitting comma lists). */
export function stringListOption(args: ParsedCommandArgs, name: string): string[] {
  const value = args.options[name];
  const raw = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? [value] : [];
  return raw.flatMap((v) => v.split(',')).filter((v) => v.length > 0);
}

/** Reads a boolean option. */
export function booleanOption(args: ParsedCommandArgs, name: string): boolean {
  return args.options[name] === true;
}

/** Reads an integer option, with a usage error naming the flag when it is not one. */
export function integerOption(args: ParsedCommandArgs, name: string): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value)) throw new UsageError(`--${name} expects an integer, got '${raw}'`);
  return value;
}

/** Reads a number option that must lie in `range` (a library option's own), naming the flag and the range. */
export function numberInRangeOption(args: ParsedCommandArgs, name: string, range: NumberRange): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const value = raw.trim() === '' ? Number.NaN : Number(raw);
  if (!inRange(range, value)) throw new UsageError(`--${name} expects ${describeRange(range)}, got '${raw}'`);
  return value;
}

/** Reads a required string option. */
export function requiredStringOption(args: ParsedCommandArgs, name: string, command: string): string {
  const value = stringOption(args, name);
  if (value === undefined) {
    throw new UsageError(`${command}: --${name} is required`, { hint: `run 'datavet ${command} --help' for usage` });
  }
  return value;
}
