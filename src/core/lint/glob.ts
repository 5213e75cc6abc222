// Minimal glob matching for --include/--exclude: **, *, ?, {a,b} and [...] on paths with forward slashes.

/** Compiles a glob to a RegExp. A pattern without "/" matches any file or folder name at any depth. */
export function globToRegExp(glob: string): RegExp {
  let g = glob.trim().replace(/\\/g, '/').replace(/^\.\//, '');
  const anywhere = !g.includes('/') || g.startsWith('**/');
  if (g.endsWith('/')) g = g.slice(0, -1);
  let re = '';
  let depth = 0;
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const slash = g[i + 2] === '/';
        re += slash ? '(?:.*/)?' : '.*';
        i += slash ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') { re += '(?:'; depth++; }
    else if (c === '}' && depth > 0) { re += ')'; depth--; }
    else if (c === ',' && depth > 0) re += '|';
    else if (c === '[') {
      const end = g.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else { re += `[${g.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`; i = end; }
    } else re += c.replace(/[.+^$()|\\]/g, '\\$&');
  }
  const body = re.replace(/^\(\?:\.\*\/\)\?/, '');
  return new RegExp(anywhere ? `(?:^|/)${body}(?:/|$)` : `^${body}(?:/|$)`);
}

/** True when `relPath` (forward slashes, relative to the base folder) matches any of the globs. */
export function matchesAny(relPath: string, globs: readonly RegExp[]): boolean {
  return globs.some((g) => g.test(relPath));
}
