// Alpha handling and conversion to the spec's colour order, on integer pixels.

import type { AlphaSpec, ColorOrder } from '../spec/types';
import type { Image } from './types';

/** An integer image (8 or 16 bits per sample). */
export type IntImage = Image & { readonly data: Uint8Array | Uint16Array };

/** OpenCV's fixed-point RGB→grey weights (0.299, 0.587, 0.114 scaled by 2^14). */
const R2Y = 4899;
const G2Y = 9617;
const B2Y = 1868;

/** Converts a 1–4 channel image to `colorOrder` (1 channel for GRAY, else 3), handling alpha per `alpha`. */
export function convertColor(img: IntImage, colorOrder: ColorOrder, alpha: AlphaSpec, bitDepth: 8 | 16 = 8): IntImage {
  const opaque = removeAlpha(img, alpha, bitDepth);
  if (colorOrder === 'GRAY') return opaque.channels === 1 ? opaque : rgbToGray(opaque);
  const rgb = opaque.channels === 1 ? grayToRgb(opaque) : opaque;
  return colorOrder === 'BGR' ? swapRedBlue(rgb) : rgb;
}

/** Drops the alpha channel, or composites onto `alpha.background` (given as 0..255, scaled by 257 for 16-bit). */
export function removeAlpha(img: IntImage, alpha: AlphaSpec, bitDepth: 8 | 16 = 8): IntImage {
  if (img.channels !== 2 && img.channels !== 4) return img;
  const colors = img.channels - 1;
  const n = img.width * img.height;
  const out = like(img.data, n * colors);
  const max = bitDepth === 16 ? 65535 : 255;
  const bg = alpha.background.map((v) => (bitDepth === 16 ? v * 257 : v));
  // A grey+alpha image composites onto the background's grey value (OpenCV weights).
  const bgGray = (bg[0] * R2Y + bg[1] * G2Y + bg[2] * B2Y + (1 << 13)) >> 14;
  const src = img.data;
  for (let p = 0; p < n; p++) {
    const a = src[p * img.channels + colors];
    for (let c = 0; c < colors; c++) {
      const v = src[p * img.channels + c];
      if (alpha.mode === 'drop') {
        out[p * colors + c] = v;
      } else {
        const b = colors === 1 ? bgGray : bg[c];
        out[p * colors + c] = Math.round((v * a + b * (max - a)) / max);
      }
    }
  }
  return { width: img.width, height: img.height, channels: colors, data: out };
}

/** Replicates one grey channel into R, G and B. */
export function grayToRgb(img: IntImage): IntImage {
  const n = img.width * img.height;
  const out = like(img.data, n * 3);
  for (let p = 0; p < n; p++) {
    const v = img.data[p];
    out[p * 3] = v;
    out[p * 3 + 1] = v;
    out[p * 3 + 2] = v;
  }
  return { width: img.width, height: img.height, channels: 3, data: out };
}

/** Swaps channels 0 and 2 (RGB ↔ BGR). */
export function swapRedBlue(img: IntImage): IntImage {
  const out = like(img.data, img.data.length);
  for (let i = 0; i < img.data.length; i += 3) {
    out[i] = img.data[i + 2];
    out[i + 1] = img.data[i + 1];
    out[i + 2] = img.data[i];
  }
  return { width: img.width, height: img.height, channels: 3, data: out };
}

/** RGB → grey as OpenCV's cvtColor(COLOR_RGB2GRAY): (4899 R + 9617 G + 1868 B + 2^13) >> 14. */
export function rgbToGray(img: IntImage): IntImage {
  const n = img.width * img.height;
  const out = like(img.data, n);
  const d = img.data;
  for (let p = 0; p < n; p++) {
    // Plain arithmetic: 16-bit products exceed 2^31, so avoid the 32-bit >> operator.
    out[p] = Math.floor((d[p * 3] * R2Y + d[p * 3 + 1] * G2Y + d[p * 3 + 2] * B2Y + 8192) / 16384);
  }
  return { width: img.width, height: img.height, channels: 1, data: out };
}

function like(data: Uint8Array | Uint16Array, length: number): Uint8Array | Uint16Array {
  return data instanceof Uint16Array ? new Uint16Array(length) : new Uint8Array(length);
}
