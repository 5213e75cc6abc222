// Loads the resize goldens (test/golden/resize) and measures how far each kernel is from the real library.

import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseNpy } from '../../src/core/tensor/npy';
import type { ResizeLibrary } from '../../src/core/spec/types';
import type { Image } from '../../src/core/preprocess/types';
import { resizeKernel } from '../../src/core/preprocess/kernels';

/** Repository root, found from the compiled file (out/test/unit) or the source (test/unit). */
export const REPO_ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../..' : '../..');
export const GOLDEN_DIR = process.env.RESIZE_GOLDEN_DIR ?? path.join(REPO_ROOT, 'test', 'golden', 'resize');

export interface GoldenCase {
  id: string;
  input: string;
  library: ResizeLibrary;
  method: string;
  width: number;
  height: number;
  opts: { antialias?: boolean; alignCorners?: boolean; halfPixelCenters?: boolean };
  file: string;
  dtype: string;
}

export interface GoldenManifest {
  versions: Record<string, string | boolean>;
  inputs: Record<string, { file: string; shape: number[]; dtype: string }>;
  cases: GoldenCase[];
}

/** The manifest written by scripts/golden/make_resize_goldens.py. */
export function loadManifest(): GoldenManifest {
  return JSON.parse(readFileSync(path.join(GOLDEN_DIR, 'manifest.json'), 'utf8')) as GoldenManifest;
}

function loadArray(rel: string): { shape: number[]; data: Uint8Array | Uint16Array | Float32Array } {
  const file = path.join(GOLDEN_DIR, rel);
  const arr = parseNpy(new Uint8Array(readFileSync(file)), file);
  const d = arr.data;
  if (!(d instanceof Uint8Array || d instanceof Uint16Array || d instanceof Float32Array)) {
    throw new Error(`${file}: golden arrays must be uint8, uint16 or float32, got ${arr.dtype}; regenerate with make_resize_goldens.py.`);
  }
  return { shape: [...arr.shape], data: d };
}

const inputCache = new Map<string, Image>();

/** A golden input as an Image (HW → 1 channel). */
export function loadInput(m: GoldenManifest, name: string): Image {
  const hit = inputCache.get(name);
  if (hit) return hit;
  const { shape, data } = loadArray(m.inputs[name].file);
  const img: Image = { height: shape[0], width: shape[1], channels: shape[2] ?? 1, data };
  inputCache.set(name, img);
  return img;
}

/** Agreement between a kernel output and the library's output. */
export interface Measure {
  /** 'uint8' / 'uint16' outputs are compared as integers, float32 as relative error. */
  kind: 'int' | 'float';
  n: number;
  maxAbs: number;
  /** Elements that differ at all (int) or by more than 1e-4 of the array's scale (float). */
  off: number;
  /** Elements off by exactly one (int). */
  offByOne: number;
  /** max |a-b| / max(1, max |ref|): error relative to the array's scale (float). */
  maxRel: number;
  shapeOk: boolean;
}

/** Compare `got` with the golden array for case `c`. */
export function measure(c: GoldenCase, got: Image): Measure {
  const ref = loadArray(c.file);
  const h = ref.shape[0],
    w = ref.shape[1],
    cn = ref.shape[2] ?? 1;
  const shapeOk = got.width === w && got.height === h && got.channels === cn && got.data.length === ref.data.length;
  const kind = ref.data instanceof Float32Array ? 'float' : 'int';
  const m: Measure = { kind, n: ref.data.length, maxAbs: 0, off: 0, offByOne: 0, maxRel: 0, shapeOk };
  if (!shapeOk) return m;
  let scale = 1;
  for (let i = 0; i < ref.data.length; i++) scale = Math.max(scale, Math.abs(ref.data[i]));
  for (let i = 0; i < ref.data.length; i++) {
    const a = got.data[i],
      b = ref.data[i];
    const d = Math.abs(a - b);
    if (Number.isNaN(d)) {
      m.maxAbs = Infinity;
      m.off++;
      continue;
    }
    if (d > m.maxAbs) m.maxAbs = d;
    if (kind === 'int') {
      if (d !== 0) m.off++;
      if (d === 1) m.offByOne++;
    } else {
      const rel = d / scale;
      if (rel > m.maxRel) m.maxRel = rel;
      if (rel > 1e-4) m.off++;
    }
  }
  return m;
}

/** Run the kernel for a golden case. */
export function runCase(m: GoldenManifest, c: GoldenCase): Image {
  return resizeKernel(c.library, c.method, loadInput(m, c.input), c.width, c.height, c.opts);
}

/** The acceptance rule: ints identical or ≤ 0.1% of elements off by exactly one; floats within 1e-4 of the array's scale. */
export function passes(r: Measure): boolean {
  if (!r.shapeOk) return false;
  if (r.kind === 'int') return r.maxAbs <= 1 && r.offByOne <= 0.001 * r.n;
  return r.maxRel <= 1e-4;
}
