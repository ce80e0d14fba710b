import { doubleToInt64, int64Value } from '../tfmd/int64.js';
import type { Int64 } from '../tfmd/types.js';
/**
 * Number and string formatting exactly as TFDV's C++ messages print them (absl::StrCat,
 * absl::SixDigits, printf `%f`, absl::Utf8SafeCEscape), so descriptions match byte for byte.
 */

/** `%g` with 6 significant digits (absl::SixDigits, and StrCat of a double). */
export function sixDigits(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Number.POSITIVE_INFINITY) return 'inf';
  if (x === Number.NEGATIVE_INFINITY) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  const [mantissa, expText] = x.toExponential(5).split('e') as [string, string];
  const exp = Number(expText);
  if (exp < -4 || exp >= 6) {
    const m = stripZeros(mantissa);
    const sign = exp < 0 ? '-' : '+';
    return `${m}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  return stripZeros(x.toFixed(Math.max(0, 5 - exp)));
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

/** printf `%f` of a C++ float (the value is first rounded to single precision). */
export function printfFloat(x: number): string {
  return printfDouble(Math.fround(x));
}

/** printf `%f` of a double: 6 decimals. */
export function printfDouble(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (!Number.isFinite(x)) return x > 0 ? 'inf' : '-inf';
  return x.toFixed(6);
}

/** Truncation toward zero, C++'s double -> int64 conversion (saturating at the int64 bounds), exact. */
export function toInt64(x: number): Int64 {
  return int64Value(doubleToInt64(x));
}

// Characters utf8SafeCEscape changes: control characters, DEL, quotes and the backslash.
const NEEDS_ESCAPE = /[^\u0020\u0021\u0023-\u0026\u0028-\u005b\u005d-\u007e\u0080-\uffff]/;

/**
 * absl::Utf8SafeCEscape: C escapes for control characters, quotes and backslash; bytes of
 * multi-byte UTF-8 sequences pass through unchanged.
 */
export function utf8SafeCEscape(text: string): string {
  // Most values have nothing to escape: return them as they are.
  if (!NEEDS_ESCAPE.test(text)) return text;
  let out = '';
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    switch (ch) {
      case '\n':
        out += '\\n';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\t':
        out += '\\t';
        break;
      case '"':
        out += '\\"';
        break;
      case "'":
        out += "\\'";
        break;
      case '\\':
        out += '\\\\';
        break;
      default:
        if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
        else out += ch;
    }
  }
  return out;
}
