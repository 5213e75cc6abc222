// JavaScript / TypeScript / TSX tree-sitter nodes → lint IR. `require('x')` becomes an import.

import type { SyntaxNode as Node } from './flat-tree';
import {
  blockStmts,
  branchBlock,
  conditionalExpr,
  exprToStmt,
  ExtractCtx,
  kids,
  numberExpr,
  operatorBetween,
  otherExpr,
  positionalArgs,
  recoverStatements,
  unaryExpr,
  unquote,
} from './extract-common';
import type { Arg, Expr, ImportEntry, Param, Prop, Stmt } from './ir';

const TYPE_NODE = /(^|_)types?$|^type_|_type_|type_identifier|type_arguments/;

/** Classes (also exported ones) whose members are cached one by one. */
export function jsContainer(n: Node): { name: string; body: Node } | undefined {
  let c: Node | null = n;
  if (n.type === 'export_statement') c = n.childForFieldName('declaration');
  if (!c || (c.type !== 'class_declaration' && c.type !== 'abstract_class_declaration' && c.type !== 'class')) return undefined;
  const body = c.childForFieldName('body');
  const name = c.childForFieldName('name');
  return body ? { name: name ? name.text : '', body } : undefined;
}

/** Extracts one chunk (a top-level statement or class member). */
export function extractJs(ctx: ExtractCtx, n: Node): Stmt[] {
  return stmt(ctx, n) ?? exprStmts(ctx, n);
}

const BLOCKS = new Set(['statement_block', 'class_body']);

function block(ctx: ExtractCtx, n: Node | null): Stmt[] {
  return blockStmts(
    n,
    BLOCKS,
    (c) => stmt(ctx, c),
    (c) => stmt(ctx, c) ?? exprStmts(ctx, c),
  );
}

const FUNCTION_NODES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function']);

/** `const prep = (img) => ...` and `window.predict = async (img) => {...}` define functions named prep and predict. */
function namedFunction(ctx: ExtractCtx, target: Node | null, value: Node | null): Stmt | undefined {
  if (!target || !value || !FUNCTION_NODES.has(value.type)) return undefined;
  const name = target.type === 'identifier' ? target : target.type === 'member_expression' ? target.childForFieldName('property') : null;
  if (!name) return undefined;
  const text = ctx.text(name);
  // img.onload = () => ...: a handler that runs once the image is there, in place (the analysis inlines it), not a
  // function of its own.
  if (text === 'onload' || text === 'onloadend') return undefined;
  return func(ctx, value, text);
}

function exprStmts(ctx: ExtractCtx, n: Node | null): Stmt[] {
  if (!n) return [];
  if (n.type === 'assignment_expression') {
    // `let tf; ... tf = require('@tensorflow/tfjs-node')` (a module picked at run time) is an import too.
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const req = left && right ? requireEntries(ctx, left, right) : undefined;
    if (req) return [{ k: 'import', entries: req, sp: ctx.sp(n) }];
    const f = namedFunction(ctx, left, right);
    if (f) return [f];
  }
  const e = expr(ctx, n);
  return e ? [exprToStmt(e, ctx.sp(n))] : [];
}

function requireEntries(ctx: ExtractCtx, name: Node, value: Node): ImportEntry[] | undefined {
  let v: Node | null = value;
  if (v.type === 'await_expression') v = kids(v)[0] ?? null;
  if (!v || v.type !== 'call_expression') return undefined;
  const f = v.childForFieldName('function');
  const a = v.childForFieldName('arguments');
  if (!f || !a || !/^(require|import)$/.test(ctx.text(f))) return undefined;
  const [s] = kids(a);
  const mod = s && s.type === 'string' ? unquote(ctx.text(s)) : undefined;
  if (mod === undefined) return undefined;
  if (name.type === 'identifier') return [{ local: ctx.text(name), full: mod }];
  if (name.type === 'object_pattern') {
    return kids(name).flatMap((p): ImportEntry[] => {
      if (p.type === 'shorthand_property_identifier_pattern') return [{ local: ctx.text(p), full: `${mod}.${ctx.text(p)}` }];
      const key = p.childForFieldName('key');
      const val = p.childForFieldName('value');
      return key && val?.type === 'identifier' ? [{ local: ctx.text(val), full: `${mod}.${ctx.text(key)}` }] : [];
    });
  }
  return undefined;
}

function varDecl(ctx: ExtractCtx, n: Node): Stmt[] {
  const isConst = /^const\b/.test(ctx.text(n));
  const out: Stmt[] = [];
  for (const c of kids(n)) {
    if (c.type !== 'variable_declarator') continue;
    const name = c.childForFieldName('name');
    const value = c.childForFieldName('value');
    if (!name) continue;
    const req = value ? requireEntries(ctx, name, value) : undefined;
    if (req) {
      out.push({ k: 'import', entries: req, sp: ctx.sp(n) });
      continue;
    }
    const f = namedFunction(ctx, name, value);
    if (f) {
      out.push(f);
      continue;
    }
    const t = expr(ctx, name);
    if (!t) continue;
    out.push({ k: 'assign', t, v: value ? (expr(ctx, value) ?? null) : null, sp: ctx.sp(n), isConst });
  }
  return out;
}

function importEntries(ctx: ExtractCtx, n: Node): ImportEntry[] {
  const src = n.childForFieldName('source');
  const mod = src ? (unquote(ctx.text(src)) ?? '') : '';
  const out: ImportEntry[] = [];
  for (const clause of kids(n)) {
    if (clause.type !== 'import_clause') continue;
    for (const c of kids(clause)) {
      if (c.type === 'identifier') out.push({ local: ctx.text(c), full: mod });
      else if (c.type === 'namespace_import') {
        const [id] = kids(c);
        if (id) out.push({ local: ctx.text(id), full: mod });
      } else if (c.type === 'named_imports') {
        for (const s of kids(c)) {
          const name = s.childForFieldName('name');
          const alias = s.childForFieldName('alias');
          // `import { tf } from '../tf'`: a project module that re-exports TensorFlow.js under its usual name.
          const n = name ? ctx.text(name) : '';
          const full = n === 'tf' && mod.startsWith('.') ? '@tensorflow/tfjs' : `${mod}.${n}`;
          if (name) out.push({ local: ctx.text(alias ?? name), full });
        }
      }
    }
  }
  return out;
}

function func(ctx: ExtractCtx, n: Node, name: string): Stmt {
  const body = n.childForFieldName('body');
  const ps = n.childForFieldName('parameters') ?? n.childForFieldName('parameter');
  const bodyStmts: Stmt[] = body
    ? body.type === 'statement_block'
      ? block(ctx, body)
      : exprStmts(ctx, body).map((s) => (s.k === 'expr' ? { k: 'ret' as const, e: s.e, sp: s.sp } : s))
    : [];
  return { k: 'func', name, params: params(ctx, ps), body: bodyStmts, sp: ctx.sp(n) };
}

function stmt(ctx: ExtractCtx, n: Node): Stmt[] | undefined {
  switch (n.type) {
    case 'import_statement':
      return [{ k: 'import', entries: importEntries(ctx, n), sp: ctx.sp(n) }];
    case 'lexical_declaration':
    case 'variable_declaration':
      return varDecl(ctx, n);
    case 'expression_statement':
      return exprStmts(ctx, kids(n)[0] ?? null);
    case 'export_statement': {
      const d = n.childForFieldName('declaration') ?? n.childForFieldName('value');
      return d ? (stmt(ctx, d) ?? exprStmts(ctx, d)) : [];
    }
    case 'function_declaration':
    case 'generator_function_declaration':
    case 'method_definition': {
      const name = n.childForFieldName('name');
      return [func(ctx, n, name ? ctx.text(name) : '')];
    }
    case 'class_declaration':
    case 'abstract_class_declaration': {
      const c = jsContainer(n);
      return c ? [{ k: 'class', name: c.name, body: block(ctx, c.body), sp: ctx.sp(n) }] : [];
    }
    case 'public_field_definition':
    case 'field_definition': {
      const name = n.childForFieldName('name') ?? n.childForFieldName('property');
      const value = n.childForFieldName('value');
      if (!name) return [];
      const f = value && FUNCTION_NODES.has(value.type) ? func(ctx, value, ctx.text(name)) : undefined;
      if (f) return [f];
      const t: Expr = { k: 'attr', o: { k: 'name', n: 'this', sp: ctx.sp(name) }, n: ctx.text(name), sp: ctx.sp(name), nsp: ctx.sp(name) };
      return [{ k: 'assign', t, v: value ? (expr(ctx, value) ?? null) : null, sp: ctx.sp(n), isConst: /\breadonly\b/.test(ctx.text(n)) }];
    }
    case 'statement_block':
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
      const init = n.childForFieldName('initializer');
      const cond = n.childForFieldName('condition');
      const inc = n.childForFieldName('increment');
      const ie = inc ? expr(ctx, inc) : undefined;
      let ce = cond ? (expr(ctx, cond) ?? null) : null;
      if (cond?.type === 'expression_statement') {
        const [c] = kids(cond);
        ce = c ? (expr(ctx, c) ?? null) : null;
      }
      return [
        {
          k: 'for',
          init: init ? (stmt(ctx, init) ?? exprStmts(ctx, init)) : [],
          cond: ce,
          update: ie ? [ie] : [],
          body: block(ctx, n.childForFieldName('body')),
          sp: ctx.sp(n),
        },
      ];
    }
    case 'for_in_statement': {
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
    case 'try_statement': {
      const body: Stmt[] = [...block(ctx, n.childForFieldName('body'))];
      const h = n.childForFieldName('handler');
      if (h) body.push(...block(ctx, h.childForFieldName('body')));
      const f = n.childForFieldName('finalizer');
      if (f) body.push(...block(ctx, f.childForFieldName('body') ?? kids(f)[0] ?? null));
      return [{ k: 'block', body, sp: ctx.sp(n) }];
    }
    case 'ERROR':
      return recoverStatements(
        n,
        (c) => stmt(ctx, c),
        (c) => expr(ctx, c),
        ctx,
      );
    case 'comment':
    case 'break_statement':
    case 'continue_statement':
    case 'empty_statement':
    case 'type_alias_declaration':
    case 'interface_declaration':
    case 'enum_declaration':
    case 'ambient_declaration':
    case 'hash_bang_line':
      return [];
    default:
      return undefined;
  }
}

function params(ctx: ExtractCtx, n: Node | null): Param[] {
  if (!n) return [];
  if (n.type === 'identifier') return [{ name: ctx.text(n), sp: ctx.sp(n) }];
  const out: Param[] = [];
  for (const c of kids(n)) {
    if (c.type === 'identifier') {
      out.push({ name: ctx.text(c), sp: ctx.sp(c) });
      continue;
    }
    const pat = c.childForFieldName('pattern') ?? c.childForFieldName('left');
    const value = c.childForFieldName('value') ?? c.childForFieldName('right');
    const def = value ? expr(ctx, value) : undefined;
    // A TypeScript annotation (image: Jimp, size: number) says what the parameter holds when no caller in the file does.
    const ty = c.childForFieldName('type');
    const typeText = ty ? ctx.text(ty) : undefined;
    const type = typeText !== undefined && typeText.startsWith(':') ? typeText.slice(1).trim() : typeText;
    if (pat?.type === 'identifier') out.push({ name: ctx.text(pat), ...(def ? { def } : {}), ...(type ? { type } : {}), sp: ctx.sp(c) });
  }
  return out;
}

function args(ctx: ExtractCtx, n: Node | null): Arg[] {
  return positionalArgs(ctx, n, expr);
}

/** Converts a JS/TS expression node. */
export function expr(ctx: ExtractCtx, n: Node): Expr | undefined {
  const sp = ctx.sp(n);
  switch (n.type) {
    case 'identifier':
    case 'this':
    case 'property_identifier':
    case 'shorthand_property_identifier':
    case 'undefined':
      return n.type === 'undefined' ? { k: 'null', sp } : { k: 'name', n: ctx.text(n), sp };
    case 'number':
      return numberExpr(ctx, n);
    case 'true':
    case 'false':
      return { k: 'bool', v: n.type === 'true', sp };
    case 'null':
      return { k: 'null', sp };
    case 'string':
    case 'template_string': {
      const v = unquote(ctx.text(n));
      return v === undefined ? { k: 'other', kids: [], sp } : { k: 'str', v, sp };
    }
    case 'member_expression': {
      const o = n.childForFieldName('object');
      const p = n.childForFieldName('property');
      const oe = o ? expr(ctx, o) : undefined;
      if (!oe || !p) return otherExpr(ctx, n, expr);
      return { k: 'attr', o: oe, n: ctx.text(p), sp, nsp: ctx.sp(p) };
    }
    case 'call_expression':
    case 'new_expression': {
      const f = n.childForFieldName('function') ?? n.childForFieldName('constructor');
      const a = n.childForFieldName('arguments');
      const fe = f ? expr(ctx, f) : undefined;
      if (!fe) return otherExpr(ctx, n, expr);
      if (a?.type === 'template_string') return { k: 'other', kids: [fe], sp };
      return { k: 'call', f: fe, a: args(ctx, a), sp, asp: a ? ctx.sp(a) : sp, ...(n.type === 'new_expression' ? { isNew: true } : {}) };
    }
    case 'binary_expression':
    case 'assignment_expression':
    case 'augmented_assignment_expression': {
      const l = n.childForFieldName('left');
      const r = n.childForFieldName('right');
      const le = l ? expr(ctx, l) : undefined;
      const re = r ? expr(ctx, r) : undefined;
      if (!l || !r || !le || !re) return otherExpr(ctx, n, expr);
      const op = operatorBetween(ctx, l, r);
      if (n.type !== 'binary_expression') return { k: 'assignx', t: le, v: re, ...(op === '=' ? {} : { op: op.replace(/=$/, '') }), sp };
      return { k: 'bin', op, l: le, r: re, sp };
    }
    case 'unary_expression':
      return unaryExpr(ctx, n, 'argument', expr);
    case 'parenthesized_expression':
    case 'await_expression':
    case 'non_null_expression':
    case 'as_expression':
    case 'satisfies_expression':
    case 'type_assertion':
    case 'spread_element': {
      const c = kids(n).find((x) => !TYPE_NODE.test(x.type));
      return c ? expr(ctx, c) : undefined;
    }
    case 'array': {
      const list: Expr = { k: 'seq', kind: 'list', items: args(ctx, n).map((x) => x.v), sp };
      // [...red, ...green, ...blue]: the arrays' items one after another, as [red, green, blue].flat() gives them.
      const items = kids(n);
      if (items.length >= 2 && items.every((c) => c.type === 'spread_element'))
        return { k: 'call', f: { k: 'attr', o: list, n: 'flat', sp, nsp: sp }, a: [], sp, asp: sp };
      return list;
    }
    case 'object': {
      const props: Prop[] = [];
      for (const c of kids(n)) {
        if (c.type === 'pair') {
          const key = c.childForFieldName('key');
          const value = c.childForFieldName('value');
          const ve = value ? expr(ctx, value) : undefined;
          const k = key ? (key.type === 'string' ? unquote(ctx.text(key)) : ctx.text(key)) : undefined;
          if (k !== undefined && ve) props.push({ key: k, v: ve, sp: ctx.sp(c) });
        } else if (c.type === 'shorthand_property_identifier') {
          props.push({ key: ctx.text(c), v: { k: 'name', n: ctx.text(c), sp: ctx.sp(c) }, sp: ctx.sp(c) });
        } else if (c.type === 'spread_element') {
          // { ...defaults, ...options }: kept under the key '...' (no property is named that).
          const ve = expr(ctx, c);
          if (ve) props.push({ key: '...', v: ve, sp: ctx.sp(c) });
        }
      }
      return { k: 'obj', props, sp };
    }
    case 'subscript_expression': {
      const o = n.childForFieldName('object');
      const i = n.childForFieldName('index');
      const oe = o ? expr(ctx, o) : undefined;
      const ie = i ? expr(ctx, i) : undefined;
      return oe ? { k: 'sub', o: oe, idx: ie ? [ie] : [], sp } : otherExpr(ctx, n, expr);
    }
    case 'arrow_function':
    case 'function_expression':
    case 'function':
    case 'generator_function': {
      const f = func(ctx, n, '');
      return f.k === 'func' ? { k: 'lambda', params: f.params, body: f.body, sp } : undefined;
    }
    case 'array_pattern': {
      // const [blob, w, h] = prep(mat): the items of the value in order (a hole `[, h]` binds the empty name).
      const items: Expr[] = [];
      let from = n.startIndex + 1;
      for (const c of kids(n)) {
        if (c.type === 'rest_pattern') return otherExpr(ctx, n, expr);
        const gap = n.text.slice(from - n.startIndex, c.startIndex - n.startIndex);
        for (let i = gap.split(',').length - 1 - (items.length > 0 ? 1 : 0); i > 0; i--) items.push({ k: 'name', n: '', sp });
        const e = expr(ctx, c.type === 'assignment_pattern' ? (c.childForFieldName('left') ?? c) : c);
        items.push(e ?? { k: 'name', n: '', sp });
        from = c.endIndex;
      }
      return { k: 'seq', kind: 'list', items, sp };
    }
    case 'object_pattern': {
      const props: Prop[] = [];
      for (const c of kids(n)) {
        if (c.type === 'shorthand_property_identifier_pattern')
          props.push({ key: ctx.text(c), v: { k: 'name', n: ctx.text(c), sp: ctx.sp(c) }, sp: ctx.sp(c) });
        else if (c.type === 'pair_pattern') {
          const key = c.childForFieldName('key');
          const value = c.childForFieldName('value');
          const ve = value ? expr(ctx, value) : undefined;
          if (key && ve) props.push({ key: ctx.text(key), v: ve, sp: ctx.sp(c) });
        }
      }
      return { k: 'obj', props, sp };
    }
    case 'comment':
      return undefined;
    case 'ternary_expression': {
      return conditionalExpr(ctx, n, expr);
    }
    default:
      return otherExpr(ctx, n, expr);
  }
}
