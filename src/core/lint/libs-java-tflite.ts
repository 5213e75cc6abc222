// TFLite Support's TensorImage / ImageProcessor colour order: TensorImage.fromBitmap(bmp) / tensorImage.load(bmp)
// read an Android Bitmap as RGB (ARGB pixels, alpha dropped), so a Bitmap made from an OpenCV Mat still in BGR
// (Utils.matToBitmap without Imgproc.cvtColor) reaches the model as BGR; ColorSpaceType.GRAYSCALE and
// TransformToGrayscaleOp give one channel. Checked against the spec's input.colorOrder where the image is loaded.

import type { CallCtx, Val } from './flow-api';
import { arg, flowOf } from './libs-common';
import { javaColorFix } from './fix-java-color';

/** True when the call is TensorImage.fromBitmap(...) or tensorImage.load(...). */
function isLoad(c: CallCtx): boolean {
  if (c.method === 'load') return c.args.length >= 1;
  return c.name !== undefined && /(^|\.)TensorImage\.(fromBitmap|createFrom)$/.test(c.name);
}

/** Handles a TensorImage load or a TransformToGrayscaleOp; 'unknown' when the call is neither. */
export function tensorImageCall(c: CallCtx): Val | 'unknown' {
  const an = c.an;
  const want = an.spec.input.colorOrder;
  if (c.name !== undefined && /(^|\.)TransformToGrayscaleOp$/.test(c.name) && c.node.isNew) {
    if (want === 'RGB' || want === 'BGR')
      an.rep.add({
        rule: 'color-order',
        at: c.node,
        specPath: 'input.colorOrder',
        message: `TransformToGrayscaleOp turns the image into one grayscale channel, but the spec's input.colorOrder is ${want} (3 channels). Remove the op, or set input.colorOrder to GRAY if the model takes grayscale.`,
      });
    return undefined;
  }
  if (!isLoad(c)) return 'unknown';
  const img = arg(c, 0);
  const f = flowOf(img?.v);
  if (!f || (f.kind !== 'bitmap' && f.kind !== 'mat')) return 'unknown';
  const space = c.argExprs
    .slice(1)
    .map((a) => an.text(a.v))
    .join(' ');
  const shown = c.method === 'load' ? `${an.text(c.node.f)}()` : `${c.name ?? 'TensorImage'}()`;
  if (/\bGRAYSCALE\b/.test(space)) {
    if (want === 'RGB' || want === 'BGR')
      an.rep.add({
        rule: 'color-order',
        at: c.node,
        specPath: 'input.colorOrder',
        message: `${shown} with ColorSpaceType.GRAYSCALE gives one channel, but the spec's input.colorOrder is ${want} (3 channels). Load the image as RGB, or set input.colorOrder to GRAY if the model takes grayscale.`,
      });
    return undefined;
  }
  if (want === 'GRAY') {
    if (!/\bTransformToGrayscaleOp\b/.test(an.src))
      an.rep.add({
        rule: 'color-order',
        at: c.node,
        specPath: 'input.colorOrder',
        message: `${shown} reads the Bitmap as RGB (3 channels), but the spec's input.colorOrder is GRAY. Add a TransformToGrayscaleOp to the ImageProcessor.`,
      });
    return undefined;
  }
  if (want !== 'RGB' && want !== 'BGR') return undefined;
  if (f.color === 'BGR' && f.origin.kind === 'pixel' && want === 'RGB') {
    an.rep.add({
      rule: 'color-order',
      at: f.origin.node,
      specPath: 'input.colorOrder',
      message: `${f.origin.desc} gives BGR pixels and the Bitmap made from them still holds BGR (Utils.matToBitmap keeps the Mat's order), so ${shown} gives the model BGR, but the spec's input.colorOrder is RGB. Convert with Imgproc.cvtColor(mat, mat, Imgproc.COLOR_BGR2RGB) before matToBitmap.`,
      fix: javaColorFix(an, f.origin, 'RGB'),
    });
    return undefined;
  }
  if (f.color === 'RGB' && want === 'BGR' && f.origin.kind === 'pixel')
    an.rep.add({
      rule: 'color-order',
      at: c.node,
      specPath: 'input.colorOrder',
      message: `${shown} reads the Bitmap as RGB (from ${f.origin.desc}), but the spec's input.colorOrder is BGR. Swap the channels before the model (or check the spec: TFLite image models usually take RGB).`,
    });
  return undefined;
}

/** `new QuantizeOp(zeroPoint, scale)` with two number literals (an optional `(float)` cast and `f` suffix each). */
const QUANTIZE_OP = /^new\s+QuantizeOp\s*\(\s*(?:\(float\)\s*)?(-?\d*\.?\d+(?:[eE]-?\d+)?)[fF]?\s*,\s*(?:\(float\)\s*)?(-?\d*\.?\d+(?:[eE]-?\d+)?)[fF]?\s*\)/;

/**
 * A QuantizeOp added after a NormalizeOp in the same builder statement (`.add(new NormalizeOp(0, 255)).add(new
 * QuantizeOp(0, 1 / 255f))`): the model gets q = y / scale + zeroPoint of the normalised y. Returns its zero point and
 * scale, 'unknown' when they are not number literals (the tensor's own quantization parameters), undefined without one.
 */
export function quantizeAfter(src: string, from: number): { zeroPoint: number; scale: number } | 'unknown' | undefined {
  let stop = src.indexOf(';', from);
  if (stop < 0) stop = src.length;
  const at = src.indexOf('new QuantizeOp', from);
  if (at < 0 || at >= stop) return undefined;
  const m = QUANTIZE_OP.exec(src.slice(at, stop));
  if (!m) return 'unknown';
  const zeroPoint = Number(m[1]);
  const scale = Number(m[2]);
  return Number.isFinite(zeroPoint) && Number.isFinite(scale) && scale !== 0 ? { zeroPoint, scale } : 'unknown';
}
