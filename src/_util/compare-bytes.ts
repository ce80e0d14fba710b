const utf8 = new TextEncoder();

/**
 * Compares two strings by their UTF-8 bytes: C++ `std::string` order, the order of TFDV's sorted
 * maps and paths. It differs from JS code-unit order when a surrogate pair meets a BMP character
 * above U+D7FF.
 */
export function compareBytes(a: string, b: string): number {
  if (a === b) return 0;
  const ea = utf8.encode(a);
  const eb = utf8.encode(b);
  const n = Math.min(ea.length, eb.length);
  for (let i = 0; i < n; i++) {
    const d = (ea[i] as number) - (eb[i] as number);
    if (d !== 0) return d;
  }
  return ea.length - eb.length;
}
