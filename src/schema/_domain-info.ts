import type { Feature } from '../tfmd/types.js';
import { type DomainKey, domainKeys } from './get-feature.js';

/**
 * Parses the `domain_info` custom statistic that TFDV's semantic-domain generators emit: a
 * textproto holding exactly one member of Feature's domain_info oneof, e.g. `image_domain {}` or
 * `time_domain { string_format: "%Y-%m-%d" }`. Returns undefined for anything else (TFDV then
 * ignores the statistic). Only the flat scalar fields these generators write are supported.
 */
export function parseDomainInfo(text: string): Partial<Feature> | undefined {
  const m = /^\s*([a-z_]+)\s*:?\s*\{([^{}]*)\}\s*$/.exec(text);
  if (!m) return undefined;
  const key = camel(m[1] as string) as DomainKey;
  if (!domainKeys.includes(key) || key === 'domain') return undefined;
  const body: Record<string, unknown> = {};
  const field = /([a-z_]+)\s*:\s*("(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[-+.\w]+)\s*[,;]?/gy;
  const inner = (m[2] as string).trim();
  let pos = 0;
  while (pos < inner.length) {
    field.lastIndex = pos;
    const f = field.exec(inner);
    if (!f) return undefined;
    const raw = f[2] as string;
    let value: unknown;
    if (raw.startsWith('"') || raw.startsWith("'")) value = JSON.parse(`"${raw.slice(1, -1).replaceAll('"', '\\"')}"`);
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(raw)) value = Number(raw);
    else value = raw;
    body[camel(f[1] as string)] = value;
    pos = field.lastIndex;
    while (inner[pos] === ' ' || inner[pos] === '\n' || inner[pos] === '\t') pos++;
  }
  return { [key]: body } as Partial<Feature>;
}

function camel(name: string): string {
  return name.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
}
