// OpenCV's Java bindings (org.opencv): Imgcodecs.imread / Highgui.imread and VideoCapture frames give BGR Mats;
// Imgproc.cvtColor, Imgproc.resize, Mat.convertTo and Core arithmetic follow the C++ semantics; the pixels reach the
// model through Mat.get(row, col, float[]) into an array or buffer, Utils.matToBitmap, or Dnn.blobFromImage.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { applyOp, newFlow, type FlowVal } from './flow-types';
import { arg, cvOf, cvtOp, flowOf, fv, nameOf, pixelSource, through } from './libs-common';
import { blobFromImage, checkCvResize, cvConvertTo } from './libs-opencv';
import { matRead } from './libs-java-matbytes';
import { nums } from './values';

/** The OpenCV class a static call names (Imgcodecs.imread → Imgcodecs), when the file uses OpenCV's Java API. */
function cvCall(c: CallCtx): string | undefined {
  const n = c.name;
  if (!n) return undefined;
  const m = /^(?:org\.opencv\.\w+\.)?(Imgcodecs|Highgui|Imgproc|Core|Dnn|Utils|VideoCapture|Mat|Size)\.?(\w*)$/.exec(n);
  if (!m) return undefined;
  return `${m[1]}${m[2] ? `.${m[2]}` : ''}`;
}

/** True for pixels the file reads, or an image handed in that the file prepared (laid out, scaled, cast, swapped). */
function handedOn(f: FlowVal | undefined): boolean {
  if (!f) return false;
  if (f.origin.kind === 'pixel') return true;
  return f.trace.some((op) => op.t === 'layout' || op.t === 'affine' || op.t === 'cast' || op.t === 'swap');
}

/** Binds an output Mat argument (a plain name) to a value. */
function out(c: CallCtx, index: number, v: Val): void {
  const a = arg(c, index);
  if (a?.e.k === 'name') c.fr.vars.set(a.e.n, v);
}

function resize(c: CallCtx): Val {
  checkCvResize(c, { api: 'Imgproc.resize', sizeLiteral: (w, h) => `new Size(${w}, ${h})`, constant: (k) => `Imgproc.${k}` });
  out(c, 1, through(c, 0, { t: 'resize', node: c.node }));
  return undefined;
}

/** mat.convertTo(dst, CvType.CV_32F[, alpha[, beta]]). */
function convertTo(c: CallCtx, recv: FlowVal): Val {
  out(c, 0, fv(cvConvertTo(c, recv)));
  return undefined;
}

/** Core.subtract/divide/multiply/add(src, scalar, dst). */
function arith(c: CallCtx, op: string): Val {
  const [x, y] = [arg(c, 0), arg(c, 1)];
  if (!x || !y || !flowOf(x.v)) return undefined;
  out(c, 2, c.an.binary({ k: 'bin', op, l: x.e, r: y.e, sp: c.node.sp }, x.v, y.v, c.fr));
  return undefined;
}

/** The receiver's name when it is a plain name or `this.name`. */
function receiverName(c: CallCtx): string | undefined {
  const f = c.node.f;
  if (f.k !== 'attr') return undefined;
  const o = f.o;
  return o.k === 'name' ? o.n : o.k === 'attr' && o.o.k === 'name' && o.o.n === 'this' ? o.n : undefined;
}

/**
 * Frames from a camera the analysis did not see being opened: `cap.read(frame)` on a field declared as a VideoCapture
 * (BGR), and OpenCV Android's `inputFrame.rgba()` / `inputFrame.gray()` (a CvCameraViewFrame: RGBA, or one channel).
 */
function frameSource(c: CallCtx): Val | typeof UNHANDLED {
  const name = receiverName(c);
  if (!name) return UNHANDLED;
  if ((c.method === 'read' || c.method === 'retrieve') && c.args.length >= 1) {
    if (!new RegExp(`\\bVideoCapture\\s+${name.replace(/\$/g, '\\$')}\\b`).test(c.an.src)) return UNHANDLED;
    out(c, 0, pixelSource(c, `VideoCapture.${c.method}`, { kind: 'mat', color: 'BGR' }));
    return undefined;
  }
  if ((c.method === 'rgba' || c.method === 'gray') && c.args.length === 0 && /\bCvCameraViewFrame\b/.test(c.an.src))
    return pixelSource(c, `CvCameraViewFrame.${c.method}`, { kind: 'mat', color: c.method === 'gray' ? 'GRAY' : 'RGB' });
  return UNHANDLED;
}

function imread(c: CallCtx, n: string): Val {
  const fl = arg(c, 1);
  const flag = fl ? (nameOf(fl.v) ?? String(nums(cvOf(fl.v))?.[0] ?? '')) : '';
  const color = /GRAYSCALE|^0$/.test(flag) ? 'GRAY' : /UNCHANGED|^-1$/.test(flag) ? '?' : 'BGR';
  return pixelSource(c, n, { kind: 'mat', color });
}

/**
 * `float[] flat = ImageUtils.blobToFloatArray(blob, n)`: a helper the file does not define (another file's, a static
 * import) handed a dnn blob gives back the blob's values. A blob is only ever read out, so what such a helper returns
 * is its floats as they are (NCHW, scaled, in the blob's order).
 */
function blobReader(c: CallCtx): Val | typeof UNHANDLED {
  const n = c.name;
  if (!n || c.an.info.funcs.has(n.slice(n.lastIndexOf('.') + 1))) return UNHANDLED;
  const blob = c.args.map(flowOf).find((f) => (f?.kind === 'mat' || f?.kind === '?') && f.trace.some((op) => op.t === 'layout' && op.to === 'CHW'));
  return blob ? fv(applyOp(blob, { t: 'kind', kind: 'ndarray' })) : UNHANDLED;
}

/** Handles a Java OpenCV call; UNHANDLED when the call is not one. */
export function javaCvCall(c: CallCtx): Val | typeof UNHANDLED {
  if (c.method !== undefined) {
    const recv = flowOf(c.recv);
    if (!recv || recv.origin.kind === 'param') {
      const frame = frameSource(c);
      if (frame !== UNHANDLED || !recv) return frame;
    }
    if (recv.kind === 'capture' && (c.method === 'read' || c.method === 'retrieve')) {
      out(c, 0, pixelSource(c, `VideoCapture.${c.method}`, { kind: 'mat', color: 'BGR' }));
      return undefined;
    }
    // Size and type queries read no pixels, on a Mat or on a parameter that may be one.
    if (/^(empty|rows|cols|width|height|channels|total|type|depth|size|release|isContinuous|elemSize)$/.test(c.method) && c.args.length <= 1) return undefined;
    // A Mat, or a parameter that may be one (its methods say so).
    if (recv.kind !== 'mat' && recv.kind !== '?') return UNHANDLED;
    switch (c.method) {
      case 'convertTo':
        return convertTo(c, recv);
      case 'copyTo':
        out(c, 0, fv(recv));
        return undefined;
      case 'clone':
      case 'reshape':
      case 'submat':
        return fv(recv);
      case 'get': {
        // mat.get(row, col, float[] data): the array now holds the pixels, interleaved (HWC) in the Mat's order.
        const dst = arg(c, 2);
        if (c.argExprs.length !== 3) return UNHANDLED;
        if (dst?.e.k === 'name') c.fr.vars.set(dst.e.n, fv(matRead(applyOp(recv, { t: 'kind', kind: 'ndarray' }))));
        return undefined;
      }
      default:
        return UNHANDLED;
    }
  }
  // FloatBuffer.wrap(data) and Tensor.create(shape, buffer) hand the same pixels on (to session.runner().feed): pixels
  // the file reads, or values the file prepared from an image it was handed (a Mat parameter's blob read out with
  // blob.get(0, 0, float[])), judged by what the file itself does to them.
  if (c.name && /^(FloatBuffer|DoubleBuffer|IntBuffer)\.wrap$|^Tensor\.create$|^Tensors\.create$/.test(c.name)) {
    const i = c.args.findIndex((a) => handedOn(flowOf(a)));
    return i >= 0 ? fv(flowOf(c.args[i])!) : UNHANDLED;
  }
  const n = cvCall(c);
  if (!n) return blobReader(c);
  switch (n) {
    case 'Imgcodecs.imread':
    case 'Highgui.imread':
    case 'Imgcodecs.imdecode':
    case 'Highgui.imdecode':
      return imread(c, n);
    case 'Mat': {
      // new Mat(image, rect) / new Mat(image, rowRange, colRange): a crop of the same pixels.
      const src = flowOf(c.args[0]);
      return c.node.isNew && src ? fv(applyOp(src, { t: 'resize', node: c.node })) : UNHANDLED;
    }
    case 'VideoCapture':
      return c.node.isNew ? fv(newFlow({ kind: 'unknown', node: c.node, desc: 'VideoCapture' }, { kind: 'capture' })) : UNHANDLED;
    case 'Imgproc.cvtColor': {
      const code = nameOf(arg(c, 2)?.v);
      const src = flowOf(arg(c, 0)?.v);
      if (!src) return undefined;
      // COLOR_RGBA2RGB / COLOR_BGRA2BGR only drop alpha, but they say which order an image of unknown order has.
      const alpha = code ? /COLOR_(RGB|BGR)A2\1$/.exec(code) : null;
      const op =
        alpha && (src.color === '?' || src.color === 'RGBA')
          ? { t: 'setColor' as const, color: alpha[1] as 'RGB' | 'BGR', node: c.node, why: code ?? 'cvtColor' }
          : code
            ? cvtOp(code, c.node)
            : { t: 'setColor' as const, color: '?' as const, node: c.node, why: 'cvtColor' };
      out(c, 1, fv(op ? applyOp(src, op) : src));
      return undefined;
    }
    case 'Imgproc.resize':
      return resize(c);
    case 'Core.subtract':
      return arith(c, '-');
    case 'Core.divide':
      return arith(c, '/');
    case 'Core.multiply':
      return arith(c, '*');
    case 'Core.add':
      return arith(c, '+');
    case 'Core.flip':
    case 'Imgproc.GaussianBlur':
    case 'Imgproc.medianBlur':
    case 'Imgproc.blur':
    case 'Core.copyMakeBorder':
    case 'Core.rotate':
    case 'Imgproc.warpAffine':
      out(c, 1, through(c, 0));
      return undefined;
    case 'Dnn.blobFromImage':
      return blobFromImage(c, c.an, 'Dnn.blobFromImage');
    case 'Utils.matToBitmap': {
      // The Bitmap holds the Mat's channels as they are: a BGR Mat gives a Bitmap whose "red" is blue.
      const src = flowOf(arg(c, 0)?.v);
      if (src) out(c, 1, fv(applyOp(src, { t: 'kind', kind: 'bitmap' })));
      return undefined;
    }
    default:
      return UNHANDLED;
  }
}
