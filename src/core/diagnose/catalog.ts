// What each cause means in an engineer's words: title, evidence with numbers, the code fix and the spec change.

import { formatShape } from '../tensor/ndarray';
import type { StageName } from '../preprocess/types';
import { Frame, Measure, num } from './frame';
import { describeResize } from './image-alts';
import type { Trial } from './search';
import type { Cause, CauseId, SpecChange } from './types';
import { affineStory } from './affine-story';
import { fitStory } from './fit-story';
import { decoderStory } from './decoder-story';

/** Titles of every cause. */
export const CAUSE_TITLES: Record<CauseId, string> = {
  'channel-swap': 'BGR vs RGB channel order',
  'layout-nchw-nhwc': 'NCHW vs NHWC memory layout',
  'hw-transpose': 'Rows and columns swapped (image transposed)',
  'scale-255': 'Pixel scale: /255 missing or applied twice',
  'scale-range': 'Value range: [-1, 1] vs [0, 1]',
  'affine-mean-std': 'Different mean/std normalization',
  float64: 'Computed in float64 (double precision)',
  float16: 'Rounded to float16 (half precision)',
  'uint8-truncation': 'Pixels truncated to uint8 instead of rounded',
  'uint8-rounding': 'Pixels rounded to uint8 after resizing',
  'byte-order': 'Byte order (big-endian floats)',
  'partial-fill': 'Only part of the input buffer was written',
  'resize-kernel': 'Different resize kernel or library',
  'resize-fit': 'Image fitted differently (stretched, centre-cropped or padded)',
  'wh-swap': 'Width and height swapped in the resize',
  exif: 'EXIF orientation handled differently',
  alpha: 'Transparency (alpha) handled differently',
  'batch-order': 'Batch items in a different order',
  'model-differs': 'Same input, different model output (weights or runtime differ)',
  'numeric-noise': 'Numerical noise, not a bug',
  'non-finite': 'NaN or infinite values in the dump',
  'signed-bytes': 'Pixel bytes read as signed (Java byte, int8_t)',
  rotation: 'Image rotated',
  flip: 'Image mirrored (flipped)',
  'local-difference': 'One region differs (drawn over or overwritten)',
  'jpeg-decoder': "Different JPEG decoder (TensorFlow's fast IDCT vs the accurate IDCT)",
};

/** The preprocessing stage where each cause makes the pipelines part ways. */
export const CAUSE_STAGE: Record<CauseId, StageName | 'model'> = {
  'channel-swap': 'color',
  alpha: 'color',
  exif: 'decoded',
  'resize-kernel': 'resized',
  'resize-fit': 'resized',
  'wh-swap': 'resized',
  'uint8-truncation': 'resized',
  'uint8-rounding': 'resized',
  'scale-255': 'normalized',
  'scale-range': 'normalized',
  'affine-mean-std': 'normalized',
  float64: 'normalized',
  float16: 'normalized',
  'layout-nchw-nhwc': 'layout',
  'hw-transpose': 'layout',
  'partial-fill': 'layout',
  'byte-order': 'layout',
  'batch-order': 'layout',
  'model-differs': 'model',
  'numeric-noise': 'model',
  'non-finite': 'normalized',
  'signed-bytes': 'decoded',
  rotation: 'decoded',
  flip: 'decoded',
  'local-difference': 'decoded',
  'jpeg-decoder': 'decoded',
};

/** Context for wording a cause. */
export interface StoryContext {
  f: Frame;
  base: Measure;
  dumpShape: readonly number[];
  /** Words for "after undoing it" when the credit comes from a combination. */
  partners: CauseId[];
}

interface Story {
  evidence: string;
  fix: string;
  specChange?: SpecChange;
  details?: Record<string, unknown>;
}

function sample(values: Float64Array, k = 3): string {
  const out: string[] = [];
  for (let i = 0; i < values.length && out.length < k; i += Math.max(1, Math.floor(values.length / 97))) out.push(num(values[i]));
  return out.join(', ');
}

function story(id: CauseId, t: Trial, idx: number, ctx: StoryContext): Story {
  const { f } = ctx;
  const h = t.hyps[idx];
  const det = t.details[idx] ?? h.details ?? {};
  const after = num(t.m.max);
  const before = num(ctx.base.max);
  const also = ctx.partners.length > 0 ? ` together with "${ctx.partners.map((p) => CAUSE_TITLES[p]).join('" and "')}"` : '';
  const errs = `(max error ${after} after undoing it${also}, ${before} before)`;
  const spec = f.spec;
  switch (id) {
    case 'channel-swap':
      return {
        evidence: `Your dump equals the reference with channels 0 and 2 swapped ${errs}. BGR vs RGB: cv::imread gives BGR.`,
        fix: 'Add cv::cvtColor(img, img, cv::COLOR_BGR2RGB) after cv::imread (Python: img[..., ::-1]; Android: read R, G, B from the ARGB int in that order).',
        specChange: { path: 'input.colorOrder', value: spec?.input.colorOrder === 'BGR' ? 'RGB' : 'BGR' },
      };
    case 'layout-nchw-nhwc': {
      const toLast = f.dims?.channelsLast ?? true;
      const shapeNote =
        formatShape(ctx.dumpShape) !== formatShape(f.refRaw.shape)
          ? ` Your dump's own shape ${formatShape(ctx.dumpShape)} vs the model input ${formatShape(f.refRaw.shape)}.`
          : '';
      return toLast
        ? {
            evidence: `Your dump is planar (NCHW: all of channel 0, then channel 1, ...) but the model input is interleaved NHWC ${errs}.${shapeNote}`,
            fix: 'Write pixel (y, x, c) to index (y*W + x)*C + c, not c*H*W + y*W + x. cv::dnn::blobFromImage produces NCHW; a TensorFlow NHWC model needs the interleaved cv::Mat data (or np.transpose(x, (0, 2, 3, 1))).',
            specChange: { path: 'input.layout', value: 'NCHW' },
          }
        : {
            evidence: `Your dump is interleaved (NHWC) but the model input is planar NCHW ${errs}.${shapeNote}`,
            fix: 'Write pixel (y, x, c) to index c*H*W + y*W + x (cv::dnn::blobFromImage, or np.transpose(x, (0, 3, 1, 2))).',
            specChange: { path: 'input.layout', value: 'NHWC' },
          };
    }
    case 'hw-transpose':
      return {
        evidence: `Your dump equals the reference with rows and columns swapped ${errs}: the image was written column by column.`,
        fix: 'Loop over rows outside and columns inside and index (y*W + x); Java Bitmap.getPixel(x, y) takes x first, and Eigen/column-major buffers need a transpose.',
      };
    case 'scale-255': {
      const factor = typeof det.factor === 'number' ? det.factor : 255;
      return factor > 1
        ? {
            evidence: `Your dump is 255× the reference ${errs}: the /255 normalization is missing (dump values reach ${num(maxOf(f.dump))}).`,
            fix: 'Divide by 255: img.convertTo(img, CV_32FC3, 1.0 / 255) in C++, or x / 255.0f when filling the tensor.',
            specChange: { path: 'input.scale', value: 1 },
          }
        : {
            evidence: `Your dump is the reference divided by 255 ${errs}: pixels were scaled twice (or the model expects 0–255).`,
            fix: 'Scale once: remove the extra / 255 (e.g. convertTo(..., 1.0/255) followed by another division).',
            specChange: { path: 'input.scale', value: (spec?.input.scale ?? 1 / 255) / 255 },
          };
    }
    case 'scale-range':
      return {
        evidence: `Your dump is in ${String(det.dumpRange)} but the reference is in ${String(det.refRange)} ${errs}.`,
        fix:
          String(det.dumpRange) === '[-1, 1]'
            ? 'The reference uses x / 255 (0 to 1); your code does x / 127.5 - 1 (MobileNet-style). Use the normalization the model was trained with.'
            : 'The reference uses x / 127.5 - 1 (-1 to 1, MobileNet/Inception preprocess_input); your code does x / 255. Use (x / 127.5f) - 1.',
      };
    case 'affine-mean-std':
      return affineStory(det, errs, f);
    case 'float64':
      return {
        evidence: `Your dump holds float64 values that are not float32 numbers; rounded to float32 they match the reference ${errs}. The pipeline computed in double precision.`,
        fix: 'Harmless on its own, but the model input is float32: convert with static_cast<float> / .astype(np.float32) before feeding, and never hand a double buffer to a float32 tensor.',
      };
    case 'float16':
      return {
        evidence: `Your dump equals the reference rounded to float16 ${errs}; ${num(100 * Number(det.f16Fraction ?? 1))}% of its values are exact half-precision numbers.`,
        fix: 'Feed float32: the input went through a float16 buffer (Android/TFLite FP16 input, torch .half(), np.float16). If the model really takes half, set input.dtype to "float16".',
        specChange: { path: 'input.dtype', value: 'float16' },
      };
    case 'uint8-truncation':
      return {
        evidence: `Your dump equals the reference with pixels truncated to whole numbers ${errs}: a cast like (uint8_t)v or (int)v after resizing.`,
        fix: 'Round instead of truncating (cv::saturate_cast<uchar>(v), std::lround), or keep the resized image in float (img.convertTo(img, CV_32F) before cv::resize).',
      };
    case 'uint8-rounding':
      return {
        evidence: `Your dump equals the reference with pixels rounded to whole numbers after resizing ${errs}; the reference keeps fractions (tf.image.resize returns float32).`,
        fix: 'Resize in float (img.convertTo(img, CV_32F) before cv::resize) to match tf.image.resize, or accept the ±0.5/255 difference.',
      };
    case 'byte-order':
      return {
        evidence: `Your dump's bytes are in the other byte order: after reversing the bytes of each ${f.dumpRaw.dtype} it matches ${errs}. Read as is its values look like garbage (${sample(f.dump)}).`,
        fix: 'Java ByteBuffer is BIG_ENDIAN by default: call buffer.order(ByteOrder.nativeOrder()) before putFloat; to read a Java dump in numpy use np.fromfile(f, ">f4"), or mark the raw sidecar "byteOrder": "big".',
      };
    case 'partial-fill': {
      const written = Number(det.written ?? 0);
      const total = Number(det.total ?? f.n);
      const C = f.dims?.channels ?? 0;
      const pixels = f.dims ? f.dims.batch * f.dims.height * f.dims.width : -1;
      const why =
        written === pixels && C > 1 ? ` That is exactly H×W = img.total(): a loop like for (i = 0; i < img.total(); ++i) that forgets the ${C} channels.` : '';
      return {
        evidence: `Only the first ${written} of ${total} values (${num((100 * written) / total)}%) match the reference; the rest are ${String(det.tail)}.${why} ${errs}`,
        fix:
          C > 1
            ? 'Loop over img.total() * img.channels() values (or rows × cols × channels), e.g. for (i = 0; i < img.total() * img.channels(); ++i).'
            : 'Fill the whole buffer: loop over every element of the tensor.',
      };
    }
    case 'resize-kernel': {
      const specResize = spec ? describeResize(spec.input.resize) : "the spec's resize";
      return {
        evidence: `Your dump matches ${h.variant} ${errs}; the reference uses ${specResize}.`,
        fix: `Resize exactly as in training. ${resizeAdvice(String(det.library ?? ''), spec?.input.resize.library)}`,
        ...(det.resize ? { specChange: { path: 'input.resize', value: det.resize } } : {}),
      };
    }
    case 'resize-fit':
      return fitStory(det, errs, spec, spec ? describeResize(spec.input.resize) : "the spec's resize");
    case 'wh-swap':
      return {
        evidence: `Your dump matches the image ${h.variant} ${errs}.`,
        fix: 'cv::Size takes (width, height): cv::resize(img, out, cv::Size(W, H)); Bitmap.createScaledBitmap(bmp, width, height, ...).',
      };
    case 'exif': {
      const applies = det.specApplies === true;
      return {
        evidence: `Your dump matches the image with ${h.variant.toLowerCase()} (orientation ${String(det.orientation)}) ${errs}.`,
        fix: applies
          ? 'Rotate by the EXIF orientation: PIL ImageOps.exif_transpose, Android ExifInterface + Matrix.postRotate; cv::imread applies it unless IMREAD_IGNORE_ORIENTATION.'
          : 'The reference ignores EXIF orientation; your code applies it. Load without rotating (cv::IMREAD_IGNORE_ORIENTATION) or set applyExif in the spec.',
        specChange: { path: 'input.applyExif', value: !applies },
      };
    }
    case 'alpha':
      return {
        evidence: `Your dump matches the image with its transparency ${h.variant} ${errs}.`,
        fix: 'Handle alpha like training did: composite onto the same background (e.g. white) before dropping the channel; cv::imread drops alpha, PIL convert("RGB") also drops it.',
        ...(det.alpha ? { specChange: { path: 'input.alpha', value: det.alpha } } : {}),
      };
    case 'non-finite': {
      const count = Number(det.count ?? 0);
      const first = Array.isArray(det.first) ? (det.first as number[]) : [];
      return {
        evidence:
          `${count} value${count === 1 ? '' : 's'} (${num((100 * count) / f.n)}%) of your dump ${count === 1 ? 'is' : 'are'} ${String(det.kinds ?? 'NaN/Inf')} where the reference is finite` +
          `${first.length > 0 ? ` (first at flat index ${first.join(', ')})` : ''}; with those left aside it matches ${errs}.`,
        fix:
          'Find what writes NaN/Inf: a division by a zero std or scale, log/sqrt of a negative, or memory that was never written ' +
          '(new float[n] / malloc without a fill, a Java array filled only in part). Check with std::isfinite / np.isfinite before feeding the model.',
      };
    }
    case 'signed-bytes':
      return {
        evidence:
          `Your dump equals the reference with every pixel of 128 or more wrapped to pixel − 256 ${errs}: the bytes were read as signed. ` +
          "Java's byte is signed (raster data from DataBufferByte, ByteBuffer.get()), so are int8_t / char on most compilers.",
        fix: 'Mask to unsigned before converting: (b & 0xFF) in Java, (uint8_t) / static_cast<unsigned char> in C++, np.uint8 (not np.int8) in numpy.',
      };
    case 'rotation':
    case 'flip':
      return {
        evidence: `Your dump is the reference image ${h.variant} ${errs}.`,
        fix:
          id === 'rotation'
            ? 'Rotate the frame upright before filling the tensor, as the reference does (camera frames come in sensor orientation: ' +
              'Android ImageProxy.imageInfo.rotationDegrees + Matrix.postRotate, cv::rotate(img, out, cv::ROTATE_90_CLOCKWISE), np.rot90); ' +
              'if the image has an EXIF orientation, apply it on both sides or on neither.'
            : 'Drop the extra flip, or add the one the reference has: cv::flip(img, out, 1) mirrors left–right, 0 upside down ' +
              '(front cameras and BMP/OpenGL bottom-up buffers are the usual sources; np.fliplr / np.flipud in Python).',
      };
    case 'jpeg-decoder': {
      let refMax = 0;
      for (let i = 0; i < f.n; i++) refMax = Math.max(refMax, Math.abs(f.ref[i]));
      const inside = t.m.max <= f.tol.atol + f.tol.rtol * refMax;
      return decoderStory(det, errs, spec ? describeResize(spec.input.resize) : "the spec's resize", inside);
    }
    case 'local-difference': {
      const box = det.box as { top: number; left: number; bottom: number; right: number } | undefined;
      const share = Number(det.share ?? 0);
      const where = box ? `rows ${box.top}–${box.bottom}, columns ${box.left}–${box.right}` : 'one region';
      return {
        evidence:
          `Everything matches except ${where} (${String(det.pixels ?? '?')} pixels, ${num(100 * share)}% of the image), ` +
          `where your dump differs by up to ${num(Number(det.maxInside ?? NaN))}; outside it the dump is within tolerance ${errs}. ` +
          'Something drew into or overwrote that region of the input: a box, label or timestamp drawn in place, or a copy into part of the buffer.',
        fix:
          'Draw on a copy, not on the frame you feed the model: cv::Mat vis = frame.clone() (Python img.copy(); ' +
          'a NumPy slice or cv::Mat ROI is a view, so cv2.rectangle on it changes the input too), and feed the model before drawing.',
      };
    }
    case 'batch-order':
      return {
        evidence: `Batch items are in a different order: dump item i is reference item [${(det.order as number[] | undefined)?.join(', ') ?? '?'}][i] ${errs}.`,
        fix: 'Sort the input file list the same way on both sides (directory listing order is not guaranteed).',
      };
    default:
      return { evidence: errs, fix: '' };
  }
}

function maxOf(v: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < v.length; i++) if (v[i] > m && v[i] < Infinity) m = v[i];
  return m;
}

function resizeAdvice(dumpLib: string, refLib: string | undefined): string {
  if (refLib === 'tf' && dumpLib === 'cv2') {
    return 'cv::resize INTER_LINEAR equals tf.image.resize bilinear only when enlarging; when shrinking, OpenCV rounds to uint8 and INTER_AREA averages. Resize in float with matching interpolation, or set input.resize to what your code does if the model was trained with it.';
  }
  if (refLib === 'tf' && dumpLib === 'pil')
    return 'PIL filters are antialiased when shrinking, tf.image.resize is not (antialias=False). Use the same library on both sides.';
  if (dumpLib === 'java2d') {
    return 'Java2D (drawImage, AffineTransformOp) interpolates in its own fixed point and never antialiases when shrinking; getScaledInstance SCALE_SMOOTH averages areas instead. Resize the same way on both sides, or set input.resize to the Java2D call your app makes so the reference follows it.';
  }
  if (dumpLib === 'tfjs') return 'TensorFlow.js resizeBilinear defaults to halfPixelCenters=false; pass halfPixelCenters=true to match TF2.';
  return 'Use the same library and interpolation on both sides, or set input.resize to what your code does if the model was trained with it.';
}

/** Build the Cause for hypothesis `idx` of a trial. */
export function describe(t: Trial, idx: number, ctx: StoryContext): Cause {
  const id = t.hyps[idx].id;
  const s = story(id, t, idx, ctx);
  const det = t.details[idx] ?? t.hyps[idx].details;
  return {
    id,
    title: CAUSE_TITLES[id],
    explained: t.explained,
    errorBefore: ctx.base.mean,
    errorAfter: t.m.mean,
    maxBefore: ctx.base.max,
    maxAfter: t.m.max,
    evidence: s.evidence,
    fix: s.fix,
    ...(s.specChange ? { specChange: s.specChange } : {}),
    stage: CAUSE_STAGE[id],
    ...(ctx.partners.length > 0 ? { combinedWith: ctx.partners } : {}),
    ...(s.details || det ? { details: { variant: t.hyps[idx].variant, ...(det ?? {}), ...(s.details ?? {}) } } : { details: { variant: t.hyps[idx].variant } }),
  };
}
