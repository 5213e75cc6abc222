// C++ tree-sitter nodes → lint IR. Qualified names (cv::resize) become attribute chains (cv.resize).

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
import { memberInits } from './extract-cpp-members';
import { structuredBinding, tieTarget } from './extract-cpp-tuples';
import { rosParamDefault } from './extract-cpp-ros';
import { vexingBuffer } from './extract-cpp-vexing';
import { macroClass } from './extract-cpp-macro-class';

const CONTAINERS = new Set([
  'namespace_definition',
  'linkage_specification',
  'preproc_ifdef',
  'preproc_if',
  'preproc_else',
  'preproc_elif',
  'template_declaration',
]);

/** Namespaces, classes and #if blocks whose members are cached one by one. */
export function cppContainer(n: Node): { name: string; body: Node; isClass: boolean } | undefined {
  if (n.type === 'class_specifier' || n.type === 'struct_specifier') {
    const body = n.childForFieldName('body');
    const name = n.childForFieldName('name');
    return body ? { name: name ? name.text : '', body, isClass: true } : undefined;
  }
  if (!CONTAINERS.has(n.type)) return undefined;
  if (n.type === 'template_declaration') {
    const inner = kids(n).find((c) => c.type === 'class_specifier' || c.type === 'struct_specifier');
    return inner ? cppContainer(inner) : undefined;
  }
  const body = n.childForFieldName('body');
  return { name: '', body: body ?? n, isClass: false };
}

/** Extracts one chunk (a top-level or member declaration). */
export function extractCpp(ctx: ExtractCtx, n: Node): Stmt[] {
  return stmt(ctx, n) ?? [];
}

const BLOCKS = new Set(['compound_statement', 'declaration_list', 'field_declaration_list']);

function block(ctx: ExtractCtx, n: Node | null): Stmt[] {
  return blockStmts(
    n,
    BLOCKS,
    (c) => stmt(ctx, c),
    (c) => stmt(ctx, c) ?? [],
  );
}

function exprStmts(ctx: ExtractCtx, n: Node | null): Stmt[] {
  if (!n) return [];
  if (n.type === 'condition_clause') {
    const out: Stmt[] = [];
    for (const c of kids(n)) out.push(...(stmt(ctx, c) ?? exprStmts(ctx, c)));
    return out;
  }
  if (n.type === 'declaration') return stmt(ctx, n) ?? [];
  // `inHeight = 300, inWidth = 300;`: both assignments, one after the other.
  if (n.type === 'comma_expression') return [...exprStmts(ctx, n.childForFieldName('left')), ...exprStmts(ctx, n.childForFieldName('right'))];
  const e = expr(ctx, n);
  const ros = e ? rosParamDefault(e) : undefined;
  return e ? (ros ? [exprToStmt(e, ctx.sp(n)), ros] : [exprToStmt(e, ctx.sp(n))]) : [];
}

function declaratorName(ctx: ExtractCtx, d: Node): { name: string; node: Node; isArray: boolean; isPointer: boolean } | undefined {
  let cur: Node | null = d;
  let isArray = false;
  let isPointer = false;
  while (cur) {
    if (cur.type === 'identifier' || cur.type === 'field_identifier') return { name: ctx.text(cur), node: cur, isArray, isPointer };
    if (cur.type === 'qualified_identifier') return { name: ctx.text(cur).replace(/::/g, '.'), node: cur, isArray, isPointer };
    if (cur.type === 'array_declarator') isArray = true;
    if (cur.type === 'pointer_declarator') isPointer = true;
    cur = cur.childForFieldName('declarator') ?? kids(cur)[0] ?? null;
  }
  return undefined;
}

function declaration(ctx: ExtractCtx, n: Node): Stmt[] {
  const typeNode = n.childForFieldName('type');
  let decl = typeText(ctx, typeNode) ?? '';
  const mods = ctx.src.slice(n.startIndex, typeNode ? typeNode.startIndex : n.startIndex);
  const isConst = /\b(const|constexpr)\b/.test(mods) || /\bconst\b/.test(ctx.src.slice(typeNode?.endIndex ?? n.startIndex, typeNode?.endIndex ?? n.startIndex));
  const out: Stmt[] = [];
  for (const c of kids(n)) {
    if (c === typeNode || (typeNode && c.startIndex === typeNode.startIndex)) continue;
    if (c.type === 'type_qualifier' || c.type === 'storage_class_specifier' || c.type === 'attribute_declaration') continue;
    if (c.type === 'function_declarator') {
      const buffer = vexingBuffer(ctx, c, decl, typeExpr(ctx, typeNode), ctx.sp(n));
      if (buffer) out.push(buffer);
      continue;
    }
    const isInit = c.type === 'init_declarator';
    const target = isInit ? c.childForFieldName('declarator') : c;
    if (!target) continue;
    const binding = structuredBinding(ctx, target);
    const bound = binding && isInit ? c.childForFieldName('value') : null;
    if (binding && bound) {
      out.push({ k: 'assign', t: binding, v: expr(ctx, bound) ?? null, sp: ctx.sp(n), decl });
      continue;
    }
    const dn = declaratorName(ctx, target);
    if (!dn) continue;
    let value: Expr | null = null;
    // A member's default (`float mean = 0.5f;`, `const short size[2] = {352, 352};`) belongs to the field declaration.
    const v = isInit
      ? c.childForFieldName('value')
      : c.type === 'field_identifier' || (c.type === 'array_declarator' && n.type === 'field_declaration')
        ? n.childForFieldName('default_value')
        : null;
    if (v) {
      if (v.type === 'argument_list' || v.type === 'initializer_list') {
        // T name(args) / T name{args}: a constructor call of the declared type.
        const a = args(ctx, v);
        value =
          v.type === 'initializer_list' && (dn.isArray || /^(std::)?(vector|array)</.test(decl) || decl === '')
            ? { k: 'seq', kind: 'brace', items: a.map((x) => x.v), sp: ctx.sp(v) }
            : {
                k: 'call',
                f: typeExpr(ctx, typeNode),
                a,
                sp: ctx.spAt(typeNode?.startIndex ?? v.startIndex, v.endIndex),
                asp: ctx.sp(v),
                isNew: true,
              };
      } else value = expr(ctx, v) ?? null;
    }
    if (dn.isArray) decl += '[]';
    if (dn.isPointer) decl += '*';
    out.push({ k: 'assign', t: { k: 'name', n: dn.name, sp: ctx.sp(dn.node) }, v: value, sp: ctx.sp(n), decl, isConst });
    decl = decl.replace(/(\[\]|\*)+$/, '');
  }
  return out;
}

function typeExpr(ctx: ExtractCtx, n: Node | null): Expr {
  if (!n) return { k: 'name', n: '', sp: ctx.spAt(0, 0) };
  const t = typeText(ctx, n) ?? '';
  const base = t.replace(/<.*$/, '');
  const parts = base.split('::').filter((p) => p !== '');
  let e: Expr = { k: 'name', n: parts[0] ?? '', sp: ctx.sp(n) };
  for (const p of parts.slice(1)) e = { k: 'attr', o: e, n: p, sp: ctx.sp(n), nsp: ctx.sp(n) };
  return e;
}

function stmt(ctx: ExtractCtx, n: Node): Stmt[] | undefined {
  switch (n.type) {
    case 'declaration':
    case 'field_declaration':
      return declaration(ctx, n);
    case 'expression_statement':
      return exprStmts(ctx, kids(n)[0] ?? null);
    case 'function_definition': {
      const cls = macroClass(ctx, n, stmt);
      if (cls) return [cls];
      const d = n.childForFieldName('declarator');
      let fd: Node | null = d;
      while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator');
      const nameNode = fd?.childForFieldName('declarator');
      return [
        {
          k: 'func',
          name: nameNode ? ctx.text(nameNode).replace(/::/g, '.') : '',
          params: params(ctx, fd?.childForFieldName('parameters') ?? null),
          body: withInits(memberInits(ctx, n, fd?.childForFieldName('parameters') ?? null, expr, declaratorName), block(ctx, n.childForFieldName('body'))),
          sp: ctx.sp(n),
        },
      ];
    }
    case 'return_statement': {
      const [c] = kids(n);
      return [{ k: 'ret', e: c ? (expr(ctx, c) ?? null) : null, sp: ctx.sp(n) }];
    }
    case 'compound_statement':
      return [{ k: 'block', body: block(ctx, n), sp: ctx.sp(n) }];
    case 'if_statement':
    case 'while_statement':
    case 'do_statement':
    case 'switch_statement':
      return [
        branchBlock(
          ctx,
          n,
          (c) => exprStmts(ctx, c),
          (c) => block(ctx, c),
        ),
      ];
    case 'for_statement': {
      const init = n.childForFieldName('initializer');
      const cond = n.childForFieldName('condition');
      const update = n.childForFieldName('update');
      const ue = update ? expr(ctx, update) : undefined;
      return [
        {
          k: 'for',
          init: init ? (stmt(ctx, init) ?? exprStmts(ctx, init)) : [],
          cond: cond ? (expr(ctx, cond) ?? null) : null,
          update: ue ? [ue] : [],
          body: block(ctx, n.childForFieldName('body')),
          sp: ctx.sp(n),
        },
      ];
    }
    case 'for_range_loop': {
      const d = n.childForFieldName('declarator');
      const dn = d ? declaratorName(ctx, d) : undefined;
      const right = n.childForFieldName('right');
      const iter = right ? expr(ctx, right) : undefined;
      return [
        {
          k: 'for',
          init: [],
          cond: null,
          update: [],
          body: block(ctx, n.childForFieldName('body')),
          sp: ctx.sp(n),
          ...(dn ? { target: { k: 'name', n: dn.name, sp: ctx.sp(dn.node) } } : {}),
          ...(iter ? { iter } : {}),
        },
      ];
    }
    case 'try_statement': {
      const body: Stmt[] = [...block(ctx, n.childForFieldName('body'))];
      for (const c of kids(n)) if (c.type === 'catch_clause') body.push(...block(ctx, c.childForFieldName('body')));
      return [{ k: 'block', body, sp: ctx.sp(n) }];
    }
    case 'preproc_def': {
      const name = n.childForFieldName('name');
      const value = n.childForFieldName('value');
      if (!name || !value) return [];
      const raw = ctx.text(value).trim();
      const m = /^\(?\s*(-?[0-9.][0-9.eE+-]*[fFuUlL]*)\s*\)?$/.exec(raw);
      if (!m) return [];
      const num = numberExpr(ctx, value);
      const parsed = num.k === 'num' ? num : undefined;
      if (!parsed) return [];
      return [{ k: 'assign', t: { k: 'name', n: ctx.text(name), sp: ctx.sp(name) }, v: parsed, sp: ctx.sp(n), isConst: true, decl: '#define' }];
    }
    case 'using_declaration': {
      const t = ctx.text(n);
      const m = /using\s+namespace\s+([\w:]+)/.exec(t);
      return m ? [{ k: 'using', ns: m[1].replace(/::/g, '.'), sp: ctx.sp(n) }] : [];
    }
    case 'ERROR':
      return recoverStatements(
        n,
        (c) => stmt(ctx, c),
        (c) => expr(ctx, c),
        ctx,
      );
    case 'preproc_include':
    case 'comment':
    case 'break_statement':
    case 'continue_statement':
    case 'access_specifier':
    case 'alias_declaration':
    case 'type_definition':
    case 'static_assert_declaration':
    case 'goto_statement':
    case 'labeled_statement':
      return [];
    case 'template_declaration': {
      const out: Stmt[] = [];
      for (const c of kids(n)) {
        const x = stmt(ctx, c);
        if (x) out.push(...x);
      }
      return out;
    }
    case 'class_specifier':
    case 'struct_specifier':
    case 'namespace_definition':
    case 'linkage_specification':
    case 'preproc_ifdef':
    case 'preproc_if':
    case 'preproc_else':
    case 'preproc_elif': {
      const c = cppContainer(n);
      if (!c) return [];
      const members: Stmt[] = [];
      for (const k of kids(c.body)) {
        const x = stmt(ctx, k);
        if (x) members.push(...x);
      }
      return c.isClass ? [{ k: 'class', name: c.name, body: members, sp: ctx.sp(n) }] : [{ k: 'block', body: members, sp: ctx.sp(n) }];
    }
    default:
      return undefined;
  }
}

function withInits(inits: readonly Stmt[], body: Stmt[]): Stmt[] {
  return inits.length === 0 ? body : [...inits, ...body];
}

function params(ctx: ExtractCtx, n: Node | null): Param[] {
  if (!n) return [];
  const out: Param[] = [];
  for (const c of kids(n)) {
    const d = c.childForFieldName('declarator');
    const dn = d ? declaratorName(ctx, d) : undefined;
    const base = typeText(ctx, c.childForFieldName('type'));
    // float* data and float data[] are buffers, float v one number: the rules tell them apart by the type.
    const type = base === undefined ? undefined : dn?.isPointer ? `${base}*` : dn?.isArray ? `${base}[]` : base;
    // `const cv::Size& size = cv::Size(640, 640)`: the default a call without that argument gets.
    const dv = c.type === 'optional_parameter_declaration' ? c.childForFieldName('default_value') : null;
    const def = dv ? expr(ctx, dv) : undefined;
    // `ncnn::Mat& in` (not `const cv::Mat& img`): an output parameter the function may fill for its caller.
    const isOut = d?.type === 'reference_declarator' && !kids(c).some((k) => k.type === 'type_qualifier' && ctx.text(k) === 'const');
    if (dn)
      out.push({ name: dn.name, ...(type !== undefined ? { type } : {}), ...(def ? { def } : {}), ...(isOut ? { out: true as const } : {}), sp: ctx.sp(c) });
  }
  return out;
}

function args(ctx: ExtractCtx, n: Node | null): Arg[] {
  return positionalArgs(ctx, n, expr);
}

/** Converts a C++ expression node. */
export function expr(ctx: ExtractCtx, n: Node): Expr | undefined {
  const sp = ctx.sp(n);
  switch (n.type) {
    case 'identifier':
    case 'field_identifier':
    case 'namespace_identifier':
    case 'type_identifier':
    case 'this':
      return { k: 'name', n: ctx.text(n), sp };
    case 'number_literal':
      return numberExpr(ctx, n);
    case 'true':
    case 'false':
      return { k: 'bool', v: n.type === 'true', sp };
    case 'null':
    case 'nullptr':
      return { k: 'null', sp };
    case 'string_literal':
    case 'raw_string_literal':
    case 'char_literal': {
      const v = unquote(ctx.text(n).replace(/^(u8|u|U|L|R)(?=["'])/, ''));
      return v === undefined ? { k: 'other', kids: [], sp } : { k: 'str', v, sp };
    }
    case 'qualified_identifier': {
      const scope = n.childForFieldName('scope');
      const name = n.childForFieldName('name');
      const se = scope ? expr(ctx, scope) : undefined;
      const ne = name ? expr(ctx, name) : undefined;
      if (!se) return ne;
      if (!ne) return se;
      return prependScope(se, ne);
    }
    case 'template_function':
    case 'template_method':
    case 'template_type': {
      const name = n.childForFieldName('name');
      const ne = name ? expr(ctx, name) : undefined;
      return ne;
    }
    case 'field_expression': {
      const a = n.childForFieldName('argument');
      const f = n.childForFieldName('field');
      const ae = a ? expr(ctx, a) : undefined;
      if (!ae || !f) return otherExpr(ctx, n, expr);
      const fname = f.type === 'template_method' ? ctx.text(f.childForFieldName('name') ?? f) : ctx.text(f);
      return { k: 'attr', o: ae, n: fname, sp, nsp: ctx.sp(f) };
    }
    case 'call_expression': {
      const f = n.childForFieldName('function');
      const a = n.childForFieldName('arguments');
      const fe = f ? expr(ctx, f) : undefined;
      if (!f || !fe || !a) return otherExpr(ctx, n, expr);
      const named = f.type === 'qualified_identifier' ? f.childForFieldName('name') : null;
      const targsNode =
        f.type === 'template_function' || f.type === 'template_method'
          ? f.childForFieldName('arguments')
          : named?.type === 'template_function'
            ? named.childForFieldName('arguments')
            : f.type === 'field_expression' && f.childForFieldName('field')?.type === 'template_method'
              ? f.childForFieldName('field')!.childForFieldName('arguments')
              : null;
      const targs = targsNode ? ctx.text(targsNode).replace(/^<|>$/g, '').replace(/\s+/g, '') : undefined;
      if (fe.k === 'name' && /^(static_cast|reinterpret_cast|const_cast|dynamic_cast)$/.test(fe.n)) {
        const inner = a ? kids(a)[0] : undefined;
        const ie = inner ? expr(ctx, inner) : undefined;
        return ie ? { k: 'cast', t: targs ?? '', e: ie, sp } : otherExpr(ctx, n, expr);
      }
      return { k: 'call', f: fe, a: args(ctx, a), sp, asp: ctx.sp(a), ...(targs !== undefined ? { targs } : {}) };
    }
    case 'compound_literal_expression': {
      const t = n.childForFieldName('type');
      const v = n.childForFieldName('value');
      return { k: 'call', f: typeExpr(ctx, t), a: v ? args(ctx, v) : [], sp, asp: v ? ctx.sp(v) : sp, isNew: true };
    }
    case 'new_expression': {
      const t = n.childForFieldName('type');
      const a = n.childForFieldName('arguments');
      const d = n.childForFieldName('declarator');
      const items = a ? args(ctx, a) : [];
      const len = d ? exprsOf(ctx, kids(d), expr) : [];
      return {
        k: 'call',
        f: typeExpr(ctx, t),
        a: [...items, ...len.map((v) => ({ v, sp: v.sp }))],
        sp,
        asp: a ? ctx.sp(a) : sp,
        isNew: true,
        ...(d ? { targs: '[]' } : {}),
      };
    }
    case 'binary_expression':
    case 'assignment_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const le = l ? expr(ctx, l) : undefined;
      const re = r ? expr(ctx, r) : undefined;
      if (!l || !r || !le || !re) return otherExpr(ctx, n, expr);
      const op = operatorBetween(ctx, l, r);
      if (n.type === 'assignment_expression') return { k: 'assignx', t: tieTarget(le), v: re, ...(op === '=' ? {} : { op: op.replace(/=$/, '') }), sp };
      return { k: 'bin', op, l: le, r: re, sp };
    }
    case 'unary_expression':
    case 'pointer_expression':
      return unaryExpr(ctx, n, 'argument', expr);
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
    case 'subscript_expression': {
      const a = n.childForFieldName('argument');
      const i = n.childForFieldName('indices') ?? n.childForFieldName('index');
      const ae = a ? expr(ctx, a) : undefined;
      if (!ae) return otherExpr(ctx, n, expr);
      const idx: Expr[] = [];
      if (i)
        for (const c of i.type === 'subscript_argument_list' ? kids(i) : [i]) {
          const e = expr(ctx, c);
          if (e) idx.push(e);
        }
      return { k: 'sub', o: ae, idx, sp };
    }
    case 'initializer_list':
      return { k: 'seq', kind: 'brace', items: args(ctx, n).map((x) => x.v), sp };
    case 'sizeof_expression':
      return { k: 'other', kids: [], sp };
    case 'comment':
      return undefined;
    case 'lambda_expression': {
      const body = n.childForFieldName('body');
      return { k: 'lambda', params: [], body: block(ctx, body), sp };
    }
    case 'conditional_expression': {
      return conditionalExpr(ctx, n, expr);
    }
    default:
      return otherExpr(ctx, n, expr);
  }
}

function prependScope(scope: Expr, name: Expr): Expr {
  if (name.k === 'name') return { k: 'attr', o: scope, n: name.n, sp: { ...name.sp, s: scope.sp.s }, nsp: name.sp };
  if (name.k === 'attr') return { ...name, o: prependScope(scope, name.o), sp: { ...name.sp, s: scope.sp.s } };
  return name;
}
