// Where a large new document can be parsed in two halves at once (split-parse.ts): a line near the middle that starts
// a member of the enclosing block (a function, a method, a class member), found by a lexical scan that skips comments
// and strings. The scan may be wrong on odd code (a brace in a regex literal, unbalanced braces under #if): the halves'
// trees are checked before they are used, and a document that fails the check is parsed whole.

import type { Family } from './scope-names';

/** Below this many characters a document is parsed whole (its parse takes a few milliseconds at most). */
export const SPLIT_MIN_CHARS = 24_000;

/** A half's text: ranges [start, end) of the document, in order. */
export type HalfRanges = [number, number][];

/** The two halves of a document: `first` holds everything before `mid`, `second` everything from `mid` on. */
export interface SplitPlan {
  /** The start of the line where the second half's members begin. */
  mid: number;
  /** Where the enclosing blocks go on after the second half's members (`}` of a class; a dedented line in Python). */
  close: number;
  first: HalfRanges;
  second: HalfRanges;
  /** The node type of a block that starts at its first member (a Python class body): the second half's starts at `mid`. */
  block?: string;
}

/** A candidate line: its start, its block depth and where the innermost enclosing block's body begins. */
interface Line {
  at: number;
  depth: number;
  open: number;
}

/** The plan for `text`, or undefined when it is shorter than `minChars` or no line near its middle starts a member. */
export function planSplit(text: string, family: Family, minChars = SPLIT_MIN_CHARS): SplitPlan | undefined {
  if (text.length < minChars) return undefined;
  return family === 'python' ? planPython(text) : planBraces(text, family);
}

/** The candidate nearest the middle among those of the smallest depth. */
function best(lines: Line[], middle: number): Line | undefined {
  let pick: Line | undefined;
  for (const l of lines) {
    if (!pick || l.depth < pick.depth || (l.depth === pick.depth && Math.abs(l.at - middle) < Math.abs(pick.at - middle))) pick = l;
  }
  return pick;
}

function plan(text: string, line: Line, close: number): SplitPlan {
  const n = text.length;
  if (line.depth === 0) return { mid: line.at, close: n, first: [[0, line.at]], second: [[line.at, n]] };
  const first: HalfRanges =
    close < n
      ? [
          [0, line.at],
          [close, n],
        ]
      : [[0, line.at]];
  return {
    mid: line.at,
    close,
    first,
    second: [
      [0, line.open],
      [line.at, n],
    ],
  };
}

/**
 * The text before a `{` that opens a body of declarations. Only such bodies (and the top level) are split: in a
 * function body a statement's parse may depend on the statements before it (C++ `T* x(y);`), and a `case` label's
 * statements would be cut off from it.
 */
const DECLARATION_HEADER = /(?:^|[^.\w$])(?:class|struct|union|namespace|interface|enum|record)\b(?![^{]*(?:=>|->))|extern\s*"C(?:\+\+)?"\s*$/;

const NOT_A_MEMBER_START = /^(?:[})\].,:?&|+\-*/%=<>!^~#]|else\b|catch\b|finally\b|while\b|case\b|default\b)/;

/**
 * C++, Java, JS/TS: braces outside comments, strings, character literals, templates and C++ raw strings. A candidate
 * line follows a `}` or `;` (whitespace only between) at bracket depth 0 inside its block.
 */
function planBraces(text: string, family: Family): SplitPlan | undefined {
  const n = text.length;
  const lo = Math.floor(n * 0.3);
  const hi = Math.ceil(n * 0.7);
  const opens: number[] = []; // positions just after each enclosing `{`
  const decl: boolean[] = []; // per enclosing `{`: true for a body of declarations (class, namespace, extern "C")
  let boundary = 0; // just after the last `;`, `{` or `}`: a `{`'s header starts here
  const templates: number[] = []; // JS: brace depth at which a `${` returns to its template literal
  const closeOf = new Map<number, number>(); // a block's body start -> the position of its `}`
  const lines: Line[] = [];
  let parens = 0;
  let i = 0;
  let lineStart = true;
  const skipPast = (needle: string, from: number): void => {
    const e = text.indexOf(needle, from);
    i = e < 0 ? n : e + needle.length;
  };
  const skipQuoted = (q: string): void => {
    for (i++; i < n; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === q) break;
      else if (c === '\n' && q !== '`') break;
    }
    i++;
  };
  const skipTemplate = (): void => {
    for (i++; i < n; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '`') break;
      else if (c === '$' && text[i + 1] === '{') {
        templates.push(opens.length);
        opens.push(i + 2);
        decl.push(false);
        i += 2;
        return;
      }
    }
    i++;
  };
  while (i < n) {
    const c = text[i]!;
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      if (i >= lo && i <= hi && parens === 0 && j < n && text[j] !== '\n' && text[j] !== '\r' && followsEnd(text, i)) {
        if (!NOT_A_MEMBER_START.test(text.slice(j, j + 8)))
          if (opens.length === 0 || decl[decl.length - 1]) lines.push({ at: i, depth: opens.length - templates.length, open: opens[opens.length - 1] ?? 0 });
      }
    }
    if (c === '\n') {
      lineStart = true;
      i++;
    } else if (c === '#' && family === 'cpp' && atLineStart(text, i)) i = endOfDirective(text, i);
    else if (c === '/' && text[i + 1] === '/') i = endOfLine(text, i);
    else if (c === '/' && text[i + 1] === '*') skipPast('*/', i + 2);
    else if (c === '"' && family === 'java' && text.startsWith('"""', i)) skipPast('"""', i + 3);
    else if (c === 'R' && family === 'cpp' && text[i + 1] === '"' && !/\w/.test(text[i - 1] ?? '')) {
      const paren = text.indexOf('(', i + 2);
      if (paren < 0 || paren - i > 20) return undefined;
      skipPast(`)${text.slice(i + 2, paren)}"`, paren);
    } else if (c === '"' || (c === "'" && !(family === 'cpp' && /[0-9a-fA-F]/.test(text[i - 1] ?? '')))) skipQuoted(c);
    else if (c === '`' && family === 'js') skipTemplate();
    else if (c === '{') {
      decl.push(DECLARATION_HEADER.test(text.slice(boundary, i)));
      opens.push(++i);
      boundary = i;
    } else if (c === '}') {
      const open = opens.pop();
      decl.pop();
      boundary = i + 1;
      if (open === undefined) return undefined; // unbalanced: not worth guessing
      if (templates.length > 0 && templates[templates.length - 1] === opens.length) {
        templates.pop();
        i--; // back inside the template literal
        skipTemplate();
      } else {
        closeOf.set(open, i);
        i++;
      }
    } else {
      if (c === ';') boundary = i + 1;
      else if (c === '(' || c === '[') parens++;
      else if ((c === ')' || c === ']') && parens > 0) parens--;
      i++;
    }
  }
  const line = best(lines, n >> 1);
  if (!line) return undefined;
  const close = line.depth === 0 ? n : closeOf.get(line.open);
  return close === undefined || close < line.at ? undefined : plan(text, line, close);
}

/** True when only spaces and tabs come before `i` on its line. */
function atLineStart(text: string, i: number): boolean {
  for (let k = i - 1; k >= 0; k--) {
    const c = text[k];
    if (c === '\n') return true;
    if (c !== ' ' && c !== '\t') return false;
  }
  return true;
}

/** The end of a C/C++ preprocessor directive starting at `i` (its lines joined by a trailing backslash). */
function endOfDirective(text: string, i: number): number {
  let e = endOfLine(text, i);
  while (e < text.length && (text[e - 1] === '\\' || (text[e - 1] === '\r' && text[e - 2] === '\\'))) e = endOfLine(text, e + 1);
  return e;
}

/** True when the last character before the line at `at` (skipping whitespace only) ends a statement or block. */
function followsEnd(text: string, at: number): boolean {
  for (let k = at - 1; k >= 0; k--) {
    const c = text[k]!;
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    return c === '}' || c === ';';
  }
  return false;
}

const PY_MEMBER = /^(?:def |async def |class |@)/;

/**
 * Python: a `def`, `class` or decorator line at bracket depth 0, outside strings, that is not the second line of a
 * decorated definition. Inside a class, the second half begins after the class's header line; the first half goes on
 * at the first code line indented less than the member (no comment line indented less may come before it).
 */
function planPython(text: string): SplitPlan | undefined {
  const n = text.length;
  const lo = Math.floor(n * 0.3);
  const hi = Math.ceil(n * 0.7);
  // Code line starts (outside strings and brackets) with their indentation, in order.
  const starts: number[] = [];
  const indents: number[] = [];
  const comment: boolean[] = [];
  let brackets = 0;
  let i = 0;
  let lineStart = true;
  while (i < n) {
    if (lineStart) {
      lineStart = false;
      let j = i;
      while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
      const blank = j >= n || text[j] === '\n' || text[j] === '\r';
      if (!blank && brackets === 0 && text[i - 2] !== '\\') {
        starts.push(i);
        indents.push(j - i);
        comment.push(text[j] === '#');
      }
    }
    const c = text[i]!;
    if (c === '\n') {
      lineStart = true;
      i++;
    } else if (c === '#') i = endOfLine(text, i);
    else if (c === '"' || c === "'") i = endOfPyString(text, i);
    else {
      if (c === '(' || c === '[' || c === '{') brackets++;
      else if ((c === ')' || c === ']' || c === '}') && brackets > 0) brackets--;
      i++;
    }
  }
  const cands: number[] = [];
  for (let k = 1; k < starts.length; k++) {
    const at = starts[k]!;
    if (at < lo || at > hi || comment[k]) continue;
    const ind = indents[k]!;
    if (!PY_MEMBER.test(text.slice(at + ind, at + ind + 10))) continue;
    const prev = k - 1;
    // Not a block's first member (the block would be empty in the first half), nor a decorated definition's second line.
    if (comment[prev] || indents[prev]! < ind || (indents[prev] === ind && text[starts[prev]! + ind] === '@')) continue;
    cands.push(k);
  }
  // The shallowest nearest the middle first; a class member is checked against its class (a few tries at most).
  const middle = n >> 1;
  cands.sort((x, y) => indents[x]! - indents[y]! || Math.abs(starts[x]! - middle) - Math.abs(starts[y]! - middle));
  for (const k of cands.slice(0, 4)) {
    const ind = indents[k]!;
    const line: Line = { at: starts[k]!, depth: ind, open: 0 };
    if (ind === 0) return plan(text, line, n);
    const found = enclosing(text, starts, indents, comment, k);
    if (found) return { ...plan(text, { ...line, open: found.open }, found.close), block: 'block' };
  }
  return undefined;
}

/**
 * A member's class: the end of the class header line and the first code line after the class body; or undefined when
 * the class is not a plain one-line `class` header whose body is indented the same all through.
 */
function enclosing(text: string, starts: number[], indents: number[], comment: boolean[], k: number): { open: number; close: number } | undefined {
  const ind = indents[k]!;
  let h = k - 1;
  while (h >= 0 && (comment[h] || indents[h]! >= ind)) h--;
  if (h < 0 || !text.startsWith('class ', starts[h]! + indents[h]!)) return undefined;
  const open = endOfLine(text, starts[h]!) + 1;
  if (open > starts[h + 1]! || indents[h + 1] !== ind) return undefined; // a header over several lines; another indent
  for (let m = h + 1; m < k; m++) if (!comment[m] && indents[m]! < ind) return undefined;
  for (let m = k + 1; m < starts.length; m++) {
    if (indents[m]! >= ind) continue;
    if (comment[m] || indents[m]! > indents[h]!) return undefined; // tree-sitter may place it in or out of the class
    return { open, close: starts[m]! };
  }
  return { open, close: text.length };
}

function endOfLine(text: string, i: number): number {
  const e = text.indexOf('\n', i);
  return e < 0 ? text.length : e;
}

/** The position after a Python string literal starting at `i` (single, triple, with escapes). */
function endOfPyString(text: string, i: number): number {
  const q = text[i]!;
  if (text.startsWith(q + q + q, i)) {
    for (let k = i + 3; k < text.length; k++) {
      if (text[k] === '\\') k++;
      else if (text.startsWith(q + q + q, k)) return k + 3;
    }
    return text.length;
  }
  for (let k = i + 1; k < text.length; k++) {
    const c = text[k];
    if (c === '\\') k++;
    else if (c === q || c === '\n') return k + 1;
  }
  return text.length;
}
