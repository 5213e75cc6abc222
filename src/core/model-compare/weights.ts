// Weights diff: per tensor identical / changed (max abs and relative change) / added / removed,
// matched by name first and then by shape and order among the tensors left over.
import type { Tf } from '../infer/backend';
import type { TfjsModelFiles } from '../infer/model-io';
import type { WeightEntry, WeightsReport } from './types';

/** One decoded weight tensor. */
export interface WeightTensor {
  name: string;
  shape: number[];
  /** How it is stored in the file (e.g. "float16-quantized float32"). */
  storage: string;
  values: Float32Array | Int32Array | Uint8Array;
}

/** Decodes every weight of a TFJS model (dequantizing float16/uint8/uint16 storage) with tf.io.decodeWeights. */
export function readWeights(tf: Tf, model: TfjsModelFiles): WeightTensor[] {
  const specs = model.artifacts.weightSpecs ?? [];
  const data = model.artifacts.weightData;
  if (!data || specs.length === 0) return [];
  const decoded = tf.io.decodeWeights(data, specs);
  const out: WeightTensor[] = [];
  for (const spec of specs) {
    const t = decoded[spec.name];
    if (!t) continue;
    const q = spec.quantization?.dtype;
    out.push({
      name: spec.name,
      shape: [...spec.shape],
      storage: q ? `${q}-quantized ${spec.dtype}` : spec.dtype,
      values: t.dataSync() as WeightTensor['values'],
    });
    t.dispose();
  }
  return out;
}

/** Compares two weight lists: by name, then unmatched tensors of equal shape in order. */
export function diffWeights(a: WeightTensor[], b: WeightTensor[]): WeightsReport {
  const byNameB = new Map(b.map((w) => [w.name, w]));
  const usedB = new Set<string>();
  const entries: WeightEntry[] = [];
  const leftA: WeightTensor[] = [];
  for (const wa of a) {
    const wb = byNameB.get(wa.name);
    if (!wb) {
      leftA.push(wa);
      continue;
    }
    usedB.add(wb.name);
    entries.push(comparePair(wa, wb, 'name'));
  }
  const leftB = b.filter((w) => !usedB.has(w.name));
  // Renamed tensors (another export, another name scope): pair the leftovers of equal shape in order.
  for (const wa of leftA) {
    const wb = leftB.find((w) => !usedB.has(w.name) && sameShape(wa.shape, w.shape));
    if (!wb) {
      entries.push({ name: wa.name, status: 'removed', shape: wa.shape });
      continue;
    }
    usedB.add(wb.name);
    entries.push(comparePair(wa, wb, 'shape-order'));
  }
  for (const wb of b) if (!usedB.has(wb.name)) entries.push({ name: wb.name, status: 'added', shape: wb.shape });
  return summarize(entries);
}

function comparePair(wa: WeightTensor, wb: WeightTensor, matchedBy: 'name' | 'shape-order'): WeightEntry {
  const base: WeightEntry = { name: wa.name, status: 'identical', shape: wa.shape, matchedBy };
  if (wb.name !== wa.name) base.otherName = wb.name;
  if (wa.storage !== wb.storage) base.storage = { a: wa.storage, b: wb.storage };
  if (!sameShape(wa.shape, wb.shape)) {
    // Same element count but another shape (e.g. a transposed kernel) is still worth a number; otherwise just say so.
    return { ...base, status: 'reshaped', otherShape: wb.shape };
  }
  let maxAbs = 0;
  let maxRef = 0;
  const va = wa.values;
  const vb = wb.values;
  for (let i = 0; i < va.length; i++) {
    const x = va[i] as number;
    const y = vb[i] as number;
    const d = Math.abs(x - y);
    if (d > maxAbs || Number.isNaN(d)) maxAbs = Number.isNaN(d) ? Infinity : d;
    const m = Math.abs(x);
    if (m > maxRef) maxRef = m;
  }
  if (maxAbs === 0) return base;
  return { ...base, status: 'changed', maxAbs, relChange: maxRef > 0 ? maxAbs / maxRef : Infinity };
}

function sameShape(x: readonly number[], y: readonly number[]): boolean {
  return x.length === y.length && x.every((d, i) => d === y[i]);
}

function summarize(entries: WeightEntry[]): WeightsReport {
  const count = (s: WeightEntry['status']): number => entries.filter((e) => e.status === s).length;
  const identical = count('identical');
  const changed = count('changed') + count('reshaped');
  const added = count('added');
  const removed = count('removed');
  const total = entries.length;
  const parts = [`${identical} of ${total} weight tensors identical`];
  const worst = entries.filter((e) => e.status === 'changed').sort((x, y) => (y.maxAbs ?? 0) - (x.maxAbs ?? 0));
  if (worst[0]) {
    const more = worst.length > 1 ? ` (and ${worst.length - 1} more changed)` : '';
    parts.push(`${worst[0].name} changed by up to ${fmt(worst[0].maxAbs ?? 0)}${more}`);
  }
  const reshaped = entries.filter((e) => e.status === 'reshaped');
  if (reshaped.length) parts.push(`${reshaped.length} reshaped`);
  if (added) parts.push(`${added} added`);
  if (removed) parts.push(`${removed} removed`);
  const storage = mainStorage(entries);
  if (storage) parts.push(`stored as ${storage.a} vs ${storage.b}`);
  return { entries, total, identical, changed, added, removed, summary: parts.join('; ') };
}

/** A number for summaries: 4 significant digits, exponent form when tiny or huge. */
export function fmt(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(3))) : v.toExponential(2);
}

/** The storage change most weight values have (an int8 model's kernels, not its int32 biases). */
export function mainStorage(entries: WeightEntry[]): { a: string; b: string } | undefined {
  const count = new Map<string, { s: { a: string; b: string }; n: number }>();
  for (const e of entries) {
    if (!e.storage) continue;
    const key = `${e.storage.a}\u0000${e.storage.b}`;
    const n = e.shape.reduce((x, y) => x * y, 1);
    const c = count.get(key) ?? { s: e.storage, n: 0 };
    c.n += n;
    count.set(key, c);
  }
  return [...count.values()].sort((x, y) => y.n - x.n)[0]?.s;
}
