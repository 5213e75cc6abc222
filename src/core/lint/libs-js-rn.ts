// React Native camera pipelines: VisionCamera's `useFrameProcessor(frame => { ... })` runs its worklet on every camera
// frame; vision-camera-resize-plugin's `resize(frame, { scale: { width, height }, pixelFormat, dataType })` gives the
// frame as HWC bytes in the channel order pixelFormat names (uint8, or float32 in 0–1), resized with the plugin's own
// kernel (only the size is judged); react-native-fast-tflite's `model.runSync([buffer])` (and `run`) takes the input.

import type { Analyzer } from './flow';
import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { applyOp, newFlow, type Color } from './flow-types';
import type { Expr } from './ir';
import { flowOf, fv } from './libs-common';
import { checkResize } from './rules-resize';
import { nums } from './values';

/** True when the file imports vision-camera-resize-plugin (so `resize(frame, {...})` is its resize). */
function usesResizePlugin(an: Analyzer): boolean {
  for (const full of an.info.imports.values()) if (full.startsWith('vision-camera-resize-plugin')) return true;
  return false;
}

/** A property of an object literal, by key. */
function prop(e: Expr | undefined, key: string): Expr | undefined {
  return e?.k === 'obj' ? e.props.find((p) => p.key === key)?.v : undefined;
}

/** pixelFormat 'rgb' | 'bgr' | 'rgba' | 'bgra' | 'argb' | 'abgr' (also 'rgb (8-bit)'): the channel order of the three colours. */
function colorOf(e: Expr | undefined): Color | undefined {
  if (e?.k !== 'str') return undefined;
  const f = e.v.replace(/\s.*$/, '');
  return f === 'rgb' || f === 'rgba' || f === 'argb' ? 'RGB' : f === 'bgr' || f === 'bgra' || f === 'abgr' ? 'BGR' : undefined;
}

/** resize(frame, options) of vision-camera-resize-plugin: the frame's pixels, resized, in the named order and type. */
function pluginResize(c: CallCtx): Val {
  const an = c.an;
  const opts = c.argExprs[1]?.v;
  const scale = prop(opts, 'scale') ?? prop(opts, 'size');
  const wE = prop(scale, 'width');
  const hE = prop(scale, 'height');
  const w = wE ? nums(an.info.evalConst(wE, c.fr.scope))?.[0] : undefined;
  const h = hE ? nums(an.info.evalConst(hE, c.fr.scope))?.[0] : undefined;
  if (w !== undefined && h !== undefined && wE)
    checkResize(
      { node: c.node, api: 'resize (vision-camera-resize-plugin)', src: an.src, lib: an.spec.input.resize.library, size: { w, h, order: 'wh', node: wE } },
      an.spec,
      an.rep,
    );
  const color = colorOf(prop(opts, 'pixelFormat'));
  const dt = prop(opts, 'dataType');
  const float = dt?.k === 'str' && dt.v === 'float32';
  let f = newFlow(
    { kind: 'pixel', node: c.node, desc: 'resize (vision-camera-resize-plugin)' },
    { kind: 'tensor', color: color ?? '?', dtype: 'uint8', layout: 'HWC' },
  );
  f = applyOp(f, { t: 'resize', node: c.node });
  if (float) {
    f = applyOp(f, { t: 'cast', dtype: 'float32', node: c.node });
    f = applyOp(f, { t: 'affine', mul: [1 / 255], add: [0], node: c.node, desc: "dataType 'float32' (0–1)", operandDt: 'f32', opName: '*' });
  }
  return fv(f);
}

/** VisionCamera frame processors, the resize plugin and fast-tflite's runSync; UNHANDLED for other calls. */
export function reactNativeCall(c: CallCtx): Val | typeof UNHANDLED {
  if (c.method === undefined) {
    const n = c.name;
    // useFrameProcessor(frame => { ... }, deps): the worklet runs on each frame.
    if ((n === 'useFrameProcessor' || n === 'react-native-vision-camera.useFrameProcessor') && c.argExprs[0]?.v.k === 'lambda') {
      c.an.inline(c.argExprs[0].v, c.fr);
      return undefined;
    }
    // `const { resize } = useResizePlugin()`: a local name, so the call has no resolved name.
    const f = c.node.f;
    if (f.k === 'name' && f.n === 'resize' && c.argExprs.length === 2 && c.argExprs[1]!.v.k === 'obj' && usesResizePlugin(c.an)) return pluginResize(c);
    return UNHANDLED;
  }
  if (c.method === 'runSync') {
    const a = c.args[0];
    const items = a?.k === 'many' ? a.items : [a];
    if (!items.some((x) => flowOf(x))) return UNHANDLED;
    c.an.terminal(a, 'sink', c.node, 'the TFLite model (runSync)', c.fr);
    return undefined;
  }
  return UNHANDLED;
}
