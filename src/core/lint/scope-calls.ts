// Constant values of calls: a getter of the same file, a reshaped or cast array constant, np.array / tf.constant of a
// literal, cv::Size / cv::Scalar / std::array / Float32Array built from constants.

import type { Expr } from './ir';
import type { ModuleInfo, Scope } from './scope';
import type { CV } from './values';

/** Evaluates a call to a constant when the file knows what it returns (see the header above). */
export function evalCallConst(info: ModuleInfo, e: Expr & { k: 'call' }, scope: Scope, depth: number): CV | undefined {
  // A getter of this file (`int getInputSize() { return INPUT_SIZE; }`, `self.size()`): what it returns.
  const own =
    e.a.length === 0 ? (e.f.k === 'name' ? e.f.n : e.f.k === 'attr' && e.f.o.k === 'name' && /^(self|this)$/.test(e.f.o.n) ? e.f.n : undefined) : undefined;
  const getter = own !== undefined && !info.imports.has(own) ? info.funcs.get(own) : undefined;
  if (getter?.length === 1 && getter[0].body.length === 1) {
    const r = getter[0].body[0];
    if (r.k === 'ret' && r.e) return info.evalConst(r.e, info.scopeFor(getter[0]), depth + 1);
  }
  if (e.f.k === 'attr' && /^(reshape|astype|copy|flatten|ravel|squeeze|view)$/.test(e.f.n) && info.family === 'python') {
    // np.array([...], dtype=np.float32).reshape(1, 1, 3): a reshaped or cast constant keeps its values.
    const inner = info.evalConst(e.f.o, scope, depth + 1);
    if (inner?.t !== 'seq' && inner?.t !== 'num') return undefined;
    if (e.f.n !== 'astype') return inner;
    const dtv = e.a[0] ? info.evalConst(e.a[0].v, scope, depth + 1) : undefined;
    const dtText = dtv?.t === 'sym' ? dtv.name : dtv?.t === 'str' ? dtv.v : '';
    const dt = /float32|float16/.test(dtText) ? 'f32' : /float64|double|^float$/.test(dtText) ? 'f64' : undefined;
    return dt && inner.t === 'seq' ? { ...inner, dt } : dt && inner.t === 'num' ? { ...inner, dt } : inner;
  }
  const name = info.canonical(e.f, scope) ?? (e.f.k === 'name' ? e.f.n : undefined);
  if (!name) return undefined;
  const arg0 = e.a[0] ? info.evalConst(e.a[0].v, scope, depth + 1) : undefined;
  const base = name.replace(/^.*\./, '');
  if (/^np\.(array|asarray|float32|float64|float16)$/.test(name) || /^(tf\.(constant|convert_to_tensor|tensor1d|tensor|scalar))$/.test(name)) {
    if (!arg0) return undefined;
    const dtArg = e.a.find((a) => a.name === 'dtype')?.v ?? (name.startsWith('tf.') ? e.a[1]?.v : undefined);
    const dtName = dtArg ? info.evalConst(dtArg, scope, depth + 1) : undefined;
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
    /^(cv\.)?(Size|Size2i|Size2f|Scalar|Vec3f|Vec3d|Vec3b|Point)$/.test(name) ||
    /^(Float32Array|Float64Array)$/.test(name) ||
    /^(std\.)?(array|vector)$/.test(name)
  ) {
    const items: CV[] = [];
    const src = e.a.length === 1 && arg0?.t === 'seq' ? arg0.items : e.a.map((a) => info.evalConst(a.v, scope, depth + 1));
    for (const v of src) {
      if (!v) return undefined;
      items.push(v);
    }
    return { t: 'seq', items, dt: /64/.test(name) ? 'f64' : 'f32' };
  }
  if (/^(Float32Array|Float64Array)\.(from|of)$/.test(name) && arg0?.t === 'seq') return { ...arg0, dt: /64/.test(name) ? 'f64' : 'f32' };
  return undefined;
}
