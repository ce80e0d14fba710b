import type { PlainMessage } from '../proto/binary-codec.js';
import { editText } from '../proto/text-edit.js';
import type { MessageName } from './codec.js';
import { tfmdRegistry, tfmdTypeName } from './descriptors.js';
import type { TfmdMessageOf } from './message-types.js';

/**
 * Rewrites a message's text format (`schema.pbtxt` as a user keeps it) from `before` to `after`,
 * changing only the fields that differ: comments, blank lines and order elsewhere stay as written.
 * `original` must be the text `before` was parsed from.
 */
export function editTextFormat<K extends MessageName>(
  kind: K,
  original: string,
  before: TfmdMessageOf<K>,
  after: TfmdMessageOf<K>,
): string {
  return editText(tfmdRegistry, tfmdTypeName(kind), original, before as PlainMessage, after as PlainMessage);
}
