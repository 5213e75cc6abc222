// tf.image.resize (TF 2.x) and tf.compat.v1.image.resize_* semantics: which op each method maps to.

import type { Image } from '../types';
import { KernelError } from './common';
import { tfArea, tfBicubic, tfBilinear, tfNearest } from './tf-ops';
import { tfScaleAndTranslate } from './tf-scale';

/** tf.image.ResizeMethod values accepted in tensorparity.json. */
export const TF_METHODS = ['bilinear', 'nearest', 'bicubic', 'area', 'lanczos3', 'lanczos5', 'gaussian', 'mitchellcubic'] as const;

/** Options shared by the TF and tfjs kernels. */
export interface ResizeFlags {
  antialias?: boolean;
  alignCorners?: boolean;
  halfPixelCenters?: boolean;
}

/**
 * tf.image.resize(img, [outH, outW], method, antialias). When alignCorners or halfPixelCenters is given, the
 * TF1 op is used instead (tf.compat.v1.image.resize_bilinear / _nearest_neighbor / _bicubic / _area) with those flags.
 */
export function tfResize(img: Image, outW: number, outH: number, method: string, flags: ResizeFlags = {}): Image {
  const v1 = flags.alignCorners !== undefined || flags.halfPixelCenters !== undefined;
  const align = flags.alignCorners ?? false;
  const half = v1 ? (flags.halfPixelCenters ?? false) : true;
  const antialias = !v1 && (flags.antialias ?? false);
  if (align && half) {
    throw new KernelError(
      'tf resize: alignCorners and halfPixelCenters cannot both be true (TensorFlow rejects it); set one of them to false in input.resize.',
    );
  }
  switch (method) {
    case 'bilinear':
      return antialias ? tfScaleAndTranslate(img, outW, outH, 'triangle', true) : tfBilinear(img, outW, outH, align, half);
    case 'nearest':
      return tfNearest(img, outW, outH, align, half);
    case 'bicubic':
      return antialias ? tfScaleAndTranslate(img, outW, outH, 'keyscubic', true) : tfBicubic(img, outW, outH, align, half);
    case 'area':
      return tfArea(img, outW, outH, align);
    case 'lanczos3':
    case 'lanczos5':
    case 'gaussian':
    case 'mitchellcubic':
      return tfScaleAndTranslate(img, outW, outH, method, antialias);
    default:
      throw new KernelError(`tf.image.resize has no method "${method}"; set input.resize.method in tensorparity.json to one of ${TF_METHODS.join(', ')}.`);
  }
}
