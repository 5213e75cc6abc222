// Constant evaluation: an expression's value when every name in it is bound to one known value (literals, names
// assigned once, fields, imported symbols, arithmetic), and the values of calls: a getter of the same file, a reshaped
// or cast array constant, np.array / tf.constant of a literal, cv::Size / cv::Scalar / std::array / Float32Array.

import type { Expr } from './ir';
import type { ModuleInfo } from './scope';
import type { Scope } from './lexical-scope';
import { normalize, sameCV, seqDt } from './scope-names';
import { binConst, type CV } from './values';
import { configLiteral, storedConfig } from './js-config-objects';
import { argparseDefault } from './scope-argparse';
import { aggregateRead, structField } from './scope-struct-fields';

/** Evaluates an expression to a constant when every name in it is bound to one known value. */
export function evalConst(info: ModuleInfo, e: Expr, scope: Scope, depth = 0): CV | undefined {
  if (depth > 12) return undefined;
  switch (e.k) {
    case 'num':
      return { t: 'num', v: e.v, dt: info.family === 'python' ? (e.float ? 'weak' : 'int') : e.f32 ? 'f32' : e.float ? 'f64' : 'int' };
    case 'str':
      return { t: 'str', v: e.v };
    case 'bool':
      return { t: 'bool', v: e.v };
    case 'null':
      return { t: 'null' };
    case 'name':
      return evalName(info, e.n, scope, depth);
    case 'attr': {
      if (e.o.k === 'name' && (e.o.n === 'self' || e.o.n === 'this')) {
        const cls = scope.cls ?? (scope.kind === 'class' ? scope : undefined);
        if (cls) return evalName(info, e.n, cls, depth, true);
        // A C++ method defined outside its class: the class's members, in this file or in an included header.
        const owner = scope.owner;
        const own = owner ? info.classScopeOf(owner) : undefined;
        if (own?.vars.has(e.n)) return evalName(info, e.n, own, depth, true);
        // …or one its constructor here set from the one value its construction passes (scope-ctor-members.ts).
        const ctor = owner ? info.ctorMembers.get(owner) : undefined;
        if (ctor?.vars.has(e.n)) return evalName(info, e.n, ctor, depth, true);
        return owner ? info.externals?.member(owner, e.n) : undefined;
      }
      if (info.externals && e.o.k === 'name' && !info.isVariable(e.o.n, scope)) {
        const x = info.externals.member(e.o.n, e.n);
        if (x) return x;
      }
      // config.tensorSize of an object literal assigned once (`const config = { tensorSize: 224 }`).
      if (e.o.k === 'name' && info.family === 'js' && info.isVariable(e.o.n, scope)) {
        const lit = onlyValue(e.o.n, scope) ?? configLiteral(info, e.o.n, scope);
        const prop = lit?.k === 'obj' ? lit.props.find((p) => p.key === e.n) : undefined;
        if (prop) return evalConst(info, prop.v, scope, depth + 1);
      }
      // model.config.tensorSize with `model.config = config` stored once in the file (js-config-objects.ts).
      if (e.o.k === 'attr' && info.family === 'js') {
        const prop = storedConfig(info, e.o.n, scope)?.props.find((p) => p.key === e.n);
        if (prop) return evalConst(info, prop.v, scope, depth + 1);
      }
      // mean.x of a CUDA float3 (`make_float3(127.5, 127.5, 127.5)`), a constant: its first item (y, z: the next).
      if (info.family === 'cpp' && (e.n === 'x' || e.n === 'y' || e.n === 'z') && e.o.k === 'name') {
        const v = evalConst(info, e.o, scope, depth + 1);
        if (v?.t === 'seq' && v.items.length >= 3) return v.items[e.n === 'x' ? 0 : e.n === 'y' ? 1 : 2];
      }
      // yolo_nets[2].inpWidth of a brace-initialised struct array (scope-struct-fields.ts).
      if (info.family === 'cpp' && aggregateRead(info, e, scope)) {
        const agg = evalConst(info, e.o, scope, depth + 1);
        const v = agg?.t === 'seq' ? (structField(info.body, agg, e.n) ?? info.externals?.structField?.(agg, e.n)) : undefined;
        if (v) return v;
      }
      // args.net_type with args = parser.parse_args(): the option's default (scope-argparse.ts).
      if (info.family === 'python' && e.o.k === 'name' && info.callsTo('add_argument').length > 0) {
        const d = argparseDefault(info, onlyValue(e.o.n, scope), e.n);
        if (d) return evalConst(info, d, info.module, depth + 1);
      }
      const c = info.canonical(e, scope);
      return c ? { t: 'sym', name: c } : undefined;
    }
    case 'seq': {
      const items: CV[] = [];
      for (const x of e.items) {
        const v = evalConst(info, x, scope, depth + 1);
        if (!v) return undefined;
        items.push(v);
      }
      return { t: 'seq', items, dt: info.family === 'python' ? 'list' : seqDt(items) };
    }
    case 'bin': {
      const l = evalConst(info, e.l, scope, depth + 1);
      const r = l ? evalConst(info, e.r, scope, depth + 1) : undefined;
      return l && r ? binConst(e.op, l, r) : undefined;
    }
    case 'un': {
      const v = evalConst(info, e.e, scope, depth + 1);
      if (e.op === '-' && v?.t === 'num') return { ...v, v: -v.v };
      if (e.op === '-' && v?.t === 'seq') return binConst('*', v, { t: 'num', v: -1, dt: 'int' });
      if ((e.op === 'not' || e.op === '!') && v?.t === 'bool') return { t: 'bool', v: !v.v };
      return undefined;
    }
    case 'cast': {
      const v = evalConst(info, e.e, scope, depth + 1);
      if (v?.t === 'num' && /float/.test(e.t)) return { t: 'num', v: v.v, dt: 'f32' };
      if (v?.t === 'num' && /double/.test(e.t)) return { t: 'num', v: v.v, dt: 'f64' };
      if (v?.t === 'num' && /int|long|short|size_t/.test(e.t)) return { t: 'num', v: Math.trunc(v.v), dt: 'int' };
      return v;
    }
    case 'call':
      return evalCallConst(info, e, scope, depth);
    case 'sub': {
      // MEAN[np.newaxis, np.newaxis, :] and MEAN[None, None, ...] only add broadcast axes: the values stay.
      const onlyAxes =
        e.idx.length > 0 &&
        e.idx.every(
          (i) =>
            i.k === 'ellipsis' ||
            (i.k === 'slice' && i.parts.every((p) => p === null)) ||
            i.k === 'null' ||
            (i.k === 'name' && i.n === 'None') ||
            (i.k === 'attr' && i.n === 'newaxis'),
        );
      return onlyAxes ? evalConst(info, e.o, scope, depth + 1) : e.idx.length === 1 ? itemConst(info, e.o, e.idx[0], scope, depth) : undefined;
    }
    default:
      return undefined;
  }
}

function evalName(info: ModuleInfo, name: string, scope: Scope, depth: number, classOnly = false): CV | undefined {
  const s = classOnly ? (scope.vars.has(name) ? scope : undefined) : (scope.find(name) ?? (scope.cls?.vars.has(name) ? scope.cls : undefined));
  if (!s) {
    // A C++ method defined outside its class (`bool Foo::run() { ... INPUT_H ... }`): the class's own members.
    const own = info.family === 'cpp' && !classOnly ? ownerClass(info, scope) : undefined;
    // A member declared without a value (`int inWidth;`) may still be given one in another method: see externals.
    const member = own?.vars.has(name) ? evalName(info, name, own, depth, true) : undefined;
    if (member) return member;
    // …or of its class declared in an included header (`size[0]` in `Detection::inference`, `size` a member there).
    const owner = !own && info.family === 'cpp' && !classOnly && info.externals ? ownerName(scope) : undefined;
    const inHeader = owner ? info.externals!.member(owner, name) : undefined;
    if (inHeader) return inHeader;
    const x = info.externals?.name(name);
    if (x) return x;
    if (info.imports.has(name)) return { t: 'sym', name: normalize(info.family, info.imports.get(name)!, true) };
    if (info.family === 'cpp' || info.family === 'java' || info.family === 'js') return { t: 'sym', name };
    return undefined;
  }
  let cache = info.constCache.get(s);
  if (!cache) {
    cache = new Map();
    info.constCache.set(s, cache);
  }
  if (cache.has(name)) return cache.get(name) ?? undefined;
  if (info.evaluating.has(name)) return undefined;
  info.evaluating.add(name);
  let result: CV | undefined;
  try {
    const values = s.vars.get(name) ?? [];
    for (const v of values) {
      const cv = v ? evalConst(info, v, s, depth + 1) : undefined;
      if (!cv || (result && !sameCV(result, cv))) {
        result = undefined;
        break;
      }
      result = cv;
    }
  } finally {
    info.evaluating.delete(name);
  }
  cache.set(name, result ?? null);
  return result;
}

/** The class scope of the out-of-line C++ method a scope is in (`Foo::run`'s Foo, declared in this file). */
function ownerName(scope: Scope): string | undefined {
  for (let sc: Scope | undefined = scope; sc; sc = sc.parent) if (sc.owner !== undefined) return sc.owner;
  return undefined;
}

function ownerClass(info: ModuleInfo, scope: Scope): Scope | undefined {
  for (let sc: Scope | undefined = scope; sc; sc = sc.parent) if (sc.owner !== undefined) return info.classScopeOf(sc.owner);
  return undefined;
}

/** Evaluates a call to a constant when the file knows what it returns (see the header above). */
function evalCallConst(info: ModuleInfo, e: Expr & { k: 'call' }, scope: Scope, depth: number): CV | undefined {
  // A getter of this file (`int getInputSize() { return INPUT_SIZE; }`, `self.size()`): what it returns.
  const own =
    e.a.length === 0
      ? e.f.k === 'name'
        ? e.f.n
        : e.f.k === 'attr' && e.f.o.k === 'name' && (e.f.o.n === 'self' || e.f.o.n === 'this')
          ? e.f.n
          : undefined
      : undefined;
  const getter = own !== undefined && !info.imports.has(own) ? info.funcs.get(own) : undefined;
  if (getter?.length === 1 && getter[0].body.length === 1) {
    const r = getter[0].body[0];
    if (r.k === 'ret' && r.e) return evalConst(info, r.e, info.scopeFor(getter[0]), depth + 1);
  }
  if (info.family === 'java' && own !== undefined && !getter && /^get[A-Z]/.test(own)) {
    // A bean property of a base class: `setImageMean(0)` once in this file, then `getImageMean()` reads it back.
    const sets = info.callsTo(`set${own.slice(3)}`);
    if (sets.length === 1 && sets[0].a.length === 1) return evalConst(info, sets[0].a[0].v, scope, depth + 1);
  }
  if (e.f.k === 'attr' && /^(reshape|astype|copy|flatten|ravel|squeeze|view)$/.test(e.f.n) && info.family === 'python') {
    // np.array([...], dtype=np.float32).reshape(1, 1, 3): a reshaped or cast constant keeps its values.
    const inner = evalConst(info, e.f.o, scope, depth + 1);
    if (inner?.t !== 'seq' && inner?.t !== 'num') return undefined;
    if (e.f.n !== 'astype') return inner;
    const dtv = e.a[0] ? evalConst(info, e.a[0].v, scope, depth + 1) : undefined;
    const dtText = dtv?.t === 'sym' ? dtv.name : dtv?.t === 'str' ? dtv.v : '';
    const dt = /float32|float16/.test(dtText) ? 'f32' : /float64|double|^float$/.test(dtText) ? 'f64' : undefined;
    return dt && inner.t === 'seq' ? { ...inner, dt } : dt && inner.t === 'num' ? { ...inner, dt } : inner;
  }
  if (e.f.k === 'attr' && e.a.length === 0 && (e.f.n === 'getWidth' || e.f.n === 'getHeight') && info.family === 'java') {
    // `SIZE.getWidth()` of a constant `new Size(320, 320)` (android.util.Size, OpenCV's Size: width, then height).
    const size = evalConst(info, e.f.o, scope, depth + 1);
    if (size?.t === 'seq' && size.items.length === 2) return size.items[e.f.n === 'getWidth' ? 0 : 1];
  }
  // tf.tensor1d([123.68, 116.779, 103.939]).reshape([1, 1, 1, 3]): the same per-channel constants, broadcast.
  if (info.family === 'js' && e.f.k === 'attr' && (e.f.n === 'reshape' || e.f.n === 'expandDims' || e.f.n === 'toFloat')) {
    const held = evalConst(info, e.f.o, scope, depth + 1);
    return held?.t === 'seq' || held?.t === 'num' ? held : undefined;
  }
  const name = info.canonical(e.f, scope) ?? (e.f.k === 'name' ? e.f.n : undefined);
  if (!name) return undefined;
  const arg0 = e.a[0] ? evalConst(info, e.a[0].v, scope, depth + 1) : undefined;
  const base = name.replace(/^.*\./, '');
  if (/^np\.(array|asarray|float32|float64|float16)$/.test(name) || /^(tf\.(constant|convert_to_tensor|tensor1d|tensor|scalar))$/.test(name)) {
    if (!arg0) return undefined;
    const dtArg = e.a.find((a) => a.name === 'dtype')?.v ?? (name.startsWith('tf.') ? e.a[1]?.v : undefined);
    const dtName = dtArg ? evalConst(info, dtArg, scope, depth + 1) : undefined;
    const dtText = dtName?.t === 'sym' ? dtName.name : dtName?.t === 'str' ? dtName.v : '';
    let dt: 'f32' | 'f64' | 'int' = /float32|float16/.test(dtText) || /float32|float16/.test(name) || name.startsWith('tf.') ? 'f32' : 'f64';
    if (/int/.test(dtText)) dt = 'int';
    if (name === 'np.float64') dt = 'f64';
    if (arg0.t === 'num') return { t: 'num', v: arg0.v, dt: name === 'np.array' || name === 'np.asarray' ? 'f64' : dt };
    if (arg0.t === 'seq') return { t: 'seq', items: arg0.items, dt };
    return undefined;
  }
  if ((base === 'float' || base === 'int') && arg0?.t === 'num')
    return { t: 'num', v: base === 'int' ? Math.trunc(arg0.v) : arg0.v, dt: base === 'int' ? 'int' : 'weak' };
  if ((name === 'tuple' || name === 'list') && arg0?.t === 'seq') return arg0;
  if (
    /^(cv\.|android\.util\.|org\.opencv\.core\.)?(Size|Size2i|Size2f|Scalar|Vec3f|Vec3d|Vec3b|Point)$/.test(name) ||
    /^make_float[34]$/.test(name) ||
    /^(Float32Array|Float64Array)$/.test(name) ||
    /^(std\.)?(array|vector)$/.test(name)
  ) {
    const items: CV[] = [];
    if (e.a.length === 1 && arg0?.t === 'seq') items.push(...arg0.items);
    else {
      // Every argument is evaluated before any is looked at, as before (evaluation fills the constant caches).
      const vals: (CV | undefined)[] = [];
      for (let i = 0; i < e.a.length; i++) vals.push(evalConst(info, e.a[i].v, scope, depth + 1));
      for (const v of vals) {
        if (!v) return undefined;
        items.push(v);
      }
    }
    return { t: 'seq', items, dt: /64/.test(name) ? 'f64' : 'f32' };
  }
  if (/^(Float32Array|Float64Array)\.(from|of)$/.test(name) && arg0?.t === 'seq') return { ...arg0, dt: /64/.test(name) ? 'f64' : 'f32' };
  return undefined;
}

/**
 * One item of a constant: `CFG["mean"]` of a dict (or JS object) literal assigned once, `SIZE[1]` / `SIZE[1:]` of a
 * constant tuple or list (config dicts and tuples that carry the preprocessing parameters).
 */
function itemConst(info: ModuleInfo, o: Expr, i: Expr, scope: Scope, depth: number): CV | undefined {
  if (depth > 16) return undefined;
  if (i.k === 'str') {
    const lit = o.k === 'obj' ? o : o.k === 'name' ? onlyValue(o.n, scope) : undefined;
    const prop = lit?.k === 'obj' ? lit.props.find((p) => p.key === i.v) : undefined;
    return prop ? evalConst(info, prop.v, scope, depth + 1) : undefined;
  }
  // An index that is not a literal (img[i], data[y][x]) names no constant item: the object is not evaluated at all.
  const whole =
    (i.k === 'num' && Number.isInteger(i.v)) ||
    (i.k === 'slice' && (i.parts.length <= 2 || i.parts[2] === null) && i.parts.every((p) => p === null || p.k === 'num'));
  if (!whole) return undefined;
  const seq = evalConst(info, o, scope, depth + 1);
  if (seq?.t !== 'seq') return undefined;
  if (i.k === 'num') return seq.items[i.v < 0 ? seq.items.length + i.v : i.v];
  if (i.k === 'slice') {
    const [a, b] = i.parts as ({ v: number } | null)[];
    return { ...seq, items: seq.items.slice(a?.v ?? 0, b ? b.v : undefined) };
  }
  return undefined;
}

/** The one expression assigned to `name` where it is visible from `scope`, if there is exactly one (through `a = b` aliases). */
function onlyValue(name: string, scope: Scope): Expr | undefined {
  let n = name;
  let sc: Scope | undefined = scope;
  for (let hops = 0; hops < 4 && sc; hops++) {
    const owner: Scope | undefined = sc.find(n);
    const vals: readonly (Expr | null)[] | undefined = owner?.vars.get(n);
    const v: Expr | null | undefined = vals?.length === 1 ? vals[0] : undefined;
    if (!v || v.k !== 'name' || !owner) return v ?? undefined;
    // A parameter bound to the caller's name (`build(CFG)`), or `cfg = CFG`: look the name up from the owner's parent.
    n = v.n;
    sc = v.n === name ? owner.parent : owner;
  }
  return undefined;
}
