// Pass 2 of diffTensors: squared deviations and the fine histograms of the quantile buckets, over typed arrays.

import type { RankPlan } from './radix';
import { EPS, type KernelInput, type Pass2 } from './kernel-types';

/** Pass 2: exact-ish std around the pass-1 means, and the low-16-bit histograms of the quantile buckets (over [start, end)). */
export function runPass2(inp: KernelInput, meanAbs: number, meanRel: number, planAbs: RankPlan, planRel: RankPlan, start = 0, end = inp.a.length): Pass2 {
  const { a, b } = inp;
  const f32 = new Float32Array(2);
  const u32 = new Uint32Array(f32.buffer);
  const slotA = planAbs.slotOf,
    fineA = planAbs.fine,
    firstA = planAbs.firstIndex;
  const slotR = planRel.slotOf,
    fineR = planRel.fine,
    firstR = planRel.firstIndex;
  let ssdAbs = 0,
    ssdRel = 0;
  for (let i = start; i < end; i++) {
    const x = a[i];
    const y = b[i];
    const d = x > y ? x - y : y - x;
    if (!(d <= 1.7976931348623157e308)) continue;
    const ay = y < 0 ? -y : y;
    const rel = d / (ay === 0 ? EPS : ay);
    const da = d - meanAbs;
    const dr = rel - meanRel;
    ssdAbs += da * da;
    ssdRel += dr * dr;
    f32[0] = d;
    f32[1] = rel;
    const ba = u32[0],
      br = u32[1];
    const sa = slotA[ba >>> 16];
    if (sa >= 0) {
      const cell = sa * 65536 + (ba & 0xffff);
      if (fineA[cell]++ === 0) firstA[cell] = i;
    }
    const sr = slotR[br >>> 16];
    if (sr >= 0) {
      const cell = sr * 65536 + (br & 0xffff);
      if (fineR[cell]++ === 0) firstR[cell] = i;
    }
  }
  return { ssdAbs, ssdRel };
}
