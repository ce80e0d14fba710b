import type { ValueType } from './arrow-values.js';

/**
 * The functions a row expression may call: a fixed table, so that no other name can be called.
 * Each maps a column of values to a column of values, elementwise, missing in, missing out.
 */
export interface RowFunction {
  readonly params: readonly ValueType[];
  readonly returns: ValueType;
  readonly describe: string;
  readonly numberToNumber?: (x: number) => number;
  readonly stringToNumber?: (s: string) => number;
  readonly stringToString?: (s: string) => string;
}

export const ROW_FUNCTIONS: ReadonlyMap<string, RowFunction> = new Map<string, RowFunction>([
  [
    'length',
    {
      params: ['string'],
      returns: 'number',
      describe: 'length(s): characters in a string',
      stringToNumber: codePoints,
    },
  ],
  ['abs', { params: ['number'], returns: 'number', describe: 'abs(x): absolute value', numberToNumber: Math.abs }],
  [
    'lower',
    { params: ['string'], returns: 'string', describe: 'lower(s): lower case', stringToString: (s) => s.toLowerCase() },
  ],
  [
    'upper',
    { params: ['string'], returns: 'string', describe: 'upper(s): upper case', stringToString: (s) => s.toUpperCase() },
  ],
  [
    'trim',
    {
      params: ['string'],
      returns: 'string',
      describe: 'trim(s): without surrounding spaces',
      stringToString: (s) => s.trim(),
    },
  ],
]);

/** Characters (code points) of a string: UTF-16 units less the second half of each surrogate pair. */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) if ((s.charCodeAt(i) & 0xfc00) === 0xdc00) n--;
  return n;
}
