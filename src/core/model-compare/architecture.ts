// Architecture diff: ops and nodes added, removed or reordered, and input/output signature differences.
import type { ArchitectureReport, GraphLayer, SignatureChange, SignatureTensor } from './types';

/** Compares two graphs (undefined when a side has none, e.g. a SavedModel) and the two signatures. */
export function diffArchitecture(
  a: GraphLayer[] | undefined,
  b: GraphLayer[] | undefined,
  sigA: { inputs: SignatureTensor[]; outputs: SignatureTensor[] },
  sigB: { inputs: SignatureTensor[]; outputs: SignatureTensor[] },
): ArchitectureReport {
  const signature = [...diffSignature('input', sigA.inputs, sigB.inputs), ...diffSignature('output', sigA.outputs, sigB.outputs)];
  if (!a || !b) {
    const summary = signature.map(describeSignatureChange);
    return { opCounts: [], removed: [], added: [], reordered: [], opChanged: [], signature, graphCompared: false, summary };
  }
  const countA = countOps(a);
  const countB = countOps(b);
  const ops = [...new Set([...countA.keys(), ...countB.keys()])].sort();
  const opCounts = ops.map((op) => ({ op, a: countA.get(op) ?? 0, b: countB.get(op) ?? 0 })).filter((c) => c.a !== c.b);
  const namesB = new Map(b.map((l, i) => [l.name, i]));
  const namesA = new Set(a.map((l) => l.name));
  const removed = a.filter((l) => !namesB.has(l.name)).map((l) => l.name);
  const added = b.filter((l) => !namesA.has(l.name)).map((l) => l.name);
  const opOfB = new Map(b.map((l) => [l.name, l.op]));
  const opChanged = a.flatMap((l) => {
    const other = opOfB.get(l.name);
    return other !== undefined && other !== l.op ? [{ name: l.name, a: l.op, b: other }] : [];
  });
  const common = a.filter((l) => namesB.has(l.name));
  const order = common.map((l) => namesB.get(l.name) as number);
  const keep = longestIncreasing(order);
  const reordered = common.filter((_, i) => !keep.has(i)).map((l) => l.name);
  const summary: string[] = [];
  if (opCounts.length) summary.push(`op counts differ: ${opCounts.map((c) => `${c.op} ${c.a} → ${c.b}`).join(', ')}`);
  if (removed.length) summary.push(`${removed.length} node${removed.length === 1 ? '' : 's'} only in A: ${list(removed)}`);
  if (added.length) summary.push(`${added.length} node${added.length === 1 ? '' : 's'} only in B: ${list(added)}`);
  if (opChanged.length) summary.push(`op changed: ${list(opChanged.map((c) => `${c.name} ${c.a} → ${c.b}`))}`);
  if (reordered.length) summary.push(`${reordered.length} node${reordered.length === 1 ? '' : 's'} run in another order: ${list(reordered)}`);
  summary.push(...signature.map(describeSignatureChange));
  if (summary.length === 0) summary.push(`same architecture: ${a.length} nodes, same ops in the same order, same inputs and outputs`);
  return { opCounts, removed, added, reordered, opChanged, signature, graphCompared: true, summary };
}

function diffSignature(kind: 'input' | 'output', a: SignatureTensor[], b: SignatureTensor[]): SignatureChange[] {
  const out: SignatureChange[] = [];
  const pairs: [SignatureTensor, SignatureTensor][] = [];
  const byName = new Map(b.map((t) => [t.name, t]));
  const leftA = a.filter((t) => !byName.has(t.name));
  const leftB = b.filter((t) => !a.some((x) => x.name === t.name));
  for (const t of a) {
    const other = byName.get(t.name);
    if (other) pairs.push([t, other]);
  }
  // A single input/output on each side is the same tensor whatever it is called.
  if (leftA.length === 1 && leftB.length === 1 && a.length === 1 && b.length === 1) {
    pairs.push([leftA[0] as SignatureTensor, leftB[0] as SignatureTensor]);
  } else {
    for (const t of leftA) out.push({ kind, name: t.name, what: 'removed', a: describe(t) });
    for (const t of leftB) out.push({ kind, name: t.name, what: 'added', b: describe(t) });
  }
  for (const [x, y] of pairs) {
    const name = x.name === y.name ? x.name : `${x.name} / ${y.name}`;
    if (!shapesCompatible(x.shape, y.shape)) out.push({ kind, name, what: 'shape', a: showShape(x.shape), b: showShape(y.shape) });
    if (x.dtype !== y.dtype) out.push({ kind, name, what: 'dtype', a: x.dtype, b: y.dtype });
    if ((x.quantization ?? '') !== (y.quantization ?? ''))
      out.push({ kind, name, what: 'quantization', a: x.quantization ?? 'none', b: y.quantization ?? 'none' });
  }
  return out;
}

/** Shapes agree when every known dimension agrees (an unknown batch matches any). */
export function shapesCompatible(x: (number | null)[] | undefined, y: (number | null)[] | undefined): boolean {
  if (!x || !y) return true;
  if (x.length !== y.length) return false;
  return x.every((d, i) => d === null || y[i] === null || d === y[i]);
}

/** [1,256,256,3] with ? for unknown dimensions. */
export function showShape(shape: readonly (number | null)[] | undefined): string {
  return shape ? `[${shape.map((d) => (d === null ? '?' : String(d))).join(',')}]` : '[unknown shape]';
}

function describe(t: SignatureTensor): string {
  return `${showShape(t.shape)} ${t.dtype}${t.quantization ? ` (${t.quantization})` : ''}`;
}

function describeSignatureChange(c: SignatureChange): string {
  if (c.what === 'added') return `${c.kind} ${c.name} only in B: ${c.b}`;
  if (c.what === 'removed') return `${c.kind} ${c.name} only in A: ${c.a}`;
  return `${c.kind} ${c.name} ${c.what} differs: ${c.a} in A, ${c.b} in B`;
}

function countOps(layers: GraphLayer[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of layers) m.set(l.op, (m.get(l.op) ?? 0) + 1);
  return m;
}

function list(names: string[]): string {
  return names.length <= 5 ? names.join(', ') : `${names.slice(0, 5).join(', ')} and ${names.length - 5} more`;
}

/** Indices (into seq) of one longest strictly increasing subsequence. */
function longestIncreasing(seq: number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(seq.length).fill(-1);
  for (let i = 0; i < seq.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((seq[tails[mid] as number] as number) < (seq[i] as number)) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1] as number;
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let k = tails.length ? (tails[tails.length - 1] as number) : -1; k >= 0; k = prev[k] as number) keep.add(k);
  return keep;
}
