// opencv.js in the browser (the `cv` global): the calls are OpenCV's, with output Mats as arguments like C++ and Java.
// cv.imread(canvas or img element) and cv.matFromImageData give RGBA bytes; cvtColor, resize, copyMakeBorder,
// convertTo and blobFromImage follow libs-opencv.ts; `mat.data32F` / `mat.data` are the Mat's values, in its order.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { applyOp, type FlowVal } from './flow-types';
import { arg, cvtOp, flowOf, fv, nameOf, pixelSource, through } from './libs-common';
import { blobFromImage, checkCvResize, cvConvertTo } from './libs-opencv';

/** Binds an output Mat argument (a plain name) to a value. */
function out(c: CallCtx, index: number, v: Val): void {
  const a = arg(c, index);
  if (a?.e.k === 'name') c.fr.vars.set(a.e.n, v);
}

/** A Mat made by opencv.js (kind 'mat'): its methods and data arrays are read here. */
function isCvMat(f: FlowVal | undefined): f is FlowVal {
  return f?.kind === 'mat';
}

function cvtColor(c: CallCtx): Val {
  const code = nameOf(arg(c, 2)?.v)?.replace(/^cv\./, '');
  const src = flowOf(arg(c, 0)?.v);
  if (!src) return undefined;
  const op = code ? cvtOp(code, c.node) : { t: 'setColor' as const, color: '?' as const, node: c.node, why: 'cvtColor' };
  out(c, 1, fv(op ? applyOp(src, op) : src));
  return undefined;
}

/**
 * `new ort.Tensor('float32', blob.data32F, dims)`: blobFromImage always gives NCHW and none of its arguments changes
 * that, so the layout is decided where the blob's values become the model's tensor (a transpose goes there).
 */
function blobTensor(c: CallCtx): Val | typeof UNHANDLED {
  const f = flowOf(c.args[1]);
  if (!f || f.layout !== 'CHW' || !f.layoutDesc?.includes('blobFromImage')) return UNHANDLED;
  return fv(applyOp(f, { t: 'layout', to: 'CHW', node: c.node, desc: `${f.layoutDesc}, wrapped as this tensor,` }));
}

/** Handles an opencv.js call (`cv.*`, or a method of a Mat it made); UNHANDLED when the call is not one. */
export function jsCvCall(c: CallCtx): Val | typeof UNHANDLED {
  if (c.method !== undefined) {
    const recv = flowOf(c.recv);
    if (!isCvMat(recv) || c.name?.startsWith('cv.')) return UNHANDLED;
    switch (c.method) {
      case 'convertTo':
        out(c, 0, fv(cvConvertTo(c, recv)));
        return undefined;
      case 'copyTo':
        out(c, 0, fv(recv));
        return undefined;
      case 'clone':
      case 'roi':
        return fv(recv);
      case 'delete':
      case 'isContinuous':
      case 'channels':
      case 'type':
      case 'size':
      case 'total':
        return undefined;
      default:
        return UNHANDLED;
    }
  }
  const n = c.name;
  if (n && c.node.isNew && /^((ort|onnxruntime[\w/-]*)\.)?Tensor$/.test(n)) return blobTensor(c);
  if (!n?.startsWith('cv.')) return UNHANDLED;
  switch (n) {
    // A canvas or an <img> (cv.imread), or an ImageData: RGBA bytes.
    case 'cv.imread':
      return pixelSource(c, 'cv.imread', { kind: 'mat', color: 'RGB' });
    case 'cv.matFromImageData':
      return flowOf(c.args[0]) ? through(c, 0, { t: 'kind', kind: 'mat' }) : pixelSource(c, n, { kind: 'mat', color: 'RGB' });
    case 'cv.cvtColor':
      return cvtColor(c);
    case 'cv.resize':
      checkCvResize(c, { api: 'cv.resize', sizeLiteral: (w, h) => `new cv.Size(${w}, ${h})`, constant: (k) => `cv.${k}` });
      out(c, 1, through(c, 0, { t: 'resize', node: c.node }));
      return undefined;
    case 'cv.copyMakeBorder':
    case 'cv.flip':
    case 'cv.GaussianBlur':
    case 'cv.medianBlur':
    case 'cv.blur':
    case 'cv.rotate':
    case 'cv.warpAffine':
      out(c, 1, through(c, 0));
      return undefined;
    case 'cv.blobFromImage':
      return blobFromImage(c, c.an, 'cv.blobFromImage');
    default:
      return UNHANDLED;
  }
}

/** `mat.data32F`, `mat.data` (and the other typed views) of an opencv.js Mat: its values, as the Mat holds them. */
export function jsCvData(obj: Val, prop: string): Val | undefined {
  const f = flowOf(obj);
  return isCvMat(f) && /^data(8U|8S|16U|16S|32S|32F|64F)?$/.test(prop) ? obj : undefined;
}
