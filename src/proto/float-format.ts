/**
 * Float formatting as Python protobuf's text_format prints it (what TFX and TFDV write to
 * .pbtxt files): `repr` of the double, i.e. the shortest round-trip digits, fixed notation for
 * decimal exponents in [-4, 16) with at least one fractional digit (`1.0`), exponent notation
 * otherwise (`1e-05`, `1.5e+16`), and `inf`, `-inf`, `nan`.
 */
export function formatDouble(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (value === Number.POSITIVE_INFINITY) return 'inf';
  if (value === Number.NEGATIVE_INFINITY) return '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  // Fast path: where JS and Python both use fixed notation they print the same shortest digits.
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  // toExponential() without an argument yields the shortest digits that round-trip.
  const [mantissa = '', exponentText = '0'] = value.toExponential().split('e');
  const sign = value < 0 ? '-' : '';
  const digits = mantissa.replace('-', '').replace('.', '');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) {
    if (exponent >= 0) {
      const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
      const fraction = digits.slice(exponent + 1);
      return `${sign}${intPart}.${fraction === '' ? '0' : fraction}`;
    }
    return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  }
  const head = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
  const expSign = exponent < 0 ? '-' : '+';
  return `${sign}${head}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}

/**
 * The shortest decimal (at least 6 significant digits tried first, as Python protobuf's
 * `ToShortestFloat` does) that reads back as the same 32-bit float, as a double.
 */
export function shortestFloat32(value: number): number {
  const f = Math.fround(value);
  if (!Number.isFinite(f) || f === 0) return f;
  for (let precision = 6; precision < 17; precision++) {
    const rounded = Number(f.toPrecision(precision));
    if (Math.fround(rounded) === f) return rounded;
  }
  return f;
}

/** A 32-bit float field's value as Python protobuf prints it (`0.1`, not `0.10000000149011612`). */
export function formatFloat(value: number): string {
  return formatDouble(shortestFloat32(value));
}
