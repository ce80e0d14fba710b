import { UsageError } from '../_util/errors.js';
import { formatOfName, INPUT_FORMATS, type InputFormat } from './input-formats.js';

/** The format of a file from its name, or a UsageError telling the user to pass `--input-format`. */
export function detectFormat(path: string): InputFormat {
  const format = formatOfName(path);
  if (format !== undefined) return format;
  throw new UsageError(`cannot tell the format of '${path}' from its name`, {
    hint: `pass --input-format ${INPUT_FORMATS.join('|')}`,
  });
}
