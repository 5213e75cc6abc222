// diagnose(): test hypotheses about why a dump differs from the reference and rank them by how much they explain.

import { formatShape, numel, toFloat64Array } from '../tensor/ndarray';
import type { NdArray } from '../tensor/types';
import type { Spec } from '../spec/types';
import { decodeImage, type DecodedImage } from '../preprocess/decode';
import { preprocessDecodedFile } from '../preprocess/pipeline';
import type { PreprocessResult } from '../preprocess/types';
import { guessLayout, layoutDims, LayoutDims } from '../diff/align';
import { diffTensors } from '../diff/diff';
import type { DiffLayout, DiffReport } from '../diff/types';
import { Frame, measure, Measure, normalizationOf, num, withinFloat32Noise, withinTolerance } from './frame';
import type { Hypothesis } from './hypothesis';
import { tensorHypotheses } from './transforms';
import { referenceAlternatives } from './refalts';
import { imageAlternatives } from './image-alts';
import { decodeWithOtherDecoder, decoderAlternatives, resizeLeads } from './decoder-alts';
import { bestExplanation, replay, searchUntil, SearchResult, Trial } from './search';
import { CAUSE_STAGE, describe } from './catalog';
import { dtypeSignatures, float64Cause, modelDiffers, sizeMismatch, withoutAlpha } from './signatures';
import { locate } from './residual';
import { type Findings, writeSummary } from './summary';
import { traceStages } from './stages';
import type { Cause, CauseId, DiagnoseOptions, DiagnoseRef, Diagnosis, DifferenceLocation, MissingEvidence, TestedHypothesis } from './types';

function refDims(ref: NdArray, spec: Spec | undefined, layout: DiffLayout | undefined): LayoutDims | undefined {
  const candidates: (DiffLayout | undefined)[] = [];
  if (layout) candidates.push(layout);
  if (spec) {
    const l = spec.input.layout;
    candidates.push(ref.shape.length === 3 ? (l === 'NHWC' ? 'HWC' : 'CHW') : l);
  }
  candidates.push(guessLayout(ref.shape));
  for (const c of candidates) {
    if (!c) continue;
    const d = layoutDims(ref.shape, c);
    if (typeof d !== 'string') return d;
  }
  return undefined;
}

function minMax(v: Float64Array): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x < lo) lo = x;
    if (x > hi) hi = x;
  }
  return [lo, hi];
}

function tested(r: SearchResult): TestedHypothesis[] {
  const rows = [...r.singles, ...r.pairs, ...r.triples].map((t) => ({
    id: t.hyps[0].id,
    variant: t.hyps.map((h) => h.variant).join(' + '),
    explained: t.explained,
    errorAfter: t.m.mean,
    maxAfter: t.m.max,
  }));
  rows.sort((p, q) => q.explained - p.explained);
  return rows.slice(0, 60);
}

/** Causes for the members of the best explanation, best single contribution first. */
function causesOf(best: Trial, r: SearchResult, f: Frame, dumpShape: readonly number[]): Cause[] {
  const singleExplained = (id: string): number => Math.max(0, ...r.singles.filter((s) => s.hyps[0].id === id).map((s) => s.explained));
  const idx = best.hyps.map((_, i) => i).sort((a, b) => singleExplained(best.hyps[b].id) - singleExplained(best.hyps[a].id));
  const causes: Cause[] = [];
  for (const i of idx) {
    const partners = best.hyps.filter((_, k) => k !== i).map((h) => h.id);
    const companion = best.hyps[i].companion;
    causes.push(describe(best, i, { f, base: r.base, dumpShape, partners: companion ? [...partners, companion.id] : partners }));
    if (!companion) continue;
    // "tf.image.resize after TF's JPEG decoder": the resize is named too, with the same numbers.
    const withCompanion: Trial = { ...best, hyps: [...best.hyps, companion], details: [...best.details, companion.details] };
    causes.push(describe(withCompanion, best.hyps.length, { f, base: r.base, dumpShape, partners: [...partners, best.hyps[i].id] }));
  }
  return causes;
}

interface Prepared {
  refT: NdArray;
  spec: Spec | undefined;
  decoded: DecodedImage | undefined;
  pre: PreprocessResult | undefined;
  source: 'tensor' | 'image';
}

async function prepare(ref: DiagnoseRef, opts: DiagnoseOptions): Promise<Prepared> {
  const spec = ref.spec;
  const image = ref.image;
  let decoded: DecodedImage | undefined;
  let pre: PreprocessResult | undefined;
  if (image !== undefined && spec) {
    const maxPixels = opts.maxPixels ?? spec.limits.maxPixels;
    decoded = await decodeImage(image, { applyExif: spec.input.applyExif, maxPixels, ...(spec.input.decoder ? { decoder: spec.input.decoder } : {}) });
    // sharp runs on the file itself (shrink-on-load, EXIF rotate), as a JS pipeline would; the others from the pixels.
    pre = await preprocessDecodedFile(image, decoded, spec.input, { maxPixels });
  }
  if ('tensor' in ref && ref.tensor) return { refT: ref.tensor, spec, decoded, pre, source: 'tensor' };
  if (!pre) throw new Error('diagnose: the reference needs a tensor, or an image and a spec');
  return { refT: pre.tensor, spec, decoded, pre, source: 'image' };
}

/** True when `shape` is the spec's model input (any batch), so the spec's layout and normalization describe it. */
function specDescribes(shape: readonly number[], spec: Spec): boolean {
  const { width, height, layout, colorOrder } = spec.input;
  const c = colorOrder === 'GRAY' ? 1 : 3;
  const want = layout === 'NHWC' ? [height, width, c] : [c, height, width];
  const tail = shape.length === 4 ? shape.slice(1) : shape.length === 3 ? shape : undefined;
  return tail !== undefined && tail.every((d, i) => d === want[i]);
}

/** The diagnosis of a dump that kept its alpha channel: the alpha cause first, then whatever the 3-channel part shows. */
function alphaKept(dump: NdArray, na: NonNullable<ReturnType<typeof withoutAlpha>>, inner: Diagnosis): Diagnosis {
  const order = na.alphaIndex === 0 ? 'ARGB (alpha first)' : 'RGBA/BGRA (alpha last)';
  const clean = inner.status === 'identical' || inner.status === 'numeric-noise' || inner.status === 'within-tolerance';
  const rest = clean ? 'With the alpha channel dropped it matches the reference' : `With the alpha channel dropped: ${inner.summary.replace(/\.+$/, '')}`;
  const cause: Cause = {
    id: 'alpha',
    title: 'Alpha channel kept (4 channels instead of 3)',
    explained: 1,
    errorBefore: NaN,
    errorAfter: inner.baseline.meanAbs,
    maxBefore: NaN,
    maxAfter: inner.baseline.maxAbs,
    evidence:
      `Your dump has 4 values per pixel ${formatShape(dump.shape)}, laid out ${order}, but the model takes 3 ${formatShape(inner.reference.shape)}. ` +
      `${rest}${clean ? ` (max error ${num(inner.baseline.maxAbs)})` : ''}.`,
    fix:
      'Drop the alpha channel before filling the tensor: canvas getImageData() and sharp .ensureAlpha() give RGBA (skip every 4th byte, or sharp .removeAlpha()); ' +
      'cv::cvtColor(img, img, cv::COLOR_BGRA2BGR); Android Bitmap pixels are ARGB ints: take (p >> 16) & 0xFF, (p >> 8) & 0xFF, p & 0xFF.',
    stage: CAUSE_STAGE.alpha,
    details: { alphaIndex: na.alphaIndex, channelsLast: na.channelsLast },
  };
  return {
    ...inner,
    status: clean ? 'explained' : inner.status === 'incomparable' ? 'incomparable' : inner.status === 'explained' ? 'explained' : 'partially-explained',
    summary: `${cause.title}: ${cause.evidence}`,
    causes: [cause, ...inner.causes],
    dump: { shape: [...dump.shape], dtype: dump.dtype },
    notes: [...inner.notes, 'the causes after the first were found on the dump with its alpha channel dropped.'],
  };
}

/** Diagnose why `dump` differs from the reference (a tensor, or an image run through the spec's preprocessing). */
export async function diagnose(dump: NdArray, ref: DiagnoseRef, opts: DiagnoseOptions = {}): Promise<Diagnosis> {
  const p = await prepare(ref, opts);
  const { refT } = p;
  const tol = {
    atol: opts.atol ?? p.spec?.tolerance.atol ?? 1e-4,
    rtol: opts.rtol ?? p.spec?.tolerance.rtol ?? 1e-3,
    mode: opts.mode ?? p.spec?.tolerance.mode ?? 'allclose',
  };
  const notes: string[] = [];
  // The spec's tolerance always applies; its layout and normalization only when the reference is its model input.
  const spec = p.spec && specDescribes(refT.shape, p.spec) ? p.spec : undefined;
  if (p.spec && !spec) notes.push(`the reference's shape is not the spec's model input, so the spec's layout and normalization are not used.`);
  const dims = refDims(refT, spec, opts.layout);
  const reference = { shape: [...refT.shape], dtype: refT.dtype, ...(dims ? { layout: dims.name } : {}), source: p.source };
  const dumpInfo = { shape: [...dump.shape], dtype: dump.dtype };
  const refValues = toFloat64Array(refT);
  const noAlpha = numel(dump.shape) !== numel(refT.shape) ? withoutAlpha(dump, refT, refValues, dims?.channels) : undefined;
  if (noAlpha) return alphaKept(dump, noAlpha, await diagnose(noAlpha.tensor, ref, opts));
  if (numel(dump.shape) !== numel(refT.shape)) {
    const sm = sizeMismatch(dump, refT, refValues, tol);
    return {
      status: 'incomparable',
      summary: sm.message,
      causes: sm.cause ? [sm.cause] : [],
      tested: [],
      baseline: { meanAbs: NaN, maxAbs: NaN, within: false },
      reference,
      dump: dumpInfo,
      notes,
      missing: [],
    };
  }
  if (refValues.length === 0) {
    return {
      status: 'incomparable',
      summary: 'Both tensors are empty: there is nothing to diagnose. Check that the dump was written after the tensor was filled.',
      causes: [],
      tested: [],
      baseline: { meanAbs: NaN, maxAbs: NaN, within: true },
      reference,
      dump: dumpInfo,
      notes,
      missing: [],
    };
  }
  const dumpValues = toFloat64Array(dump);
  const [lo, hi] = minMax(refValues);
  const refRange = Number.isFinite(hi - lo) ? hi - lo : 1;
  const f: Frame = {
    n: refValues.length,
    dims,
    ref: refValues,
    dump: dumpValues,
    dumpRaw: dump,
    refRaw: refT,
    cap: 10 * Math.max(refRange, Math.abs(hi), Math.abs(lo), 1e-6),
    tol,
    norm: normalizationOf(spec, lo, hi, dims?.channels ?? 1),
    spec,
    refRange,
  };
  const base: Measure = measure(dumpValues, refValues, f.cap);
  const within = withinTolerance(dumpValues, refValues, tol);
  const report =
    opts.baselineReport ?? diffTensors({ dtype: dump.dtype, shape: refT.shape, data: dump.data }, refT, { ...tol, ...(dims ? { layout: dims.name } : {}) });
  const baseline = { meanAbs: base.mean, maxAbs: base.max, within, report };
  const stagesOf = (top?: Cause): Diagnosis['stages'] => (p.pre ? traceStages(p.pre.stages, f, top?.id) : undefined);
  const finish = (d: Omit<Diagnosis, 'baseline' | 'reference' | 'dump' | 'notes' | 'stages'>, top?: Cause): Diagnosis => {
    const stages = stagesOf(top);
    return { ...d, baseline, ...(stages ? { stages } : {}), reference, dump: dumpInfo, notes };
  };

  if (base.mean === 0) {
    // Equal values, but a float64 dump is still worth a word: the model takes float32.
    const f64 = dump.dtype === 'float64' && refT.dtype !== 'float64' ? ' It is stored as float64, though: convert it to float32 before feeding the model.' : '';
    return finish({
      status: 'identical',
      summary: `Your dump is identical to the reference: nothing to fix.${f64}`,
      causes: [],
      tested: [],
      missing: [],
    });
  }
  if (within || withinFloat32Noise(dumpValues, refValues)) {
    const noise = withinFloat32Noise(dumpValues, refValues);
    const sig = dtypeSignatures(f, base);
    const lead = noise
      ? `Within float32 rounding noise (max error ${num(base.max)}): numerical noise, not a bug.`
      : `Within tolerance (max error ${num(base.max)}, atol ${num(tol.atol)}, rtol ${num(tol.rtol)}).`;
    const extra = sig.length > 0 ? ` Still worth knowing: ${sig.map((c) => c.title.toLowerCase()).join('; ')}.` : '';
    const md = modelDiffers(opts, f, base, 1);
    if (md.note) notes.push(md.note);
    return finish({ status: noise ? 'numeric-noise' : 'within-tolerance', summary: lead + extra, causes: sig, tested: [], missing: [] }, sig[0]);
  }

  const hyps: Hypothesis[] = [...tensorHypotheses(f), ...referenceAlternatives(f)];
  const missing: MissingEvidence[] = [];
  // Tensor causes first: when they leave nothing to explain, re-running the preprocessing with other settings cannot do better.
  const refMaxAbs = Math.max(Math.abs(lo), Math.abs(hi));
  const settled = (t: Trial): boolean => t.explained > 0.999 && t.m.max <= residualBound(tol, refMaxAbs);
  // ...unless the tensor cause is one a preprocessing difference can imitate (an EXIF rotation looks like a rotated dump).
  const settledAlone = (t: Trial): boolean => settled(t) && !(p.decoded && t.hyps.some((h) => IMAGE_LOOKALIKES.has(h.id)));
  const floor = floorOf(f);
  let r = searchUntil(f, hyps, settledAlone, floor);
  let decoderTested = false;
  const tensorBest = bestExplanation(r, floor);
  const tensorSettled = tensorBest !== undefined && settledAlone(tensorBest);
  if (p.decoded && spec && tensorSettled) {
    notes.push('the tensor causes leave nothing to explain, so the preprocessing was not re-run with other resize, fit, EXIF or alpha settings.');
  } else if (p.decoded && spec) {
    let other: DecodedImage | undefined;
    const orientation = p.decoded.orientation;
    if (orientation !== undefined && orientation !== 1 && ref.image !== undefined) {
      other = await decodeImage(ref.image, {
        applyExif: !spec.input.applyExif,
        maxPixels: opts.maxPixels ?? spec.limits.maxPixels,
        ...(spec.input.decoder ? { decoder: spec.input.decoder } : {}),
      });
    }
    const colorStage = p.pre?.stages.find((st) => st.name === 'color')?.tensor;
    const colorImage =
      colorStage && colorStage.shape.length === 3
        ? {
            height: colorStage.shape[0],
            width: colorStage.shape[1],
            channels: colorStage.shape[2],
            data: colorStage.data as Uint8Array | Uint16Array,
          }
        : undefined;
    const ia = await imageAlternatives({
      spec,
      decoded: p.decoded,
      ...(other ? { decodedOtherExif: other } : {}),
      ...(colorImage ? { colorImage } : {}),
      n: f.n,
      skipResizeSearch: opts.skipResizeSearch ?? false,
      matchesDump: (alt) => measure(f.dump, alt, f.cap).mean <= floor,
      ...(ref.image !== undefined ? { imageFile: ref.image } : {}),
      maxPixels: opts.maxPixels ?? spec.limits.maxPixels,
    });
    hyps.push(...ia.hyps);
    notes.push(...ia.notes);
    let otherDecoded: DecodedImage | undefined;
    // Skipped when a re-run preprocessing already equals the dump: no decoder change can explain it better.
    const exact = (): boolean => ia.hyps.some((h) => h.altRef !== undefined && measure(f.dump, h.altRef, f.cap).mean <= floor);
    if (p.decoded.format === 'jpeg' && ref.image !== undefined && !exact()) {
      const other = await decodeWithOtherDecoder(spec, ref.image, opts.maxPixels ?? spec.limits.maxPixels);
      if (typeof other === 'string') notes.push(other);
      else if (other) {
        otherDecoded = other;
        decoderTested = true;
        hyps.push(...decoderAlternatives(other, spec, f.n, true, []));
      }
    }
    r = searchUntil(f, hyps, settled, floor);
    // A JPEG: the other decoder (TF's fast IDCT or the accurate one) after the closest resize kernels, when the
    // decoder alone (tried with the other image alternatives) and the kernels alone leave something.
    const now = bestExplanation(r, floor);
    if (otherDecoded && !(now && settled(now)) && !opts.skipResizeSearch) {
      const more = decoderAlternatives(otherDecoded, spec, f.n, false, resizeLeads(r));
      if (more.length > 0) {
        hyps.push(...more);
        r = searchUntil(f, hyps, settled, floor);
      }
    }
  } else {
    missing.push('image-and-spec');
  }
  const fd = findings(f, r, opts, base, report, missing, dump.shape);
  if (fd.notes.length > 0) notes.push(...fd.notes);
  const top = fd.causes[0];
  const jpeg = p.decoded?.format === 'jpeg' && !decoderTested ? jpegDecoderNote(fd, f) : undefined;
  if (jpeg) notes.push(jpeg);
  if (missing.includes('image-and-spec') && (fd.status !== 'explained' || (top && IMAGE_LOOKALIKES.has(top.id)))) {
    notes.push(
      'only the tensors were compared: a different resize, fit, EXIF rotation or alpha handling can look like ' +
        `${top ? `"${top.title.toLowerCase()}"` : 'an unexplained difference'} here. With the image and the spec, diagnose re-runs the preprocessing ` +
        'with those changed, and may name one of them instead: that is why the two can disagree.',
    );
  }
  return finish(
    {
      status: fd.status,
      summary: writeSummary(fd, f.dims),
      causes: fd.causes,
      tested: tested(r),
      missing: fd.missing,
      ...(fd.remaining ? { remaining: fd.remaining } : {}),
      ...(fd.combined ? { combined: fd.combined } : {}),
    },
    top,
  );
}

/**
 * A JPEG reference and a small difference spread over the image: what a different JPEG decoder gives (TF's decode_jpeg
 * uses the fast integer IDCT by default). Used only when that decoder was not tested here, so said as a note, never claimed.
 */
function jpegDecoderNote(fd: Findings, f: Frame): string | undefined {
  const rest = fd.remaining;
  if (fd.status === 'explained' || !rest || rest.share < 0.2) return undefined;
  const std = Math.min(...f.norm.std.map((v) => Math.abs(v) || 1));
  const levels = (rest.maxAbs * std) / Math.abs(f.norm.scale || 1);
  if (!(levels <= 16)) return undefined;
  return (
    `the image is a JPEG and what is left is small (up to ${num(levels)} pixel levels) and spread over ${num(100 * rest.share)}% of the pixels: ` +
    "a different JPEG decoder does that. TF's tf.io.decode_jpeg uses the fast integer IDCT by default (up to about 14 levels from the accurate " +
    'IDCT cv2, Pillow and sharp use); decode with dct_method="INTEGER_ACCURATE" on the TF side to test it. A TF-decoded reference was not tested ' +
    'for this image, so it is not claimed as the cause.'
  );
}

/** Errors below this count as none (2^-20 of the reference's mean magnitude). */
function floorOf(f: Frame): number {
  let mean = 0;
  for (let i = 0; i < f.n; i++) mean += Math.abs(f.ref[i]);
  return Math.max(1e-12, (mean / f.n) * 2 ** -20);
}

/** The largest error left after undoing the causes that still counts as inside tolerance. */
function residualBound(tol: { atol: number; rtol: number }, refMaxAbs: number): number {
  return Math.max(tol.atol + tol.rtol * refMaxAbs, 1e-6 * Math.max(1, refMaxAbs));
}

/** Causes a tensor-only diagnosis can name where the image would show a preprocessing difference instead. */
const IMAGE_LOOKALIKES: ReadonlySet<CauseId> = new Set<CauseId>([
  'affine-mean-std',
  'uint8-truncation',
  'uint8-rounding',
  'local-difference',
  'rotation',
  'flip',
  'hw-transpose',
]);

/** Decide the status and the causes from the search: the best explanation, the model check, float64 alongside, what remains. */
function findings(
  f: Frame,
  r: SearchResult,
  opts: DiagnoseOptions,
  base: Measure,
  report: DiffReport,
  missing: MissingEvidence[],
  dumpShape: readonly number[],
): Findings & { notes: string[]; combined?: Diagnosis['combined'] } {
  const notes: string[] = [];
  const best = bestExplanation(r, floorOf(f));
  const usable = best && best.explained >= 0.5 ? best : undefined;
  let causes: Cause[] = usable ? causesOf(usable, r, f, dumpShape) : [];
  const md = modelDiffers(opts, f, base, best?.explained ?? 0);
  if (md.note) notes.push(md.note);
  if (md.cause) {
    // Same input on both sides: whatever relation the outputs have, the model or runtime is the cause.
    if (causes.length > 0)
      notes.push(
        `the outputs also relate by ${causes.map((c) => c.title.toLowerCase()).join(' + ')} (explains ${Math.round(100 * (best?.explained ?? 0))}%); with equal inputs that describes the model difference, not a preprocessing bug.`,
      );
    causes = [md.cause];
  }
  if (!opts.inputs && !opts.fingerprints) missing.push('model-inputs');
  const explaining = causes.length;
  // A float64 dump is always worth knowing about, next to whatever else explains the difference.
  const f64 = !md.cause && !causes.some((c) => c.id === 'float64') ? float64Cause(f, base) : undefined;
  if (f64) causes.push(f64);
  const explained = md.cause ? 1 : (usable?.explained ?? 0);
  const [lo, hi] = minMax(f.ref);
  const refMaxAbs = Math.max(Math.abs(lo), Math.abs(hi));
  const top = causes[0];
  const leftover = md.cause || !top ? 0 : top.maxAfter;
  const residualOk = !(leftover > residualBound(f.tol, refMaxAbs));
  const status: Findings['status'] = explaining === 0 ? 'unexplained' : explained >= 0.9 && residualOk ? 'explained' : 'partially-explained';
  let remaining: DifferenceLocation | undefined;
  if (status !== 'explained' && !md.cause) {
    const after = usable ? replay(f, usable) : { values: f.dump, target: f.ref };
    remaining = locate(after.values, after.target, f);
  }
  const nonFinite = report.nonFinite.a.nan + report.nonFinite.a.posInf + report.nonFinite.a.negInf;
  return {
    status,
    causes,
    explaining,
    explained,
    leftover,
    residualOk,
    ...(remaining ? { remaining } : {}),
    closest: r.singles.slice(0, 3).map((t) => ({ id: t.hyps[0].id, explained: t.explained })),
    baseMax: base.max,
    nonFinite,
    tol: f.tol,
    modelCause: md.cause !== undefined,
    missing,
    notes,
    ...(usable && usable.hyps.length > 1 && !md.cause
      ? { combined: { ids: usable.hyps.map((h) => h.id), explained: usable.explained, maxAfter: usable.m.max } }
      : {}),
  };
}
