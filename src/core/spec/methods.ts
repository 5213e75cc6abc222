// The resize methods each library offers, as named in tensorparity.json.

import type { ResizeLibrary } from './types';

/** Libraries whose resize semantics the spec can name, in display order. */
export const RESIZE_LIBRARIES: readonly ResizeLibrary[] = ['cv2', 'pil', 'tf', 'tfjs', 'sharp', 'java2d'];

/**
 * Resize methods per library. Names follow each library's own vocabulary:
 * cv2 INTER_*, PIL Image.Resampling.*, tf.image.ResizeMethod, tfjs resizeBilinear/resizeNearestNeighbor,
 * sharp kernel names, Java2D RenderingHints interpolation (nearest, bilinear, bicubic for Graphics2D.drawImage) and
 * Image.getScaledInstance (area: SCALE_SMOOTH / SCALE_AREA_AVERAGING, replicate: SCALE_FAST / SCALE_REPLICATE) and
 * AffineTransformOp (affine-nearest, affine-bilinear, affine-bicubic).
 */
export const RESIZE_METHODS: Readonly<Record<ResizeLibrary, readonly string[]>> = {
  cv2: ['nearest', 'nearest-exact', 'linear', 'linear-exact', 'area', 'cubic', 'lanczos4'],
  pil: ['nearest', 'box', 'bilinear', 'hamming', 'bicubic', 'lanczos', 'mks2013', 'mks2021'],
  tf: ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'],
  tfjs: ['bilinear', 'nearest'],
  sharp: ['nearest', 'linear', 'cubic', 'mitchell', 'lanczos2', 'lanczos3', 'mks2013', 'mks2021'],
  java2d: ['nearest', 'bilinear', 'bicubic', 'area', 'replicate', 'affine-nearest', 'affine-bilinear', 'affine-bicubic'],
};

/** The method each library uses when the caller names none (cv2.resize, PIL Image.resize, tf.image.resize, sharp.resize, drawImage without an interpolation hint). */
export const DEFAULT_RESIZE_METHOD: Readonly<Record<ResizeLibrary, string>> = {
  cv2: 'linear',
  pil: 'bicubic',
  tf: 'bilinear',
  tfjs: 'bilinear',
  sharp: 'lanczos3',
  java2d: 'nearest',
};

/** True when `library` is one of the known resize libraries. */
export function isResizeLibrary(library: string): library is ResizeLibrary {
  return (RESIZE_LIBRARIES as readonly string[]).includes(library);
}

/** True when `method` is a resize method of `library`. */
export function isResizeMethod(library: ResizeLibrary, method: string): boolean {
  return RESIZE_METHODS[library].includes(method);
}
