// Java tree-sitter nodes → lint IR.

import type { SyntaxNode as Node } from './flat-tree';
import {
  blockStmts,
  branchBlock,
  conditionalExpr,
  exprsOf,
  exprToStmt,
  ExtractCtx,
  kids,
  numberExpr,
  operatorBetween,
  otherExpr,
  positionalArgs,
  recoverStatements,
  typeText,
  unaryExpr,
  unquote,
} from './extract-common';
import type { Arg, Expr, Param, Stmt } from './ir';

const CLASS_TYPES = new Set(['class_declaration', 'interface_declaration', 'enum_declaration', 'record_declaration']);

/** Classes whose members are cached one by one. */
export function javaContainer(n: Node): { name: string; body: Node } | undefined {
  if (!CLASS_TYPES.has(n.type)) return undefined;
  const body = n.childForFieldName('body');
  const name = n.childForFieldName('name');
  return body ? { name: name ? name.text : '', body } : undefined;
}

/** Extracts one chunk (an import, or a class member). */
export function extractJava(ctx: ExtractCtx, n: Node): Stmt[] {
  return stmt(ctx, n) ?? [];
}

const BLOCKS = new Set(['block', 'constructor_body', 'class_body', 'interface_body', 'enum_body']);

function block(ctx: ExtractCtx, n: Node | null): Stmt[] {
  return blockStmts(
    n,
    BLOCKS,
    (c) => stmt(ctx, c),
    (c) => stmt(ctx, c) ?? exprStmts(ctx, c),
  );
}

function exprStmts(ctx: ExtractCtx, n: Node | null): Stmt[] {
  if (!n) return [];
  const e = expr(ctx, n);
  return e ? [exprToStmt(e, ctx.sp(n))] : [];
}

function varDecl(ctx: ExtractCtx, n: Node): Stmt[] {
  const typeNode = n.childForFieldName('type');
  const decl = typeText(ctx, typeNode) ?? '';
  const mods = kids(n).find((c) => c.type === 'modifiers');
  const isConst = mods ? /\bfinal\b/.test(ctx.text(mods)) : false;
  const out: Stmt[] = [];
  for (const c of kids(n)) {
    if (c.type !== 'variable_declarator') continue;
    const name = c.childForFieldName('name');
    const value = c.childForFieldName('value');
    if (!name) continue;
    const dims = c.childForFieldName('dimensions');
    out.push({
      k: 'assign',
      t: { k: 'name', n: ctx.text(name), sp: ctx.sp(name) },
      v: value ? (expr(ctx, value) ?? null) : null,
      sp: ctx.sp(n),
      decl: dims ? `${decl}[]` : decl,
      isConst,
    });
  }
  return out;
}

function stmt(ctx: ExtractCtx, n: Node): Stmt[] | undefined {
  switch (n.type) {
    case 'import_declaration': {
      const t = ctx
        .text(n)
        .replace(/^import\s+(static\s+)?/, '')
        .replace(/;\s*$/, '')
        .replace(/\s+/g, '');
      const full = t.replace(/\.\*$/, '');
      const local = t.endsWith('.*') ? '*' : (full.split('.').pop() ?? full);
      return [{ k: 'import', entries: [{ local, full }], sp: ctx.sp(n) }];
    }
    case 'package_declaration':
      return [];
    case 'field_declaration':
    case 'local_variable_declaration':
    case 'constant_declaration':
      return varDecl(ctx, n);
    case 'expression_statement':
      return exprStmts(ctx, kids(n)[0] ?? null);
    case 'method_declaration':
    case 'constructor_declaration': {
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
    case 'class_declaration':
    case 'interface_declaration':
    case 'enum_declaration':
    case 'record_declaration': {
      const c = javaContainer(n);
      return c ? [{ k: 'class', name: c.name, body: block(ctx, c.body), sp: ctx.sp(n) }] : [];
    }
    case 'static_initializer':
      return [{ k: 'block', body: kids(n).flatMap((c) => block(ctx, c)), sp: ctx.sp(n) }];
    case 'block':
      return [{ k: 'block', body: block(ctx, n), sp: ctx.sp(n) }];
    case 'return_statement': {
      const [c] = kids(n);
      return [{ k: 'ret', e: c ? (expr(ctx, c) ?? null) : null, sp: ctx.sp(n) }];
    }
    case 'if_statement':
    case 'while_statement':
    case 'do_statement':
      return [
        branchBlock(
          ctx,
          n,
          (c) => exprStmts(ctx, c),
          (c) => block(ctx, c),
        ),
      ];
    case 'for_statement': {
      const init: Stmt[] = [];
      for (const c of n.childrenForFieldName('init')) if (c) init.push(...(stmt(ctx, c) ?? exprStmts(ctx, c)));
      const cond = n.childForFieldName('condition');
      const update: Expr[] = [];
      for (const c of n.childrenForFieldName('update')) {
        const e = c ? expr(ctx, c) : undefined;
        if (e) update.push(e);
      }
      return [
        {
          k: 'for',
          init,
          cond: cond ? (expr(ctx, cond) ?? null) : null,
          update,
          body: block(ctx, n.childForFieldName('body')),
          sp: ctx.sp(n),
        },
      ];
    }
    case 'enhanced_for_statement': {
      const name = n.childForFieldName('name');
      const value = n.childForFieldName('value');
      const iter = value ? expr(ctx, value) : undefined;
      return [
        {
          k: 'for',
          init: [],
          cond: null,
          update: [],
          body: block(ctx, n.childForFieldName('body')),
          sp: ctx.sp(n),
          ...(name ? { target: { k: 'name', n: ctx.text(name), sp: ctx.sp(name) } } : {}),
          ...(iter ? { iter } : {}),
        },
      ];
    }
    case 'try_statement':
    case 'try_with_resources_statement': {
      const body: Stmt[] = [];
      const res = n.childForFieldName('resources');
      if (res)
        for (const r of kids(res)) {
          const name = r.childForFieldName('name');
          const value = r.childForFieldName('value');
          const decl = typeText(ctx, r.childForFieldName('type'));
          if (name && value)
            body.push({
              k: 'assign',
              t: { k: 'name', n: ctx.text(name), sp: ctx.sp(name) },
              v: expr(ctx, value) ?? null,
              sp: ctx.sp(r),
              ...(decl !== undefined ? { decl } : {}),
            });
        }
      body.push(...block(ctx, n.childForFieldName('body')));
      for (const c of kids(n))
        if (c.type === 'catch_clause' || c.type === 'finally_clause') for (const b of kids(c)) if (b.type === 'block') body.push(...block(ctx, b));
      return [{ k: 'block', body, sp: ctx.sp(n) }];
    }
    case 'synchronized_statement':
    case 'labeled_statement':
      return [{ k: 'block', body: kids(n).flatMap((c) => block(ctx, c)), sp: ctx.sp(n) }];
    case 'ERROR':
      return recoverStatements(
        n,
        (c) => stmt(ctx, c),
        (c) => expr(ctx, c),
        ctx,
      );
    case 'break_statement':
    case 'continue_statement':
    case 'line_comment':
    case 'block_comment':
    case 'annotation_type_declaration':
    case 'modifiers':
    case 'throw_statement':
    case 'assert_statement':
    case 'switch_expression':
      return n.type === 'throw_statement' || n.type === 'switch_expression' ? exprStmts(ctx, n) : [];
    default:
      return undefined;
  }
}

function params(ctx: ExtractCtx, n: Node | null): Param[] {
  if (!n) return [];
  const out: Param[] = [];
  for (const c of kids(n)) {
    const name = c.childForFieldName('name');
    const type = typeText(ctx, c.childForFieldName('type'));
    if (name) out.push({ name: ctx.text(name), ...(type !== undefined ? { type } : {}), sp: ctx.sp(c) });
  }
  return out;
}

function args(ctx: ExtractCtx, n: Node | null): Arg[] {
  return positionalArgs(ctx, n, expr);
}

function typeNameExpr(ctx: ExtractCtx, n: Node | null): Expr {
  const t = (typeText(ctx, n) ?? '').replace(/<.*$/, '');
  const parts = t.split('.');
  const sp = n ? ctx.sp(n) : ctx.spAt(0, 0);
  let e: Expr = { k: 'name', n: parts[0] ?? '', sp };
  for (const p of parts.slice(1)) e = { k: 'attr', o: e, n: p, sp, nsp: sp };
  return e;
}

/** Converts a Java expression node. */
export function expr(ctx: ExtractCtx, n: Node): Expr | undefined {
  const sp = ctx.sp(n);
  switch (n.type) {
    case 'identifier':
    case 'this':
    case 'type_identifier':
      return { k: 'name', n: ctx.text(n), sp };
    case 'decimal_integer_literal':
    case 'hex_integer_literal':
    case 'octal_integer_literal':
    case 'binary_integer_literal':
    case 'decimal_floating_point_literal':
    case 'hex_floating_point_literal':
      return numberExpr(ctx, n);
    case 'true':
    case 'false':
      return { k: 'bool', v: n.type === 'true', sp };
    case 'null_literal':
      return { k: 'null', sp };
    case 'string_literal':
    case 'character_literal': {
      const v = unquote(ctx.text(n));
      return v === undefined ? { k: 'other', kids: [], sp } : { k: 'str', v, sp };
    }
    case 'field_access':
    case 'scoped_identifier': {
      const o = n.childForFieldName('object') ?? n.childForFieldName('scope');
      const f = n.childForFieldName('field') ?? n.childForFieldName('name');
      const oe = o ? expr(ctx, o) : undefined;
      if (!oe || !f) return otherExpr(ctx, n, expr);
      return { k: 'attr', o: oe, n: ctx.text(f), sp, nsp: ctx.sp(f) };
    }
    case 'method_invocation': {
      const o = n.childForFieldName('object');
      const name = n.childForFieldName('name');
      const a = n.childForFieldName('arguments');
      if (!name || !a) return otherExpr(ctx, n, expr);
      const oe = o ? expr(ctx, o) : undefined;
      const nameE: Expr = { k: 'name', n: ctx.text(name), sp: ctx.sp(name) };
      const f: Expr = oe ? { k: 'attr', o: oe, n: ctx.text(name), sp: ctx.spAt(n.startIndex, name.endIndex), nsp: ctx.sp(name) } : nameE;
      return { k: 'call', f, a: args(ctx, a), sp, asp: ctx.sp(a) };
    }
    case 'object_creation_expression': {
      const t = n.childForFieldName('type');
      const a = n.childForFieldName('arguments');
      return { k: 'call', f: typeNameExpr(ctx, t), a: args(ctx, a), sp, asp: a ? ctx.sp(a) : sp, isNew: true };
    }
    case 'array_creation_expression': {
      const t = n.childForFieldName('type');
      const v = n.childForFieldName('value');
      const dims: Expr[] = [];
      for (const c of kids(n)) if (c.type === 'dimensions_expr') dims.push(...exprsOf(ctx, kids(c), expr));
      if (v) {
        const ve = expr(ctx, v);
        if (ve?.k === 'seq') return { ...ve, sp };
      }
      return { k: 'call', f: typeNameExpr(ctx, t), a: dims.map((d) => ({ v: d, sp: d.sp })), sp, asp: sp, isNew: true, targs: '[]' };
    }
    case 'array_initializer':
      return { k: 'seq', kind: 'brace', items: args(ctx, n).map((x) => x.v), sp };
    case 'binary_expression':
    case 'assignment_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const le = l ? expr(ctx, l) : undefined;
      const re = r ? expr(ctx, r) : undefined;
      if (!l || !r || !le || !re) return otherExpr(ctx, n, expr);
      const op = operatorBetween(ctx, l, r);
      if (n.type === 'assignment_expression') return { k: 'assignx', t: le, v: re, ...(op === '=' ? {} : { op: op.replace(/=$/, '') }), sp };
      return { k: 'bin', op, l: le, r: re, sp };
    }
    case 'unary_expression':
      return unaryExpr(ctx, n, 'operand', expr);
    case 'cast_expression': {
      const t = n.childForFieldName('type');
      const v = n.childForFieldName('value');
      const ve = v ? expr(ctx, v) : undefined;
      return ve ? { k: 'cast', t: typeText(ctx, t) ?? '', e: ve, sp } : undefined;
    }
    case 'parenthesized_expression': {
      const [c] = kids(n);
      return c ? expr(ctx, c) : undefined;
    }
    case 'array_access': {
      const a = n.childForFieldName('array');
      const i = n.childForFieldName('index');
      const ae = a ? expr(ctx, a) : undefined;
      const ie = i ? expr(ctx, i) : undefined;
      return ae ? { k: 'sub', o: ae, idx: ie ? [ie] : [], sp } : otherExpr(ctx, n, expr);
    }
    case 'lambda_expression': {
      const body = n.childForFieldName('body');
      if (!body) return { k: 'lambda', params: [], body: [], sp };
      const bs = body.type === 'block' ? block(ctx, body) : exprStmts(ctx, body).map((s) => (s.k === 'expr' ? { k: 'ret' as const, e: s.e, sp: s.sp } : s));
      return { k: 'lambda', params: [], body: bs, sp };
    }
    case 'line_comment':
    case 'block_comment':
      return undefined;
    case 'ternary_expression': {
      return conditionalExpr(ctx, n, expr);
    }
    default:
      return otherExpr(ctx, n, expr);
  }
}
