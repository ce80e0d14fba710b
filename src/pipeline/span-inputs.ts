/**
 * Spans in a split's inputs, as TFX's ExampleGen reads them: `{SPAN}` in a path pattern
 * (`data/span-{SPAN}/*.csv`) is the span number; `{YYYY}`, `{MM}` and `{DD}` are a date whose span
 * number is the days since 1970-01-01; or the config's `span` names the span of plain inputs.
 * Without a requested span the latest span on disk is taken, as TFX does.
 */
import { UsageError } from '../_util/errors.js';
import { resolveInputs } from '../io/resolve-inputs.js';

const TOKEN = /\{(SPAN|YYYY|MM|DD)\}/g;

/** True when some input of the split is a span pattern. */
export function hasSpanPattern(inputs: readonly string[]): boolean {
  return inputs.some((input) => /\{(SPAN|YYYY|MM|DD)\}/.test(input));
}

/** A split's span: its number and the files it holds. */
export interface SplitSpan {
  readonly span: number;
  readonly inputs: readonly string[];
}

/** TFX's span number of a date: days since 1970-01-01 (UTC). */
export function dateSpanNumber(year: number, month: number, day: number): number | undefined {
  const time = Date.UTC(year, month - 1, day);
  const date = new Date(time);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return Math.round(time / 86_400_000);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+^$()|\\]/g, '\\$&');
}

/** A whole-path matcher of a pattern: glob syntax plus the span tokens as capture groups. */
function patternRegExp(pattern: string): { regex: RegExp; tokens: string[] } {
  const tokens: string[] = [];
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const rest = pattern.slice(i);
    const token = /^\{(SPAN|YYYY|MM|DD)\}/.exec(rest);
    if (token) {
      tokens.push(token[1] as string);
      out += token[1] === 'SPAN' ? '(\\d+)' : token[1] === 'YYYY' ? '(\\d{4})' : '(\\d{2})';
      i += token[0].length - 1;
    } else if (rest.startsWith('**')) {
      out += '.*';
      i++;
    } else if (rest[0] === '*') out += '[^/]*';
    else if (rest[0] === '?') out += '[^/]';
    else if (rest[0] === '[') {
      const end = rest.indexOf(']');
      if (end < 0) out += '\\[';
      else {
        out += `[${rest.slice(1, end).replace(/^!/, '^')}]`;
        i += end;
      }
    } else if (rest[0] === '{') {
      const end = rest.indexOf('}');
      if (end < 0) out += '\\{';
      else {
        out += `(?:${rest.slice(1, end).split(',').map(escapeRegExp).join('|')})`;
        i += end;
      }
    } else out += escapeRegExp(rest[0] as string);
  }
  return { regex: new RegExp(`^${out}$`), tokens };
}

function spanOf(match: RegExpExecArray, tokens: readonly string[]): number | undefined {
  const parts: Record<string, number> = {};
  tokens.forEach((t, i) => {
    parts[t] = Number(match[i + 1]);
  });
  if (parts.SPAN !== undefined) return parts.SPAN;
  if (parts.YYYY === undefined || parts.MM === undefined || parts.DD === undefined) return undefined;
  return dateSpanNumber(parts.YYYY, parts.MM, parts.DD);
}

/**
 * The span of a split and its files. `requested` picks a span of a pattern (default: the latest);
 * a split without a pattern has the config's `span`, or none (undefined).
 * @throws UsageError when no file matches, or the requested span has no files.
 */
export async function resolveSplitSpan(
  split: { readonly name: string; readonly inputs: readonly string[]; readonly span?: number },
  requested: number | undefined,
  configFile?: string,
): Promise<SplitSpan | undefined> {
  if (!hasSpanPattern(split.inputs)) {
    return split.span === undefined ? undefined : { span: split.span, inputs: split.inputs };
  }
  const location = configFile ? { location: { file: configFile } } : {};
  const bySpan = new Map<number, string[]>();
  for (const input of split.inputs) {
    if (!hasSpanPattern([input])) {
      throw new UsageError(`invalid config: split '${split.name}': '${input}' has no span token`, {
        ...location,
        hint: 'with a {SPAN} or {YYYY}-{MM}-{DD} pattern every input of the split needs one',
      });
    }
    const { regex, tokens } = patternRegExp(input);
    if (tokens.includes('SPAN') && tokens.some((t) => t !== 'SPAN')) {
      throw new UsageError(`invalid config: split '${split.name}': '${input}' mixes {SPAN} with a date`, {
        ...location,
        hint: 'use either {SPAN} or {YYYY}, {MM} and {DD}',
      });
    }
    const files = await resolveInputs([input.replace(TOKEN, '*')]).catch(() => []);
    for (const file of files) {
      const match = regex.exec(file.path);
      if (!match) continue;
      const span = spanOf(match, tokens);
      if (span === undefined) continue;
      bySpan.set(span, [...(bySpan.get(span) ?? []), file.path]);
    }
  }
  if (bySpan.size === 0) {
    throw new UsageError(`split '${split.name}': no file matches ${split.inputs.map((i) => `'${i}'`).join(', ')}`, {
      ...location,
      hint: '{SPAN} matches digits (data/span-{SPAN}/*.csv), {YYYY}-{MM}-{DD} a date',
    });
  }
  const span = requested ?? split.span ?? Math.max(...bySpan.keys());
  const inputs = bySpan.get(span);
  if (!inputs) {
    const known = [...bySpan.keys()].sort((a, b) => a - b);
    throw new UsageError(`split '${split.name}': span ${span} has no files`, {
      ...location,
      hint: `spans on disk: ${known.length > 12 ? `${known.slice(0, 5).join(', ')} … ${known.slice(-5).join(', ')}` : known.join(', ')}`,
    });
  }
  return { span, inputs: [...new Set(inputs)].sort() };
}
