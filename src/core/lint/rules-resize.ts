// Resize checks shared by every language: target size and order, interpolation, library, flags and fit.

import type { ResizeFit, ResizeLibrary, Spec } from '../spec/types';
import { startOf, type Expr } from './ir';
import type { RawEdit, RawFinding, Reporter } from './report';
import { tag } from './memo';

/** Libraries whose resize kernels the linter recognises (the spec's plus Android's and TFLite Support's). */
export type KernelLib = ResizeLibrary | 'android' | 'tflite' | 'djl';

const LIB_NAMES: Record<KernelLib, string> = {
  cv2: 'OpenCV',
  pil: 'PIL',
  tf: 'TensorFlow',
  tfjs: 'TensorFlow.js',
  sharp: 'sharp',
  java2d: 'Java2D',
  android: 'Android Bitmap',
  tflite: 'TFLite Support',
  djl: 'DJL NDImageUtils',
};

/** Maps a method name in a library's vocabulary to a kernel family comparable across libraries. */
export function kernelFamily(_lib: KernelLib, method: string): string {
  const m = method.toLowerCase();
  const table: Record<string, string> = {
    linear: 'bilinear',
    bilinear: 'bilinear',
    cubic: 'bicubic',
    bicubic: 'bicubic',
    nearest: 'nearest',
    'nearest-exact': 'nearest',
    nearest_neighbor: 'nearest',
    area: 'area',
    box: 'area',
    lanczos: 'lanczos3',
    lanczos3: 'lanczos3',
    lanczos4: 'lanczos4',
    lanczos5: 'lanczos5',
    lanczos2: 'lanczos2',
    mitchell: 'mitchellcubic',
    mitchellcubic: 'mitchellcubic',
    gaussian: 'gaussian',
    hamming: 'hamming',
    replicate: 'nearest',
    'affine-nearest': 'nearest',
    'affine-bilinear': 'bilinear',
    'affine-bicubic': 'bicubic',
  };
  return table[m] ?? m;
}

/** A recognised resize call, described by the language handler that found it. */
export interface ResizeCall {
  node: Expr;
  api: string;
  /** The document's text, when a size argument on a later line than the call's start is reported on the call's first line. */
  src?: string | undefined;
  lib: KernelLib;
  /** Target size as the code gives it; `order` says how the API reads it. */
  size?: { w: number; h: number; order: 'wh' | 'hw'; node: Expr; fix?: ((w: number, h: number) => RawEdit[] | undefined) | undefined } | undefined;
  /** The method in `lib`'s vocabulary (spec vocabulary for the spec's libraries). */
  method?:
    | {
        name: string;
        shown: string;
        isDefault: boolean;
        node?: Expr | undefined;
        /** Sets the method when the call's library is the spec's. */
        fix?: ((specMethod: string) => RawEdit[] | undefined) | undefined;
        /** Sets this library's closest kernel when the spec names another library's kernel family. */
        fixFamily?: ((family: string) => { edits: RawEdit[]; shown: string } | undefined) | undefined;
      }
    | undefined;
  flags?:
    | {
        [K in 'antialias' | 'alignCorners' | 'halfPixelCenters']?:
          { v: boolean; isDefault: boolean; node?: Expr | undefined; fix?: ((v: boolean) => RawEdit[] | undefined) | undefined } | undefined;
      }
    | undefined;
  /** How the call fits the image ('outside': sharp's cover without cropping; 'crop-off-centre': a crop not centred). */
  fit?:
    | {
        fit: ResizeFit | 'outside' | 'crop-off-centre';
        shown: string;
        node?: Expr | undefined;
        fix?: ((fit: ResizeFit) => RawEdit[] | undefined) | undefined;
      }
    | undefined;
}

function isTfFamily(lib: KernelLib): boolean {
  return lib === 'tf' || lib === 'tfjs';
}

function orderText(order: 'wh' | 'hw'): string {
  return order === 'wh' ? '(width, height)' : '(height, width)';
}

/** Where a finding on an argument goes: the argument, or the whole call when the call starts on an earlier line. */
export function onCallLine(src: string | undefined, call: Expr, argNode: Expr): Expr {
  if (src === undefined) return argNode;
  const nl = src.indexOf('\n', startOf(call.sp));
  return nl >= 0 && nl < startOf(argNode.sp) ? call : argNode;
}

function sizeAt(rc: ResizeCall, node: Expr): Expr {
  return onCallLine(rc.src, rc.node, node);
}

/** The size finding of each resize call, by its node (taken back when a later resize sets the size: see below). */
const SIZE_FINDING = tag<Expr, RawFinding>('size finding');

/**
 * A resize whose size a later resize of the same image replaces (a 640 × 480 copy for drawing, then blobFromImage to
 * 320 × 320) does not set the model's input size: its size finding is taken back. Its kernel finding stays (the
 * pixels did go through it).
 */
export function sizeReplaced(rep: Reporter, earlierResize: Expr): void {
  const f = SIZE_FINDING.get(earlierResize);
  if (f) rep.withdraw(f);
}

/** How many resize calls were checked so far (if/else branches that each resize are alternatives: see flow-alt.ts). */
let checked = 0;

/** The number of resize calls checked so far in this process. */
export function resizeChecks(): number {
  return checked;
}

/** True for the rules a resize call's own check reports. */
export function isResizeRule(rule: string): boolean {
  return rule.startsWith('resize-');
}

/** Checks a resize call against the spec and reports what differs. */
export function checkResize(rc: ResizeCall, spec: Spec, rep: Reporter): void {
  checked++;
  const { width: W, height: H, resize } = spec.input;
  // A size of 0 or less is a placeholder (a field filled in later, cv2's "use fx/fy"), never a target.
  // With input.resize.fit "crop", resizing to a larger size first (256 for a 224 crop) is the usual way; the crop
  // that follows gives the size, and is checked where the linter sees it (CenterCrop, Mat(Rect)).
  const cropLater = resize.fit === 'crop' && rc.size !== undefined && rc.size.w >= W && rc.size.h >= H && (rc.size.w > W || rc.size.h > H) && !rc.fit;
  // The words and the fix of a finding are made only when the size differs (most calls match the spec).
  if (rc.size && rc.size.w > 0 && rc.size.h > 0 && !cropLater && (rc.size.w !== W || rc.size.h !== H)) {
    const { w, h, order } = rc.size;
    const shown = order === 'wh' ? `(${w}, ${h})` : `(${h}, ${w})`;
    const takes = `${rc.api} takes ${orderText(order)}`;
    const want = order === 'wh' ? `(${W}, ${H})` : `(${H}, ${W})`;
    const fixEdits = rc.size.fix?.(W, H);
    const fix = fixEdits ? { title: `Resize to ${want} ${orderText(order)}`, edits: fixEdits } : undefined;
    let sized: RawFinding;
    if (w === H && h === W && W !== H) {
      rep.add(
        (sized = {
          rule: 'resize-size-order',
          at: sizeAt(rc, rc.size.node),
          specPath: 'input.width',
          message: `${takes}, so ${shown} is width ${w} × height ${h}, but the spec's input.width × input.height is ${W} × ${H}: width and height are swapped. Use ${want}.`,
          fix,
        }),
      );
    } else {
      rep.add(
        (sized = {
          rule: 'resize-size',
          at: sizeAt(rc, rc.size.node),
          specPath: w !== W ? 'input.width' : 'input.height',
          message: `${rc.api} resizes to width ${w} × height ${h} (it takes ${orderText(order)}), but the spec's input.width × input.height is ${W} × ${H}. Use ${want}.`,
          fix,
        }),
      );
    }
    SIZE_FINDING.set(rc.node, sized);
  }
  const specLib = resize.library as KernelLib;
  if (rc.method) {
    const codeFam = kernelFamily(rc.lib, rc.method.name);
    const specFam = kernelFamily(specLib, resize.method);
    const dflt = rc.method.isDefault ? ` (${rc.api}'s default when no method is given)` : '';
    // Like the size: on the call's first line when the call spreads over several (given `src`).
    const at = rc.method.node ? onCallLine(rc.src, rc.node, rc.method.node) : rc.node;
    if (rc.lib === specLib && rc.method.name !== resize.method) {
      const edits = rc.method.fix?.(resize.method);
      rep.add({
        rule: 'resize-method',
        at,
        specPath: 'input.resize.method',
        message: `${rc.api} uses ${rc.method.shown}${dflt}, but the spec's input.resize.method is "${resize.method}" (${resize.library}). Use "${resize.method}".`,
        fix: edits ? { title: `Use ${resize.method} interpolation`, edits } : undefined,
      });
    } else if (rc.lib !== specLib && codeFam !== specFam) {
      const cross = rc.method.fixFamily?.(specFam);
      rep.add({
        rule: 'resize-method',
        at,
        specPath: 'input.resize.method',
        message: `${rc.api} uses ${rc.method.shown}${dflt}, but the spec resizes with ${resize.library} "${resize.method}" (input.resize). Different kernels give different pixels; resize with ${resize.library} "${resize.method}"${cross ? ` (or at least ${cross.shown})` : ''} or update the spec.`,
        fix: cross ? { title: `Use ${cross.shown}`, edits: cross.edits } : undefined,
      });
    } else if (rc.lib !== specLib && rc.lib !== 'android' && rc.lib !== 'tflite' && rc.lib !== 'djl' && !(isTfFamily(rc.lib) && isTfFamily(specLib))) {
      // Android's scaling (also behind TFLite Support's ResizeOp) and DJL's (the engine's own resize) cannot be named in
      // the spec: no info for them.
      // tf and tfjs share their kernels; what differs between them (pixel centres) is checked as flags below.
      rep.add({
        rule: 'resize-library',
        at: rc.node,
        specPath: 'input.resize.library',
        message: `${rc.api} resizes with ${LIB_NAMES[rc.lib]}'s ${rc.method.shown}, but the spec's input.resize.library is "${resize.library}" ("${resize.method}"). ${libraryDifference(rc.lib, specLib)} Expect small differences; resize with ${resize.library} or set input.resize.library to match.`,
      });
    }
  }
  const sameKernel = !rc.method || kernelFamily(rc.lib, rc.method.name) === kernelFamily(specLib, resize.method);
  if (rc.flags && sameKernel && isTfFamily(specLib) && isTfFamily(rc.lib)) {
    const expected = {
      antialias: resize.antialias ?? false,
      alignCorners: resize.alignCorners ?? false,
      halfPixelCenters: resize.halfPixelCenters ?? (specLib === 'tf' && !resize.alignCorners),
    };
    const wrong = (['antialias', 'alignCorners', 'halfPixelCenters'] as const).filter((flag) => {
      const got = rc.flags?.[flag];
      return got !== undefined && got.v !== expected[flag] && !(flag === 'antialias' && specLib !== 'tf');
    });
    if (wrong.length > 0) {
      // Only calls with a wrong flag build the shared fix and its title.
      // Every flag finding of one call carries the same fix setting all its wrong flags: the flags share an argument
      // list, so separate fixes would insert at the same place (and one applied alone leaves the next one stale).
      const parts = wrong.map((flag) => rc.flags?.[flag]?.fix?.(expected[flag]));
      const merged = parts.every((p) => p !== undefined) ? mergeEdits(parts.flat() as RawEdit[]) : undefined;
      const title = `Set ${wrong.map((flag) => `${flag} to ${expected[flag]}`).join(' and ')}`;
      for (const flag of wrong) {
        const got = rc.flags[flag]!;
        const why =
          resize[flag] === undefined ? ` (not set in the spec; ${specLib === 'tf' ? "TF2's tf.image.resize" : 'tfjs'} implies ${expected[flag]})` : '';
        rep.add({
          rule: 'resize-flags',
          at: got.node ?? rc.node,
          specPath: `input.resize.${flag}`,
          message: `${rc.api} runs with ${flag}=${got.v}${got.isDefault ? ' (its default)' : ''}, but the spec's input.resize.${flag} is ${expected[flag]}${why}. Set ${flag} to ${expected[flag]}.`,
          fix: merged ? { title, edits: merged } : undefined,
        });
      }
    }
  }
  checkFit(rc, spec, rep);
}

/** The fit part of checkResize: how the call fits the image against the spec's input.resize.fit. */
function checkFit(rc: ResizeCall, spec: Spec, rep: Reporter): void {
  const resize = spec.input.resize;
  if (rc.fit && rc.fit.fit !== resize.fit) {
    const edits = rc.fit.fix?.(resize.fit);
    const what: Record<string, string> = {
      stretch: 'stretches to the exact size',
      'keep-aspect': 'keeps the aspect ratio (the output can be smaller)',
      letterbox: 'pads (letterboxes) to keep the aspect ratio',
      crop: 'centre-crops to the target aspect ratio, then resizes',
      outside: 'scales to cover the size without cropping (the output can be larger)',
      'crop-off-centre': 'crops to the target aspect ratio off centre (the spec\'s "crop" is centred)',
    };
    const hint =
      resize.fit === 'crop' && rc.fit.fit === 'stretch' && !edits
        ? ' Crop to the aspect ratio first (PIL ImageOps.fit, keras smart_resize) or set input.resize.fit to "stretch".'
        : '';
    rep.add({
      rule: 'resize-fit',
      at: rc.fit.node ?? rc.node,
      specPath: 'input.resize.fit',
      message: `${rc.api} ${what[rc.fit.fit]} (${rc.fit.shown}), but the spec's input.resize.fit is "${resize.fit}" (${what[resize.fit]}).${hint}`,
      fix: edits ? { title: `Use fit "${resize.fit}"`, edits } : undefined,
    });
  }
}

/**
 * Joins edits made for one call into a set that applies at once: edits touching at one point (a replaced argument and
 * an argument appended right after it, or two appends) become one edit; undefined when two edits overlap.
 */
export function mergeEdits(edits: readonly RawEdit[]): RawEdit[] | undefined {
  const abs = edits.map((e) => ({ e, s: e.ch.base + e.s, end: e.ch.base + e.e })).sort((a, b) => a.s - b.s || a.end - b.end);
  const out: { e: RawEdit; s: number; end: number }[] = [];
  for (const x of abs) {
    const last = out[out.length - 1];
    if (last && x.s < last.end) return undefined;
    if (last && x.s === last.end) {
      const text = last.e.text + x.e.text;
      out[out.length - 1] = { e: { ch: last.e.ch, s: last.e.s, e: last.e.e + (x.end - last.end), text }, s: last.s, end: x.end };
      continue;
    }
    out.push(x);
  }
  return out.map((x) => x.e);
}

function libraryDifference(a: KernelLib, b: KernelLib): string {
  const pair = new Set([a, b]);
  if (pair.has('cv2') && pair.has('tf'))
    return 'OpenCV works in fixed point on uint8 and never antialiases; tf.image.resize computes in float32 (and antialiases when asked).';
  if (pair.has('pil')) return 'PIL widens its filters when downscaling (antialiasing); OpenCV and TF bilinear do not.';
  if (pair.has('sharp')) return 'sharp (libvips) has its own kernels and shrinks JPEGs on load.';
  if (pair.has('java2d')) return 'Java2D interpolates with 8-bit weights and never antialiases when shrinking (SCALE_SMOOTH averages areas instead).';
  if (pair.has('tfjs') && pair.has('tf')) return 'tfjs defaults to halfPixelCenters=false, TF2 uses half-pixel centres.';
  return 'Their kernels round and place pixel centres differently.';
}
