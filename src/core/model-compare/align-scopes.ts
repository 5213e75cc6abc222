// Lines up a dump named by Keras layer ("conv2d", "conv2d_1", "re_lu") with graph or TFLite names made when Keras 3
// traced the model: every layer's name scope there is made unique with a suffix ("conv2d" → "functional_1/conv2d_1",
// "conv2d_1" → "conv2d_1_2"), so the plain name of one layer is the traced scope of another. Names alone cannot
// tell them apart; execution order and shapes can. Both lists are in execution order, so the pairs form a common
// subsequence: the one with the most pairs whose shapes fit wins. Ties go to the op's own final name (a fused op
// holds the value of its first-named part), then to the reading most layers need: with a tracing suffix when most
// layers are found only that way (then "conv2d_1" is the traced scope of "conv2d"), as is otherwise.
import { normalizeName } from './align-names';

interface Candidate {
  o: number;
  t: number;
  bonus: number;
}

/** Whether our scope `scope` is their layer `layer`, as is or with the uniquifying suffixes tracing adds. */
function scopeIs(scope: string, layer: string): 0 | 1 | 2 {
  if (scope === layer) return 2;
  if (scope.length > layer.length + 1 && scope.startsWith(layer) && /^(?:_\d+)+$/.test(scope.slice(layer.length))) return 1;
  return 0;
}

/**
 * The layer scopes a name can stand for: each ";"-part (the first is the fused op's final output), each prefix of
 * its path and each single segment (a model named by the user wraps the layers in a scope of its own: "net_1/conv2d_1").
 */
function scopesOf(name: string): string[][] {
  return name.split(';').map((part) => {
    const segs = normalizeName(part).split('/');
    const out = new Set<string>();
    for (let k = 1; k <= segs.length; k++) out.add(segs.slice(0, k).join('/'));
    for (const seg of segs) out.add(seg);
    return [...out];
  });
}

/**
 * Maps ours → theirs through layer scopes (exact or with tracing suffixes), keeping execution order on both sides.
 * `fits(o, t)` says whether the two values can be compared (their shapes line up).
 */
export function alignByLayerScopes(
  ours: readonly string[],
  theirs: readonly string[],
  fits: (ourIndex: number, theirIndex: number) => boolean,
): Map<string, string> {
  const theirNorm = theirs.map(normalizeName);
  const byName = new Map<string, number[]>();
  theirNorm.forEach((t, j) => byName.set(t, [...(byName.get(t) ?? []), j]));
  // Every (our op, their layer, part, kind) a scope allows; kind 2 = as is, 1 = with a tracing suffix.
  const raw: { o: number; t: number; part: number; kind: 1 | 2 }[] = [];
  ours.forEach((o, i) => {
    scopesOf(o).forEach((prefixes, part) => {
      for (const scope of prefixes) {
        // Their layer is the scope itself or the scope without one or more "_N" suffixes.
        for (let s = scope; ;) {
          for (const j of byName.get(s) ?? []) {
            const kind = scopeIs(scope, theirNorm[j] as string);
            if (kind !== 0) raw.push({ o: i, t: j, part, kind });
          }
          const m = /_\d+$/.exec(s);
          if (!m) break;
          s = s.slice(0, m.index);
        }
      }
    });
  });
  const asIs = new Set(raw.filter((r) => r.kind === 2).map((r) => r.t));
  const suffixOnly = new Set(raw.filter((r) => r.kind === 1 && !asIs.has(r.t)).map((r) => r.t));
  const preferred: 1 | 2 = suffixOnly.size > asIs.size ? 1 : 2;
  const best = new Map<string, Candidate>();
  for (const r of raw) {
    const bonus = (r.part === 0 ? 2 : 0) + (r.kind === preferred ? 1 : 0);
    const key = `${r.o},${r.t}`;
    if (bonus > (best.get(key)?.bonus ?? -1)) best.set(key, { o: r.o, t: r.t, bonus });
  }
  const cands = [...best.values()].filter((c) => fits(c.o, c.t));
  return pairsToMap(heaviestChain(cands, theirs.length), ours, theirs);
}

/** Pairs with strictly increasing o and t: the most pairs, then the largest bonus (a weighted LIS with a Fenwick tree). */
function heaviestChain(cands: Candidate[], nTheirs: number): Candidate[] {
  // A pair is worth more than every bonus of a chain together: bonus ≤ 3 per pair and a chain has ≤ nTheirs pairs.
  const unit = 3 * nTheirs + 1;
  const w = (c: Candidate): number => unit + c.bonus;
  const sorted = [...cands].sort((x, y) => x.o - y.o || y.t - x.t);
  const tree = new Array<number>(nTheirs + 1).fill(0);
  const treeAt = new Array<number>(nTheirs + 1).fill(-1);
  const score = new Array<number>(sorted.length).fill(0);
  const prev = new Array<number>(sorted.length).fill(-1);
  const query = (t: number): [number, number] => {
    let best = 0;
    let at = -1;
    for (let k = t; k > 0; k -= k & -k) {
      if ((tree[k] as number) > best) {
        best = tree[k] as number;
        at = treeAt[k] as number;
      }
    }
    return [best, at];
  };
  const update = (t: number, v: number, idx: number): void => {
    for (let k = t; k <= nTheirs; k += k & -k) {
      if (v > (tree[k] as number)) {
        tree[k] = v;
        treeAt[k] = idx;
      }
    }
  };
  // One op pairs with one layer: score a whole group of equal o before any of it enters the tree.
  for (let g = 0; g < sorted.length;) {
    let h = g;
    while (h < sorted.length && (sorted[h] as Candidate).o === (sorted[g] as Candidate).o) h++;
    for (let k = g; k < h; k++) {
      const c = sorted[k] as Candidate;
      const [best, at] = query(c.t); // layers strictly before t (tree index t covers t-1 and below)
      score[k] = best + w(c);
      prev[k] = at;
    }
    for (let k = g; k < h; k++) update((sorted[k] as Candidate).t + 1, score[k] as number, k);
    g = h;
  }
  let end = -1;
  score.forEach((s, k) => {
    if (end < 0 || s > (score[end] as number)) end = k;
  });
  const chain: Candidate[] = [];
  for (let k = end; k >= 0; k = prev[k] as number) chain.push(sorted[k] as Candidate);
  return chain.reverse();
}

/** The chain as ours → theirs names. */
function pairsToMap(chain: Candidate[], ours: readonly string[], theirs: readonly string[]): Map<string, string> {
  return new Map(chain.map((c) => [ours[c.o] as string, theirs[c.t] as string]));
}
