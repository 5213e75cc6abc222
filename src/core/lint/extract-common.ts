// Helpers shared by the per-language extractors: spans, literals and tolerant walking of tree-sitter nodes.

import type { SyntaxNode as Node } from './flat-tree';
import type { Arg, ChunkBase, Expr, Span, Stmt } from './ir';

/** An expression statement; a top-level assignment expression becomes an assignment statement. */
export function exprToStmt(e: Expr, sp: Span): Stmt {
  if (e.k === 'assignx') return { k: 'assign', t: e.t, v: e.v, ...(e.op !== undefined ? { op: e.op } : {}), sp };
  return { k: 'expr', e, sp };
}

/** Per-chunk extraction state: the source text and the chunk whose base spans are relative to. */
export class ExtractCtx {
  constructor(
    readonly src: string,
    readonly ch: ChunkBase,
  ) {}

  /** The span of a node, relative to the chunk. */
  sp(n: Node): Span {
    return { ch: this.ch, s: n.startIndex - this.ch.base, e: n.endIndex - this.ch.base };
  }

  /** `sp` when it is already the span of `n` (spans are never modified, so one object can serve both), else a new one: an argument and its expression usually share it. */
  sameSp(sp: Span, n: Node): Span {
    return sp.ch === this.ch && sp.s === n.startIndex - this.ch.base && sp.e === n.endIndex - this.ch.base ? sp : this.sp(n);
  }

  /** A span from absolute offsets. */
  spAt(start: number, end: number): Span {
    return { ch: this.ch, s: start - this.ch.base, e: end - this.ch.base };
  }

  /** The source text of a node. */
  text(n: Node): string {
    return this.src.slice(n.startIndex, n.endIndex);
  }
}

/**
 * A language's expression converter, passed to the shared helpers as is: a closure over the context (`(c) => expr(ctx, c)`)
 * inside an extractor's `expr` would make every call of `expr` allocate a context for it.
 */
export type SubExpr = (ctx: ExtractCtx, n: Node) => Expr | undefined;

/** Node types of comments (skipped when walking). */
export const COMMENT_TYPES: ReadonlySet<string> = new Set(['comment', 'line_comment', 'block_comment']);

/** Named children of a node without comments (the node's own list when it has none: never modify it). */
export function kids(n: Node): readonly Node[] {
  const all = n.namedChildren;
  for (let i = 0; i < all.length; i++) {
    const c = all[i];
    if (c && !COMMENT_TYPES.has(c.type)) continue;
    const out: Node[] = [];
    for (const k of all) if (k && !COMMENT_TYPES.has(k.type)) out.push(k);
    return out;
  }
  return all as readonly Node[];
}

/** The operator text between two child nodes, e.g. "/" in "a / b". */
export function operatorBetween(ctx: ExtractCtx, left: Node, right: Node): string {
  return ctx.src
    .slice(left.endIndex, right.startIndex)
    .replace(/\s+/g, '')
    .replace(/^\)+|\(+$/g, '');
}

/** Parses a numeric literal of any of the four languages (suffixes f, L, u, digit separators, hex). */
export function parseNumber(raw: string): { v: number; float: boolean; f32: boolean } | undefined {
  const plain = plainDecimal(raw);
  if (plain !== 0) return { v: Number(raw), float: plain === 2, f32: false };
  let t = raw.replace(/[_'\s]/g, '');
  if (t.startsWith('-') || t.startsWith('+')) {
    const inner = parseNumber(t.slice(1));
    return inner && t.startsWith('-') ? { ...inner, v: -inner.v } : inner;
  }
  const hex = /^0[xX][0-9a-fA-F]+[uUlL]*$/.test(t);
  if (hex) return { v: parseInt(t.replace(/[uUlL]+$/, ''), 16), float: false, f32: false };
  if (/^0[bB][01]+[uUlL]*$/.test(t)) return { v: parseInt(t.slice(2).replace(/[uUlL]+$/, ''), 2), float: false, f32: false };
  if (/^0[oO][0-7]+$/.test(t)) return { v: parseInt(t.slice(2), 8), float: false, f32: false };
  let f32 = false;
  if (/[fF]$/.test(t)) {
    f32 = true;
    t = t.slice(0, -1);
  } else if (/[dD]$/.test(t)) t = t.slice(0, -1);
  t = t.replace(/[uUlLjJn]+$/, '');
  if (!/^(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) return undefined;
  const float = f32 || /[.eE]/.test(t);
  const v = Number(t);
  return Number.isFinite(v) ? { v, float, f32 } : undefined;
}

/** 1 when `raw` is digits only (e.g. 224), 2 when digits, a point and digits (e.g. 0.5), else 0: the common literals, read without regular expressions. */
function plainDecimal(raw: string): 0 | 1 | 2 {
  let dot = -1;
  for (let i = 0; i < raw.length; i++) {
    const c = raw.charCodeAt(i);
    if (c >= 48 && c <= 57) continue;
    if (c === 46 && dot < 0 && i > 0 && i < raw.length - 1) {
      dot = i;
      continue;
    }
    return 0;
  }
  return raw.length === 0 || raw.length > 20 ? 0 : dot < 0 ? 1 : 2;
}

/** Unquotes a simple string literal's text (Python, C-family, JS); undefined for interpolated or odd strings. */
export function unquote(raw: string): string | undefined {
  const m = /^(?:[rRbBuU]{0,2})(['"`])([\s\S]*)\1$/.exec(raw) ?? /^(?:[rRbBuU]{0,2})('''|""")([\s\S]*)\1$/.exec(raw);
  if (!m) return undefined;
  const body = m[2];
  if (m[1] === '`' && body.includes('${')) return undefined;
  return body.replace(/\\(.)/g, '$1');
}

/** An expression for a node the extractor does not model, keeping its sub-expressions for data flow. */
export function otherExpr(ctx: ExtractCtx, n: Node, sub: SubExpr): Expr {
  const out: Expr[] = [];
  for (const c of kids(n)) {
    const e = sub(ctx, c);
    if (e) out.push(e);
  }
  return { k: 'other', kids: out, sp: ctx.sp(n) };
}

/** A number expression from a literal node, or an opaque expression when it does not parse. */
export function numberExpr(ctx: ExtractCtx, n: Node): Expr {
  const raw = ctx.text(n);
  const p = parseNumber(raw);
  if (!p) return { k: 'other', kids: [], sp: ctx.sp(n) };
  return { k: 'num', v: p.v, raw, float: p.float, f32: p.f32, sp: ctx.sp(n) };
}

/** Collapses whitespace in a type's text, e.g. "std::vector< double >" → "std::vector<double>". */
export function typeText(ctx: ExtractCtx, n: Node | null | undefined): string | undefined {
  if (!n) return undefined;
  const t = ctx.text(n);
  if (!hasSpace(t)) return t; // the common case (`float`, `cv::Mat`): nothing to collapse
  return t
    .replace(/\s+/g, ' ')
    .replace(/\s*([<>,*&:[\]])\s*/g, '$1')
    .trim();
}

/** True when `t` has a character the regular expression class \s would match in a type's text (ASCII whitespace or any non-ASCII character, checked the slow way). */
function hasSpace(t: string): boolean {
  for (let i = 0; i < t.length; i++) {
    const c = t.charCodeAt(i);
    if (c <= 32 || c >= 127) return true;
  }
  return false;
}

/** Statements for an ERROR node: whatever inside it parses as a statement or expression is kept. */
export function recoverStatements(n: Node, stmt: (c: Node) => Stmt[] | undefined, expr: (c: Node) => Expr | undefined, ctx: ExtractCtx): Stmt[] {
  const out: Stmt[] = [];
  for (const c of kids(n)) {
    const s = stmt(c);
    if (s) {
      out.push(...s);
      continue;
    }
    const e = expr(c);
    if (e && e.k !== 'name' && e.k !== 'num' && e.k !== 'str') out.push({ k: 'expr', e, sp: ctx.sp(c) });
  }
  return out;
}

/** Statements of `n`: the children of a block node whose type is in `blockTypes`, else `n` itself as statements. */
export function blockStmts(n: Node | null, blockTypes: ReadonlySet<string>, stmt: (c: Node) => Stmt[] | undefined, single: (c: Node) => Stmt[]): Stmt[] {
  if (!n) return [];
  if (!blockTypes.has(n.type)) return single(n);
  const out: Stmt[] = [];
  for (const c of kids(n)) {
    const s = stmt(c);
    if (s) out.push(...s);
  }
  return out;
}

/** `x = 0;` / `x = -1;`: a variable set to a literal constant. */
function constantStore(s: Stmt): boolean {
  if (s.k === 'expr' && s.e.k === 'assignx' && !s.e.op) return s.e.t.k === 'name' && (s.e.v.k === 'num' || s.e.v.k === 'bool' || s.e.v.k === 'null');
  return s.k === 'assign' && !s.op && s.decl === undefined && s.t.k === 'name' && (s.v?.k === 'num' || s.v?.k === 'bool' || s.v?.k === 'null');
}

/** True when body[from..] is not empty and holds only constant stores. */
function onlyConstantStores(body: readonly Stmt[], from: number): boolean {
  if (body.length <= from) return false;
  for (let i = from; i < body.length; i++) if (!constantStore(body[i])) return false;
  return true;
}

/** if/while/do/switch as one block: the condition's statements, the body, then the else branch (an else_clause or a statement), marked as alternatives. */
export function branchBlock(ctx: ExtractCtx, n: Node, exprStmts: (c: Node | null) => Stmt[], block: (c: Node | null) => Stmt[]): Stmt {
  const body: Stmt[] = [...exprStmts(n.childForFieldName('condition'))];
  const cond = body.length;
  body.push(...block(n.childForFieldName('consequence') ?? n.childForFieldName('body')));
  const alt = n.childForFieldName('alternative');
  // `if (p == 0) p = -1;` / `if (v < 0) v = 0;`: a constant put in place of a value only sometimes, so the value may
  // also be left as it was (an empty else). Other bodies without an else run as written.
  if (!alt) return onlyConstantStores(body, cond) ? { k: 'block', body, sp: ctx.sp(n), alts: [cond, body.length] } : { k: 'block', body, sp: ctx.sp(n) };
  const alts = [cond, body.length];
  for (const c of alt.type === 'else_clause' ? kids(alt) : [alt]) body.push(...block(c));
  return { k: 'block', body, sp: ctx.sp(n), alts };
}

/** Positional arguments of an argument-list node (C++, Java, JS): each child converted by `expr`, unconvertible ones dropped. */
export function positionalArgs(ctx: ExtractCtx, n: Node | null, expr: SubExpr): Arg[] {
  if (!n) return [];
  const out: Arg[] = [];
  for (const c of kids(n)) {
    const v = expr(ctx, c);
    if (v) out.push({ v, sp: ctx.sameSp(v.sp, c) });
  }
  return out;
}

/** A prefix unary expression whose operand is field `operandField`: -literal folds into the number, +x is x. */
export function unaryExpr(ctx: ExtractCtx, n: Node, operandField: string, expr: SubExpr): Expr {
  const a = n.childForFieldName(operandField);
  const ae = a ? expr(ctx, a) : undefined;
  if (!a || !ae) return otherExpr(ctx, n, expr);
  const op = ctx.src.slice(n.startIndex, a.startIndex).trim();
  if (op === '-' && ae.k === 'num') return { ...ae, v: -ae.v, raw: `-${ae.raw}`, sp: ctx.sp(n) };
  return op === '+' ? ae : { k: 'un', op, e: ae, sp: ctx.sp(n) };
}

/** `c ? a : b` with fields condition, consequence and alternative: one of a or b (an opaque expression when a part is missing). */
export function conditionalExpr(ctx: ExtractCtx, n: Node, expr: SubExpr): Expr {
  const es: Expr[] = [];
  for (const f of ['condition', 'consequence', 'alternative']) {
    const c = n.childForFieldName(f);
    const e = c ? expr(ctx, c) : undefined;
    if (!e) return otherExpr(ctx, n, expr);
    es.push(e);
  }
  return { k: 'other', kids: es, sp: ctx.sp(n), alt: true };
}

/** The expressions of nodes (those that carry one). */
export function exprsOf(ctx: ExtractCtx, nodes: readonly Node[], expr: SubExpr): Expr[] {
  const out: Expr[] = [];
  for (const c of nodes) {
    const e = expr(ctx, c);
    if (e) out.push(e);
  }
  return out;
}
