// JPEG/PNG decode parity: our decoder (sharp/libvips, libjpeg-turbo) against cv2.imread, Pillow and tf.io.decode_jpeg.
// Measures max/mean |diff| and the share of differing pixels per file and library, and fails when any number gets
// worse than test/golden/decode/expectations.json. Re-measure (after a sharp/libvips upgrade) with
//   TP_UPDATE_DECODE_PARITY=1 node --test out/test/unit/decode-parity.test.js
// which rewrites the expectations and the table in docs/decode-parity.md.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { grayToRgb } from '../../src/core/preprocess/color';
import { decodeImage, type DecodedImage } from '../../src/core/preprocess/decode';
import type { ResizeLibrary } from '../../src/core/spec/types';
import { parseNpy } from '../../src/core/tensor/npy';

const ROOT = path.resolve(__dirname, '../../..');
const GOLDEN = path.join(ROOT, 'test/golden/decode');
const EXPECTATIONS = path.join(GOLDEN, 'expectations.json');
const DOC = path.join(ROOT, 'docs/decode-parity.md');
const UPDATE = process.env.TP_UPDATE_DECODE_PARITY === '1';
const LIBS = ['cv2', 'pil', 'tf', 'tf-accurate'] as const;
type Lib = (typeof LIBS)[number];

interface RefEntry {
  npy?: string;
  error?: string;
  applyExif: boolean;
  size: [number, number];
  windows: [number, number, number, number][];
  call: string;
}
interface DecodeCase {
  name: string;
  file: string;
  note: string;
  refs: Partial<Record<Lib, RefEntry>>;
}
interface Metrics {
  maxAbs: number;
  meanAbs: number;
  pctPixels: number;
}
interface Expectations {
  note: string;
  cases: Record<string, Partial<Record<Lib, Metrics>>>;
}

const manifest = JSON.parse(readFileSync(path.join(GOLDEN, 'manifest.json'), 'utf8')) as {
  decode: DecodeCase[];
  versions: Record<string, string>;
};
const expectations = readExpectations();
const measured: Record<string, Partial<Record<Lib, Metrics>>> = {};

function readExpectations(): Expectations {
  try {
    return JSON.parse(readFileSync(EXPECTATIONS, 'utf8')) as Expectations;
  } catch (e) {
    if (UPDATE) return { note: '', cases: {} };
    throw new Error(`${EXPECTATIONS} is missing or unreadable (${(e as Error).message}); record it with TP_UPDATE_DECODE_PARITY=1.`);
  }
}

/** Our decode as 3-channel RGB (a grey JPEG decodes to 1 channel; the references replicate it). */
async function ours(file: string, applyExif: boolean, library: ResizeLibrary | undefined): Promise<DecodedImage> {
  const img = await decodeImage(file, { applyExif, maxPixels: 1e8, ...(library ? { library } : {}) });
  assert.equal(img.bitDepth, 8, `${file}: 8-bit`);
  if (img.channels === 3) return img;
  assert.equal(img.channels, 1, `${file}: ${img.channels} channels`);
  return { ...img, ...grayToRgb(img), channels: 3 } as DecodedImage;
}

/** Compares our pixels with a reference's windows: [K, h, w, 3] uint8. */
function measure(img: DecodedImage, ref: RefEntry, what: string): Metrics {
  assert.deepEqual([img.width, img.height], ref.size, `${what}: decoded size`);
  const arr = parseNpy(new Uint8Array(readFileSync(path.join(ROOT, ref.npy!))), ref.npy);
  let max = 0,
    sum = 0,
    samples = 0,
    pixels = 0,
    differing = 0,
    k = 0;
  for (const [x0, y0, w, h] of ref.windows) {
    assert.deepEqual(arr.shape.slice(1), [h, w, 3], `${what}: window shape`);
    const base = k++ * w * h * 3;
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        const o = ((y0 + y) * img.width + x0 + x) * 3,
          r = base + (y * w + x) * 3;
        let any = false;
        for (let c = 0; c < 3; c++) {
          const d = Math.abs(img.data[o + c] - Number(arr.data[r + c]));
          if (d > max) max = d;
          sum += d;
          if (d) any = true;
        }
        samples += 3;
        pixels++;
        if (any) differing++;
      }
    }
  }
  return { maxAbs: max, meanAbs: sum / samples, pctPixels: (differing / pixels) * 100 };
}

const ceilTo = (v: number, digits: number): number => (v === 0 ? 0 : Math.ceil(v * 10 ** digits - 1e-9) / 10 ** digits);
const rounded = (m: Metrics): Metrics => ({ maxAbs: m.maxAbs, meanAbs: ceilTo(m.meanAbs, 4), pctPixels: ceilTo(m.pctPixels, 3) });

/** The library whose decoding conventions (CMYK formula) each reference follows. */
const LIBRARY_OF: Record<Lib, ResizeLibrary> = { cv2: 'cv2', pil: 'pil', tf: 'tf', 'tf-accurate': 'tf' };

for (const c of manifest.decode) {
  // CMYK JPEGs: decoded with each library's CMYK formula (decodeImage's `library` option), and sharp's ICC way.
  const variants: { key: string; as: 'library' | 'sharp' }[] = [{ key: c.name, as: 'library' }];
  if (c.name.startsWith('cmyk')) variants.push({ key: `${c.name} [sharp ICC]`, as: 'sharp' });
  for (const v of variants) {
    test(`${v.key} (${c.note}): decode differences against cv2, Pillow and TF are no worse than recorded`, async () => {
      const file = path.join(ROOT, c.file);
      // Only CMYK files decode differently per library; decode everything else once per applyExif.
      const cache = new Map<string, Promise<DecodedImage>>();
      const decode = (applyExif: boolean, library: ResizeLibrary | undefined): Promise<DecodedImage> => {
        const key = `${applyExif}|${c.name.startsWith('cmyk') ? library : ''}`;
        if (!cache.has(key)) cache.set(key, ours(file, applyExif, library));
        return cache.get(key)!;
      };
      for (const lib of LIBS) {
        const ref = c.refs[lib];
        if (!ref) continue;
        assert.equal(ref.error, undefined, `${c.name}: the ${lib} reference failed when generated: ${ref.error}`);
        const decoded = await decode(ref.applyExif, v.as === 'library' ? LIBRARY_OF[lib] : undefined);
        const now = rounded(measure(decoded, ref, `${v.key} vs ${lib}`));
        (measured[v.key] ??= {})[lib] = now;
        if (UPDATE) continue;
        const exp = expectations.cases[v.key]?.[lib];
        assert.ok(exp, `${v.key} vs ${lib} has no recorded expectation in ${EXPECTATIONS}; record it with TP_UPDATE_DECODE_PARITY=1.`);
        for (const key of ['maxAbs', 'meanAbs', 'pctPixels'] as const) {
          assert.ok(now[key] <= exp[key], `${v.key} vs ${lib}: ${key} is ${now[key]}, worse than the recorded ${exp[key]} (${ref.call})`);
        }
      }
    });
  }
}

test('PNG decodes exactly as cv2.imread, Image.open and tf.io.decode_image', () => {
  const pngs = manifest.decode.filter((c) => c.file.endsWith('.png'));
  assert.ok(pngs.length >= 2);
  for (const c of pngs) {
    for (const lib of ['cv2', 'pil', 'tf'] as const) {
      assert.deepEqual(measured[c.name]?.[lib], { maxAbs: 0, meanAbs: 0, pctPixels: 0 }, `${c.name} vs ${lib}`);
    }
  }
});

test('JPEGs (baseline, progressive, grey, CMYK per library) decode exactly as cv2.imread, Pillow and tf.io.decode_jpeg(INTEGER_ACCURATE)', () => {
  for (const c of manifest.decode.filter((d) => d.file.endsWith('.jpg'))) {
    for (const lib of ['cv2', 'pil', 'tf-accurate'] as const) {
      assert.deepEqual(measured[c.name]?.[lib], { maxAbs: 0, meanAbs: 0, pctPixels: 0 }, `${c.name} vs ${lib}`);
    }
    // TF's default dct_method (INTEGER_FAST) rounds differently: a few levels on most pixels.
    const tf = measured[c.name]?.tf;
    assert.ok(tf && tf.maxAbs > 0 && tf.maxAbs <= 16, `${c.name} vs tf default: ${JSON.stringify(tf)}`);
  }
});

test('a CMYK JPEG says which CMYK → RGB conversion it got; other images say nothing', async () => {
  const cmyk = path.join(GOLDEN, 'jpeg/cmyk-q90.jpg');
  const opts = { applyExif: true, maxPixels: 1e8 };
  assert.match((await decodeImage(cmyk, { ...opts, library: 'cv2' })).cmyk ?? '', /as cv2\.imread: R = \(255−k\) − \(\(c·\(255−k\)\) >> 8\)/);
  assert.match((await decodeImage(cmyk, { ...opts, library: 'pil' })).cmyk ?? '', /Pillow/);
  assert.match((await decodeImage(cmyk, { ...opts, library: 'tfjs' })).cmyk ?? '', /TensorFlow/);
  assert.match((await decodeImage(cmyk, opts)).cmyk ?? '', /ICC transform/);
  assert.match((await decodeImage(cmyk, { ...opts, library: 'sharp' })).cmyk ?? '', /ICC transform/);
  assert.equal((await decodeImage(path.join(GOLDEN, 'jpeg/q75-420.jpg'), { ...opts, library: 'cv2' })).cmyk, undefined);
});

after(() => {
  if (!UPDATE) return;
  const out: Expectations = {
    note: 'Measured by test/unit/decode-parity.test.ts (TP_UPDATE_DECODE_PARITY=1): our decode vs each library; a test fails when a number grows. meanAbs over samples, pctPixels = % of pixels with any channel differing.',
    cases: measured,
  };
  writeFileSync(EXPECTATIONS, `${JSON.stringify(out, null, 1)}\n`);
  const doc = readFileSync(DOC, 'utf8');
  const start = '<!-- decode-table:start -->',
    end = '<!-- decode-table:end -->';
  const i = doc.indexOf(start),
    j = doc.indexOf(end);
  assert.ok(i >= 0 && j > i, `${DOC} needs the ${start} … ${end} markers`);
  writeFileSync(DOC, doc.slice(0, i + start.length) + '\n' + table() + doc.slice(j));
});

function table(): string {
  const cell = (m: Metrics | undefined): string => (!m ? '—' : m.maxAbs === 0 ? 'exact' : `${m.maxAbs} / ${m.meanAbs.toFixed(3)} / ${m.pctPixels.toFixed(1)}%`);
  const rows = Object.keys(measured).map((key) => {
    const c = manifest.decode.find((d) => key.startsWith(d.name))!;
    return `| ${key} | ${c.note} | ${LIBS.map((l) => cell(measured[key]?.[l])).join(' | ')} |`;
  });
  return [
    '| file | what | cv2.imread (IMREAD_COLOR) | Image.open().convert("RGB") | tf.io.decode_jpeg (default) | tf.io.decode_jpeg (INTEGER_ACCURATE) |',
    '|---|---|---|---|---|---|',
    ...rows,
    '',
  ].join('\n');
}
