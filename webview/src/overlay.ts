// Pure overlay helpers for the result panel: colour parsing, mask colouring, pixel format conversion, formatting.
// No DOM here, so the unit tests run them in Node.

/** An RGBA colour with 0..255 channels. */
export type Rgba = readonly [number, number, number, number];

/** Colours used for classes whose spec colour is missing or unreadable (Tableau 10, opaque). */
export const DEFAULT_PALETTE: readonly string[] = [
  '#4e79a7',
  '#f28e2b',
  '#e15759',
  '#76b7b2',
  '#59a14f',
  '#edc948',
  '#b07aa1',
  '#ff9da7',
  '#9c755f',
  '#bab0ac',
];

/** Parses #rgb, #rgba, #rrggbb or #rrggbbaa (case-insensitive); undefined for anything else. */
export function parseHexColor(text: string): Rgba | undefined {
  const m = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(text.trim());
  if (!m) return undefined;
  let hex = m[1];
  if (hex.length <= 4) hex = [...hex].map((c) => c + c).join('');
  const v = (i: number): number => parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return [v(0), v(1), v(2), hex.length === 8 ? v(3) : 255];
}

/** The colour of class `index`: the spec colour when it parses, else the default palette entry. */
export function classColor(colors: readonly string[], index: number): Rgba {
  const parsed = index < colors.length ? parseHexColor(colors[index]) : undefined;
  return parsed ?? (parseHexColor(DEFAULT_PALETTE[index % DEFAULT_PALETTE.length]) as Rgba);
}

/** CSS rgba() text for a colour. */
export function cssColor(c: Rgba): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${+(c[3] / 255).toFixed(3)})`;
}

/** True on little-endian machines (every platform VS Code runs on), where RGBA bytes pack into one uint32 as ABGR. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([0x01020304]).buffer)[0] === 0x04;

/** Packs an RGBA colour into the uint32 whose bytes in memory are r, g, b, a. */
export function packRgba(c: Rgba): number {
  return LITTLE_ENDIAN ? ((c[3] << 24) | (c[2] << 16) | (c[1] << 8) | c[0]) >>> 0 : ((c[0] << 24) | (c[1] << 16) | (c[2] << 8) | c[3]) >>> 0;
}

/** A 256-entry lookup table of packed colours: class i → its colour, hidden classes and unknown labels → transparent. */
export function maskLut(palette: readonly Rgba[], hidden: ReadonlySet<number> = new Set()): Uint32Array {
  const lut = new Uint32Array(256);
  palette.forEach((c, i) => {
    if (i < 256 && !hidden.has(i)) lut[i] = packRgba(c);
  });
  return lut;
}

/**
 * Colours a label mask into `out` (RGBA, 4 bytes per label): each pixel gets its class colour (with the colour's
 * own alpha); hidden classes and out-of-range labels stay transparent. One 32-bit store per pixel.
 */
export function buildMaskRgbaInto(
  out: Uint8ClampedArray,
  labels: Uint8Array,
  palette: readonly Rgba[],
  hidden: ReadonlySet<number> = new Set(),
): Uint8ClampedArray {
  if (out.length !== labels.length * 4) throw new Error(`Mask buffer has ${out.length} bytes, expected ${labels.length * 4}.`);
  const lut = maskLut(palette, hidden);
  const words = new Uint32Array(out.buffer, out.byteOffset, labels.length);
  const n = labels.length;
  for (let p = 0; p < n; p++) words[p] = lut[labels[p]];
  return out;
}

/**
 * Colours a label mask: each pixel gets its class colour (with the colour's own alpha);
 * hidden classes and out-of-range labels stay transparent.
 */
export function buildMaskRgba(labels: Uint8Array, palette: readonly Rgba[], hidden: ReadonlySet<number> = new Set()): Uint8ClampedArray {
  return buildMaskRgbaInto(new Uint8ClampedArray(labels.length * 4), labels, palette, hidden);
}

/**
 * Converts interleaved RGB or RGBA uint8 pixels to RGBA (the layout canvas ImageData wants), into `out` when given
 * (a reused buffer of width × height × 4 bytes), else into a new array. RGBA input is returned as a view, not copied.
 */
export function toRgba(pixels: Uint8Array, width: number, height: number, channels: 3 | 4, out?: Uint8ClampedArray): Uint8ClampedArray {
  const n = width * height;
  if (pixels.length !== n * channels) {
    throw new Error(`Image data has ${pixels.length} bytes, expected ${n * channels} for ${width}×${height}×${channels}.`);
  }
  if (channels === 4) return new Uint8ClampedArray(pixels.buffer, pixels.byteOffset, pixels.length);
  if (out && out.length !== n * 4) throw new Error(`RGBA buffer has ${out.length} bytes, expected ${n * 4}.`);
  out ??= new Uint8ClampedArray(n * 4);
  const words = new Uint32Array(out.buffer, out.byteOffset, n);
  if (!LITTLE_ENDIAN) {
    for (let p = 0, s = 0; p < n; p++, s += 3) words[p] = ((pixels[s] << 24) | (pixels[s + 1] << 16) | (pixels[s + 2] << 8) | 0xff) >>> 0;
    return out;
  }
  let p = 0;
  if (pixels.byteOffset % 4 === 0) {
    // Four pixels (12 bytes) per step: three 32-bit loads, four 32-bit stores.
    const src = new Uint32Array(pixels.buffer, pixels.byteOffset, Math.floor((n * 3) / 4));
    const n4 = n - (n % 4);
    for (let w = 0; p < n4; p += 4, w += 3) {
      const a = src[w];
      const b = src[w + 1];
      const c = src[w + 2];
      words[p] = 0xff000000 | (a & 0xffffff);
      words[p + 1] = 0xff000000 | (a >>> 24) | ((b & 0xffff) << 8);
      words[p + 2] = 0xff000000 | (b >>> 16) | ((c & 0xff) << 16);
      words[p + 3] = 0xff000000 | (c >>> 8);
    }
  }
  for (let s = p * 3; p < n; p++, s += 3) words[p] = (0xff000000 | (pixels[s + 2] << 16) | (pixels[s + 1] << 8) | pixels[s]) >>> 0;
  return out;
}

/** A colour as the #rrggbb text an <input type="color"> takes (alpha dropped). */
export function rgbaToHex(c: Rgba): string {
  return `#${[c[0], c[1], c[2]]
    .map((v) =>
      Math.max(0, Math.min(255, Math.round(v)))
        .toString(16)
        .padStart(2, '0'),
    )
    .join('')}`;
}

/**
 * A class colour after the user picked `hex` (#rrggbb) for it: the new RGB with the old alpha, except that a fully
 * transparent class becomes opaque (picking a colour means "show this class"). Unreadable text keeps the old colour.
 */
export function withPickedColor(old: Rgba, hex: string): Rgba {
  const picked = parseHexColor(hex);
  if (!picked) return old;
  return [picked[0], picked[1], picked[2], old[3] === 0 ? 255 : old[3]];
}

/** The palette of a result: spec colours, replaced by the user's picks (keyed by class label) where there are any. */
export function paletteFor(classes: readonly { label: string; color: string }[], picked: Readonly<Record<string, string>> = {}): Rgba[] {
  const specColors = classes.map((c) => c.color);
  return classes.map((c, i) => {
    const base = classColor(specColors, i);
    const pick = Object.prototype.hasOwnProperty.call(picked, c.label) ? picked[c.label] : undefined;
    return pick === undefined ? base : withPickedColor(base, pick);
  });
}

/** A fraction 0..1 as a percentage with one decimal, e.g. 0.2345 → "23.5%"; tiny non-zero values read "<0.1%". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  if (fraction > 0 && fraction < 0.0005) return '<0.1%';
  return `${(fraction * 100).toFixed(1)}%`;
}

/** Milliseconds for display: "12.3 ms" below 100 ms, "1,234 ms" above. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return '–';
  return ms < 100 ? `${ms.toFixed(1)} ms` : `${Math.round(ms).toLocaleString('en-US')} ms`;
}

/** The fraction of pixels labelled "person" (case-insensitive label match), or undefined if no such class. */
export function personFraction(classes: readonly { label: string; fraction: number }[]): number | undefined {
  return classes.find((c) => c.label.trim().toLowerCase() === 'person')?.fraction;
}

/** The class index and probability at mask pixel (x, y), for the hover readout. */
export function probeMask(
  labels: Uint8Array,
  probabilities: Float32Array,
  channels: number,
  width: number,
  x: number,
  y: number,
): { label: number; probability: number | undefined } {
  const p = y * width + x;
  const label = labels[p];
  let probability: number | undefined;
  if (channels === 1) probability = label === 0 ? 1 - probabilities[p] : probabilities[p];
  else if (channels > label) probability = probabilities[p * channels + label];
  return { label, probability };
}
