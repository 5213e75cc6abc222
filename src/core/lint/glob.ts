// The one glob matcher of Tensor Parity (the CLI's --include/--exclude and the extension's lint settings), on picomatch:
// a pattern without "/" matches a file or folder name at any depth; one with "/" is anchored at the base folder; a
// pattern that matches a folder matches everything inside it. Paths use forward slashes, relative to the base folder.

import picomatch from 'picomatch';

/** A matcher for a list of globs: true when a relative path (or one of its parent folders) matches any of them. */
export function globMatcher(globs: readonly string[]): (relativePath: string) => boolean {
  const tests = globs
    .map((g) => g.trim().replace(/\\/g, '/').replace(/^\.\//, '').replace(/\/+$/, ''))
    .filter((g) => g !== '')
    .map((g) => picomatch(g, { dot: true, basename: !g.includes('/') }));
  if (tests.length === 0) return () => false;
  return (relativePath) => {
    const p = relativePath.replace(/\\/g, '/').replace(/^\.\//, '');
    for (let end = p.indexOf('/'); ; end = p.indexOf('/', end + 1)) {
      const prefix = end < 0 ? p : p.slice(0, end);
      if (tests.some((t) => t(prefix))) return true;
      if (end < 0) return false;
    }
  };
}
