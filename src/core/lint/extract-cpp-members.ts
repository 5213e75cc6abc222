// C++ constructors: the member initializer list (`: mean_(mean), std_(cv::Scalar(0.5, 0.5, 0.5))`) as assignments to
// the members at the start of the constructor's body, so the class's methods can read the members as constants.

import type { SyntaxNode as Node } from './flat-tree';
import { kids, type ExtractCtx } from './extract-common';
import type { Expr, Stmt } from './ir';

const NONE: readonly Stmt[] = [];

/**
 * A constructor's initializer list as member assignments: `mean_(cv::Scalar(...))` keeps its value, and `mean_(mean)`
 * of a parameter with a default (`const cv::Scalar& mean = cv::Scalar(0.485, 0.456, 0.406)`) takes that default, so
 * the class's methods read `mean_` as a constant. A member set from a parameter without a default is assigned that
 * parameter, bound to a constant when every construction passes the same one.
 */
export function memberInits(
  ctx: ExtractCtx,
  n: Node,
  paramList: Node | null,
  expr: (ctx: ExtractCtx, n: Node) => Expr | undefined,
  declaratorName: (ctx: ExtractCtx, d: Node) => { name: string } | undefined,
): readonly Stmt[] {
  // Only a constructor has a `:` between its declarator and its body: most functions stop here without allocating.
  const d = n.childForFieldName('declarator');
  const b = n.childForFieldName('body');
  const colon = d && b ? ctx.src.indexOf(':', d.endIndex) : -1;
  if (!b || colon < 0 || colon >= b.startIndex) return NONE;
  const list = kids(n).find((c) => c.type === 'field_initializer_list');
  if (!list) return NONE;
  const out: Stmt[] = [];
  for (const fi of kids(list)) {
    const [field, argList] = kids(fi);
    const given = fi.type === 'field_initializer' && field && argList ? kids(argList) : [];
    if (given.length !== 1 || field.type !== 'field_identifier') continue;
    let valueNode: Node | null = given[0];
    if (valueNode.type === 'identifier') {
      const name = ctx.text(valueNode);
      const param = paramList
        ? kids(paramList).find((p) => {
            const d = p.childForFieldName('declarator');
            return d !== null && declaratorName(ctx, d)?.name === name;
          })
        : undefined;
      // A parameter with a default gives the default; one without stays the parameter, which a construction that
      // passes constants binds (scope-ctor-members.ts).
      const dflt = param?.childForFieldName('default_value');
      if (param && !dflt) valueNode = given[0];
      else valueNode = dflt ?? null;
    }
    const v = valueNode ? expr(ctx, valueNode) : undefined;
    if (!v) continue;
    const sp = ctx.sp(field);
    out.push({ k: 'assign', t: { k: 'attr', o: { k: 'name', n: 'this', sp }, n: ctx.text(field), sp, nsp: sp }, v, sp: ctx.sp(fi) });
  }
  return out;
}
