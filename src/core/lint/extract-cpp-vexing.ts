// C++'s "most vexing parse": `std::vector<float> data(count_);` reads, to the grammar, as the prototype of a function
// `data` taking a parameter of type `count_`, but in a function body with a lower-case name in the parentheses it is
// the buffer made with that many elements. Such a declaration becomes `data = std::vector<float>(count_)`.

import type { SyntaxNode as Node } from './flat-tree';
import { kids, type ExtractCtx } from './extract-common';
import type { Expr, Stmt } from './ir';

/** Container types whose one-argument constructor takes a count (the buffers image code fills). */
const CONTAINER = /^(std::)?(vector|valarray)\s*</;
/** A variable's name, not a type's: it starts in lower case, after any underscores (`count_`, `n`, `_netWidth`). */
const VARIABLE = /^_*[a-z][A-Za-z0-9_]*$/;

/** A class (`YOLO`, `Detector`, `cv::Size`): constructed as `YOLO model(configs[2]);`, `cv::Size s(_w, _h);`. */
const CLASS = /^(?:\w+::)*[A-Z]\w*$/;
/** Lower-case type names that are types after all (size_t, uint8_t). */
const TYPE_T = /_t$/;

/** A parameter read as an argument: `count_`, or `configs[2]` (parsed as an array parameter of type `configs`). */
function argOf(ctx: ExtractCtx, p: Node, arrays: boolean): Expr | undefined {
  if (p.type !== 'parameter_declaration') return undefined;
  const t = p.childForFieldName('type');
  const text = t?.type === 'type_identifier' ? ctx.text(t) : undefined;
  if (!t || text === undefined || !VARIABLE.test(text) || TYPE_T.test(text)) return undefined;
  const name: Expr = { k: 'name', n: text, sp: ctx.sp(t) };
  const d = p.childForFieldName('declarator');
  if (!d) return name;
  const size = arrays && d.type === 'abstract_array_declarator' ? d.childForFieldName('size') : null;
  if (size?.type !== 'number_literal' || !/^\d+$/.test(ctx.text(size))) return undefined;
  const v = Number(ctx.text(size));
  return { k: 'sub', o: name, idx: [{ k: 'num', v, raw: ctx.text(size), float: false, f32: false, sp: ctx.sp(size) }], sp: ctx.sp(p) };
}

/**
 * `T name(var);` parsed as a function declarator, where T is a std::vector and var a variable's name: the declaration
 * of a buffer; or `YOLO model(configs[2]);` with T a class of the program and variables (or their items) in the
 * parentheses: the construction of an object. Returns the assignment the extractor would give for `T name(args)` read
 * as a variable, or undefined.
 */
export function vexingBuffer(ctx: ExtractCtx, d: Node, decl: string, typeExpr: Expr, declSp: Stmt['sp']): Stmt | undefined {
  const container = CONTAINER.test(decl);
  if (!container && !CLASS.test(decl)) return undefined;
  const nameNode = d.childForFieldName('declarator');
  const params = d.childForFieldName('parameters');
  if (nameNode?.type !== 'identifier' || !params) return undefined;
  const args: Expr[] = [];
  for (const p of kids(params)) {
    const a = argOf(ctx, p, !container);
    if (!a) return undefined;
    args.push(a);
  }
  if (container ? args.length !== 1 : args.length === 0) return undefined;
  return {
    k: 'assign',
    t: { k: 'name', n: ctx.text(nameNode), sp: ctx.sp(nameNode) },
    v: { k: 'call', f: typeExpr, a: args.map((v) => ({ v, sp: v.sp })), sp: ctx.sp(d), asp: ctx.sp(params), isNew: true },
    sp: declSp,
    decl,
  };
}
