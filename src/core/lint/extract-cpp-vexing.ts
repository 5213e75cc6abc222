// C++'s "most vexing parse": `std::vector<float> data(count_);` reads, to the grammar, as the prototype of a function
// `data` taking a parameter of type `count_`, but in a function body with a lower-case name in the parentheses it is
// the buffer made with that many elements. Such a declaration becomes `data = std::vector<float>(count_)`.

import type { SyntaxNode as Node } from './flat-tree';
import { kids, type ExtractCtx } from './extract-common';
import type { Expr, Stmt } from './ir';

/** Container types whose one-argument constructor takes a count (the buffers image code fills). */
const CONTAINER = /^(std::)?(vector|valarray)\s*</;
/** A variable's name, not a type's: lower case, digits and underscores (`count_`, `input_tensor_size_`, `n`). */
const VARIABLE = /^[a-z_][a-z0-9_]*$/;

/**
 * `T name(var);` parsed as a function declarator, where T is a std::vector and var a variable's name: the declaration
 * of a buffer. Returns the assignment the extractor would give for `T name(var)` read as a variable, or undefined.
 */
export function vexingBuffer(ctx: ExtractCtx, d: Node, decl: string, typeExpr: Expr, declSp: Stmt['sp']): Stmt | undefined {
  if (!CONTAINER.test(decl)) return undefined;
  const nameNode = d.childForFieldName('declarator');
  const params = d.childForFieldName('parameters');
  if (nameNode?.type !== 'identifier' || !params) return undefined;
  const args: Expr[] = [];
  for (const p of kids(params)) {
    if (p.type !== 'parameter_declaration' || p.childForFieldName('declarator')) return undefined;
    const t = p.childForFieldName('type');
    const text = t?.type === 'type_identifier' ? ctx.text(t) : undefined;
    if (!t || text === undefined || !VARIABLE.test(text)) return undefined;
    args.push({ k: 'name', n: text, sp: ctx.sp(t) });
  }
  if (args.length !== 1) return undefined;
  return {
    k: 'assign',
    t: { k: 'name', n: ctx.text(nameNode), sp: ctx.sp(nameNode) },
    v: { k: 'call', f: typeExpr, a: args.map((v) => ({ v, sp: v.sp })), sp: ctx.sp(d), asp: ctx.sp(params), isNew: true },
    sp: declSp,
    decl,
  };
}
