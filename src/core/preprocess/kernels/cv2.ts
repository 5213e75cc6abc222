// cv2.resize(src, (w, h), interpolation=...) semantics: which OpenCV code path runs for each method and size.

import type { Image } from '../types';
import { KernelError, newImage, pixelKind } from './common';
import { cvAreaIsFast, cvAreaShrink } from './cv2-area';
import { cvGenericResize } from './cv2-generic';
import { ippCubicResize, ippTakesCubic } from './cv2-ipp';
import { ippLinearResize, ippTakesLinear } from './cv2-ipp-linear';
import { cvLinearExact, cvNearest, cvNearestExact } from './cv2-nearest';
import { cvScales } from './cv2-tables';

/** cv2 interpolation names accepted in tensorparity.json (INTER_* without the prefix, lower case, '_' → '-'). */
export const CV2_METHODS = ['nearest', 'nearest-exact', 'linear', 'linear-exact', 'area', 'cubic', 'lanczos4'] as const;

function copyImage(img: Image): Image {
  const out = newImage(img.width, img.height, img.channels, pixelKind(img));
  out.data.set(img.data);
  return out;
}

function isHalving(img: Image, outW: number, outH: number): boolean {
  return (
    cvAreaIsFast(img.width, img.height, outW, outH) && Math.round(cvScales(img.width, outW).scale) === 2 && Math.round(cvScales(img.height, outH).scale) === 2
  );
}

function area(img: Image, outW: number, outH: number): Image {
  const sx = cvScales(img.width, outW).scale;
  const sy = cvScales(img.height, outH).scale;
  // True area averaging only when shrinking in both directions; otherwise OpenCV emulates it with bilinear weights.
  if (sx >= 1 && sy >= 1) return cvAreaShrink(img, outW, outH);
  return cvGenericResize(img, outW, outH, 'area-linear');
}

/** cv2.resize(img, (outW, outH), interpolation=INTER_<method>) for uint8, uint16 or float32 images. */
export function cv2Resize(img: Image, outW: number, outH: number, method: string): Image {
  if (outW === img.width && outH === img.height) return copyImage(img);
  const kind = pixelKind(img);
  switch (method) {
    case 'nearest':
      return cvNearest(img, outW, outH);
    case 'nearest-exact':
      return cvNearestExact(img, outW, outH);
    case 'linear':
      // IPP first (uint16/float32); what it declines and is a 2× shrink in both directions is served by INTER_AREA's
      // fast path (uint8, and the uint16/float32 images IPP does not take).
      if (ippTakesLinear(img)) return ippLinearResize(img, outW, outH);
      if (isHalving(img, outW, outH)) return cvAreaShrink(img, outW, outH);
      return cvGenericResize(img, outW, outH, 'linear');
    case 'linear-exact':
      if (kind !== 'float32') {
        if (isHalving(img, outW, outH) && img.channels !== 2) return cvAreaShrink(img, outW, outH);
        return cvLinearExact(img, outW, outH);
      }
      // float32 INTER_LINEAR_EXACT is plain INTER_LINEAR, so IPP serves it too.
      return ippTakesLinear(img) ? ippLinearResize(img, outW, outH) : cvGenericResize(img, outW, outH, 'linear');
    case 'area':
      return area(img, outW, outH);
    case 'cubic':
      return ippTakesCubic(img) ? ippCubicResize(img, outW, outH) : cvGenericResize(img, outW, outH, 'cubic');
    case 'lanczos4':
      return cvGenericResize(img, outW, outH, 'lanczos4');
    default:
      throw new KernelError(`cv2 has no resize method "${method}"; set input.resize.method in tensorparity.json to one of ${CV2_METHODS.join(', ')}.`);
  }
}
