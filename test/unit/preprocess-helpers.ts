// Shared helpers for the preprocess tests: golden paths, .npy reading, comparisons.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { parseNpy } from '../../src/core/tensor/npy';
import type { NdArray } from '../../src/core/tensor/types';

export const ROOT = path.resolve(__dirname, '../../..');
export const GOLDEN = path.join(ROOT, 'test/golden/preprocess-v1');

/** Absolute path of a file under test/golden/preprocess-v1. */
export function golden(rel: string): string {
  return path.join(GOLDEN, rel);
}

/** Reads a golden .npy. */
export function readGolden(rel: string): NdArray {
  return parseNpy(new Uint8Array(readFileSync(golden(rel))), rel);
}

/** The golden manifest written by scripts/golden/make_preprocess_v1.py. */
export interface GoldenManifest {
  resize: {
    name: string;
    input: { file: string; channel?: number };
    width: number;
    height: number;
    resize: {
      library: 'tf';
      method: string;
      fit: 'stretch' | 'keep-aspect' | 'letterbox';
      padValue: number;
      alignCorners?: boolean;
      halfPixelCenters?: boolean;
    };
    golden: string;
    call: string;
  }[];
  pipeline: { name: string; image: string; golden: string; spec?: string; input?: Record<string, unknown>; call: string }[];
}

/** Loads manifest.json. */
export function manifest(): GoldenManifest {
  return JSON.parse(readFileSync(golden('manifest.json'), 'utf8')) as GoldenManifest;
}

/** Largest |a − b| and how many elements differ at all; asserts equal lengths. */
export function compare(actual: ArrayLike<number>, expected: ArrayLike<number>): { maxAbs: number; differing: number } {
  assert.equal(actual.length, expected.length, 'element count');
  let maxAbs = 0;
  let differing = 0;
  for (let i = 0; i < actual.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (d !== 0 || Number.isNaN(d)) differing++;
    if (!(d <= maxAbs)) maxAbs = d;
  }
  return { maxAbs, differing };
}
