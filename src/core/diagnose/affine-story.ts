// Turn a per-channel affine fit (reference ≈ a·dump + b) into the mean/std the dump's pipeline implies.

import { Frame, num } from './frame';
import type { SpecChange } from './types';

/** Well-known normalizations, in 0–255 pixel units. */
const KNOWN: { name: string; mean: number[]; std: number[] }[] = [
  { name: 'the ImageNet mean/std (torchvision, Keras "torch" mode)', mean: [123.675, 116.28, 103.53], std: [58.395, 57.12, 57.375] },
  { name: 'the Caffe BGR means (Keras "caffe" mode, without swapping back to RGB)', mean: [103.939, 116.779, 123.68], std: [1, 1, 1] },
  { name: 'the Caffe RGB means (Keras "caffe" mode)', mean: [123.68, 116.779, 103.939], std: [1, 1, 1] },
  { name: 'mean 127.5, std 127.5 (range [-1, 1], Keras "tf" mode)', mean: [127.5, 127.5, 127.5], std: [127.5, 127.5, 127.5] },
  { name: 'mean 128, std 128', mean: [128, 128, 128], std: [128, 128, 128] },
  { name: 'mean 0, std 255 (range [0, 1])', mean: [0, 0, 0], std: [255, 255, 255] },
  { name: 'no normalization (raw 0–255)', mean: [0, 0, 0], std: [1, 1, 1] },
];

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 0.02 * Math.max(Math.abs(b), 1);
}

/** The implied mean/std of the dump's pipeline in the spec's units (pixel × scale) and in 0–255 pixel units. */
export function impliedNormalization(a: number[], b: number[], f: Frame): { mean: number[]; std: number[]; meanPix: number[]; stdPix: number[] } {
  const { scale, mean, std } = f.norm;
  const m = a.map((_, c) => b[c] * (std[c] ?? 1) + (mean[c] ?? 0));
  const s = a.map((ac, c) => ac * (std[c] ?? 1));
  return { mean: m, std: s, meanPix: m.map((v) => v / scale), stdPix: s.map((v) => v / scale) };
}

/** Name a known normalization matching the implied pixel-unit mean/std, if any. */
export function knownNormalization(meanPix: number[], stdPix: number[]): string | undefined {
  const k = KNOWN.find((n) => meanPix.every((v, c) => close(v, n.mean[c % 3])) && stdPix.every((v, c) => close(v, n.std[c % 3])));
  return k?.name;
}

const INTEGER_DTYPES = new Set(['int8', 'uint8', 'int16', 'uint16', 'int32']);

/** An integer dump that maps onto a float reference by one scale and offset: a quantized model input (TFLite int8/uint8). */
function quantizedStory(a: number[], b: number[], f: Frame): { evidence: string; fix: string; params: { scale: number; zeroPoint: number } } | undefined {
  if (!INTEGER_DTYPES.has(f.dumpRaw.dtype) || INTEGER_DTYPES.has(f.refRaw.dtype)) return undefined;
  const scale = a.reduce((s, v) => s + v, 0) / a.length;
  if (!(scale > 0) || a.some((v) => Math.abs(v - scale) > 0.02 * scale)) return undefined;
  const zp = -(b.reduce((s, v) => s + v, 0) / b.length) / scale;
  if (b.some((v) => Math.abs(-v / scale - zp) > 0.02 * Math.max(1, Math.abs(zp)))) return undefined;
  const zeroPoint = Math.round(zp);
  return {
    evidence:
      `Your dump is ${f.dumpRaw.dtype}: it looks like a quantized model input, real = ${num(scale)} × (q ${zeroPoint < 0 ? '+' : '−'} ${Math.abs(zeroPoint)}) ` +
      `(scale ${num(scale)}${Math.abs(scale * 255 - 1) < 0.01 ? ' = 1/255' : ''}, zero point ${zeroPoint}).`,
    fix:
      `If the model really takes ${f.dumpRaw.dtype} (a quantized TFLite model), compare it with a reference quantized the same way: ` +
      `q = round(x / ${num(scale)}) ${zeroPoint < 0 ? '−' : '+'} ${Math.abs(zeroPoint)} (the input tensor's quantization parameters), or dequantize the dump first. ` +
      'If the model takes float32, feed floats instead of the quantized bytes.',
    params: { scale, zeroPoint },
  };
}

const list = (v: number[]): string => `[${v.map((x) => num(x)).join(', ')}]`;

/** Evidence, fix and spec change for an affine (mean/std) mismatch. */
export function affineStory(
  det: Record<string, unknown>,
  errs: string,
  f: Frame,
): { evidence: string; fix: string; specChange?: SpecChange; details: Record<string, unknown> } {
  const a = (det.a as number[] | undefined) ?? [1];
  const b = (det.b as number[] | undefined) ?? [0];
  const imp = impliedNormalization(a, b, f);
  const known = knownNormalization(imp.meanPix, imp.stdPix);
  const specText =
    f.norm.source === 'spec'
      ? `the spec says mean ${list(f.norm.mean)}, std ${list(f.norm.std)} (scale ${num(f.norm.scale)})`
      : `the reference looks like scale ${num(f.norm.scale)}, mean ${list(f.norm.mean)}, std ${list(f.norm.std)}`;
  const evidence =
    `A per-channel fit reference ≈ a·dump + b (a = ${list(a)}, b = ${list(b)}) explains it ${errs}. ` +
    `Your dump implies mean ${list(imp.mean)} and std ${list(imp.std)} (${list(imp.meanPix)} and ${list(imp.stdPix)} in 0–255 pixels), ` +
    `while ${specText}.${known ? ` Those are ${known}.` : ''}`;
  const plain = f.norm.mean.every((v) => v === 0) && f.norm.std.every((v) => v === 1);
  const want = plain
    ? `value = pixel × ${num(f.norm.scale)}${Math.abs(f.norm.scale * 255 - 1) < 1e-9 ? ' (pixel / 255)' : ''}, with no mean subtraction or std division`
    : `value = (pixel × ${num(f.norm.scale)} − ${list(f.norm.mean)}) / ${list(f.norm.std)} per channel`;
  const fix =
    `Normalize as the reference does: ${want}${known ? ` — remove ${known.split(' (')[0]} from your code` : ''}. ` +
    'If the model was trained with your values instead, put them in input.mean/input.std of tensorparity.json.';
  const quant = quantizedStory(a, b, f);
  if (quant) {
    return {
      evidence: `${quant.evidence} ${evidence}`,
      fix: `${quant.fix} ${fix}`,
      details: {
        impliedMean: imp.mean,
        impliedStd: imp.std,
        impliedMeanPixels: imp.meanPix,
        impliedStdPixels: imp.stdPix,
        quantization: quant.params,
      },
    };
  }
  return {
    evidence,
    fix,
    specChange: {
      path: 'input',
      value: { mean: imp.mean.map((v) => Number(v.toPrecision(6))), std: imp.std.map((v) => Number(v.toPrecision(6))) },
    },
    details: {
      impliedMean: imp.mean,
      impliedStd: imp.std,
      impliedMeanPixels: imp.meanPix,
      impliedStdPixels: imp.stdPix,
      ...(known ? { known } : {}),
    },
  };
}
