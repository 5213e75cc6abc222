// The two streaming passes of diffTensors over typed arrays: no per-element allocation. Pass 1 is here, pass 2 in
// pass2.ts, their data types in kernel-types.ts.

import { EPS, type KernelInput, type Pass1 } from './kernel-types';

/** Offers (v, idx) to the worst-k min-heap of p. */
export function heapPush(p: Pass1, k: number, v: number, idx: number): void {
  const hv = p.heapVal;
  const hi = p.heapIdx;
  let i: number;
  if (p.heapSize < k) {
    i = p.heapSize++;
    // sift up
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (hv[parent] <= v) break;
      hv[i] = hv[parent];
      hi[i] = hi[parent];
      i = parent;
    }
    hv[i] = v;
    hi[i] = idx;
    return;
  }
  // replace the root and sift down
  i = 0;
  const n = p.heapSize;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) break;
    const r = l + 1;
    const c = r < n && hv[r] < hv[l] ? r : l;
    if (hv[c] >= v) break;
    hv[i] = hv[c];
    hi[i] = hi[c];
    i = c;
  }
  hv[i] = v;
  hi[i] = idx;
}

function countNonFinite(p: Pass1, x: number, side: 'a' | 'b', i: number, samples: number): void {
  if (x === x && x !== Infinity && x !== -Infinity) return;
  if (side === 'a') {
    if (x !== x) p.nanA++;
    else if (x > 0) p.posInfA++;
    else p.negInfA++;
    if (p.firstNonFiniteA.length < samples) p.firstNonFiniteA.push(i);
  } else {
    if (x !== x) p.nanB++;
    else if (x > 0) p.posInfB++;
    else p.negInfB++;
    if (p.firstNonFiniteB.length < samples) p.firstNonFiniteB.push(i);
  }
}

/**
 * Pass 1: sums, extremes, tolerance counts, needed tolerances, coarse histograms, worst-k, channels and pixels.
 * Over elements [start, end) when given (a part for one thread; its channel and pixel counts then start at 0 and count
 * down the non-finite pairs only: mergePass1 adds the whole tensor's counts).
 */
export function runPass1(inp: KernelInput, start = 0, end = inp.a.length): Pass1 {
  const { a, b, atol, rtol, channels: C, hw: HW, channelsLast, worstK } = inp;
  const n = a.length;
  const whole = start === 0 && end === n;
  const p: Pass1 = {
    finite: 0,
    sumAbs: 0,
    sumRel: 0,
    minAbs: Infinity,
    minAbsAt: -1,
    maxAbs: -Infinity,
    maxAbsAt: -1,
    minRel: Infinity,
    minRelAt: -1,
    maxRel: -Infinity,
    maxRelAt: -1,
    failAllclose: 0,
    failBoth: 0,
    nonFinitePairs: 0,
    needAtolAllclose: 0,
    needRtolAllclose: 0,
    needAtolBoth: 0,
    needRtolBoth: 0,
    sxy: 0,
    sxx: 0,
    syy: 0,
    sse: 0,
    minB: Infinity,
    maxB: -Infinity,
    coarseAbs: new Uint32Array(65536),
    coarseRel: new Uint32Array(65536),
    nanA: 0,
    posInfA: 0,
    negInfA: 0,
    nanB: 0,
    posInfB: 0,
    negInfB: 0,
    firstNonFiniteA: [],
    firstNonFiniteB: [],
    heapVal: new Float64Array(Math.max(1, worstK)),
    heapIdx: new Float64Array(Math.max(1, worstK)),
    heapSize: 0,
    ch: {
      count: new Float64Array(C),
      sumAbs: new Float64Array(C),
      sumSq: new Float64Array(C),
      max: new Float64Array(C).fill(-1),
      maxAt: new Float64Array(C).fill(-1),
      fail: new Float64Array(C),
      sumA: new Float64Array(C),
      sumB: new Float64Array(C),
    },
    spMax: new Float32Array(HW),
    spSum: new Float64Array(HW),
    spCount: new Float64Array(HW),
  };
  // Differences go through small float32 chunks whose bits feed the radix histograms (cheaper than per-element scratch).
  const K = 4096;
  const fa = new Float32Array(K);
  const ua = new Uint32Array(fa.buffer);
  const fr = new Float32Array(K);
  const ur = new Uint32Array(fr.buffer);
  let j = 0;
  const cAbs = p.coarseAbs;
  const cRel = p.coarseRel;
  const chCount = p.ch.count,
    chSumAbs = p.ch.sumAbs,
    chSumSq = p.ch.sumSq,
    chMax = p.ch.max,
    chMaxAt = p.ch.maxAt;
  const chFail = p.ch.fail,
    chSumA = p.ch.sumA,
    chSumB = p.ch.sumB;
  const spMax = p.spMax,
    spSum = p.spSum,
    spCount = p.spCount;
  chCount.fill(whole ? n / C : 0);
  spCount.fill(whole ? n / HW : 0);
  let sumAbs = 0,
    sumRel = 0,
    minAbs = Infinity,
    minAbsAt = -1,
    maxAbs = -Infinity,
    maxAbsAt = -1;
  let minRel = Infinity,
    minRelAt = -1,
    maxRel = -Infinity,
    maxRelAt = -1;
  let failAllclose = 0,
    failBoth = 0,
    needAtolA = 0,
    needRtolA = 0,
    needAtolB = 0,
    needRtolB = 0;
  let sxy = 0,
    sxx = 0,
    syy = 0,
    sse = 0,
    minB = Infinity,
    maxB = -Infinity,
    finite = 0;
  // With worstK = 0 nothing ever enters the heap.
  let heapMin = worstK > 0 ? -Infinity : Infinity;
  let c = channelsLast ? start % C : Math.floor(start / HW) % C;
  let px = channelsLast ? Math.floor(start / C) % HW : start % HW;
  for (let i = start; i < end; i++) {
    const x = a[i];
    const y = b[i];
    const d = x > y ? x - y : y - x;
    if (!(d <= 1.7976931348623157e308)) {
      // NaN or Inf somewhere
      countNonFinite(p, x, 'a', i, inp.nonFiniteSamples);
      countNonFinite(p, y, 'b', i, inp.nonFiniteSamples);
      if (!(x === y)) {
        p.nonFinitePairs++;
        failAllclose++;
        failBoth++;
        chFail[c]++;
      }
      // counts start at "all finite"; non-finite pairs are taken out here, off the hot path
      chCount[c]--;
      spCount[px]--;
    } else {
      finite++;
      const ay = y < 0 ? -y : y;
      const rel = d / (ay === 0 ? EPS : ay);
      sumAbs += d;
      sumRel += rel;
      if (d < minAbs) {
        minAbs = d;
        minAbsAt = i;
      }
      if (d > maxAbs) {
        maxAbs = d;
        maxAbsAt = i;
      }
      if (rel < minRel) {
        minRel = rel;
        minRelAt = i;
      }
      if (rel > maxRel) {
        maxRel = rel;
        maxRelAt = i;
      }
      const overA = d > atol;
      const overR = rel > rtol;
      const failA = d > atol + rtol * ay;
      const failB = overA && overR;
      if (failA) failAllclose++;
      if (failB) failBoth++;
      const failed = inp.modeBoth ? failB : failA;
      const na = d - rtol * ay;
      if (na > needAtolA) needAtolA = na;
      if (overA) {
        const nr = ay === 0 ? Infinity : (d - atol) / ay;
        if (nr > needRtolA) needRtolA = nr;
        if (rel > needRtolB) needRtolB = rel;
      }
      if (overR && d > needAtolB) needAtolB = d;
      sxy += x * y;
      sxx += x * x;
      syy += y * y;
      sse += d * d;
      if (y < minB) minB = y;
      if (y > maxB) maxB = y;
      fa[j] = d;
      fr[j] = rel;
      if (++j === K) {
        for (let k = 0; k < K; k++) {
          cAbs[ua[k] >>> 16]++;
          cRel[ur[k] >>> 16]++;
        }
        j = 0;
      }
      if (d > heapMin) {
        heapPush(p, worstK, d, i);
        heapMin = p.heapSize < worstK ? -Infinity : p.heapVal[0];
      }
      chSumAbs[c] += d;
      chSumSq[c] += d * d;
      chSumA[c] += x;
      chSumB[c] += y;
      if (d > chMax[c]) {
        chMax[c] = d;
        chMaxAt[c] = i;
      }
      if (failed) chFail[c]++;
      if (d > spMax[px]) spMax[px] = d;
      spSum[px] += d;
    }
    if (channelsLast) {
      if (++c === C) {
        c = 0;
        if (++px === HW) px = 0;
      }
    } else if (++px === HW) {
      px = 0;
      if (++c === C) c = 0;
    }
  }
  for (let k = 0; k < j; k++) {
    cAbs[ua[k] >>> 16]++;
    cRel[ur[k] >>> 16]++;
  }
  Object.assign(p, {
    finite,
    sumAbs,
    sumRel,
    minAbs,
    minAbsAt,
    maxAbs,
    maxAbsAt,
    minRel,
    minRelAt,
    maxRel,
    maxRelAt,
    failAllclose,
    failBoth,
    needAtolAllclose: needAtolA,
    needRtolAllclose: needRtolA,
    needAtolBoth: needAtolB,
    needRtolBoth: needRtolB,
    sxy,
    sxx,
    syy,
    sse,
    minB,
    maxB,
  });
  return p;
}
