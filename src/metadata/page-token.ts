import type { NodeOrder } from './backend.js';
import { InvalidArgumentError } from './errors.js';

/** What a next-page token carries: the ordering it belongs to and the last row returned. */
export interface PageToken {
  readonly order: NodeOrder;
  /** The filter the token was issued for, so a token cannot be replayed on another query. */
  readonly filter: string;
  readonly value: number;
  readonly id: number;
}

/** Encodes a token as opaque web-safe base64 (of JSON, not MLMD's proto: tokens are not portable). */
export function encodePageToken(token: PageToken): string {
  const json = JSON.stringify([token.order.field, token.order.asc, token.filter, token.value, token.id]);
  return Buffer.from(json, 'utf8').toString('base64url');
}

/** Decodes a token and checks it belongs to this ordering and filter; anything else is InvalidArgument. */
export function decodePageToken(text: string, order: NodeOrder, filter: string): PageToken {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw new InvalidArgumentError('invalid next_page_token');
  }
  if (
    !Array.isArray(parsed) ||
    parsed.length !== 5 ||
    typeof parsed[0] !== 'string' ||
    typeof parsed[1] !== 'boolean' ||
    typeof parsed[2] !== 'string' ||
    !Number.isSafeInteger(parsed[3]) ||
    !Number.isSafeInteger(parsed[4])
  ) {
    throw new InvalidArgumentError('invalid next_page_token');
  }
  if (parsed[0] !== order.field || parsed[1] !== order.asc) {
    throw new InvalidArgumentError('next_page_token was issued for a different ordering');
  }
  if (parsed[2] !== filter) throw new InvalidArgumentError('next_page_token was issued for a different filter_query');
  return { order, filter, value: parsed[3] as number, id: parsed[4] as number };
}
