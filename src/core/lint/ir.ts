// A small language-neutral intermediate form of the code the rules read: statements and expressions with spans.
// Each extractor (Python, C++, Java, JS/TS) turns a tree-sitter tree into this form, one cached chunk at a time.

/** Where a chunk (a top-level declaration or statement) starts in the current text; moves as edits above it shift it. */
export interface ChunkBase {
  base: number;
}

/** A span relative to its chunk's start: absolute offset = ch.base + s. */
export interface Span {
  ch: ChunkBase;
  s: number;
  e: number;
}

/** A call argument; `name` is set for Python keyword arguments. */
export interface Arg {
  name?: string;
  v: Expr;
  sp: Span;
}

/** A property of an object (JS) or dict (Python) literal. */
export interface Prop {
  key: string;
  v: Expr;
  sp: Span;
}

/** Expressions. `other.alt` marks a conditional (c ? a : b): its value is one of kids[1..]. `num.f32` marks float literals with an f suffix (C++/Java); `num.float` any literal with a decimal point. */
export type Expr =
  | { k: 'num'; v: number; raw: string; float: boolean; f32: boolean; sp: Span }
  | { k: 'str'; v: string; sp: Span }
  | { k: 'bool'; v: boolean; sp: Span }
  | { k: 'null'; sp: Span }
  | { k: 'name'; n: string; sp: Span }
  | { k: 'attr'; o: Expr; n: string; sp: Span; nsp: Span }
  | { k: 'call'; f: Expr; a: Arg[]; sp: Span; asp: Span; targs?: string; isNew?: boolean }
  | { k: 'bin'; op: string; l: Expr; r: Expr; sp: Span }
  | { k: 'un'; op: string; e: Expr; sp: Span }
  | { k: 'seq'; kind: 'tuple' | 'list' | 'brace'; items: Expr[]; sp: Span }
  | { k: 'obj'; props: Prop[]; sp: Span }
  | { k: 'sub'; o: Expr; idx: Expr[]; sp: Span }
  | { k: 'slice'; parts: (Expr | null)[]; sp: Span }
  | { k: 'ellipsis'; sp: Span }
  | { k: 'cast'; t: string; e: Expr; sp: Span }
  | { k: 'lambda'; params: Param[]; body: Stmt[]; sp: Span }
  | { k: 'assignx'; t: Expr; v: Expr; op?: string; sp: Span }
  | { k: 'other'; kids: Expr[]; sp: Span; alt?: boolean };

/** A function parameter. */
export interface Param {
  name: string;
  def?: Expr;
  type?: string;
  /** A C++ non-const reference (`ncnn::Mat& in`): what the function leaves in it reaches the caller's argument. */
  out?: true;
  sp: Span;
}

/** An imported name: `local` is how the file refers to `full` (dotted module path). */
export interface ImportEntry {
  local: string;
  full: string;
}

/** Statements. Branch and loop bodies are kept; conditions become expression statements. A block with `alts` is an if/else: body[alts[i]..alts[i+1]) is one branch, only one of which runs (the statements before alts[0] are the condition). */
export type Stmt =
  | { k: 'assign'; t: Expr; v: Expr | null; op?: string; sp: Span; decl?: string; isConst?: boolean }
  | { k: 'expr'; e: Expr; sp: Span }
  | { k: 'ret'; e: Expr | null; sp: Span }
  | { k: 'func'; name: string; params: Param[]; body: Stmt[]; sp: Span }
  | { k: 'class'; name: string; body: Stmt[]; sp: Span; container?: boolean }
  | { k: 'block'; body: Stmt[]; sp: Span; container?: boolean; alts?: number[] }
  | { k: 'for'; init: Stmt[]; cond: Expr | null; update: Expr[]; body: Stmt[]; sp: Span; target?: Expr; iter?: Expr }
  | { k: 'import'; entries: ImportEntry[]; sp: Span }
  | { k: 'using'; ns: string; sp: Span };

/** Absolute start offset of a span. */
export function startOf(sp: Span): number {
  return sp.ch.base + sp.s;
}

/** Absolute end offset of a span. */
export function endOf(sp: Span): number {
  return sp.ch.base + sp.e;
}

/** The dotted name of a name/attribute chain (a.b.c), or undefined for anything else. */
export function dottedName(e: Expr): string | undefined {
  if (e.k === 'name') return e.n;
  if (e.k === 'attr') {
    const head = dottedName(e.o);
    return head === undefined ? undefined : `${head}.${e.n}`;
  }
  return undefined;
}

/** The first part of `dottedName(e)` (`a` of a.b.c) without building the whole name, or undefined when there is none. */
export function dottedHead(e: Expr): string | undefined {
  let x = e;
  while (x.k === 'attr') x = x.o;
  if (x.k !== 'name') return undefined;
  const dot = x.n.indexOf('.');
  return dot < 0 ? x.n : x.n.slice(0, dot);
}

/** The expression under its casts: `((Graphics2D) g)` and `(float*) m.data` give `g` and `m.data`. */
export function uncast(e: Expr): Expr {
  let x = e;
  while (x.k === 'cast') x = x.e;
  return x;
}

/** Calls `visit` on every expression inside `e` (pre-order, including `e`); stops descending when visit returns false. */
export function walkExpr(e: Expr, visit: (x: Expr) => boolean | void): void {
  if (visit(e) === false) return;
  switch (e.k) {
    case 'attr':
      walkExpr(e.o, visit);
      break;
    case 'call':
      walkExpr(e.f, visit);
      for (const a of e.a) walkExpr(a.v, visit);
      break;
    case 'bin':
      walkExpr(e.l, visit);
      walkExpr(e.r, visit);
      break;
    case 'assignx':
      walkExpr(e.t, visit);
      walkExpr(e.v, visit);
      break;
    case 'un':
    case 'cast':
      walkExpr(e.e, visit);
      break;
    case 'seq':
      for (const x of e.items) walkExpr(x, visit);
      break;
    case 'obj':
      for (const p of e.props) walkExpr(p.v, visit);
      break;
    case 'sub':
      walkExpr(e.o, visit);
      for (const x of e.idx) walkExpr(x, visit);
      break;
    case 'slice':
      for (const x of e.parts) if (x) walkExpr(x, visit);
      break;
    case 'other':
      for (const x of e.kids) walkExpr(x, visit);
      break;
    default:
      break;
  }
}

/** Calls `visit` on every statement (pre-order), descending into functions, classes, blocks and loops. */
export function walkStmts(stmts: readonly Stmt[], visit: (s: Stmt) => void): void {
  for (const s of stmts) {
    visit(s);
    if (s.k === 'func' || s.k === 'class' || s.k === 'block') walkStmts(s.body, visit);
    else if (s.k === 'for') {
      walkStmts(s.init, visit);
      walkStmts(s.body, visit);
    }
  }
}

/** Calls `visit` on every expression of one statement (not of nested statements, except lambda bodies). */
export function forEachExpr(s: Stmt, visit: (e: Expr) => void): void {
  switch (s.k) {
    case 'assign':
      eachExpr(s.t, visit);
      eachExpr(s.v, visit);
      break;
    case 'expr':
      eachExpr(s.e, visit);
      break;
    case 'ret':
      eachExpr(s.e, visit);
      break;
    case 'for':
      eachExpr(s.cond, visit);
      eachExpr(s.iter, visit);
      for (const u of s.update) eachExpr(u, visit);
      break;
    default:
      break;
  }
}

/** forEachExpr's walk of one expression (a module function: no closure per statement). */
function eachExpr(e: Expr | null | undefined, visit: (e: Expr) => void): void {
  if (!e) return;
  visit(e);
  switch (e.k) {
    case 'attr':
      eachExpr(e.o, visit);
      break;
    case 'call':
      eachExpr(e.f, visit);
      for (const a of e.a) eachExpr(a.v, visit);
      break;
    case 'bin':
      eachExpr(e.l, visit);
      eachExpr(e.r, visit);
      break;
    case 'assignx':
      eachExpr(e.t, visit);
      eachExpr(e.v, visit);
      break;
    case 'un':
    case 'cast':
      eachExpr(e.e, visit);
      break;
    case 'seq':
      for (const x of e.items) eachExpr(x, visit);
      break;
    case 'obj':
      for (const p of e.props) eachExpr(p.v, visit);
      break;
    case 'sub':
      eachExpr(e.o, visit);
      for (const x of e.idx) eachExpr(x, visit);
      break;
    case 'other':
      for (const x of e.kids) eachExpr(x, visit);
      break;
    case 'lambda':
      eachLambdaExpr(e.body, visit);
      break;
    default:
      break;
  }
}

/** eachExpr's walk of a lambda body, kept apart: a closure over `visit` inside eachExpr would make every call of it allocate a context. */
function eachLambdaExpr(body: readonly Stmt[], visit: (e: Expr) => void): void {
  walkStmts(body, (b) => forEachExpr(b, visit));
}
