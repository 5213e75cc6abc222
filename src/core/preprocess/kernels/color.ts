// Colour conversions as OpenCV cvtColor and Pillow Image.convert compute them.

import type { Image } from '../types';
import { KernelError, f32, newImage, pixelKind } from './common';

function need(img: Image, channels: number[], who: string): void {
  if (!channels.includes(img.channels)) {
    throw new KernelError(`${who} needs an image with ${channels.join(' or ')} channels, got ${img.channels}; check input.colorOrder and the decoded image.`);
  }
}

/** cv2.cvtColor(img, COLOR_BGR2RGB) (or RGB2BGR, the same swap); a 4th channel is kept (BGRA2RGBA). */
export function cvSwapRB(img: Image): Image {
  need(img, [3, 4], 'cvtColor BGR2RGB');
  const out = newImage(img.width, img.height, img.channels, pixelKind(img));
  const S = img.data,
    D = out.data,
    cn = img.channels;
  for (let i = 0; i < S.length; i += cn) {
    D[i] = S[i + 2];
    D[i + 1] = S[i + 1];
    D[i + 2] = S[i];
    if (cn === 4) D[i + 3] = S[i + 3];
  }
  return out;
}

/**
 * cv2.cvtColor(img, COLOR_RGB2GRAY) (order 'RGB') or COLOR_BGR2GRAY (order 'BGR').
 * uint8 and uint16: (R·9798 + G·19235 + B·3735 + 2^14) >> 15, OpenCV 4.x/5.x's 15-bit coefficients (unsigned shift:
 * 16-bit sums exceed int32); float32: 0.299f, 0.587f, 0.114f.
 */
export function cvToGray(img: Image, order: 'RGB' | 'BGR'): Image {
  need(img, [3, 4], 'cvtColor RGB2GRAY');
  const kind = pixelKind(img);
  const out = newImage(img.width, img.height, 1, kind);
  const S = img.data,
    D = out.data,
    cn = img.channels;
  const ri = order === 'RGB' ? 0 : 2,
    bi = 2 - ri;
  const cr = f32(0.299),
    cg = f32(0.587),
    cb = f32(0.114);
  for (let i = 0, o = 0; i < S.length; i += cn, o++) {
    const r = S[i + ri],
      g = S[i + 1],
      b = S[i + bi];
    if (kind !== 'float32') D[o] = (r * 9798 + g * 19235 + b * 3735 + 16384) >>> 15;
    else {
      const c0 = ri === 0 ? cr : cb,
        c2 = ri === 0 ? cb : cr;
      D[o] = f32(f32(f32(S[i] * c0) + f32(S[i + 1] * cg)) + f32(S[i + 2] * c2));
    }
  }
  return out;
}

/** cv2.cvtColor(img, COLOR_GRAY2RGB): replicate the gray channel. */
export function cvGrayToRgb(img: Image): Image {
  need(img, [1], 'cvtColor GRAY2RGB');
  const out = newImage(img.width, img.height, 3, pixelKind(img));
  const S = img.data,
    D = out.data;
  for (let i = 0, o = 0; i < S.length; i++, o += 3) {
    D[o] = S[i];
    D[o + 1] = S[i];
    D[o + 2] = S[i];
  }
  return out;
}

/** PIL Image.convert('L') from RGB or RGBA (alpha ignored): (R·19595 + G·38470 + B·7471 + 0x8000) >> 16. */
export function pilToL(img: Image): Image {
  need(img, [3, 4], "Image.convert('L')");
  if (pixelKind(img) !== 'uint8') throw new KernelError("Image.convert('L') needs 8-bit pixels; Pillow has no multi-channel 16-bit or float modes.");
  const out = newImage(img.width, img.height, 1, 'uint8');
  const S = img.data,
    D = out.data,
    cn = img.channels;
  for (let i = 0, o = 0; i < S.length; i += cn, o++) D[o] = (S[i] * 19595 + S[i + 1] * 38470 + S[i + 2] * 7471 + 0x8000) >>> 16;
  return out;
}

/** PIL Image.convert('RGB') from L (replicated), LA (alpha dropped), RGB (copy) or RGBA (alpha dropped, not composited). */
export function pilToRGB(img: Image): Image {
  need(img, [1, 2, 3, 4], "Image.convert('RGB')");
  const out = newImage(img.width, img.height, 3, pixelKind(img));
  const S = img.data,
    D = out.data,
    cn = img.channels;
  for (let i = 0, o = 0; i < S.length; i += cn, o += 3) {
    if (cn <= 2) {
      D[o] = S[i];
      D[o + 1] = S[i];
      D[o + 2] = S[i];
    } else {
      D[o] = S[i];
      D[o + 1] = S[i + 1];
      D[o + 2] = S[i + 2];
    }
  }
  return out;
}
