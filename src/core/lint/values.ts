// Constant values the linter can know statically: numbers, strings, sequences and library symbols.

/**
 * A statically known value. Number `dt`: 'weak' is a Python float literal, 'int' an integer literal,
 * 'f32'/'f64' a typed scalar (np.float32(...), 255.0f, a C double). Sequence `dt`: 'list' is a Python
 * list/tuple (numpy turns a list of floats into float64), 'f32'/'f64'/'int' a typed array.
 */
export type CV =
  | { t: 'num'; v: number; dt: 'weak' | 'int' | 'f32' | 'f64' }
  | { t: 'str'; v: string }
  | { t: 'bool'; v: boolean }
  | { t: 'null' }
  | { t: 'seq'; items: CV[]; dt: 'list' | 'f32' | 'f64' | 'int' }
  | { t: 'sym'; name: string };

/** A number value, or undefined. */
export function num(v: CV | undefined): number | undefined {
  return v && v.t === 'num' ? v.v : v && v.t === 'bool' ? (v.v ? 1 : 0) : undefined;
}

/** The numbers of a sequence (or a scalar as a one-element list); undefined when any item is not a number. */
export function nums(v: CV | undefined): number[] | undefined {
  if (!v) return undefined;
  if (v.t === 'num') return [v.v];
  if (v.t !== 'seq') return undefined;
  const out: number[] = [];
  for (const x of v.items) {
    if (x.t === 'seq' && x.items.length === 1 && x.items[0].t === 'num') {
      out.push(x.items[0].v);
      continue;
    }
    if (x.t !== 'num') return undefined;
    out.push(x.v);
  }
  return out;
}

/** Applies a binary arithmetic operator to two numbers. */
export function arith(op: string, a: number, b: number): number | undefined {
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return b === 0 ? undefined : a / b;
    case '//':
      return b === 0 ? undefined : Math.floor(a / b);
    case '%':
      return b === 0 ? undefined : a % b;
    case '**':
      return a ** b;
    case '<<':
      return a << b;
    case '>>':
    case '>>>':
      return a >> b;
    case '&':
      return a & b;
    case '|':
      return a | b;
    case '^':
      return a ^ b;
    default:
      return undefined;
  }
}

function numDt(a: CV & { t: 'num' }, b: CV & { t: 'num' }, op: string, v: number): 'weak' | 'int' | 'f32' | 'f64' {
  if (a.dt === 'f64' || b.dt === 'f64') return 'f64';
  if (a.dt === 'f32' || b.dt === 'f32') return 'f32';
  if (a.dt === 'weak' || b.dt === 'weak' || op === '/' || !Number.isInteger(v)) return 'weak';
  return 'int';
}

/** Evaluates `a op b` on constants: numbers, element-wise typed arrays, Python list repetition and concatenation. */
export function binConst(op: string, a: CV, b: CV): CV | undefined {
  if (a.t === 'num' && b.t === 'num') {
    const v = arith(op, a.v, b.v);
    return v === undefined ? undefined : { t: 'num', v, dt: numDt(a, b, op, v) };
  }
  if (a.t === 'seq' && b.t === 'num') {
    if (a.dt === 'list' && op === '*' && Number.isInteger(b.v) && b.v >= 0 && b.v <= 16) {
      const items: CV[] = [];
      for (let i = 0; i < b.v; i++) items.push(...a.items);
      return { t: 'seq', items, dt: 'list' };
    }
    if (a.dt === 'list') return undefined;
    return mapSeq(a, (x) => (x.t === 'num' ? binConst(op, x, b) : undefined));
  }
  if (a.t === 'num' && b.t === 'seq' && b.dt !== 'list') return mapSeq(b, (x) => (x.t === 'num' ? binConst(op, a, x) : undefined));
  if (a.t === 'seq' && b.t === 'seq') {
    if (a.dt === 'list' && b.dt === 'list' && op === '+') return { t: 'seq', items: [...a.items, ...b.items], dt: 'list' };
    if (a.items.length !== b.items.length || (a.dt === 'list' && b.dt === 'list')) return undefined;
    const items: CV[] = [];
    for (let i = 0; i < a.items.length; i++) {
      const r = binConst(op, a.items[i], b.items[i]);
      if (!r) return undefined;
      items.push(r);
    }
    return { t: 'seq', items, dt: a.dt === 'list' ? b.dt : a.dt };
  }
  if (a.t === 'str' && b.t === 'str' && op === '+') return { t: 'str', v: a.v + b.v };
  return undefined;
}

function mapSeq(s: CV & { t: 'seq' }, f: (x: CV) => CV | undefined): CV | undefined {
  const items: CV[] = [];
  for (const x of s.items) {
    const r = f(x);
    if (!r) return undefined;
    items.push(r);
  }
  return { t: 'seq', items, dt: s.dt };
}

/** Formats a number the way a user writes it: 224, 0.5, 0.00392157. */
export function fmtNum(v: number): string {
  if (Number.isInteger(v)) return String(v);
  let t = FORMATTED.get(v);
  if (t === undefined) {
    t = String(Number(v.toPrecision(6)));
    // Messages repeat the same few constants (the spec's mean and std, 1/255): toPrecision is slow, a lookup is not.
    if (FORMATTED.size > 4096) FORMATTED.clear();
    FORMATTED.set(v, t);
  }
  return t;
}

/** fmtNum's results for non-integers. */
const FORMATTED = new Map<number, string>();

/** Formats a list of numbers: [0.485, 0.456, 0.406]; a single value stays a scalar. */
export function fmtNums(v: readonly number[]): string {
  if (v.length === 1) return fmtNum(v[0]);
  return `[${v.map(fmtNum).join(', ')}]`;
}

/** Formats a constant for a message. */
export function fmtCV(v: CV | undefined): string {
  if (!v) return '?';
  switch (v.t) {
    case 'num':
      return fmtNum(v.v);
    case 'str':
      return JSON.stringify(v.v);
    case 'bool':
      return v.v ? 'true' : 'false';
    case 'null':
      return 'None';
    case 'seq':
      return `(${v.items.map(fmtCV).join(', ')})`;
    case 'sym':
      return v.name;
  }
}

/** Relative closeness used when comparing code constants with spec values. */
export function close(a: number, b: number, rel = 2e-3): boolean {
  return Math.abs(a - b) <= rel * Math.max(Math.abs(a), Math.abs(b)) + 1e-9;
}

/** A "nice" decimal for a quick fix (e.g. 255, 127.5), or undefined when the value has no short exact form. */
export function niceNumber(v: number): string | undefined {
  for (let digits = 1; digits <= 7; digits++) {
    const r = Number(v.toPrecision(digits));
    if (Math.abs(r - v) <= 1e-9 * Math.max(1, Math.abs(v))) return String(r);
  }
  return undefined;
}
