// Layer by layer: the error of each layer's output against the reference, in execution order, the first layer
// whose error leaves tolerance and how the error grows after it.
import { alignShapes } from '../diff/align';
import { alignTensor } from '../diff/diff';
import type { ToleranceMode } from '../spec/types';
import { formatShape, toFloat32Array } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import { alignNames } from './align-names';
import type { LayerError, LayerReport } from './types';

/** One layer's output from our run. */
export interface LayerValue {
  name: string;
  op: string;
  value: NdArray;
  /** Weight tensors of this layer that differ between the models. */
  weightsChanged?: string[];
  /** Every weight tensor the layer reads. */
  weights?: string[];
}

/** Tolerance for one layer's output (the spec's, by default). */
export interface LayerTolerance {
  atol: number;
  rtol: number;
  mode: ToleranceMode;
}

/** Compares our layers (execution order) with reference values by name; see alignNames for how names match. */
export function compareLayers(ours: LayerValue[], reference: Map<string, NdArray>, tol: LayerTolerance): LayerReport {
  const names = alignNames(
    ours.map((l) => l.name),
    [...reference.keys()],
  );
  const layers: LayerError[] = [];
  const unmatched: string[] = [];
  for (const l of ours) {
    const otherName = names.get(l.name);
    const ref = otherName === undefined ? undefined : reference.get(otherName);
    if (!ref || otherName === undefined) {
      unmatched.push(l.name);
      continue;
    }
    const e = layerError(l, ref, tol);
    if (otherName !== l.name) e.otherName = otherName;
    layers.push(e);
  }
  const matched = new Set(names.values());
  const unmatchedOther = [...reference.keys()].filter((n) => !matched.has(n));
  const firstDivergent = layers.findIndex((l) => !l.pass);
  const report: LayerReport = { layers, firstDivergent, tolerance: { ...tol }, unmatched, unmatchedOther };
  const first = layers[firstDivergent];
  const last = layers[layers.length - 1];
  if (first && last && first.relErr > 0) report.growth = last.relErr / first.relErr;
  return report;
}

/** The error of one layer: max/mean abs, max abs relative to the reference's range, and the failures. */
export function layerError(l: LayerValue, ref: NdArray, tol: LayerTolerance): LayerError {
  const shape = [...ref.shape];
  const base: LayerError = { name: l.name, op: l.op, shape, count: 0, maxAbs: 0, meanAbs: 0, relErr: 0, failures: 0, pass: true };
  if (l.weightsChanged?.length) base.weightsChanged = l.weightsChanged;
  if (l.weights?.length) base.weights = l.weights;
  const al = alignShapes(l.value.shape, ref.shape);
  if (al.kind === 'incompatible') {
    return { ...base, pass: false, shapeMismatch: `${formatShape(l.value.shape)} here, ${formatShape(ref.shape)} in the reference` };
  }
  const a = toFloat32Array(alignTensor(l.value, ref.shape, al));
  const b = toFloat32Array(ref);
  const n = Math.min(a.length, b.length);
  let maxAbs = 0;
  let sumAbs = 0;
  let maxRef = 0;
  let failures = 0;
  const both = tol.mode === 'both';
  for (let i = 0; i < n; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    const d = Math.abs(x - y);
    const m = Math.abs(y);
    if (m > maxRef) maxRef = m;
    if (d !== d) {
      // NaN (or opposite infinities) on one side is a failure; NaN on both sides and equal infinities agree.
      if (x !== y && (x === x || y === y)) failures++;
      continue;
    }
    sumAbs += d;
    if (d > maxAbs) maxAbs = d;
    const bad = both ? d > tol.atol && d > tol.rtol * m : d > tol.atol + tol.rtol * m;
    if (bad) failures++;
  }
  const relErr = maxAbs === 0 ? 0 : maxRef > 0 ? maxAbs / maxRef : Infinity;
  return { ...base, count: n, maxAbs, meanAbs: n ? sumAbs / n : 0, relErr, failures, pass: failures === 0 };
}
