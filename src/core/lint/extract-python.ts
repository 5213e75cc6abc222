// Python tree-sitter nodes → lint IR.

import type { SyntaxNode as Node } from './flat-tree';
import { ExtractCtx, kids, numberExpr, operatorBetween, otherExpr, recoverStatements, unquote } from './extract-common';
import type { Arg, Expr, ImportEntry, Param, Prop, Stmt } from './ir';

/** The class whose body holds separately cached members, or undefined for a plain statement. */
export function pythonContainer(n: Node): { name: string; body: Node } | undefined {
  let def: Node | null = n;
  if (n.type === 'decorated_definition') def = n.childForFieldName('definition');
  if (!def || def.type !== 'class_definition') return undefined;
  const name = def.childForFieldName('name');
  const body = def.childForFieldName('body');
  if (!name || !body) return undefined;
  return { name: name.text, body };
}

/** Extracts one chunk (a module- or class-level statement). */
export function extractPython(ctx: ExtractCtx, n: Node): Stmt[] {
  return stmt(ctx, n) ?? [];
}

function block(ctx: ExtractCtx, n: Node | null): Stmt[] {
  if (!n) return [];
  const out: Stmt[] = [];
  for (const c of kids(n)) {
    const s = stmt(ctx, c);
    if (s) out.push(...s);
  }
  return out;
}

function exprStmt(ctx: ExtractCtx, n: Node | null): Stmt[] {
  if (!n) return [];
  const e = expr(ctx, n);
  return e ? [{ k: 'expr', e, sp: ctx.sp(n) }] : [];
}

function stmt(ctx: ExtractCtx, n: Node): Stmt[] | undefined {
  switch (n.type) {
    case 'expression_statement': {
      const out: Stmt[] = [];
      for (const c of kids(n)) {
        if (c.type === 'assignment' || c.type === 'augmented_assignment') out.push(...assignment(ctx, c, n));
        else out.push(...exprStmt(ctx, c));
      }
      return out;
    }
    case 'import_statement':
    case 'import_from_statement':
      return [{ k: 'import', entries: imports(ctx, n), sp: ctx.sp(n) }];
    case 'function_definition': {
      const name = n.childForFieldName('name');
      return [
        {
          k: 'func',
          name: name ? ctx.text(name) : '',
          params: params(ctx, n.childForFieldName('parameters')),
          body: block(ctx, n.childForFieldName('body')),
          sp: ctx.sp(n),
        },
      ];
    }
    case 'decorated_definition': {
      const def = n.childForFieldName('definition');
      return def ? stmt(ctx, def) : [];
    }
    case 'class_definition': {
      const name = n.childForFieldName('name');
      return [{ k: 'class', name: name ? ctx.text(name) : '', body: block(ctx, n.childForFieldName('body')), sp: ctx.sp(n) }];
    }
    case 'return_statement': {
      const [c] = kids(n);
      return [{ k: 'ret', e: c ? (expr(ctx, c) ?? null) : null, sp: ctx.sp(n) }];
    }
    case 'if_statement':
    case 'elif_clause':
    case 'while_statement': {
      const body: Stmt[] = [...exprStmt(ctx, n.childForFieldName('condition'))];
      const alts = [body.length];
      body.push(...block(ctx, n.childForFieldName('consequence') ?? n.childForFieldName('body')));
      for (const c of kids(n))
        if (c.type === 'elif_clause' || c.type === 'else_clause') {
          alts.push(body.length);
          body.push(...(c.type === 'else_clause' ? block(ctx, c.childForFieldName('body')) : (stmt(ctx, c) ?? [])));
        }
      return [alts.length > 1 && n.type === 'if_statement' ? { k: 'block', body, sp: ctx.sp(n), alts } : { k: 'block', body, sp: ctx.sp(n) }];
    }
    case 'for_statement': {
      const left = n.childForFieldName('left');
      const right = n.childForFieldName('right');
      const target = left ? expr(ctx, left) : undefined;
      const iter = right ? expr(ctx, right) : undefined;
      return [
        {
          k: 'for',
          init: [],
          cond: null,
          update: [],
          body: block(ctx, n.childForFieldName('body')),
          sp: ctx.sp(n),
          ...(target ? { target } : {}),
          ...(iter ? { iter } : {}),
        },
      ];
    }
    case 'with_statement': {
      const body: Stmt[] = [];
      for (const c of kids(n)) {
        if (c.type !== 'with_clause') continue;
        for (const item of kids(c)) {
          const v = item.childForFieldName('value');
          if (v?.type === 'as_pattern') {
            const [val, alias] = kids(v);
            const t = alias ? kids(alias)[0] : undefined;
            const ve = val ? expr(ctx, val) : undefined;
            const te = t ? expr(ctx, t) : undefined;
            if (ve && te) body.push({ k: 'assign', t: te, v: ve, sp: ctx.sp(v) });
          } else body.push(...exprStmt(ctx, v));
        }
      }
      body.push(...block(ctx, n.childForFieldName('body')));
      return [{ k: 'block', body, sp: ctx.sp(n) }];
    }
    case 'try_statement': {
      const body: Stmt[] = [...block(ctx, n.childForFieldName('body'))];
      for (const c of kids(n)) {
        if (c.type === 'except_clause' || c.type === 'finally_clause' || c.type === 'else_clause') {
          for (const b of kids(c)) if (b.type === 'block') body.push(...block(ctx, b));
        }
      }
      return [{ k: 'block', body, sp: ctx.sp(n) }];
    }
    case 'block':
      return [{ k: 'block', body: block(ctx, n), sp: ctx.sp(n) }];
    case 'ERROR':
      return recoverStatements(
        n,
        (c) => stmt(ctx, c),
        (c) => expr(ctx, c),
        ctx,
      );
    case 'pass_statement':
    case 'break_statement':
    case 'continue_statement':
    case 'global_statement':
    case 'nonlocal_statement':
    case 'future_import_statement':
      return [];
    default: {
      // assert, del, raise, print, match...: keep sub-expressions as uses. Expressions are not statements.
      if (!n.type.endsWith('_statement')) return undefined;
      const out: Stmt[] = [];
      for (const c of kids(n)) {
        const e = expr(ctx, c);
        if (e) out.push({ k: 'expr', e, sp: ctx.sp(c) });
      }
      return out;
    }
  }
}

function assignment(ctx: ExtractCtx, n: Node, stmtNode: Node): Stmt[] {
  const left = n.childForFieldName('left');
  const right = n.childForFieldName('right');
  if (!left) return [];
  const t = expr(ctx, left);
  if (!t) return [];
  if (n.type === 'augmented_assignment') {
    const op = right ? operatorBetween(ctx, left, right).replace(/=$/, '') : '';
    return [{ k: 'assign', t, v: right ? (expr(ctx, right) ?? null) : null, op, sp: ctx.sp(stmtNode) }];
  }
  if (right?.type === 'assignment') {
    // a = b = value: assign the inner first, then a from the inner target.
    const inner = assignment(ctx, right, stmtNode);
    const innerT = inner.length > 0 && inner[inner.length - 1].k === 'assign' ? (inner[inner.length - 1] as { t: Expr }).t : undefined;
    return innerT ? [...inner, { k: 'assign', t, v: innerT, sp: ctx.sp(stmtNode) }] : inner;
  }
  const typeNode = n.childForFieldName('type');
  return [
    {
      k: 'assign',
      t,
      v: right ? (expr(ctx, right) ?? null) : null,
      sp: ctx.sp(stmtNode),
      ...(typeNode ? { decl: ctx.text(typeNode) } : {}),
    },
  ];
}

function imports(ctx: ExtractCtx, n: Node): ImportEntry[] {
  const out: ImportEntry[] = [];
  if (n.type === 'import_statement') {
    for (const c of kids(n)) {
      if (c.type === 'dotted_name') {
        const full = ctx.text(c);
        out.push({ local: full.split('.')[0], full: full.split('.')[0] });
        if (full.includes('.')) out.push({ local: full, full });
      } else if (c.type === 'aliased_import') {
        const name = c.childForFieldName('name');
        const alias = c.childForFieldName('alias');
        if (name && alias) out.push({ local: ctx.text(alias), full: ctx.text(name) });
      }
    }
    return out;
  }
  const mod = n.childForFieldName('module_name');
  const modText = mod ? ctx.text(mod).replace(/^\.+/, '') : '';
  for (const c of kids(n)) {
    if (mod && c.startIndex === mod.startIndex) continue;
    if (c.type === 'wildcard_import') out.push({ local: '*', full: modText });
    else if (c.type === 'dotted_name') {
      const name = ctx.text(c);
      out.push({ local: name, full: `${modText}.${name}` });
    } else if (c.type === 'aliased_import') {
      const name = c.childForFieldName('name');
      const alias = c.childForFieldName('alias');
      if (name && alias) out.push({ local: ctx.text(alias), full: `${modText}.${ctx.text(name)}` });
    }
  }
  return out;
}

/** A parameter's type annotation (`n: int` gives "int"). */
function annotation(ctx: ExtractCtx, c: Node): string | undefined {
  const t = c.childForFieldName('type');
  return t ? ctx.text(t) : undefined;
}

function params(ctx: ExtractCtx, n: Node | null): Param[] {
  if (!n) return [];
  const out: Param[] = [];
  for (const c of kids(n)) {
    if (c.type === 'identifier') out.push({ name: ctx.text(c), sp: ctx.sp(c) });
    else if (c.type === 'default_parameter' || c.type === 'typed_default_parameter') {
      const name = c.childForFieldName('name');
      const value = c.childForFieldName('value');
      const def = value ? expr(ctx, value) : undefined;
      const type = annotation(ctx, c);
      if (name) out.push({ name: ctx.text(name), ...(def ? { def } : {}), ...(type ? { type } : {}), sp: ctx.sp(c) });
    } else if (c.type === 'typed_parameter') {
      const [name] = kids(c);
      const type = annotation(ctx, c);
      if (name?.type === 'identifier') out.push({ name: ctx.text(name), ...(type ? { type } : {}), sp: ctx.sp(c) });
    }
  }
  return out;
}

function args(ctx: ExtractCtx, n: Node | null): Arg[] {
  if (!n) return [];
  const out: Arg[] = [];
  for (const c of kids(n)) {
    if (c.type === 'keyword_argument') {
      const name = c.childForFieldName('name');
      const value = c.childForFieldName('value');
      const v = value ? expr(ctx, value) : undefined;
      if (name && v) out.push({ name: ctx.text(name), v, sp: ctx.sp(c) });
    } else {
      const v = expr(ctx, c);
      if (v) out.push({ v, sp: ctx.sp(c) });
    }
  }
  return out;
}

function sliceParts(ctx: ExtractCtx, n: Node): (Expr | null)[] {
  const parts: (Expr | null)[] = [null, null, null];
  for (const c of kids(n)) {
    const before = ctx.src.slice(n.startIndex, c.startIndex);
    const idx = Math.min(2, (before.match(/:/g) ?? []).length);
    parts[idx] = expr(ctx, c) ?? null;
  }
  return parts;
}

/** Converts an expression node; undefined for nodes that carry nothing (comments, keywords). */
export function expr(ctx: ExtractCtx, n: Node): Expr | undefined {
  const sp = ctx.sp(n);
  switch (n.type) {
    case 'identifier':
      return { k: 'name', n: ctx.text(n), sp };
    case 'integer':
    case 'float':
      return numberExpr(ctx, n);
    case 'true':
    case 'false':
      return { k: 'bool', v: n.type === 'true', sp };
    case 'none':
      return { k: 'null', sp };
    case 'string': {
      const v = unquote(ctx.text(n));
      return v === undefined ? { k: 'other', kids: [], sp } : { k: 'str', v, sp };
    }
    case 'concatenated_string':
      return { k: 'other', kids: [], sp };
    case 'ellipsis':
      return { k: 'ellipsis', sp };
    case 'attribute': {
      const o = n.childForFieldName('object');
      const a = n.childForFieldName('attribute');
      const oe = o ? expr(ctx, o) : undefined;
      if (!oe || !a) return otherExpr(ctx, n, expr);
      return { k: 'attr', o: oe, n: ctx.text(a), sp, nsp: ctx.sp(a) };
    }
    case 'call': {
      const f = n.childForFieldName('function');
      const a = n.childForFieldName('arguments');
      const fe = f ? expr(ctx, f) : undefined;
      if (!fe || !a) return otherExpr(ctx, n, expr);
      return { k: 'call', f: fe, a: a.type === 'argument_list' ? args(ctx, a) : [], sp, asp: ctx.sp(a) };
    }
    case 'binary_operator': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const le = l ? expr(ctx, l) : undefined;
      const re = r ? expr(ctx, r) : undefined;
      if (!l || !r || !le || !re) return otherExpr(ctx, n, expr);
      return { k: 'bin', op: operatorBetween(ctx, l, r), l: le, r: re, sp };
    }
    case 'unary_operator': {
      const a = n.childForFieldName('argument');
      const ae = a ? expr(ctx, a) : undefined;
      if (!a || !ae) return otherExpr(ctx, n, expr);
      const op = ctx.src.slice(n.startIndex, a.startIndex).trim();
      if (op === '-' && ae.k === 'num') return { ...ae, v: -ae.v, raw: `-${ae.raw}`, sp };
      return { k: 'un', op, e: ae, sp };
    }
    case 'parenthesized_expression': {
      const [c] = kids(n);
      return c ? expr(ctx, c) : undefined;
    }
    case 'tuple':
    case 'expression_list':
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list':
    case 'list_pattern':
    case 'set': {
      const items: Expr[] = [];
      for (const c of kids(n)) {
        const e = expr(ctx, c);
        if (e) items.push(e);
      }
      return { k: 'seq', kind: n.type.startsWith('list') ? 'list' : 'tuple', items, sp };
    }
    case 'dictionary': {
      const props: Prop[] = [];
      for (const c of kids(n)) {
        if (c.type !== 'pair') continue;
        const key = c.childForFieldName('key');
        const value = c.childForFieldName('value');
        const ve = value ? expr(ctx, value) : undefined;
        const k = key ? (key.type === 'string' ? unquote(ctx.text(key)) : ctx.text(key)) : undefined;
        if (k !== undefined && ve) props.push({ key: k, v: ve, sp: ctx.sp(c) });
      }
      return { k: 'obj', props, sp };
    }
    case 'dictionary_comprehension': {
      // {i.name: x for i in sess.get_inputs()}: one entry per iteration, each holding the pair's value (a feed dict
      // that gives every model input the same tensor). Kept as a dict of that one pair, keyed by the key's text.
      const pair = kids(n).find((c) => c.type === 'pair');
      const key = pair?.childForFieldName('key');
      const value = pair?.childForFieldName('value');
      const ve = value ? expr(ctx, value) : undefined;
      if (!pair || !key || !ve) return otherExpr(ctx, n, expr);
      return { k: 'obj', props: [{ key: ctx.text(key), v: ve, sp: ctx.sp(pair) }], sp };
    }
    case 'subscript': {
      const v = n.childForFieldName('value');
      const ve = v ? expr(ctx, v) : undefined;
      if (!v || !ve) return otherExpr(ctx, n, expr);
      const idx: Expr[] = [];
      for (const c of kids(n)) {
        if (c.startIndex === v.startIndex && c.endIndex === v.endIndex) continue;
        if (c.type === 'slice') idx.push({ k: 'slice', parts: sliceParts(ctx, c), sp: ctx.sp(c) });
        else {
          const e = expr(ctx, c);
          if (e) idx.push(e);
        }
      }
      return { k: 'sub', o: ve, idx, sp };
    }
    case 'await':
    case 'list_splat':
    case 'dictionary_splat':
    case 'starred_expression': {
      const [c] = kids(n);
      return c ? expr(ctx, c) : undefined;
    }
    case 'lambda': {
      const body = n.childForFieldName('body');
      const be = body ? expr(ctx, body) : undefined;
      return {
        k: 'lambda',
        params: params(ctx, n.childForFieldName('parameters')),
        body: be ? [{ k: 'ret', e: be, sp: ctx.sp(body!) }] : [],
        sp,
      };
    }
    case 'comment':
      return undefined;
    case 'conditional_expression': {
      const es: (Expr | undefined)[] = [];
      for (const c of kids(n)) es.push(expr(ctx, c));
      if (es.length !== 3 || es.some((x) => !x)) return otherExpr(ctx, n, expr);
      return { k: 'other', kids: [es[1]!, es[0]!, es[2]!], sp, alt: true };
    }
    case 'keyword_argument': {
      const value = n.childForFieldName('value');
      return value ? expr(ctx, value) : undefined;
    }
    default:
      return otherExpr(ctx, n, expr);
  }
}
