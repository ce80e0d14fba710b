/**
 * A small protobuf text-format reader for test fixtures (until the tfmd codecs land): fields
 * become lowerCamelCase properties, enums stay strings, repeated fields (by name) become arrays.
 */
const REPEATED = new Set([
  'step',
  'buckets',
  'histograms',
  'feature',
  'topValues',
  'presenceAndValencyStats',
  'weightedPresenceAndValencyStats',
  'value',
  'datasets',
  'features',
  'customStats',
  'defaultEnvironment',
  'inEnvironment',
  'notInEnvironment',
]);

type Value = string | number | boolean | Record<string, unknown>;

function camel(name: string): string {
  return name.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

export function parseTextProto(text: string): Record<string, unknown> {
  const tokens = text.match(/"(?:[^"\\]|\\.)*"|[{}:]|[^\s{}:"]+/g) ?? [];
  let pos = 0;
  function message(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (pos < tokens.length && tokens[pos] !== '}') {
      const name = camel(tokens[pos++]!);
      if (tokens[pos] === ':') pos++;
      let value: Value;
      if (tokens[pos] === '{') {
        pos++;
        value = message();
        pos++;
      } else {
        value = scalar(tokens[pos++]!);
      }
      if (!REPEATED.has(name)) out[name] = value;
      else if (Array.isArray(out[name])) (out[name] as Value[]).push(value);
      else out[name] = [value];
    }
    return out;
  }
  return message();
}

function scalar(token: string): Value {
  if (token.startsWith('"')) return JSON.parse(token) as string;
  if (token === 'true') return true;
  if (token === 'false') return false;
  if (token === 'nan') return Number.NaN;
  if (token === 'inf') return Number.POSITIVE_INFINITY;
  if (token === '-inf') return Number.NEGATIVE_INFINITY;
  const n = Number(token);
  return Number.isNaN(n) ? token : n;
}
