// Checks run where an image value leaves the code: channel order, PIL mode, normalisation, float64 and layout.

import type { Analyzer } from './flow';
import type { Terminal } from './flow-api';
import { specAffine, type FlowVal, type Op } from './flow-types';
import { dottedName, endOf, startOf, walkStmts, type Expr } from './ir';
import { insertionAfterLoadChecks } from './fix-placement';
import { javaColorFix } from './fix-java-color';
import { edit, type RawEdit, type RawFinding } from './report';
import { describeRoute } from './route';
import { channelLoopConstants } from './rules-channel-loop';
import { checkInputDtype } from './rules-dtype';
import { notAnImage, unrelatedParam } from './scalar-params';
import { close, fmtNum, fmtNums, niceNumber } from './values';
import { tag } from './memo';
import { gradioImageParam } from './libs-python-apps';
import { keptBgrAt } from './libs-opencv';

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

/** True when the value was scaled, cast or re-laid-out: it is being prepared as model input, not just loaded or resized. */
function preprocessed(f: FlowVal): boolean {
  return f.trace.some((op) => op.t === 'affine' || op.t === 'cast' || op.t === 'layout' || op.t === 'ppi');
}

function lineIndent(src: string, offset: number): string {
  const ls = src.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(src.slice(ls))?.[0] ?? '';
}

function colorFix(t: Terminal, an: Analyzer, want: 'RGB' | 'BGR'): { title: string; edits: RawEdit[] } | undefined {
  const o = t.f.origin;
  if (!o.assign || o.node.k !== 'call') return undefined;
  const stmt = o.assign.stmt;
  const end = endOf(stmt.sp);
  const indent = lineIndent(an.src, startOf(stmt.sp));
  const v = o.assign.name;
  const code = want === 'RGB' ? 'COLOR_BGR2RGB' : 'COLOR_RGB2BGR';
  const fam = an.info.family;
  // After the check that the load worked (if img is None / img.empty()), not between the load and its check.
  const at = insertionAfterLoadChecks(an.src, fam, end, v);
  const nl = at > 0 && an.src[at - 1] !== '\n' ? '\n' : '';
  if (fam === 'python') {
    const cv = [...an.info.imports].find(([, full]) => full === 'cv2')?.[0] ?? 'cv2';
    return {
      title: `Convert ${v} to ${want} after loading`,
      edits: [edit(stmt.sp, at, at, `${nl}${indent}${v} = ${cv}.cvtColor(${v}, ${cv}.${code})\n`)],
    };
  }
  if (fam === 'cpp') {
    const ns = /^cv::/.test(an.text(o.node.f)) ? 'cv::' : '';
    return {
      title: `Convert ${v} to ${want} after loading`,
      edits: [edit(stmt.sp, at, at, `${nl}${indent}${ns}cvtColor(${v}, ${v}, ${ns}${code});\n`)],
    };
  }
  if (fam === 'java') return javaColorFix(an, o, want);
  return undefined;
}

function checkColor(t: Terminal, an: Analyzer): void {
  const f = t.f;
  const want = an.spec.input.colorOrder;
  // An image of unknown origin (a list filled out of sight) is judged like a parameter: only by its own conversions.
  if (f.origin.kind === 'param' || f.origin.kind === 'unknown') {
    checkParamColor(t, an);
    return;
  }
  if (f.origin.kind !== 'pixel' || (want !== 'RGB' && want !== 'BGR') || (f.color !== 'RGB' && f.color !== 'BGR') || f.color === want) return;
  if (f.channel !== undefined) return;
  if (t.ctx === 'escape-user' || ((t.ctx === 'return' || t.ctx === 'escape' || t.ctx === 'store') && !preprocessed(f))) return;
  const where = t.ctx === 'sink' ? `reaches ${t.desc}` : t.ctx === 'return' ? 'is returned' : `goes into ${t.desc}`;
  if (f.swaps === 0 && !f.ppi) {
    const conv = want === 'RGB' ? 'cv2.cvtColor(img, cv2.COLOR_BGR2RGB)' : 'cv2.cvtColor(img, cv2.COLOR_RGB2BGR) or img[..., ::-1]';
    const how =
      an.info.family === 'cpp'
        ? `cv::cvtColor(img, img, cv::COLOR_${f.color}2${want})`
        : an.info.family === 'java' && f.kind !== 'tensor' && /^(Imgcodecs|Highgui|VideoCapture)\./.test(f.origin.desc)
          ? `Imgproc.cvtColor(mat, mat, Imgproc.COLOR_${f.color}2${want})`
          : an.info.family === 'python'
            ? conv
            : `a ${f.color} → ${want} channel swap`;
    an.rep.add({
      rule: 'color-order',
      // Channels laid out one by one (planes joined, channels assigned into a channels-first array): the line that
      // orders them is the one to change.
      at: f.colorAt !== undefined && f.colorAt === f.layoutAt ? f.colorAt : f.origin.node,
      specPath: 'input.colorOrder',
      message: `${f.origin.desc} gives ${f.color} pixels and this image ${where} still in ${f.color} (${describeRoute(t, an)}), but the spec's input.colorOrder is ${want}. Convert with ${how}.`,
      fix: colorFix(t, an, want),
    });
    return;
  }
  const at = f.ppi && f.ppi.mode === 'caffe' && f.colorAt === f.ppi.node ? f.ppi.node : (f.colorAt ?? f.origin.node);
  if (f.ppi && at === f.ppi.node) return; // reported as keras-preprocess-input
  an.rep.add({
    rule: 'color-order',
    at,
    specPath: 'input.colorOrder',
    message: `After this conversion the image is ${f.color} (it started as ${f.swaps % 2 === 0 ? f.color : want} from ${f.origin.desc}), but the spec's input.colorOrder is ${want}. Remove the conversion or convert to ${want}.`,
  });
}

/**
 * An image that arrives as a parameter has an unknown channel order, but an explicit conversion (COLOR_BGR2RGB,
 * COLOR_RGB2BGR) says what it gives: that is reported when it is not the spec's order.
 */
function checkParamColor(t: Terminal, an: Analyzer): void {
  const f = t.f;
  const want = an.spec.input.colorOrder;
  if (
    f.color === '?' &&
    want === 'BGR' &&
    f.swaps % 2 === 1 &&
    f.colorAt &&
    !f.ppi &&
    f.channel === undefined &&
    t.ctx === 'sink' &&
    (openCvFile(an) || swapRB(f))
  ) {
    // image[:, :, ::-1] or swapRB=True on an image handed in by the caller, in code built on OpenCV: its images
    // are BGR (cv2.imread, VideoCapture), so the swap makes RGB. A blob's swapRB is OpenCV's own (in any language).
    an.rep.add({
      rule: 'color-order',
      at: f.colorAt,
      specPath: 'input.colorOrder',
      message: `This swaps the red and blue channels of ${f.origin.desc}; in OpenCV code the image comes in BGR (cv2.imread, VideoCapture), so it reaches ${t.desc} in RGB, but the spec's input.colorOrder is BGR. Drop the swap (or set input.colorOrder to RGB if the model takes RGB).`,
    });
    return;
  }
  const kept = f.color === '?' && want === 'RGB' && f.swaps === 0 && !f.ppi && f.channel === undefined && t.ctx === 'sink' ? keptBgrAt(f) : undefined;
  if (kept) {
    // swapRB=false on an image handed in: OpenCV's images are BGR (imread, VideoCapture), and the blob keeps them so.
    an.rep.add({
      rule: 'color-order',
      at: kept,
      specPath: 'input.colorOrder',
      message: `This blob keeps the channels of ${f.origin.desc} as they are (swapRB=false); in OpenCV code the image comes in BGR (imread, VideoCapture), so it reaches ${t.desc} in BGR, but the spec's input.colorOrder is RGB. Pass swapRB=true (or set input.colorOrder to BGR if the model takes BGR).`,
    });
    return;
  }
  if ((want !== 'RGB' && want !== 'BGR') || (f.color !== 'RGB' && f.color !== 'BGR') || f.color === want || (f.swaps === 0 && !declaredOrder(f)) || !f.colorAt)
    return;
  if (f.channel !== undefined || f.ppi || t.ctx === 'escape-user' || (t.ctx !== 'sink' && !preprocessed(f))) return;
  // A Gradio fn's image parameter has the component's order; the call Gradio makes is judged with it instead.
  if (gradioImageParam(an, f.origin.func, f.origin.paramIndex)) return;
  an.rep.add({
    rule: 'color-order',
    at: f.colorAt,
    specPath: 'input.colorOrder',
    message: `This conversion gives ${f.color} pixels and the image ${t.ctx === 'sink' ? `reaches ${t.desc}` : t.ctx === 'return' ? 'is returned' : `goes into ${t.desc}`} in ${f.color}, but the spec's input.colorOrder is ${want}. Convert to ${want} instead (or drop the conversion if the image already is ${want}).`,
  });
}

/**
 * True when the last step that set the channel order names it for pixels of any origin (ncnn's `from_pixels(data,
 * PIXEL_BGR, …)`): the code states the order the model gets, so it is judged like a conversion. A gray image made
 * three channels (GRAY2RGB) has no order.
 */
function declaredOrder(f: FlowVal): boolean {
  for (let i = f.trace.length - 1; i >= 0; i--) {
    const op = f.trace[i]!;
    if (op.t === 'swap') return false;
    if (op.t === 'setColor') return (op.color === 'RGB' || op.color === 'BGR') && !/GRAY2/.test(op.why);
  }
  return false;
}

/** True when the value's channels were swapped by an OpenCV dnn blob's swapRB (its images are OpenCV's, BGR). */
function swapRB(f: FlowVal): boolean {
  return f.trace.some((op) => op.t === 'swap' && op.why === 'swapRB');
}

/** True when a Python file imports OpenCV (cv2), whose images are BGR. */
function openCvFile(an: Analyzer): boolean {
  if (an.info.family !== 'python') return false;
  for (const full of an.info.imports.values()) if (full === 'cv2' || full.startsWith('cv2.')) return true;
  return false;
}

function checkPilMode(t: Terminal, an: Analyzer): void {
  const f = t.f;
  if (!f.pilOpen || f.pilOpen.k !== 'call') return;
  const resized = f.trace.some((op) => op.t === 'resize');
  // An image only opened and returned, stored or passed on (a loader, an I/O plugin, Pillow's own tests) is not being
  // prepared as input; one handed to a transforms.Compose held in a variable (tfm(image)) is, and Compose keeps its mode.
  if (t.ctx !== 'sink' && !resized && !preprocessed(f) && !composeNames(an).has(t.desc.replace(/\(\)$/, ''))) return;
  const want = an.spec.input.colorOrder === 'GRAY' ? 'L' : 'RGB';
  const end = endOf(f.pilOpen.sp);
  an.rep.add({
    rule: 'pil-mode',
    at: f.pilOpen,
    specPath: 'input.colorOrder',
    message: `Image.open keeps the file's mode (L, P, RGBA, CMYK...) and this image is used without .convert("${want}"), but the spec's input.colorOrder is ${an.spec.input.colorOrder} with ${want === 'L' ? 1 : 3} channel${want === 'L' ? '' : 's'}.${resized ? ' Palette (P) images are also always resized with NEAREST.' : ''} Add .convert("${want}").`,
    fix: { title: `Add .convert("${want}")`, edits: [edit(f.pilOpen.sp, end, end, `.convert("${want}")`)] },
  });
}

const COMPOSE_NAMES = tag<Analyzer, Set<string>>('compose names');

/** Names (and self.x attributes) the file assigns a transforms.Compose(...) to. */
function composeNames(an: Analyzer): Set<string> {
  let names = COMPOSE_NAMES.get(an);
  if (names) return names;
  const found = new Set<string>();
  walkStmts(an.info.body, (s) => {
    if (s.k !== 'assign' || s.v?.k !== 'call' || !/(^|\.)Compose$/.test(dottedName(s.v.f) ?? '')) return;
    const t = dottedName(s.t);
    if (t !== undefined) found.add(t);
  });
  COMPOSE_NAMES.set(an, (names = found));
  return names;
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
  if (f.affineOps === 0 && !(t.ctx === 'sink' && f.origin.kind === 'pixel')) return;
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
  const pixelRange = f.origin.kind === 'pixel' || castBeforeScaling(f);
  const ks = pixelRange ? [1] : [1, 1 / 255, spec.scale, 1 / 127.5];
  const { a, b } = f.affine;
  const full = ks.some((k) => matches(a, b, A, B, k));
  if (full) return;
  const lenient = t.ctx !== 'sink';
  // A shift by at most 1, or by one small whole number, with no scaling normalises no pixel value: int(x + 0.5)
  // rounds, codepoint + 1 indexes, pix ± alpha (10) bounds an intensity band. Pixel shifts are 127, 128, 255 or
  // per-channel means. At a model input it is still reported.
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
