// Exact order statistics of non-negative values in two streaming passes, via a two-level radix histogram of float32 bits.
//
// For x >= 0 the IEEE float32 bit pattern, read as an unsigned integer, is monotonic in x. Pass 1 counts the top
// 16 bits (65,536 buckets: sign, exponent and 7 mantissa bits, i.e. 128 buckets per octave). The bucket holding a
// wanted rank is then known; pass 2 counts the low 16 bits of only those buckets, which pins the rank to one exact
// float32 value. Result: order statistics exact up to rounding each value to float32 (relative error <= 2^-24).

const SCRATCH_F32 = new Float32Array(1);
const SCRATCH_U32 = new Uint32Array(SCRATCH_F32.buffer);
const NONE = 0xffffffff;

/** Float32 bit pattern of x as an unsigned 32-bit integer. */
export function float32Bits(x: number): number {
  SCRATCH_F32[0] = x;
  return SCRATCH_U32[0];
}

/** The float32 value of a bit pattern. */
export function bitsToFloat32(bits: number): number {
  SCRATCH_U32[0] = bits >>> 0;
  return SCRATCH_F32[0];
}

/** Which buckets pass 2 must refine for the wanted ranks, and where each rank falls inside its bucket. */
export interface RankPlan {
  ranks: number[];
  /** For each of the 65,536 top-16-bit buckets: its refinement slot, or -1. */
  slotOf: Int8Array;
  /** Per rank: refinement slot and the rank's offset inside the bucket. */
  rankSlot: number[];
  rankWithin: number[];
  slotBucket: number[];
  /** Low-16-bit counts per slot (slot*65536 + low). */
  fine: Uint32Array;
  /** First flat index seen per (slot, low) cell, NONE if none. */
  firstIndex: Uint32Array;
}

/** Plan the refinement of `ranks` (0-based order-statistic ranks) from a pass-1 top-16-bit histogram. */
export function planRanks(coarse: Uint32Array, ranks: readonly number[]): RankPlan {
  const slotOf = new Int8Array(65536).fill(-1);
  const rankSlot: number[] = [];
  const rankWithin: number[] = [];
  const slotBucket: number[] = [];
  const sorted = ranks.map((r, i) => ({ r, i })).sort((x, y) => x.r - y.r);
  const slotsForRank = new Array<number>(ranks.length).fill(-1);
  const withinForRank = new Array<number>(ranks.length).fill(0);
  let cum = 0;
  let bucket = 0;
  for (const { r, i } of sorted) {
    while (bucket < 65536 && cum + coarse[bucket] <= r) {
      cum += coarse[bucket];
      bucket++;
    }
    if (bucket >= 65536) continue;
    if (slotOf[bucket] < 0) {
      slotOf[bucket] = slotBucket.length;
      slotBucket.push(bucket);
    }
    slotsForRank[i] = slotOf[bucket];
    withinForRank[i] = r - cum;
  }
  for (let i = 0; i < ranks.length; i++) {
    rankSlot.push(slotsForRank[i]);
    rankWithin.push(withinForRank[i]);
  }
  const nSlots = Math.max(1, slotBucket.length);
  return {
    ranks: [...ranks],
    slotOf,
    rankSlot,
    rankWithin,
    slotBucket,
    fine: new Uint32Array(nSlots * 65536),
    firstIndex: new Uint32Array(nSlots * 65536).fill(NONE),
  };
}

/** Read the wanted ranks after pass 2: each rank's float32-exact value and the flat index of one element holding it. */
export function resolveRanks(plan: RankPlan): { value: number; flat: number }[] {
  return plan.ranks.map((_, k) => {
    const slot = plan.rankSlot[k];
    if (slot < 0) return { value: NaN, flat: -1 };
    const base = slot * 65536;
    let cum = 0;
    for (let low = 0; low < 65536; low++) {
      cum += plan.fine[base + low];
      if (cum > plan.rankWithin[k]) {
        const bits = ((plan.slotBucket[slot] << 16) | low) >>> 0;
        const fi = plan.firstIndex[base + low];
        return { value: bitsToFloat32(bits), flat: fi === NONE ? -1 : fi };
      }
    }
    return { value: NaN, flat: -1 };
  });
}

/** Ranks needed for numpy's median and 99th percentile of n sorted values: [medLo, medHi, p99Lo, p99Hi]. */
export function quantileRanks(n: number): number[] {
  if (n <= 0) return [];
  const medLo = Math.floor((n - 1) / 2);
  const medHi = Math.ceil((n - 1) / 2);
  const pos = 0.99 * (n - 1);
  return [medLo, medHi, Math.floor(pos), Math.min(n - 1, Math.floor(pos) + 1)];
}

/** Combine resolved ranks into numpy-style median and p99 (linear interpolation). */
export function combineQuantiles(
  n: number,
  r: { value: number; flat: number }[],
): { median: { value: number; flat: number }; p99: { value: number; flat: number } } {
  const pos = 0.99 * (n - 1);
  const frac = pos - Math.floor(pos);
  const median = { value: (r[0].value + r[1].value) / 2, flat: r[0].flat };
  const p99 = { value: r[2].value + (r[3].value - r[2].value) * frac, flat: r[2].flat };
  return { median, p99 };
}

/** Lower and upper value edges of a top-16-bit bucket. */
export function bucketEdges(bucket: number): [number, number] {
  return [bitsToFloat32((bucket << 16) >>> 0), bitsToFloat32(((bucket + 1) << 16) >>> 0)];
}
