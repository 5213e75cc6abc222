// Checks that do not need a search: dtype signatures inside tolerance, size mismatches, and model/runtime differences.

import { allocTypedArray, formatShape, numel, toFloat64Array } from '../tensor/ndarray';
import type { DType, NdArray, TypedArray } from '../tensor/types';
import { Frame, measure, Measure, num, withinTolerance } from './frame';
import { float16Fraction, nonFloat32Fraction, roundToFloat16 } from './refalts';
import { CAUSE_STAGE, CAUSE_TITLES } from './catalog';
import type { Cause, CauseId, DiagnoseOptions } from './types';

function cause(id: CauseId, base: Measure, after: Measure, evidence: string, fix: string, details?: Record<string, unknown>): Cause {
  return {
    id,
    title: CAUSE_TITLES[id],
    explained: base.mean > 0 ? 1 - after.mean / base.mean : 1,
    errorBefore: base.mean,
    errorAfter: after.mean,
    maxBefore: base.max,
    maxAfter: after.max,
    evidence,
    fix,
    stage: CAUSE_STAGE[id],
    ...(details ? { details } : {}),
  };
}

/** A float64 dump, always worth reporting (the model takes float32): computed in double precision, or only stored as double. */
export function float64Cause(f: Frame, base: Measure): Cause | undefined {
  if (f.dumpRaw.dtype !== 'float64' || base.mean === 0) return undefined;
  const share = nonFloat32Fraction(f.dump);
  const rounded = new Float64Array(f.n);
  for (let i = 0; i < f.n; i++) rounded[i] = Math.fround(f.dump[i]);
  const m = measure(rounded, f.ref, f.cap);
  const fix =
    'Convert to float32 before feeding (static_cast<float>, .astype(np.float32), (float) in Java); the model input is float32, ' +
    'and a double buffer handed to a float32 tensor is read as garbage.';
  const evidence =
    share > 0.5
      ? `Your dump is float64 and ${num(100 * share)}% of its values are not float32 numbers: the pipeline computed in double precision ` +
        `(rounded to float32: max error ${num(m.max)}, ${num(base.max)} as stored). On its own that is harmless rounding.`
      : `Your dump is stored as float64 (8 bytes a value) though its values are float32 numbers: it was converted to double on the way out. ` +
        'Harmless for the values, but the model takes float32.';
  return cause('float64', base, m, evidence, fix, { nonFloat32Share: share });
}

/** Dtype signatures that are certain even when the difference is within tolerance: float64 arithmetic, float16 rounding. */
export function dtypeSignatures(f: Frame, base: Measure): Cause[] {
  const out: Cause[] = [];
  if (base.mean === 0) return out;
  const f64 = float64Cause(f, base);
  if (f64) out.push(f64);
  const f16 = float16Fraction(f.dump);
  if (f16 > 0.99 && float16Fraction(f.ref) < 0.5) {
    const m = measure(f.dump, roundToFloat16(f.ref), f.cap);
    if (m.mean <= 0.5 * base.mean) {
      out.push(
        cause(
          'float16',
          base,
          m,
          `Every value of your dump is a float16 number and it equals the reference rounded to half precision ` +
            `(max error ${num(m.max)} against the rounded reference, ${num(base.max)} against the reference).`,
          'Feed float32: the input passed through a float16 buffer (FP16 input tensor, .half(), np.float16). If the model takes half, set input.dtype to "float16".',
          { f16Fraction: f16 },
        ),
      );
    }
  }
  return out;
}

/** When the dump and reference sizes differ: explain what we can (double buffer read as float, batch counts). */
export function sizeMismatch(dump: NdArray, ref: NdArray, refValues: Float64Array, tol: Frame['tol']): { message: string; cause?: Cause } {
  const nd = numel(dump.shape);
  const nr = numel(ref.shape);
  const base = `Your dump has ${nd} value${nd === 1 ? '' : 's'} ${formatShape(dump.shape)} but the reference has ${nr} ${formatShape(ref.shape)}`;
  // float64 data read as float32 (twice the values), or float32 data read as float64 (half)
  const pairs: [string, 'float32' | 'float64', number][] = [
    ['float32', 'float64', 2],
    ['float64', 'float32', 0.5],
  ];
  for (const [from, to, ratio] of pairs) {
    if (dump.dtype !== from || nd !== nr * ratio) continue;
    const d = dump.data as Float32Array | Float64Array;
    const bytes = d.buffer.slice(d.byteOffset, d.byteOffset + d.byteLength);
    const re = to === 'float64' ? new Float64Array(bytes) : new Float32Array(bytes);
    const values = toFloat64Array({ dtype: to, shape: [re.length], data: re });
    const m = measure(values, refValues, Infinity);
    if (withinTolerance(values, refValues, tol) || m.mean < 1e-3) {
      const zero: Measure = { mean: 0, max: 0 };
      return {
        message: `${base}: it is ${to} data read as ${from}.`,
        cause: cause(
          'float64',
          { mean: NaN, max: NaN },
          { ...zero, max: m.max },
          `${base}. Its bytes are ${to} values: read as ${to} they match the reference (max error ${num(m.max)}). ` +
            (to === 'float64' ? 'The dump was written from a double buffer.' : 'The dump was written from a float buffer but read as double.'),
          to === 'float64'
            ? 'Write float32: convert the double buffer (static_cast<float>) before fwrite, or read it with dtype float64.'
            : 'Read it as float32 (set "dtype": "float32" in the sidecar).',
          { reinterpretedAs: to },
        ),
      };
    }
  }
  if (dump.shape.length === 0) {
    return {
      message:
        `${base}: your dump is a single number (a 0-d array, value ${num(toFloat64Array(dump)[0])}), not a tensor. ` +
        'It was probably a scalar or a reduction (x.mean(), x.sum(), a loss) saved by mistake: save the model input itself, ' +
        `e.g. np.save(f, x) with x of shape ${formatShape(ref.shape)}.`,
    };
  }
  if (nd > 0 && nd <= 16 && nr > 16 * nd) {
    const perChannel = ref.shape.includes(nd) && nd <= 4 ? ' (as many as the channels: per-channel statistics such as x.mean(axis=(0, 1, 2))?)' : '';
    return {
      message: `${base}: a ${nd}-value dump${perChannel} is not the model input. Save the input tensor itself, e.g. np.save(f, x) with x of shape ${formatShape(ref.shape)}.`,
    };
  }
  const lead = (s: readonly number[]): number => (s.length >= 2 ? s[0] : 1);
  if (nr > 0 && nd % nr === 0 && nd > nr) {
    const items = nd / nr;
    return items === lead(dump.shape)
      ? { message: `${base}: it holds ${items} reference-sized items (batch ${items}). Compare one item (e.g. arr[0:1]).` }
      : {
          message: `${base}: ${items}× as many values. Check the input size and batch of both; if the dump is a batch, compare one item (e.g. arr[0:1]).`,
        };
  }
  if (nd > 0 && nr % nd === 0 && nr > nd) {
    const items = nr / nd;
    return items === lead(ref.shape)
      ? {
          message: `${base}: the reference is a batch of ${items} dump-sized items. Compare the dump with one reference item (e.g. ref[0:1]).`,
        }
      : {
          message:
            `${base}: only 1/${items} of the values. Check the input size (width, height, channels) your code fills, ` +
            `or whether the dump was written before the buffer was complete.`,
        };
  }
  return { message: `${base}. Check that both come from the same model input (size ${formatShape(ref.shape)}).` };
}

/** Same input, different output: the model or the runtime differs. */
export function modelDiffers(opts: DiagnoseOptions, f: Frame, base: Measure, explainedByOthers: number): { cause?: Cause; note?: string } {
  const fp = opts.fingerprints;
  const fpDiffer = fp?.dump !== undefined && fp?.ref !== undefined && fp.dump !== fp.ref;
  const fpSame = fp?.dump !== undefined && fp?.ref !== undefined && fp.dump === fp.ref;
  let inputsMatch: boolean | undefined;
  let inputMax = NaN;
  if (opts.inputs) {
    const a = toFloat64Array(opts.inputs.dump);
    const b = toFloat64Array(opts.inputs.ref);
    if (a.length !== b.length)
      return {
        note: `the inputs given for comparison differ in size (${a.length} vs ${b.length} values); cannot tell whether the model differs.`,
      };
    inputsMatch = withinTolerance(a, b, f.tol);
    inputMax = measure(a, b, Infinity).max;
    if (!inputsMatch) {
      return {
        note: `the two sides fed different inputs (max input difference ${num(inputMax)}): diagnose the input dumps first: the input the dump's side fed against the reference side's input.`,
      };
    }
  }
  // Equal inputs settle it; differing fingerprints alone count only when nothing else explains the difference.
  if (!inputsMatch && !(fpDiffer && explainedByOthers < 0.5)) return {};
  const parts: string[] = [];
  if (inputsMatch) parts.push(`Both sides fed the same input (max input difference ${num(inputMax)}), yet the outputs differ by up to ${num(base.max)}.`);
  if (fpDiffer) parts.push(`The model fingerprints differ (${fp?.dump?.slice(0, 12)}… vs ${fp?.ref?.slice(0, 12)}…): the weights are not the same file.`);
  else if (fpSame)
    parts.push('The model fingerprints are equal, so the runtime differs (TensorFlow/TFLite version, XNNPACK/GPU delegate, threads, fast-math).');
  const fix = fpDiffer
    ? 'Deploy the exact model the reference used (compare sha256 of the weights; re-export after training, not a stale checkpoint).'
    : 'Check the runtime: TF/TFLite version, delegates (XNNPACK, GPU, NNAPI) and quantization; run both sides on CPU float32 to confirm.';
  const c = cause('model-differs', base, { mean: 0, max: 0 }, parts.join(' '), fix, { inputsMatch, fingerprintsDiffer: fpDiffer });
  return { cause: { ...c, explained: 1 } };
}

/** A dump with 4 channels where the reference has 3 (alpha kept: RGBA canvas data, BGRA, Android ARGB): the dump without it. */
export function withoutAlpha(
  dump: NdArray,
  ref: NdArray,
  refValues: Float64Array,
  channels: number | undefined,
): { tensor: NdArray; alphaIndex: number; channelsLast: boolean } | undefined {
  if (channels !== 3 || numel(dump.shape) * 3 !== numel(ref.shape) * 4) return undefined;
  const rank = dump.shape.length;
  let channelsLast: boolean;
  if (rank >= 1 && dump.shape[rank - 1] === 4) channelsLast = true;
  else if ((rank === 4 && dump.shape[1] === 4) || (rank === 3 && dump.shape[0] === 4)) channelsLast = false;
  else return undefined;
  const n = numel(dump.shape);
  const src = toFloat64Array(dump);
  const shape = [...dump.shape];
  if (channelsLast) shape[rank - 1] = 3;
  else shape[rank === 4 ? 1 : 0] = 3;
  const plane = channelsLast ? 1 : n / (rank === 4 ? dump.shape[0] * 4 : 4);
  const drop = (alpha: number): Float64Array => {
    const out = new Float64Array((n / 4) * 3);
    let k = 0;
    for (let i = 0; i < n; i++) if (Math.floor(i / plane) % 4 !== alpha) out[k++] = src[i];
    return out;
  };
  // RGBA/BGRA keep alpha last, Android's ARGB ints unpacked in order keep it first: keep the closer one.
  let best: { data: Float64Array; alpha: number; err: number } | undefined;
  for (const alpha of [3, 0]) {
    const data = drop(alpha);
    let err = 0;
    for (let i = 0; i < data.length; i++) {
      const d = Math.abs(data[i] - refValues[i]);
      err += Number.isFinite(d) ? d : 1e300;
    }
    if (!best || err < best.err) best = { data, alpha, err };
  }
  if (!best) return undefined;
  // Keep the dump's dtype (its signatures matter); float16 becomes float32 and 64-bit integers float64, both exactly.
  const dtype: DType = dump.dtype === 'float16' ? 'float32' : dump.dtype === 'int64' || dump.dtype === 'uint64' ? 'float64' : dump.dtype;
  const data = allocTypedArray(dtype, best.data.length) as Exclude<TypedArray, BigInt64Array | BigUint64Array>;
  data.set(best.data);
  return { tensor: { dtype, shape, data }, alphaIndex: best.alpha, channelsLast };
}
