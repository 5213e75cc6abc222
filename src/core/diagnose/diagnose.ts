// diagnose(): test hypotheses about why a dump differs from the reference and rank them by how much they explain.

import { numel, toFloat64Array } from '../tensor/ndarray';
import { bandsNote, paddingBands } from './bands';
import type { NdArray } from '../tensor/types';
import { decodeImage, type DecodedImage } from '../preprocess/decode';
import { diffTensors } from '../diff/diff';
import { Frame, measure, Measure, normalizationOf, num, withinFloat32Noise, withinTolerance } from './frame';
import type { Hypothesis } from './hypothesis';
import { tensorHypotheses } from './transforms';
import { referenceAlternatives } from './refalts';
import { imageAlternatives } from './image-alts';
import { decodeWithOtherDecoder, decoderAlternatives, resizeLeads } from './decoder-alts';
import { bestExplanation, searchUntil, SearchResult, Trial } from './search';
import { dtypeSignatures, modelDiffers, sizeMismatch, withoutAlpha } from './signatures';
import { type Findings, writeSummary } from './summary';
import { traceStages } from './stages';
import { alphaKept, prepare, refDims, specDescribes } from './prepare';
import { findings, floorOf, IMAGE_LOOKALIKES, minMax, residualBound } from './findings';
import type { Cause, DiagnoseOptions, DiagnoseRef, Diagnosis, MissingEvidence, TestedHypothesis } from './types';

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
      closeness: (alt) => measure(f.dump, alt, f.cap).mean,
      ...(ref.image !== undefined ? { imageFile: ref.image } : {}),
      maxPixels: opts.maxPixels ?? spec.limits.maxPixels,
    });
    hyps.push(...ia.hyps);
    notes.push(...ia.notes);
    let otherDecoded: DecodedImage | undefined;
    // Skipped when a re-run preprocessing already equals the dump: no decoder change can explain it better.
    const exact = (): boolean => ia.hyps.some((h) => h.altRef !== undefined && measure(f.dump, h.altRef, f.cap).mean <= floor);
    if (p.decoded.format === 'jpeg' && ref.image !== undefined && !(spec.input.decoder === 'tf' && p.decoded.decoder !== 'tf') && !exact()) {
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
  // Without the image a fit cannot be re-run, but padding bands the tensor causes do not explain show in the tensors.
  if (missing.includes('image-and-spec') && fd.status !== 'explained' && f.dims && sameShape(dump.shape, f.refRaw.shape)) {
    const bands = paddingBands(f.dump, f.ref, f.dims);
    if (bands) notes.push(bandsNote(bands, f.dims));
  }
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

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
