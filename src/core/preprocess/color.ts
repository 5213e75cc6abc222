// Alpha handling and conversion to the spec's colour order, on integer pixels.

import type { AlphaSpec, ColorOrder, ResizeLibrary } from '../spec/types';
import type { Image } from './types';

/** An integer image (8 or 16 bits per sample). */
export type IntImage = Image & { readonly data: Uint8Array | Uint16Array };

/** OpenCV 4.x/5.x's fixed-point RGB→grey weights for 8- and 16-bit images (0.299, 0.587, 0.114 scaled by 2^15). */
const R2Y = 9798;
const G2Y = 19235;
const B2Y = 3735;

/** Converts a 1–4 channel image to `colorOrder` (1 channel for GRAY, else 3), handling alpha per `alpha`. */
export function convertColor(img: IntImage, colorOrder: ColorOrder, alpha: AlphaSpec, bitDepth: 8 | 16 = 8): IntImage {
  const opaque = removeAlpha(img, alpha, bitDepth);
  if (colorOrder === 'GRAY') return opaque.channels === 1 ? opaque : rgbToGray(opaque);
  const rgb = opaque.channels === 1 ? grayToRgb(opaque) : opaque;
  return colorOrder === 'BGR' ? swapRedBlue(rgb) : rgb;
}

/** The colour stage as a library's usual read path computes it, with one line per step for the UI. */
export interface LibraryColor {
  /** Always 8-bit: every library's default read reduces 16-bit samples. */
  image: IntImage & { readonly data: Uint8Array };
  steps: string[];
}

/** The read call whose channel handling each library follows (tfjs: tf.node.decodeImage, which is TensorFlow's C decoder). */
export const LIBRARY_READ: Readonly<Record<ResizeLibrary, string>> = {
  cv2: 'cv2.imread(f, cv2.IMREAD_COLOR)',
  pil: "Image.open(f).convert('RGB')",
  tf: 'tf.io.decode_image(bytes, channels=3)',
  tfjs: 'tf.node.decodeImage(bytes, 3)',
  sharp: "sharp(f).toColourspace('srgb')",
  java2d: 'ImageIO.read(file)',
};

/**
 * Converts a decoded 1–4 channel, 8/16-bit image to `colorOrder` as `library` reads images: 16-bit samples keep their
 * high byte (Pillow clips 16-bit grey at 255 instead), alpha is dropped (or composited when alpha.mode says so),
 * grey is replicated; GRAY uses cv2.cvtColor weights, or Image.convert('L') weights for Pillow.
 */
export function convertColorAs(img: IntImage, library: ResizeLibrary, colorOrder: ColorOrder, alpha: AlphaSpec, bitDepth: 8 | 16 = 8): LibraryColor {
  const steps: string[] = [];
  let cur: IntImage = img;
  if (bitDepth === 16 || img.data instanceof Uint16Array) {
    const clip = library === 'pil' && img.channels === 1;
    cur = to8Bit(img, clip);
    steps.push(
      clip
        ? "16-bit grey → 8-bit clipped at 255, as Pillow's I;16 → RGB/L conversion does (values over 255 turn white)"
        : `16-bit → 8-bit by keeping the high byte (v >> 8), as ${LIBRARY_READ[library]} does`,
    );
  }
  if (cur.channels === 2 || cur.channels === 4) {
    cur = removeAlpha(cur, alpha, 8);
    steps.push(alpha.mode === 'drop' ? `alpha dropped, as ${LIBRARY_READ[library]} does` : `alpha composited on [${alpha.background.join(', ')}]`);
  }
  if (colorOrder === 'GRAY') {
    if (cur.channels === 3) {
      cur = library === 'pil' ? pilGray(cur) : rgbToGray(cur);
      steps.push(
        library === 'pil'
          ? "RGB → grey as Image.convert('L'): (19595 R + 38470 G + 7471 B + 2^15) >> 16"
          : 'RGB → grey as cv2.cvtColor(COLOR_RGB2GRAY): (9798 R + 19235 G + 3735 B + 2^14) >> 15',
      );
    }
  } else {
    if (cur.channels === 1) {
      cur = grayToRgb(cur);
      steps.push('grey → RGB (replicated)');
    }
    if (colorOrder === 'BGR') {
      cur = swapRedBlue(cur);
      steps.push('RGB → BGR (channels swapped)');
    }
  }
  if (steps.length === 0) steps.push(`already ${colorOrder === 'GRAY' ? 'grey' : 'RGB'}, 8-bit`);
  return { image: cur as LibraryColor['image'], steps };
}

/** 16-bit → 8-bit samples: the high byte, or min(v, 255) when `clip` (Pillow's I;16 conversions). 8-bit input is returned as is. */
export function to8Bit(img: IntImage, clip = false): IntImage & { readonly data: Uint8Array } {
  if (img.data instanceof Uint8Array) return img as IntImage & { readonly data: Uint8Array };
  const src = img.data;
  const out = new Uint8Array(src.length);
  for (let i = 0; i < src.length; i++) out[i] = clip ? Math.min(src[i], 255) : src[i] >> 8;
  return { width: img.width, height: img.height, channels: img.channels, data: out };
}

/** RGB → L as Pillow's Image.convert('L') on 8-bit pixels. */
function pilGray(img: IntImage): IntImage {
  const n = img.width * img.height;
  const out = new Uint8Array(n);
  const d = img.data;
  for (let p = 0; p < n; p++) out[p] = (d[p * 3] * 19595 + d[p * 3 + 1] * 38470 + d[p * 3 + 2] * 7471 + 0x8000) >>> 16;
  return { width: img.width, height: img.height, channels: 1, data: out };
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
  const bgGray = grayOf(bg[0], bg[1], bg[2]);
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

/** RGB → grey as OpenCV 5's cvtColor(COLOR_RGB2GRAY) on 8- and 16-bit images: (9798 R + 19235 G + 3735 B + 2^14) >> 15. */
export function rgbToGray(img: IntImage): IntImage {
  const n = img.width * img.height;
  const out = like(img.data, n);
  const d = img.data;
  for (let p = 0; p < n; p++) out[p] = grayOf(d[p * 3], d[p * 3 + 1], d[p * 3 + 2]);
  return { width: img.width, height: img.height, channels: 1, data: out };
}

/** One pixel of rgbToGray. Plain arithmetic: 16-bit products exceed 2^31, so no 32-bit >> here. */
function grayOf(r: number, g: number, b: number): number {
  return Math.floor((r * R2Y + g * G2Y + b * B2Y + 16384) / 32768);
}

function like(data: Uint8Array | Uint16Array, length: number): Uint8Array | Uint16Array {
  return data instanceof Uint16Array ? new Uint16Array(length) : new Uint8Array(length);
}

// ---- CMYK JPEGs: each library converts the decoded (un-inverted) C, M, Y, K bytes to RGB with its own formula ----

/** How each library turns CMYK into RGB, for the UI. c, k: CMYK ink amounts (0 = no ink), as libvips and Pillow report them. */
export const CMYK_FORMULAS: Readonly<Record<ResizeLibrary, string>> = {
  cv2: 'CMYK → RGB as cv2.imread: R = (255−k) − ((c·(255−k)) >> 8)',
  pil: "CMYK → RGB as Pillow's convert('RGB'): R = round((255−c)·(255−k) / 255)",
  tf: 'CMYK → RGB as tf.io.decode_jpeg: R = floor((255−c)·(255−k) / 255)',
  tfjs: 'CMYK → RGB as tf.node.decodeImage (TensorFlow): R = floor((255−c)·(255−k) / 255)',
  sharp: 'CMYK → sRGB through an ICC transform (libvips, its built-in CMYK profile)',
  java2d: 'ImageIO.read cannot read CMYK JPEGs (it throws); converted here as TensorFlow does: R = floor((255−c)·(255−k) / 255)',
};

/** Converts interleaved CMYK bytes (ink amounts) to RGB with `library`'s integer formula (not sharp: that one is ICC). */
export function cmykToRgb(cmyk: Uint8Array, library: Exclude<ResizeLibrary, 'sharp'>): Uint8Array {
  const n = cmyk.length >> 2;
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    const kr = 255 - cmyk[p * 4 + 3];
    for (let c = 0; c < 3; c++) {
      const ink = cmyk[p * 4 + c];
      let v: number;
      if (library === 'cv2') {
        v = kr - ((ink * kr) >> 8);
      } else if (library === 'pil') {
        const t = (255 - ink) * kr + 128;
        v = ((t >> 8) + t) >> 8;
      } else {
        v = Math.floor(((255 - ink) * kr) / 255);
      }
      out[p * 3 + c] = v;
    }
  }
  return out;
}
