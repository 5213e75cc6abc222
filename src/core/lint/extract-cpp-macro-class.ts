// A class head with an export macro, `class LITE_EXPORTS Foo : public Base { ... };` (also CV_EXPORTS, DLL_API): with
// no definition of the macro the grammar reads `class LITE_EXPORTS` as a type, `Foo` as an error, and the body as a
// function body whose access specifiers are labels. Read back, it is the class Foo with those members, so the methods
// defined in the .cpp find the header's member constants (`const float mean_vals[3] = {...};`).

import type { SyntaxNode as Node } from './flat-tree';
import { kids, type ExtractCtx } from './extract-common';
import type { Stmt } from './ir';

/** An export macro's name: upper case, digits and underscores (LITE_EXPORTS, CV_EXPORTS, MY_API). */
const MACRO = /^[A-Z][A-Z0-9_]*$/;

/** The class a misparsed `class MACRO Name ... { members }` stands for; undefined for any other function definition. */
export function macroClass(ctx: ExtractCtx, n: Node, stmt: (ctx: ExtractCtx, n: Node) => Stmt[] | undefined): Stmt | undefined {
  const head = n.childForFieldName('type');
  const body = n.childForFieldName('body');
  if (!head || !body || (head.type !== 'class_specifier' && head.type !== 'struct_specifier') || head.childForFieldName('body')) return undefined;
  const macro = head.childForFieldName('name');
  if (!macro || !MACRO.test(ctx.text(macro))) return undefined;
  // The name comes next: as the declarator, or inside an error node (after a namespace, before `: public Base`).
  let id: Node | undefined;
  for (const c of kids(n)) {
    if (c === head || c === body) continue;
    id =
      c.type === 'identifier' || c.type === 'type_identifier'
        ? c
        : c.type === 'ERROR'
          ? kids(c).find((x) => x.type === 'identifier' || x.type === 'type_identifier')
          : undefined;
    if (id) break;
  }
  if (!id) return undefined;
  const members: Stmt[] = [];
  for (const k of kids(body)) {
    // `private: const float m[3] = {...};` reads as a labelled statement: the member is its statement.
    const inner = k.type === 'labeled_statement' ? kids(k).find((c) => c.type !== 'statement_identifier') : k;
    const x = inner ? stmt(ctx, inner) : undefined;
    if (x) members.push(...x);
  }
  return { k: 'class', name: ctx.text(id), body: members, sp: ctx.sp(n) };
}
