// Dump-side hypotheses for a rotated or mirrored image: 90°/180°/270° rotations and horizontal/vertical flips,
// recognised from the tensors alone (a camera frame in sensor orientation, cv::flip, np.rot90, Bitmap + Matrix).

import type { Frame } from './frame';
import type { Hypothesis } from './hypothesis';

/** Where reference pixel (y, x) sits in the dump's image (whose rows are `cols` pixels wide). */
type SourceOf = (y: number, x: number) => [number, number];

function geometric(f: Frame, id: 'rotation' | 'flip', variant: string, cols: number, src: SourceOf): Hypothesis | undefined {
  const d = f.dims;
  if (!d) return undefined;
  const { batch: N, height: H, width: W, channels: C } = d;
  const hw = H * W;
  // Precompute the source pixel of every reference pixel once; applying is then one gather.
  const from = new Int32Array(hw);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const [sy, sx] = src(y, x);
      from[y * W + x] = sy * cols + sx;
    }
  return {
    id,
    variant,
    order: 1,
    permutes: true,
    details: { variant },
    apply: (v) => {
      const out = new Float64Array(v.length);
      for (let n = 0; n < N; n++) {
        if (d.channelsLast) {
          const base = n * hw * C;
          for (let p = 0; p < hw; p++) {
            const s = base + from[p] * C;
            const o = base + p * C;
            for (let c = 0; c < C; c++) out[o + c] = v[s + c];
          }
        } else {
          for (let c = 0; c < C; c++) {
            const base = (n * C + c) * hw;
            for (let p = 0; p < hw; p++) out[base + p] = v[base + from[p]];
          }
        }
      }
      return { values: out, details: { variant } };
    },
    // As the last step: compare the gathered values with the target directly, without materialising them.
    fitMeasure: (v, t, cap) => {
      let sum = 0;
      let max = 0;
      // One flat loop over the reference: element o = (plane, pixel p, channel c) comes from pixel from[p] of the dump.
      const last = d.channelsLast;
      const planes = last ? N : N * C;
      const stride = last ? C : 1;
      for (let k = 0; k < planes; k++) {
        const base = k * hw * stride;
        for (let p = 0; p < hw; p++) {
          const o = base + p * stride;
          const src = base + from[p] * stride;
          for (let c = 0; c < stride; c++) {
            const dd = Math.abs(v[src + c] - t[o + c]);
            if (dd <= cap) {
              sum += dd;
              if (dd > max) max = dd;
            } else {
              sum += cap;
              if (dd > max && dd < Infinity) max = dd;
            }
          }
        }
      }
      return { m: { mean: t.length > 0 ? sum / t.length : 0, max }, details: { variant } };
    },
  };
}

/** Rotations (90° either way, 180°) and flips of the reference image, when its layout is known and it is 2-d. */
export function geometryHypotheses(f: Frame): Hypothesis[] {
  const d = f.dims;
  if (!d || d.height < 2 || d.width < 2) return [];
  const H = d.height;
  const W = d.width;
  const out: (Hypothesis | undefined)[] = [
    // np.rot90(img) / cv::rotate ROTATE_90_COUNTERCLOCKWISE: dump[i][j] = ref[j][W-1-i], a W × H image.
    geometric(f, 'rotation', 'rotated 90° counter-clockwise', H, (y, x) => [W - 1 - x, y]),
    // cv::rotate ROTATE_90_CLOCKWISE / np.rot90(img, -1): dump[i][j] = ref[H-1-j][i].
    geometric(f, 'rotation', 'rotated 90° clockwise', H, (y, x) => [x, H - 1 - y]),
    geometric(f, 'rotation', 'rotated 180°', W, (y, x) => [H - 1 - y, W - 1 - x]),
    geometric(f, 'flip', 'mirrored left–right (horizontal flip)', W, (y, x) => [y, W - 1 - x]),
    geometric(f, 'flip', 'upside down (vertical flip)', W, (y, x) => [H - 1 - y, x]),
  ];
  return out.filter((h): h is Hypothesis => h !== undefined);
}
