// The channel-order and PIL-mode checks run where an image value leaves the code (rules-flow.ts runs them), and
// whether a value was being prepared as model input.

import type { Analyzer } from './flow';
import type { Terminal } from './flow-api';
import { type FlowVal } from './flow-types';
import { dottedName, endOf, startOf, walkStmts } from './ir';
import { insertionAfterLoadChecks } from './fix-placement';
import { javaColorFix } from './fix-java-color';
import { edit, type RawEdit } from './report';
import { describeRoute } from './route';
import { tag } from './memo';
import { gradioImageParam } from './libs-python-apps';
import { matBytesAt } from './libs-cpp-matbytes';
import { keptBgrAt } from './libs-opencv';

/** True when the value was scaled, cast or re-laid-out: it is being prepared as model input, not just loaded or resized. */
export function preprocessed(f: FlowVal): boolean {
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

/** The channel-order check: the value's colour order against the spec's, with a conversion as the fix. */
export function checkColor(t: Terminal, an: Analyzer): void {
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
  const bytes = f.color === '?' && want === 'RGB' && f.channel === undefined && t.ctx === 'sink' && !f.ppi ? matBytesAt(f) : undefined;
  if (bytes) {
    // A cv::Mat parameter's bytes taken as they are: OpenCV's images are BGR (imread, VideoCapture), and so they stay.
    an.rep.add({
      rule: 'color-order',
      at: bytes,
      specPath: 'input.colorOrder',
      message: `This takes the bytes of ${f.origin.desc} in the Mat's own channel order; in OpenCV code the image comes in BGR (imread, VideoCapture), so it reaches ${t.desc} in BGR, but the spec's input.colorOrder is RGB. Convert with cv::cvtColor(img, img, cv::COLOR_BGR2RGB) first (or set input.colorOrder to BGR if the model takes BGR).`,
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

/** A PIL image handed on without convert('RGB') (a PNG may be RGBA or palette, a JPEG grey). */
export function checkPilMode(t: Terminal, an: Analyzer): void {
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
