// A JPEG decoder that reproduces TensorFlow's tf.io.decode_jpeg bit for bit (libjpeg-turbo 2.1 inside TF): baseline
// and progressive Huffman JPEGs, restart markers, grey and YCbCr/RGB colour, the fast (TF default) or accurate IDCT,
// fancy upsampling. Arithmetic coding, lossless, 12-bit and CMYK JPEGs are refused with a message.

import { buildHuffmanTable, decodeScan, NATURAL_ORDER, TruncatedJpegError, type CoefPlane, type HuffmanTable, type ScanComponent } from './entropy';
import { dequantTable, idctAccurate, idctFast, type IdctMethod } from './idct';
import { interleave, upsample, yccToRgb, type SamplePlane } from './upsample';

/** Options of tf.io.decode_jpeg this decoder honours. */
export interface TfJpegOptions {
  /** dct_method: 'fast' is TF's default ('' or "INTEGER_FAST"), 'accurate' is "INTEGER_ACCURATE". */
  idct: IdctMethod;
  /** channels: 0 (as stored), 1 (grey) or 3 (RGB). */
  channels?: 0 | 1 | 3;
  /** fancy_upscaling (TF's default true). */
  fancyUpscaling?: boolean;
  /** Refuse images with more pixels than this (default 100 million). */
  maxPixels?: number;
}

const DEFAULT_MAX_PIXELS = 100_000_000;

/** Decoded pixels, interleaved HWC uint8. */
export interface JpegPixels {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
  progressive: boolean;
}

/** A JPEG this decoder cannot read; the message says why (the caller adds the file name). */
export class JpegFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JpegFormatError';
  }
}

interface FrameComponent {
  id: number;
  h: number;
  v: number;
  tq: number;
  plane: CoefPlane;
  quant?: Uint16Array;
  dw: number;
  dh: number;
}

/** Decodes a JPEG as tf.io.decode_jpeg does; throws JpegFormatError for files it does not handle. */
export function decodeJpegTf(bytes: Uint8Array, opts: TfJpegOptions): JpegPixels {
  const fail = (why: string): never => {
    throw new JpegFormatError(why);
  };
  if (bytes.length < 2 || bytes[0] !== 0xff || bytes[1] !== 0xd8) fail('it does not start with a JPEG SOI marker');
  const quant: (Uint16Array | undefined)[] = [];
  const dcTables: (HuffmanTable | undefined)[] = [];
  const acTables: (HuffmanTable | undefined)[] = [];
  let frame:
    { width: number; height: number; progressive: boolean; comps: FrameComponent[]; hmax: number; vmax: number; mcusX: number; mcusY: number } | undefined;
  let restartInterval = 0;
  let jfif = false;
  let adobe = -1;
  let pos = 2;
  let scans = 0;
  const u16 = (p: number): number => (bytes[p] << 8) | bytes[p + 1];
  for (;;) {
    if (pos + 4 > bytes.length) {
      if (scans > 0) break; // a truncated file: decode what arrived, as libjpeg does with a warning
      fail('it ends before any image data');
    }
    if (bytes[pos] !== 0xff) {
      pos++;
      continue;
    }
    const marker = bytes[pos + 1];
    if (marker === 0xff) {
      pos++;
      continue;
    }
    if (marker === 0xd9) break;
    if (marker === 0xd8 || (marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) {
      pos += 2;
      continue;
    }
    const len = u16(pos + 2);
    const seg = pos + 4;
    const end = pos + 2 + len;
    if (len < 2 || end > bytes.length) fail(`a marker segment (0xFF${marker.toString(16).toUpperCase()}) runs past the end of the file`);
    if (marker === 0xdb) {
      for (let p = seg; p < end;) {
        const pq = bytes[p] >> 4;
        const tq = bytes[p] & 15;
        if (tq > 3) fail('a quantisation table has an index over 3');
        const q = new Uint16Array(64);
        p++;
        for (let k = 0; k < 64; k++) {
          q[NATURAL_ORDER[k]] = pq ? u16(p + 2 * k) : bytes[p + k];
        }
        p += pq ? 128 : 64;
        quant[tq] = q;
      }
    } else if (marker === 0xc4) {
      for (let p = seg; p < end;) {
        const tc = bytes[p] >> 4;
        const th = bytes[p] & 15;
        const counts = bytes.subarray(p + 1, p + 17);
        let n = 0;
        for (const c of counts) n += c;
        if (n > 256 || p + 17 + n > end) fail('a Huffman table is damaged');
        const table = buildHuffmanTable(counts, bytes.subarray(p + 17, p + 17 + n)) ?? fail('a Huffman table is damaged');
        if (th > 3) fail('a Huffman table has an index over 3');
        (tc === 0 ? dcTables : acTables)[th] = table;
        p += 17 + n;
      }
    } else if (marker === 0xdd) {
      restartInterval = u16(seg);
    } else if (marker === 0xe0) {
      if (len >= 7 && bytes[seg] === 0x4a && bytes[seg + 1] === 0x46 && bytes[seg + 2] === 0x49 && bytes[seg + 3] === 0x46 && bytes[seg + 4] === 0) jfif = true;
    } else if (marker === 0xee) {
      if (len >= 14 && String.fromCharCode(...bytes.subarray(seg, seg + 5)) === 'Adobe') adobe = bytes[seg + 11];
    } else if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      if (frame) fail('it has more than one frame header');
      if (marker === 0xc3 || marker === 0xc7 || marker === 0xcb || marker === 0xcf) fail('it is a lossless JPEG');
      if (marker >= 0xc9) fail('it uses arithmetic coding, which TensorFlow builds of libjpeg-turbo decode but this decoder does not');
      if (marker === 0xc5 || marker === 0xc6) fail('it is a hierarchical JPEG');
      if (bytes[seg] !== 8) fail(`it has ${bytes[seg]}-bit samples (only 8-bit JPEGs are reproduced)`);
      const height = u16(seg + 1);
      const width = u16(seg + 3);
      const n = bytes[seg + 5];
      if (width === 0 || height === 0) fail('its frame header gives no size (DNL height is not supported)');
      if (n !== 1 && n !== 3) fail(`it has ${n} colour components (CMYK/YCCK is not reproduced)`);
      const raw = [];
      for (let i = 0; i < n; i++) {
        const p = seg + 6 + 3 * i;
        const h = bytes[p + 1] >> 4;
        const v = bytes[p + 1] & 15;
        if (h < 1 || h > 4 || v < 1 || v > 4) fail('a sampling factor is out of range');
        raw.push({ id: bytes[p], h, v, tq: bytes[p + 2] });
      }
      const hmax = Math.max(...raw.map((c) => c.h));
      const vmax = Math.max(...raw.map((c) => c.v));
      if (raw.some((c) => hmax % c.h !== 0 || vmax % c.v !== 0)) fail('its sampling factors are not whole multiples of each other (libjpeg refuses them too)');
      if (width * height > (opts.maxPixels ?? DEFAULT_MAX_PIXELS)) fail(`it is ${width}×${height} pixels, over the decoder's limit`);
      const mcusX = Math.ceil(width / (8 * hmax));
      const mcusY = Math.ceil(height / (8 * vmax));
      const comps = raw.map((c) => {
        const plane: CoefPlane = { coefs: new Int16Array(mcusX * c.h * mcusY * c.v * 64), blocksPerLine: mcusX * c.h, blocksPerColumn: mcusY * c.v };
        return { ...c, plane, dw: Math.ceil((width * c.h) / hmax), dh: Math.ceil((height * c.v) / vmax) };
      });
      frame = { width, height, progressive: marker === 0xc2, comps, hmax, vmax, mcusX, mcusY };
    } else if (marker === 0xda) {
      if (!frame) fail('image data comes before the frame header');
      const f = frame as NonNullable<typeof frame>;
      const ns = bytes[seg];
      const scanComps: ScanComponent[] = [];
      for (let i = 0; i < ns; i++) {
        const id = bytes[seg + 1 + 2 * i];
        const td = bytes[seg + 2 + 2 * i];
        const c = f.comps.find((x) => x.id === id) ?? fail('a scan names a component the frame does not have');
        c.quant ??= quant[c.tq] ?? fail('a quantisation table is missing');
        const sc: ScanComponent = { plane: c.plane, h: c.h, v: c.v, usedBlocksPerLine: Math.ceil(c.dw / 8), usedBlocksPerColumn: Math.ceil(c.dh / 8), pred: 0 };
        const dc = dcTables[td >> 4];
        const ac = acTables[td & 15];
        if (dc) sc.dc = dc;
        if (ac) sc.ac = ac;
        scanComps.push(sc);
      }
      const p = seg + 1 + 2 * ns;
      const ss = bytes[p];
      const se = bytes[p + 1];
      const ah = bytes[p + 2] >> 4;
      const al = bytes[p + 2] & 15;
      const needDc = !f.progressive || (ss === 0 && ah === 0);
      const needAc = !f.progressive || ss > 0;
      if (scanComps.some((c) => (needDc && !c.dc) || (needAc && !c.ac))) fail('a Huffman table a scan uses is missing');
      if (f.progressive && (se > 63 || ss > se || (ss > 0 && ns !== 1) || al > 13)) fail('a progressive scan has invalid parameters');
      try {
        pos = decodeScan(bytes, end, {
          components: scanComps,
          mcusPerLine: f.mcusX,
          mcusPerColumn: f.mcusY,
          progressive: f.progressive,
          ss: f.progressive ? ss : 0,
          se: f.progressive ? se : 63,
          ah,
          al,
          restartInterval,
        });
      } catch (e) {
        if (e instanceof TruncatedJpegError) fail('it is truncated: the image data stops before the end of the picture');
        throw e;
      }
      scans++;
      continue;
    }
    pos = end;
  }
  if (!frame || scans === 0) return fail('it has no image data');
  return render(frame, opts, jfif, adobe);
}

function render(
  f: { width: number; height: number; progressive: boolean; comps: FrameComponent[]; hmax: number; vmax: number },
  opts: TfJpegOptions,
  jfif: boolean,
  adobe: number,
): JpegPixels {
  const idct = opts.idct === 'fast' ? idctFast : idctAccurate;
  const ws = new Int32Array(64);
  const planes: SamplePlane[] = f.comps.map((c) => {
    const stride = c.plane.blocksPerLine * 8;
    const data = new Uint8Array(stride * c.plane.blocksPerColumn * 8);
    const q = dequantTable(c.quant ?? new Uint16Array(64).fill(1), opts.idct);
    const bx = Math.min(c.plane.blocksPerLine, Math.ceil(c.dw / 8) + 1);
    const by = Math.min(c.plane.blocksPerColumn, Math.ceil(c.dh / 8) + 1);
    for (let y = 0; y < by; y++) {
      for (let x = 0; x < bx; x++) idct(c.plane.coefs, (y * c.plane.blocksPerLine + x) * 64, q, ws, data, y * 8 * stride + x * 8, stride);
    }
    return { data, stride, width: c.dw, height: c.dh, h: c.h, v: c.v };
  });
  const { width, height, hmax, vmax } = f;
  const fancy = opts.fancyUpscaling ?? true;
  const want = opts.channels ?? 0;
  const base = { width, height, progressive: f.progressive };
  if (planes.length === 1) {
    const grey = upsample(planes[0], hmax, vmax, width, height, fancy);
    return want === 3 ? { ...base, channels: 3, data: interleave(grey, grey, grey) } : { ...base, channels: 1, data: grey };
  }
  const ids = f.comps.map((c) => c.id);
  const rgb = jfif ? false : adobe >= 0 ? adobe === 0 : ids[0] === 82 && ids[1] === 71 && ids[2] === 66;
  if (want === 1) {
    if (rgb) throw new JpegFormatError('it is an RGB JPEG read as grey, which is not reproduced');
    return { ...base, channels: 1, data: upsample(planes[0], hmax, vmax, width, height, fancy) };
  }
  const full = planes.map((p) => upsample(p, hmax, vmax, width, height, fancy));
  return { ...base, channels: 3, data: rgb ? interleave(full[0], full[1], full[2]) : yccToRgb(full[0], full[1], full[2]) };
}
