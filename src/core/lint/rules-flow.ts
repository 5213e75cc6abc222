// Checks run where an image value leaves the code: channel order, PIL mode, normalisation, float64 and layout.

import type { Analyzer } from './flow';
import type { Terminal } from './flow-api';
import { specAffine, type FlowVal, type Op } from './flow-types';
import { endOf, startOf, type Expr } from './ir';
import { edit, type RawEdit, type RawFinding } from './report';
import { channelLoopConstants } from './rules-channel-loop';
import { checkInputDtype } from './rules-dtype';
import { notAnImage, unrelatedParam } from './scalar-params';
import { close, fmtNum, fmtNums, niceNumber } from './values';
import { tag } from './memo';
import { checkColor, checkPilMode, preprocessed } from './rules-color';
import { matBytesAt } from './libs-cpp-matbytes';

const IMAGE_KINDS = new Set(['ndarray', 'pil', 'tensor', 'mat', 'element', 'bitmap', '?']);

/** Runs every value check on one terminal. */
export function checkTerminal(t: Terminal, an: Analyzer): void {
  const f = t.f;
  if (!IMAGE_KINDS.has(f.kind)) return;
  checkColor(t, an);
  checkPilMode(t, an);
  const normalised = an.rep.capture(() => checkNormalization(t, an));
  for (const x of normalised) an.rep.add(x);
  checkInputDtype(t, an, normalised.length > 0);
  checkFloat64(t, an);
  checkLayout(t, an);
}

function describeCode(f: FlowVal): string {
  const parts: string[] = [];
  for (const op of f.trace) {
    if (op.t === 'affine') parts.push(op.desc);
    else if (op.t === 'ppi') parts.push(op.desc);
  }
  return parts.join(', then ');
}

function affineText(a: number[], b: number[], order: string): string {
  const one = (ai: number, bi: number): string => `${fmtNum(ai)}·p ${bi < 0 ? '−' : '+'} ${fmtNum(Math.abs(bi))}`;
  const n = Math.max(a.length, b.length);
  if (n === 1 || (a.every((x) => x === a[0]) && b.every((x) => x === b[0]))) return one(a[0], b[0]);
  const names = order === 'RGB' || order === 'BGR' ? order.split('') : ['c0', 'c1', 'c2'];
  return Array.from({ length: n }, (_, i) => `${names[i] ?? `c${i}`}: ${one(a[a.length === 1 ? 0 : i], b[b.length === 1 ? 0 : i])}`).join('; ');
}

function matches(a: number[], b: number[], A: number[], B: number[], k: number): boolean {
  const n = Math.max(a.length, b.length, A.length);
  for (let i = 0; i < n; i++) {
    const ai = a[a.length === 1 ? 0 : i] * k;
    const bi = b[b.length === 1 ? 0 : i];
    const Ai = A[A.length === 1 ? 0 : i];
    const Bi = B[B.length === 1 ? 0 : i];
    if (ai === undefined || Ai === undefined || !close(ai, Ai) || !(close(bi, Bi) || Math.abs(bi - Bi) < 1e-6)) return false;
  }
  return true;
}

function checkNormalization(t: Terminal, an: Analyzer): void {
  const f = t.f;
  const spec = an.spec.input;
  if (!f.affine || spec.dtype === 'uint8') return;
  if (f.affineOps === 0 && !(t.ctx === 'sink' && (f.origin.kind === 'pixel' || matBytesAt(f)))) return;
  // A number parameter (Java, C++, TypeScript types) that is not written into the input is no image:
  // matrix.postTranslate(-srcWidth / 2f, ...), strncpy(val, qs, val_len - 1). Nor is an untyped one that only gets
  // index arithmetic: random.randint(1, board_size - 2), cv::Size(2 * radius + 1, ...).
  if (t.ctx !== 'sink' && (notAnImage(f) || unrelatedParam(f, an))) return;
  if (f.kind === 'element' && f.channel === undefined && f.affine.a.length > 1 && !channelLoopConstants(f, an)) return;
  const sA = specAffine(spec.scale, spec.mean, spec.std);
  let A = sA.a;
  let B = sA.b;
  if (f.channel !== undefined) {
    const idx = spec.colorOrder === 'BGR' ? 2 - f.channel : f.channel;
    A = [A[idx] ?? A[0]];
    B = [B[idx] ?? B[0]];
  }
  // A parameter made float by the code itself (convertTo(CV_32F, …), astype(np.float32)) held integers: 0–255 pixels.
  const pixelRange = f.origin.kind === 'pixel' || castBeforeScaling(f) || (t.ctx === 'sink' && matBytesAt(f) !== undefined);
  const ks = pixelRange ? [1] : [1, 1 / 255, spec.scale, 1 / 127.5];
  const { a, b } = f.affine;
  const full = ks.some((k) => matches(a, b, A, B, k));
  if (full) return;
  const lenient = t.ctx !== 'sink';
  // A shift by at most 1, or by one small whole number, with no scaling normalises no pixel value: int(x + 0.5) rounds,
  // codepoint + 1 indexes, pix ± alpha (10) bounds a band. Pixel shifts are 127, 128, 255 or means (reported at a model).
  if (lenient && a.every((x) => x === 1) && b.every((x) => Math.abs(x) <= 1 || (x === b[0] && Number.isInteger(x) && Math.abs(x) < 100))) return;
  if (
    lenient &&
    b.every((x) => Math.abs(x) < 1e-9) &&
    ks.some((k) => a.every((x) => close(x * k, spec.scale) || spec.std.every((s) => close(x * k, spec.scale / s))))
  )
    return;
  if (lenient && !pixelRange && f.affineOps <= 1 && b.every((x) => Math.abs(x) < 1e-9)) return;
  const slopeOk = ks.some((k) => a.every((x, i) => close(x * k, A[A.length === 1 ? 0 : i] ?? A[0])));
  const ops = f.trace.filter((op) => op.t === 'affine' || op.t === 'ppi');
  // Leading operations that together scale by the spec's own input.scale (÷ 255 with 1/255; 255 − p then ÷ 255 with
  // −1/255) are right: the deviation is in what follows (the mean and std lines).
  const firstWrong = slopeOk ? 0 : afterSpecScale(ops, spec.scale);
  const pick = slopeOk ? ops[ops.length - 1] : firstWrong > 0 ? ops[firstWrong] : ops[0];
  // Nothing scales: the finding goes where the values become floats (toFloat(), astype(np.float32)), where the
  // scaling belongs, when the code has such a step.
  let floatCast: Extract<Op, { t: 'cast' }> | undefined;
  if (!pick) for (const op of f.trace) if (op.t === 'cast' && (op.dtype === 'float32' || op.dtype === 'float16')) floatCast = op;
  const at: Expr = pick && (pick.t === 'affine' || pick.t === 'ppi') ? pick.node : (floatCast?.node ?? t.at);
  const specText = (): string => specWording(an).formula;
  const codeText = (): string => (f.affineOps === 0 ? 'no scaling at all (raw 0–255 pixels)' : describeCode(f));
  const ppi = f.ppi;
  const specPath = b.every((x, i) => close(x, sA.b[i] ?? sA.b[0])) ? 'input.scale' : 'input.mean';
  if (ppi) {
    an.rep.add({
      rule: 'keras-preprocess-input',
      at: ppi.node,
      specPath,
      message: `${ppi.desc} uses mode "${ppi.mode}" (${PPI_TEXT[ppi.mode]}), so the model gets ${affineText(a, b, f.color)}; the spec gives ${specText()} = ${specWording(an).affine}${spec.colorOrder !== 'GRAY' ? ` in ${spec.colorOrder}` : ''}. Use the preprocess_input of the model the spec describes, or update the spec.`,
    });
    return;
  }
  // The channels of one image written one by one (Android's R, G, B of a packed pixel) with no arithmetic of their own
  // to point at (raw values where the spec scales) are one deviation: one finding, on the first write. Channels with
  // their own arithmetic are merged below when they say the same thing.
  if (f.channel !== undefined && at === t.at && onceForImage(an, f)) return;
  const finding: RawFinding = {
    rule: 'normalization',
    at,
    specPath,
    message: `This code normalises with ${codeText()}, i.e. ${affineText(a, b, f.color)}${f.origin.kind === 'pixel' ? ` of the 0–255 pixel p from ${f.origin.desc}` : ''}, but the spec gives ${specText()} = ${specWording(an).affine}.${inPixelUnits(a, b, an)}`,
    fix: normalizationFix(f, an),
  };
  // The channels of one pixel written line by line with the same constants (Android's R, G, B putFloat lines) are one
  // deviation: one finding, on the first line, whose quick fix edits every line.
  if (f.channel !== undefined && mergeChannelFinding(an, f, finding)) return;
  an.rep.add(finding);
}

/** True when the value became float32 before any arithmetic on it: it held integers (0–255 pixels) until then. */
function castBeforeScaling(f: FlowVal): boolean {
  for (const op of f.trace) {
    if (op.t === 'cast') return op.dtype === 'float32' || op.dtype === 'float16';
    if (op.t === 'affine' || op.t === 'nonaffine' || op.t === 'ppi') return false;
  }
  return false;
}

/** The index of the first operation after the longest leading run whose composed slope is `scale` (0 when none). */
function afterSpecScale(ops: readonly Op[], scale: number): number {
  let slope = [1];
  let last = -1;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]!;
    // A shift inside the run is allowed only as an inversion (255 − p); any other (− mean) ends it.
    if (op.t !== 'affine' || (op.add.some((x) => x !== 0) && !op.mul.every((m) => m === -1))) break;
    const n = Math.max(slope.length, op.mul.length);
    const next = new Array<number>(n);
    for (let j = 0; j < n; j++) next[j] = (slope[j] ?? slope[0]!) * (op.mul[j] ?? op.mul[0]!);
    slope = next;
    // Only a scaling step ends the run: a shift (− mean) after the scale is the deviation itself.
    if (op.mul.some((m) => m !== 1) && slope.every((x) => close(x, scale))) last = i;
  }
  return last >= 0 && last + 1 < ops.length ? last + 1 : 0;
}

/** Per analysis: the channel findings given so far, by the offset of their image's origin, then by message. */
const CHANNEL_FINDINGS = tag<Analyzer, Map<number, Map<string, RawFinding>>>('channel findings');

/** Folds a channel's finding into an earlier one of the same image with the same message; false when it is the first. */
function mergeChannelFinding(an: Analyzer, f: FlowVal, finding: RawFinding): boolean {
  let byOrigin = CHANNEL_FINDINGS.get(an);
  if (!byOrigin) CHANNEL_FINDINGS.set(an, (byOrigin = new Map()));
  const at = startOf(f.origin.node.sp);
  let byMessage = byOrigin.get(at);
  if (!byMessage) byOrigin.set(at, (byMessage = new Map()));
  const first = byMessage.get(finding.message);
  if (!first) {
    byMessage.set(finding.message, finding);
    return false;
  }
  if (first.fix && finding.fix) {
    const edits = first.fix.edits;
    for (const e of finding.fix.edits) if (!edits.some((x) => x.ch === e.ch && x.s === e.s && x.e === e.e && x.text === e.text)) edits.push(e);
  } else first.fix = undefined; // a fix of some lines only would leave the others wrong
  return true;
}

const CHANNEL_REPORTED = tag<Analyzer, Set<object>>('channel reported');

/** True when a normalisation finding was already given for another channel of the same image in this analysis. */
function onceForImage(an: Analyzer, f: FlowVal): boolean {
  let seen = CHANNEL_REPORTED.get(an);
  if (!seen) CHANNEL_REPORTED.set(an, (seen = new Set()));
  if (seen.has(f.origin)) return true;
  seen.add(f.origin);
  return false;
}

/**
 * The difference in the terms people write: (p − m) / s on 0–255 pixels, the code's m and s next to the spec's
 * (e.g. "subtracts 127 and divides by 127; the spec needs 127.5 and 127.5"), and what to change.
 */
function inPixelUnits(a: number[], b: number[], an: Analyzer): string {
  const spec = an.spec.input;
  if (a.some((x) => x === 0)) return '';
  const codeM = a.map((x, i) => -b[b.length === 1 ? 0 : i] / x);
  const codeS = a.map((x) => 1 / x);
  const specM = spec.mean.map((m) => m / spec.scale);
  const specS = spec.std.map((s) => s / spec.scale);
  const same = (v: number[]): number[] => (v.every((x) => close(x, v[0])) ? [v[0]] : v);
  const [cm, cs, sm, ss] = [same(codeM), same(codeS), same(specM), same(specS)];
  const mOk = cm.length === sm.length && cm.every((x, i) => Math.abs(x - sm[i]) < 1e-6 || close(x, sm[i]));
  const sOk = cs.length === ss.length && cs.every((x, i) => close(x, ss[i]));
  const what = !mOk && !sOk ? `subtract ${fmtNums(sm)} and divide by ${fmtNums(ss)}` : !mOk ? `subtract ${fmtNums(sm)}` : `divide by ${fmtNums(ss)}`;
  return ` On 0–255 pixels the code computes (p − ${fmtNums(cm)}) / ${fmtNums(cs)} and the spec (p − ${fmtNums(sm)}) / ${fmtNums(ss)}: ${what} (or update input.scale, input.mean and input.std if the code is right).`;
}

const WORDING = tag<object, { formula: string; affine: string }>('wording');

/** How messages state the spec's normalisation (built once per spec object). */
function specWording(an: Analyzer): { formula: string; affine: string } {
  let w = WORDING.get(an.spec);
  if (!w) {
    const spec = an.spec.input;
    const sA = specAffine(spec.scale, spec.mean, spec.std);
    w = {
      formula: `(p × ${fmtNum(spec.scale)} − mean) / std with input.mean ${fmtNums(spec.mean)} and input.std ${fmtNums(spec.std)}`,
      affine: affineText(sA.a, sA.b, spec.colorOrder),
    };
    WORDING.set(an.spec, w);
  }
  return w;
}

const PPI_TEXT: Record<string, string> = {
  caffe: 'RGB→BGR, then minus [103.939, 116.779, 123.68], no scaling',
  tf: 'x / 127.5 − 1, range [−1, 1]',
  torch: 'x / 255, then minus [0.485, 0.456, 0.406], divided by [0.229, 0.224, 0.225]',
};

function normalizationFix(f: FlowVal, an: Analyzer): { title: string; edits: RawEdit[] } | undefined {
  const spec = an.spec.input;
  const ops = f.trace.filter((op) => op.t === 'affine');
  if (ops.length !== 1 || f.origin.kind !== 'pixel') return undefined;
  if (!spec.mean.every((m) => m === 0) || !spec.std.every((s) => s === spec.std[0])) return undefined;
  const op = ops[0];
  if (op.t !== 'affine') return undefined;
  const want = spec.scale / spec.std[0];
  if (op.fix) {
    const edits = op.fix(want, -spec.mean[0] / spec.std[0]);
    return edits ? { title: `Use ${edits.map((e) => e.text).join(' ')} (input.scale, input.mean)`, edits } : undefined;
  }
  if (op.node.k !== 'bin' || op.node.r.k !== 'num' || op.node.op !== op.opName || op.add.some((x) => x !== 0)) return undefined;
  const lit = op.node.r;
  const text = op.opName === '/' ? niceNumber(1 / want) : op.opName === '*' ? niceNumber(want) : undefined;
  if (!text) return undefined;
  const out = lit.float && !text.includes('.') && !/e/i.test(text) ? `${text}.0` : text;
  const suffix = /[fF]$/.test(lit.raw) ? 'f' : '';
  return {
    title: `${op.opName === '/' ? 'Divide by' : 'Multiply by'} ${out} (input.scale)`,
    edits: [edit(lit.sp, startOf(lit.sp), endOf(lit.sp), `${out}${suffix}`)],
  };
}

function checkFloat64(t: Terminal, an: Analyzer): void {
  const f = t.f;
  if (an.info.family !== 'python' || f.dtype !== 'float64' || !f.f64At) return;
  if (an.spec.input.dtype !== 'float32' && an.spec.input.dtype !== 'float16') return;
  if (t.ctx === 'escape-user') return;
  // A parameter only cast to float64 (P = P.astype(np.float64) in scientific code) is no prepared model input: without
  // scaling, a resize or a re-layout beside the cast, nothing says it is an image.
  if (
    f.origin.kind === 'param' &&
    t.ctx !== 'sink' &&
    (notAnImage(f) ||
      unrelatedParam(f, an) ||
      !f.trace.some((op) => op.t === 'affine' || op.t === 'layout' || op.t === 'ppi' || op.t === 'resize' || op.t === 'swap'))
  )
    return;
  const at = f.f64At;
  const txt = an.text(at);
  let fix: { title: string; edits: RawEdit[] } | undefined;
  const m = /float64|np\.double|\bfloat\b/.exec(txt);
  if (m && /astype|dtype|float64/.test(txt)) {
    const s = startOf(at.sp) + m.index;
    const rep = m[0] === 'float' ? (txt.includes('astype') ? 'np.float32' : 'np.float32') : m[0] === 'np.double' ? 'np.float32' : 'float32';
    if (!(m[0] === 'float' && !an.info.imports.has('np'))) fix = { title: `Use float32`, edits: [edit(at.sp, s, s + m[0].length, rep)] };
  } else if (at.k === 'bin') {
    const np = [...an.info.imports].find(([, full]) => full === 'numpy')?.[0];
    const scope = an.info.module;
    const r = an.info.evalConst(at.r, scope);
    const strongRight = r && ((r.t === 'seq' && (r.dt === 'list' || r.dt === 'f64')) || (r.t === 'num' && r.dt === 'f64'));
    if (strongRight && np) {
      fix = {
        title: 'Make the constant float32',
        edits: [edit(at.r.sp, startOf(at.r.sp), endOf(at.r.sp), `${np}.asarray(${an.text(at.r)}, dtype=${np}.float32)`)],
      };
    } else if (r && !strongRight && (at.l.k === 'name' || at.l.k === 'attr' || at.l.k === 'call')) {
      const cast = np ? `.astype(${np}.float32)` : `.astype("float32")`;
      const e = endOf(at.l.sp);
      fix = { title: 'Cast to float32 before the arithmetic', edits: [edit(at.sp, e, e, cast)] };
    }
  }
  an.rep.add({
    rule: 'float64',
    at,
    specPath: 'input.dtype',
    message: `This yields float64 (${at.k === 'bin' ? 'numpy promotes integer arrays and Python lists to float64 in arithmetic' : 'explicit float64'}), but the spec's input.dtype is ${an.spec.input.dtype}. Compute in float32 (e.g. .astype(np.float32) first, and float32 mean/std arrays).`,
    fix,
  });
}

function checkLayout(t: Terminal, an: Analyzer): void {
  const f = t.f;
  const want = an.spec.input.layout;
  // OpenCV's dnn module takes NCHW blobs whatever the framework: its TensorFlow importer transposes NHWC graphs itself.
  if (t.ctx === 'sink' && /\.setInput\(\)$/.test(t.desc) && f.layoutDesc?.includes('blobFromImage')) return;
  // OpenCV's dnn models (DetectionModel...) make and lay out their blob themselves.
  if (f.layoutDesc?.startsWith('the dnn model')) return;
  if (want === 'NHWC' && f.layout === 'CHW' && f.layoutAt) {
    an.rep.add({
      rule: 'layout',
      at: f.layoutAt,
      specPath: 'input.layout',
      message: `${f.layoutDesc ?? 'This'} makes the tensor channels-first (NCHW), but the spec's input.layout is NHWC. Keep channels last.`,
    });
  } else if (want === 'NCHW' && f.layout === 'HWC' && f.layoutAt && t.ctx === 'sink') {
    an.rep.add({
      rule: 'layout',
      at: f.layoutAt,
      specPath: 'input.layout',
      message: `${f.layoutDesc ?? 'This'} makes the tensor channels-last (NHWC), but the spec's input.layout is NCHW. Keep channels first.`,
    });
  } else if (want === 'NCHW' && f.layout !== 'CHW' && t.ctx === 'sink' && f.origin.kind === 'pixel' && f.kind !== 'element' && preprocessed(f)) {
    // Single channel values written one by one: the order of the writes is the layout (rules-fill-array.ts).
    an.rep.add({
      rule: 'layout',
      at: t.at,
      specPath: 'input.layout',
      message: `${f.origin.desc} gives channels-last (HWC) data and it reaches ${t.desc} without a transpose, but the spec's input.layout is NCHW. Transpose to channels first (e.g. x.transpose(2, 0, 1) before adding the batch axis).`,
    });
  }
}
