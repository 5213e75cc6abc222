// Where a quick fix that adds a line after a load (`img = cv2.imread(p)`) goes: after the code that checks the load
// failed (`if img is None: raise ...`, `if (img.empty()) { ... }`, `CV_Assert(!img.empty())`), never between the
// load and its check, where the conversion would run on a failed (empty) image.

/** The language families whose guard syntax is known. */
export type GuardFamily = 'python' | 'cpp' | 'java' | 'js';

const NULL_CHECK =
  /\bNone\b|\bnull(ptr)?\b|\bNULL\b|\bempty\b|\.data\b|\bsize\b|\bshape\b|\bnot\s|!\s*[A-Za-z_]|\bis_open\b|\bisEmpty\b|\bcols\b|\brows\b|==\s*0\b|\blen\s*\(/;

function mentions(text: string, name: string): boolean {
  return new RegExp(`(^|[^A-Za-z0-9_.])${name.replace(/[$.]/g, '\\$&')}\\b`).test(text);
}

/** True when a condition checks that `name` was loaded (a null, empty or size test on it). */
export function isLoadCheck(cond: string, name: string): boolean {
  return mentions(cond, name) && NULL_CHECK.test(cond);
}

function lineStart(src: string, at: number): number {
  return src.lastIndexOf('\n', at - 1) + 1;
}

function nextLine(src: string, at: number): number {
  const i = src.indexOf('\n', at);
  return i < 0 ? src.length : i + 1;
}

function indentOf(line: string): number {
  return /^[ \t]*/.exec(line)?.[0].length ?? 0;
}

function stripPyComment(line: string): string {
  let q: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (q) {
      if (c === '\\') i++;
      else if (c === q) q = undefined;
    } else if (c === '"' || c === "'") q = c;
    else if (c === '#') return line.slice(0, i);
  }
  return line;
}

/** Python: the end (start of the following line) of a guard statement starting at line offset `at`, or -1. */
function pythonGuardEnd(src: string, at: number, name: string): number {
  const first = src.slice(at, nextLine(src, at));
  const base = indentOf(first);
  const head = stripPyComment(first).trim();
  const m = /^(if|assert)\b/.exec(head);
  if (!m) return -1;
  // The condition may continue over lines inside brackets; collect up to the line that ends it.
  let cond = head;
  let end = nextLine(src, at);
  let depth = [...head].reduce((d, c) => d + ('([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0), 0);
  while (depth > 0 && end < src.length) {
    const l = stripPyComment(src.slice(end, nextLine(src, end)));
    cond += ` ${l.trim()}`;
    depth += [...l].reduce((d, c) => d + ('([{'.includes(c) ? 1 : ')]}'.includes(c) ? -1 : 0), 0);
    end = nextLine(src, end);
  }
  const test = m[1] === 'if' ? cond.replace(/^if\b/, '').replace(/:.*$/, '') : cond.replace(/^assert\b/, '').split(',')[0];
  if (!isLoadCheck(test, name)) return -1;
  if (m[1] === 'assert') return end;
  // The body (deeper indented lines, blank lines inside) and any elif/else branches.
  let last = end;
  let pos = end;
  while (pos < src.length) {
    const raw = src.slice(pos, nextLine(src, pos));
    const line = raw.replace(/\r?\n$/, '');
    if (line.trim() === '' || (line.trim().startsWith('#') && indentOf(line) > base)) {
      pos = nextLine(src, pos);
      continue;
    }
    const ind = indentOf(line);
    if (ind > base) {
      pos = nextLine(src, pos);
      last = pos;
      continue;
    }
    if (ind === base && /^(elif|else)\b/.test(line.trim())) {
      pos = nextLine(src, pos);
      last = pos;
      continue;
    }
    break;
  }
  return last;
}

/** C-family: skips whitespace and comments from `i`. */
function skipBlank(src: string, i: number): number {
  for (;;) {
    while (i < src.length && /\s/.test(src[i])) i++;
    if (src.startsWith('//', i)) {
      i = nextLine(src, i);
      continue;
    }
    if (src.startsWith('/*', i)) {
      const e = src.indexOf('*/', i + 2);
      i = e < 0 ? src.length : e + 2;
      continue;
    }
    return i;
  }
}

/** C-family: the index just after the bracket matching the one at `i` (strings, chars and comments skipped). */
function matchClose(src: string, i: number): number {
  const open = src[i];
  const close = open === '(' ? ')' : open === '{' ? '}' : ']';
  let depth = 0;
  for (let k = i; k < src.length; k++) {
    const c = src[k];
    if (c === '"' || c === "'") {
      for (k++; k < src.length && src[k] !== c; k++) if (src[k] === '\\') k++;
      continue;
    }
    if (src.startsWith('//', k)) {
      k = nextLine(src, k) - 1;
      continue;
    }
    if (src.startsWith('/*', k)) {
      const e = src.indexOf('*/', k + 2);
      k = e < 0 ? src.length : e + 1;
      continue;
    }
    if (c === open) depth++;
    else if (c === close && --depth === 0) return k + 1;
  }
  return -1;
}

/** C-family: the end of one statement starting at `i` (a block, or up to and including its `;`), or -1. */
function statementEnd(src: string, i: number): number {
  i = skipBlank(src, i);
  if (src[i] === '{') return matchClose(src, i);
  if (/^if\b/.test(src.slice(i, i + 3))) return ifEnd(src, i);
  for (let k = i; k < src.length; k++) {
    const c = src[k];
    if (c === '(' || c === '[' || c === '{') {
      const e = matchClose(src, k);
      if (e < 0) return -1;
      k = e - 1;
      continue;
    }
    if (c === '"' || c === "'") {
      for (k++; k < src.length && src[k] !== c; k++) if (src[k] === '\\') k++;
      continue;
    }
    if (c === ';') return k + 1;
    if (c === '}') return -1;
  }
  return -1;
}

/** C-family: the end of an if statement (with its else branches) starting at `i`. */
function ifEnd(src: string, i: number): number {
  const open = skipBlank(src, i + 2);
  if (src[open] !== '(') return -1;
  const condEnd = matchClose(src, open);
  if (condEnd < 0) return -1;
  let end = statementEnd(src, condEnd);
  if (end < 0) return -1;
  const after = skipBlank(src, end);
  if (/^else\b/.test(src.slice(after, after + 5))) {
    const e = statementEnd(src, after + 4);
    if (e >= 0) end = e;
  }
  return end;
}

/** C-family: the end of a guard statement starting at `i` (`if (img.empty()) ...`, `CV_Assert(!img.empty());`), or -1. */
function cGuardEnd(src: string, i: number, name: string): number {
  const rest = src.slice(i, i + 200);
  const call = /^(CV_Assert|assert|Objects\.requireNonNull|Preconditions\.checkNotNull|Preconditions\.checkArgument|console\.assert)\s*\(/.exec(rest);
  if (call) {
    const open = i + call[0].length - 1;
    const close = matchClose(src, open);
    if (close < 0 || !mentions(src.slice(open, close), name)) return -1;
    const semi = skipBlank(src, close);
    return src[semi] === ';' ? semi + 1 : -1;
  }
  if (!/^if\b/.test(rest)) return -1;
  const open = skipBlank(src, i + 2);
  if (src[open] !== '(') return -1;
  const close = matchClose(src, open);
  if (close < 0 || !isLoadCheck(src.slice(open + 1, close - 1), name)) return -1;
  return ifEnd(src, i);
}

/**
 * The offset at which to insert whole lines that must run after the statement ending at `stmtEnd` that assigned
 * `name`: the start of the line after that statement, or after the load checks that follow it.
 */
export function insertionAfterLoadChecks(src: string, family: GuardFamily, stmtEnd: number, name: string): number {
  let at = nextLine(src, stmtEnd);
  const base = indentOf(src.slice(lineStart(src, stmtEnd)));
  for (let guard = 0; guard < 8; guard++) {
    if (family === 'python') {
      let pos = at;
      while (pos < src.length && src.slice(pos, nextLine(src, pos)).trim() === '') pos = nextLine(src, pos);
      if (pos >= src.length || indentOf(src.slice(pos)) !== base) return at;
      const end = pythonGuardEnd(src, pos, name);
      if (end < 0) return at;
      at = end;
    } else {
      const start = skipBlank(src, at);
      if (start >= src.length) return at;
      const end = cGuardEnd(src, start, name);
      if (end < 0) return at;
      at = nextLine(src, end);
    }
  }
  return at;
}

/** The indentation of the line holding `offset`. */
export function indentAt(src: string, offset: number): string {
  return /^[ \t]*/.exec(src.slice(lineStart(src, offset)))?.[0] ?? '';
}
