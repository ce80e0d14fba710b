/** True when a path segment contains glob syntax (`*`, `?`, `[...]`, `{a,b}`). */
export function hasGlobSyntax(text: string): boolean {
  return /[*?[{]/.test(text);
}

/**
 * Compiles one glob path segment to a RegExp: `*` any run of characters except `/`, `?` one
 * character, `[abc]`/`[!abc]` a class, `{a,b}` alternatives. `**` is handled by the caller.
 */
export function globSegmentToRegExp(segment: string): RegExp {
  let out = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i]!;
    if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 1);
      if (close < 0) {
        out += '\\[';
        continue;
      }
      let body = segment.slice(i + 1, close);
      if (body.startsWith('!')) body = `^${body.slice(1)}`;
      out += `[${body.replace(/\\/g, '\\\\')}]`;
      i = close;
    } else if (c === '{') {
      const close = segment.indexOf('}', i + 1);
      if (close < 0) {
        out += '\\{';
        continue;
      }
      const alternatives = segment.slice(i + 1, close).split(',');
      out += `(?:${alternatives.map((a) => a.replace(/[.+^$()|\\]/g, '\\$&').replace(/\*/g, '[^/]*')).join('|')})`;
      i = close;
    } else out += c.replace(/[.+^$()|\\\]}]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}
