// Our JPEG decoder against tf.io.decode_jpeg itself (test/golden/jpeg-tf, made by scripts/golden/make_jpeg_tf_goldens.py
// with TF 2.19): every file TF decodes must come out bit for bit the same, for the default fast IDCT (dct_method=''),
// INTEGER_ACCURATE, channels=1/3 and tf.io.decode_image.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { decodeJpegTf, JpegFormatError, type TfJpegOptions } from '../../src/core/preprocess/jpeg/decode';
import { parseNpy } from '../../src/core/tensor/npy';

const ROOT = path.resolve(__dirname, '../../..');
const GOLDEN = path.join(ROOT, 'test/golden/jpeg-tf');

interface Ref {
  call: string;
  shape?: number[];
  sha256?: string;
  npy?: string;
  error?: string;
}
interface Case {
  name: string;
  file: string;
  progressive: boolean;
  refs: Record<string, Ref>;
}
const manifest = JSON.parse(readFileSync(path.join(GOLDEN, 'manifest.json'), 'utf8')) as { cases: Case[] };

const SETTINGS: Record<string, TfJpegOptions> = {
  fast: { idct: 'fast' },
  accurate: { idct: 'accurate' },
  'fast-rgb': { idct: 'fast', channels: 3 },
  'fast-grey': { idct: 'fast', channels: 1 },
  'decode-image': { idct: 'fast' },
};

/** Where two decodes first differ, for a readable failure. */
function firstDiff(a: Uint8Array, b: Uint8Array, shape: number[]): string {
  const c = shape[2];
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) {
      const p = Math.floor(i / c);
      return `first difference at y=${Math.floor(p / shape[1])}, x=${p % shape[1]}, channel ${i % c}: ours ${a[i]}, TF ${b[i]}`;
    }
  }
  return 'lengths differ';
}

test('the golden set covers baseline, progressive, restart markers, grey and every chroma layout', () => {
  const names = manifest.cases.map((c) => c.name);
  for (const n of [
    'cv-444-q90.jpg',
    'cv-420-q75.jpg',
    'cv-422-q85.jpg',
    'cv-440-q85.jpg',
    'cv-411-q85.jpg',
    'cv-420-17x13.jpg',
    'cv-420-rst.jpg',
    'cv-grey-q80.jpg',
  ])
    assert.ok(names.includes(n), n);
  assert.ok(manifest.cases.filter((c) => c.progressive).length >= 4);
});

for (const c of manifest.cases) {
  const bytes = new Uint8Array(readFileSync(path.join(ROOT, c.file)));
  for (const [key, ref] of Object.entries(c.refs)) {
    const opts = SETTINGS[key];
    test(`${c.name}: ${ref.call} is reproduced bit for bit`, () => {
      if (ref.error !== undefined) {
        // TF refuses it: so must we (or at least never return pixels TF would not).
        assert.throws(() => decodeJpegTf(bytes, opts), JpegFormatError);
        return;
      }
      let ours;
      try {
        ours = decodeJpegTf(bytes, opts);
      } catch (e) {
        // CMYK JPEGs are refused on purpose (TF converts them; we leave them to the ordinary decoder).
        if (e instanceof JpegFormatError && /CMYK/.test(e.message) && c.name.startsWith('cmyk')) return;
        throw e;
      }
      assert.deepEqual([ours.height, ours.width, ours.channels], ref.shape);
      const hash = createHash('sha256').update(ours.data).digest('hex');
      if (hash === ref.sha256) return;
      const detail = ref.npy
        ? firstDiff(ours.data, parseNpy(readFileSync(path.join(ROOT, ref.npy))).data as Uint8Array, ref.shape ?? [])
        : 'no .npy kept for this size';
      assert.fail(`${c.name} (${key}) differs from TF: ${detail}`);
    });
  }
}
