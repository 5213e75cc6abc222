// Reference resize and colour kernels that reproduce OpenCV, Pillow, TensorFlow, tfjs, sharp and Java2D.

import type { ResizeLibrary } from '../../spec/types';
import type { Image } from '../types';
import { KernelError, checkResizeArgs } from './common';
import { CV2_METHODS, cv2Resize } from './cv2';
import { PIL_METHODS, pilResize } from './pil';
import { SHARP_METHODS, resizeWithSharp as sharpResize } from './sharp';
import { ResizeFlags, TF_METHODS, tfResize } from './tf';
import { TFJS_METHODS, tfjsBilinear, tfjsNearest } from './tfjs';
import { JAVA2D_METHODS, java2dResize } from './java2d';

export { KernelError } from './common';
export type { ResizeFlags } from './tf';
export { cvGrayToRgb, cvSwapRB, cvToGray, pilToL, pilToRGB } from './color';

const METHODS: Readonly<Record<ResizeLibrary, readonly string[]>> = {
  cv2: CV2_METHODS,
  pil: PIL_METHODS,
  tf: TF_METHODS,
  tfjs: TFJS_METHODS,
  sharp: SHARP_METHODS,
  java2d: JAVA2D_METHODS,
};

/** The resize methods this module reproduces for `library`, in the library's own vocabulary. */
export function validMethods(library: ResizeLibrary): readonly string[] {
  return METHODS[library];
}

/**
 * Resize `img` to outW × outH exactly as `library`'s `method` does (synchronous; sharp needs resizeWithSharp).
 * Output dtype follows the library: cv2/pil/nearest keep the input type, tf and tfjs bilinear return float32.
 */
export function resizeKernel(library: ResizeLibrary, method: string, img: Image, outW: number, outH: number, opts: ResizeFlags = {}): Image {
  checkResizeArgs(img, outW, outH, `${library} ${method} resize`);
  switch (library) {
    case 'cv2':
      return cv2Resize(img, outW, outH, method);
    case 'pil':
      return pilResize(img, outW, outH, method);
    case 'tf':
      return tfResize(img, outW, outH, method, opts);
    case 'tfjs': {
      const align = opts.alignCorners ?? false,
        half = opts.halfPixelCenters ?? false;
      if (align && half) throw new KernelError('tfjs resize: alignCorners and halfPixelCenters cannot both be true; set one of them to false in input.resize.');
      if (method === 'bilinear') return tfjsBilinear(img, outW, outH, align, half);
      if (method === 'nearest') return tfjsNearest(img, outW, outH, align, half);
      throw new KernelError(`tfjs has no resize method "${method}"; set input.resize.method in tensorparity.json to one of ${TFJS_METHODS.join(', ')}.`);
    }
    case 'java2d':
      return java2dResize(img, outW, outH, method);
    case 'sharp':
      throw new KernelError('sharp resizes asynchronously; call resizeWithSharp (or resizeAny) for library "sharp".');
    default:
      throw new KernelError(`Unknown resize library "${String(library)}"; set input.resize.library to cv2, pil, tf, tfjs, sharp or java2d.`);
  }
}

/** sharp(raw).resize(outW, outH, { kernel: method, fit: 'fill' }) on decoded pixels. */
export async function resizeWithSharp(img: Image, outW: number, outH: number, method: string): Promise<Image> {
  checkResizeArgs(img, outW, outH, `sharp ${method} resize`);
  return sharpResize(img, outW, outH, method);
}

/** resizeKernel for every library, sharp included (async). */
export async function resizeAny(library: ResizeLibrary, method: string, img: Image, outW: number, outH: number, opts: ResizeFlags = {}): Promise<Image> {
  if (library === 'sharp') return resizeWithSharp(img, outW, outH, method);
  return resizeKernel(library, method, img, outW, outH, opts);
}
