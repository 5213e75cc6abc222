// Parameters that hold a number, not an image: a value derived from one is a size or an index, never model input.

import type { Analyzer } from './flow';
import type { FlowVal } from './flow-types';
import { close } from './values';
import { tag } from './memo';

/** Scalar number types of Java, C++, TypeScript and Python annotations (a C++ pointer or array has its `*` or `[]`). */
const SCALAR_TYPE =
  /^(final\s+|const\s+)?(unsigned\s+|signed\s+)?(int|long|long\s+long|short|byte|float|double|char|size_t|ssize_t|u?int(8|16|32|64)_t|number|bigint|bool|boolean)$/;

/** True for a parameter declared as one number (not an array, a pointer, a Mat or a tensor). */
export function scalarParam(f: FlowVal): boolean {
  const fn = f.origin.func;
  if (fn?.k !== 'func' || f.origin.paramIndex === undefined) return false;
  const type = fn.params[f.origin.paramIndex]?.type;
  return type !== undefined && SCALAR_TYPE.test(type.trim());
}

/** Integer offsets that do belong to image arithmetic: the int8 shift (x - 128) and the inversion (255 - x). */
const IMAGE_OFFSETS: ReadonlySet<number> = new Set([127, 128, 255, 256]);

/**
 * True for a parameter of unknown type (or made an array of) that only had integer-literal arithmetic giving an integer
 * shift (n - 1, 2 * r + 1, 8 - bits, theta + 180, np.array(shape) - 1): indices, sizes and angles, not a normalisation
 * (which uses 127.5, 255, means, or a float).
 */
export function indexArithmetic(f: FlowVal): boolean {
  const aff = f.affine;
  if (!aff || (f.kind !== '?' && f.kind !== 'ndarray')) return false;
  for (const op of f.trace) if (op.t !== 'kind' && (op.t !== 'affine' || (op.operandDt !== 'weak-int' && op.operandDt !== 'int'))) return false;
  return aff.a.every((x) => Number.isInteger(x) && Math.abs(x) <= 4) && aff.b.every((x) => Number.isInteger(x) && !IMAGE_OFFSETS.has(Math.abs(x)));
}

/** True for C/C++ pointer arithmetic on a pointer parameter (out += 64, (T *) ptr - 1): an address, not pixel values. */
export function pointerArithmetic(f: FlowVal): boolean {
  const fn = f.origin.func;
  if (fn?.k !== 'func' || f.origin.paramIndex === undefined) return false;
  const type = fn.params[f.origin.paramIndex]?.type;
  if (type === undefined || !(type.endsWith('*') || type.endsWith('[]'))) return false;
  if (!f.trace.some((op) => op.t === 'affine')) return false;
  for (const op of f.trace) {
    if (op.t === 'affine' && (op.operandDt === 'weak-int' || op.operandDt === 'int')) continue;
    if (op.t === 'cast' && op.node.k === 'cast' && op.node.t.includes('*')) continue;
    return false;
  }
  return true;
}

/** True for a value derived from a parameter that holds a number or an address, not an image. */
export function notAnImage(f: FlowVal): boolean {
  return f.origin.kind === 'param' && f.channel === undefined && (scalarParam(f) || indexArithmetic(f) || pointerArithmetic(f));
}

/** Python modules that read, write or run images or models (numpy alone, scipy, matplotlib's pyplot are not). */
const PY_IMAGE_MODULES =
  /^(cv2|PIL|tensorflow|tf_keras|keras|torch|torchvision|onnxruntime|onnx|tflite_runtime|ai_edge_litert|jax|flax|mxnet|paddle|openvino|tritonclient|tensorrt|pycuda|rknn|rknnlite|ncnn|MNN|coremltools|ultralytics|mmcv|mmdet|transformers|timm|mediapipe|albumentations|skimage|imageio|tifffile|rasterio|imutils|dlib|caffe|matplotlib\.image|scipy\.ndimage)(\.|$)/;

const IMAGE_FILE = tag<Analyzer, boolean>('image file');

/**
 * False for a Python file that imports no image or model library: a function of its parameters there (a colormap's
 * `2 * x - 1`, vector maths) computes no model input. Other languages: true.
 */
export function handlesImages(an: Analyzer): boolean {
  if (an.info.family !== 'python') return true;
  let v = IMAGE_FILE.get(an);
  if (v === undefined) {
    v = [...an.info.imports.values(), ...an.info.wildcards].some((m) => PY_IMAGE_MODULES.test(m));
    IMAGE_FILE.set(an, v);
  }
  return v;
}

/** Constants of pixel normalisation: 255 and its halves, ImageNet and Caffe means and stds (in 0–1 and 0–255 units). */
const PIXEL_CONSTANTS = [
  255, 127.5, 128, 127, 0.485, 0.456, 0.406, 0.229, 0.224, 0.225, 123.675, 116.28, 103.53, 58.395, 57.12, 57.375, 123.68, 116.78, 103.94,
];

/** True when `v` (or 1 / v) is a constant of pixel normalisation or one of the spec's own (`extra`). */
function pixelConstant(v: number, extra: readonly number[]): boolean {
  const m = Math.abs(v);
  if (m === 0 || m === 1) return false;
  for (const c of PIXEL_CONSTANTS) if (close(m, c) || close(1 / m, c)) return true;
  for (const c of extra) if (c !== 0 && c !== 1 && (close(m, c) || close(1 / m, c))) return true;
  return false;
}

/**
 * A parameter's value that reaches no model input, in a file that imports no image or model library (a colormap's
 * `2 * x - 1`, vector maths): no image, unless its arithmetic uses a pixel constant (255, 127.5, ImageNet's mean and
 * std) or the spec's own mean, std or scale.
 */
export function unrelatedParam(f: FlowVal, an: Analyzer): boolean {
  if (f.origin.kind !== 'param' || handlesImages(an)) return false;
  const spec = an.spec.input;
  const own = [...spec.mean, ...spec.std, spec.scale, ...spec.mean.map((m) => m / spec.scale), ...spec.std.map((s) => s / spec.scale)];
  for (const op of f.trace) {
    if (op.t !== 'affine') continue;
    for (const x of op.mul) if (pixelConstant(x, own)) return false;
    for (const x of op.add) if (pixelConstant(x, own)) return false;
  }
  return true;
}
