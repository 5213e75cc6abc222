// Layer by layer: the error of each layer's output against the reference, in execution order, the first layer
// whose error leaves tolerance and how the error grows after it.
import { alignShapes } from '../diff/align';
import { alignTensor } from '../diff/diff';
import type { ToleranceMode } from '../spec/types';
import { formatShape, toFloat32Array } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import { alignNames } from './align-names';
import { alignByLayerScopes } from './align-scopes';
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

/**
 * Lines our layers up with the reference's names: by name (alignNames), or through layer scopes in execution order
 * (alignByLayerScopes: a Keras layer dump against a graph Keras traced) when that pairs more layers whose shapes fit.
 * The last layers of both are paired when nothing else took them, other layers did line up by name and their shapes
 * are equal (a Keras dump's output layer against a converted model's output tensor).
 */
export function lineUpLayers(ours: readonly LayerValue[], reference: Map<string, NdArray>): Map<string, string> {
  const ourNames = ours.map((l) => l.name);
  const theirNames = [...reference.keys()];
  const fitsShapes = (a: readonly number[], b: readonly number[]): boolean => alignShapes(a, b).kind !== 'incompatible';
  const fitting = (m: Map<string, string>): number => {
    let n = 0;
    for (const l of ours) {
      const t = m.get(l.name);
      const ref = t === undefined ? undefined : reference.get(t);
      if (ref && fitsShapes(l.value.shape, ref.shape)) n++;
    }
    return n;
  };
  let names = alignNames(ourNames, theirNames);
  const byScope = alignByLayerScopes(ourNames, theirNames, (i, j) =>
    fitsShapes((ours[i] as LayerValue).value.shape, (reference.get(theirNames[j] as string) as NdArray).shape),
  );
  if (byScope.size > fitting(names)) names = byScope;
  const lastOurs = ours[ours.length - 1];
  const lastTheirs = theirNames[theirNames.length - 1];
  const used = new Set(names.values());
  if (names.size > 0 && lastOurs && lastTheirs !== undefined && !names.has(lastOurs.name) && !used.has(lastTheirs)) {
    const ref = reference.get(lastTheirs) as NdArray;
    if (lastOurs.value.shape.join(',') === ref.shape.join(',')) names.set(lastOurs.name, lastTheirs);
  }
  return names;
}

/** Compares our layers (execution order) with reference values; see lineUpLayers for how names match. */
export function compareLayers(ours: LayerValue[], reference: Map<string, NdArray>, tol: LayerTolerance): LayerReport {
  const names = lineUpLayers(ours, reference);
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
