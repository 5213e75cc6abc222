// Character offsets → line/character positions (for diagnostics on spec files that are not open in an editor). Pure.

/** Offsets at which each line starts (handles \n, \r\n and \r). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 /* \r */) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    } else if (c === 10 /* \n */) {
      starts.push(i + 1);
    }
  }
  return starts;
}

/** The zero-based line and character of `offset` (clamped into the text). */
export function offsetToPosition(starts: readonly number[], textLength: number, offset: number): { line: number; character: number } {
  const o = Math.max(0, Math.min(textLength, Math.floor(offset)));
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= o) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo, character: o - starts[lo] };
}
