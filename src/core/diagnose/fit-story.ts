// Words for the "different fit" cause: what the dump's pipeline did to the image's shape, and how to fit it like the reference;
// with the words for its zoomed variants (crop-alts.ts): resized larger then centre-cropped, or tf.image.central_crop.

import type { ResizeFit, ResizeSpec, Spec } from '../spec/types';
import { aspectWords } from './fit-alts';
import type { SpecChange } from './types';
import type { ResizeCrop } from './crop-alts';

function isFit(v: unknown): v is ResizeFit {
  return v === 'stretch' || v === 'crop' || v === 'letterbox' || v === 'keep-aspect';
}

/** What a fit does to the image, in words. */
export function fitWords(fit: ResizeFit, pad: number, width: number, height: number): string {
  switch (fit) {
    case 'stretch':
      return `stretched to ${width}×${height} (the whole image, aspect ratio not kept)`;
    case 'crop':
      return `centre-cropped to ${aspectWords(width, height)} (the input's aspect ratio), then resized to ${width}×${height}`;
    case 'letterbox':
      return `scaled to fit inside ${width}×${height} keeping its aspect ratio, centred and padded with ${pad} (letterbox)`;
    case 'keep-aspect':
      return `scaled to fit inside ${width}×${height} keeping its aspect ratio, at the top-left and padded with ${pad} at the right and bottom`;
  }
}

/** How to fit like `fit` in Python, C++/OpenCV, Android and JS. */
export function fitHowTo(fit: ResizeFit, pad: number, W: number, H: number): string {
  switch (fit) {
    case 'stretch':
      return (
        `resize the whole image to ${W}×${H}, no crop or padding: PIL img.resize((${W}, ${H})) (not ImageOps.fit), tf.image.resize(img, (${H}, ${W})) ` +
        `(not keras smart_resize or tf.image.resize_with_pad), keras load_img(path, target_size=(${H}, ${W})) without keep_aspect_ratio; ` +
        `C++ cv::resize(img, out, cv::Size(${W}, ${H})) on the full image; Android Bitmap.createScaledBitmap(bmp, ${W}, ${H}, true) on the full bitmap ` +
        `(TFLite: ResizeOp without ResizeWithCropOrPadOp); JS ctx.drawImage(img, 0, 0, ${W}, ${H})`
      );
    case 'crop':
      return (
        `centre-crop to ${aspectWords(W, H)} first, then resize: PIL ImageOps.fit(img, (${W}, ${H}), Image.Resampling.BICUBIC), ` +
        `keras smart_resize(x, (${H}, ${W})) or load_img(path, target_size=(${H}, ${W}), keep_aspect_ratio=True); ` +
        `C++ cw = min(w, h*${W}/${H}), ch = min(h, w*${H}/${W}), cv::resize(img(cv::Rect((w - cw) / 2, (h - ch) / 2, cw, ch)), out, cv::Size(${W}, ${H})); ` +
        `Android ThumbnailUtils.extractThumbnail(bmp, ${W}, ${H}) (TFLite: ResizeWithCropOrPadOp to the centred crop, then ResizeOp); ` +
        `JS ctx.drawImage(img, sx, sy, sw, sh, 0, 0, ${W}, ${H}) with the centred source box`
      );
    case 'letterbox':
      return (
        `scale by s = min(${W}/w, ${H}/h), centre the picture and pad the rest with ${pad}: tf.image.resize_with_pad(img, ${H}, ${W}) in Python ` +
        `(pads with 0); C++ cv::resize to (nw, nh) = (floor(w*s), floor(h*s)), then cv::copyMakeBorder(out, out, top, bottom, left, right, ` +
        `cv::BORDER_CONSTANT, cv::Scalar::all(${pad})) with top = (${H} - nh) / 2, left = (${W} - nw) / 2 (YOLO's letterbox pads with 114); ` +
        `Android/JS: draw the scaled picture centred on a ${W}×${H} canvas filled with the pad colour`
      );
    case 'keep-aspect':
      return (
        `scale by s = min(${W}/w, ${H}/h) and put the picture at the top-left, padded with ${pad} at the right and bottom: ` +
        `tf.image.resize(img, (${H}, ${W}), preserve_aspect_ratio=True) then tf.image.pad_to_bounding_box(img, 0, 0, ${H}, ${W}); ` +
        `C++ cv::resize to (round(w*s), round(h*s)), then cv::copyMakeBorder(out, out, 0, ${H} - nh, 0, ${W} - nw, cv::BORDER_CONSTANT, cv::Scalar::all(${pad})); ` +
        `Android/JS: draw the scaled picture at (0, 0) on a ${W}×${H} canvas filled with the pad colour`
      );
  }
}

/** Evidence, fix and spec change for a 'resize-fit' hypothesis (details from fitAlternatives). */
export function fitStory(
  det: Record<string, unknown>,
  errs: string,
  spec: Spec | undefined,
  specKernel: string,
): { evidence: string; fix: string; specChange?: SpecChange } {
  const W = spec?.input.width ?? 0;
  const H = spec?.input.height ?? 0;
  const fit = isFit(det.fit) ? det.fit : 'stretch';
  const specFit = isFit(det.specFit) ? det.specFit : (spec?.input.resize.fit ?? 'stretch');
  const pad = Number(det.padValue ?? 0);
  const specPad = Number(det.specPadValue ?? spec?.input.resize.padValue ?? 0);
  const kernel = typeof det.kernel === 'string' ? det.kernel : undefined;
  const resize = det.resize as ResizeSpec | undefined;
  if (det.rounding === 'yolo') {
    const pl = det.placement as { left: number; top: number; width: number; height: number } | undefined;
    return {
      evidence:
        `Your dump equals the image letterboxed the ultralytics/YOLOv5 way: scaled to ${pl ? `${pl.width}×${pl.height}` : '?'} ` +
        `(round(w·r), round(h·r)), placed at x ${pl?.left ?? '?'}, y ${pl?.top ?? '?'} (padding split with round(d ∓ 0.1)), padded with ${pad}, ` +
        `using ${kernel ?? 'cv::resize INTER_LINEAR'} ${errs}; the spec says fit "${specFit}": ${fitWords(specFit, specPad, W, H)}${kernel ? ` with ${specKernel}` : ''}` +
        `${specFit === 'letterbox' ? ', which floors the size and the offsets (tf.image.resize_with_pad)' : ''}.`,
      fix:
        `Letterbox with the same rounding on both sides. If the model was trained with ultralytics (YOLOv5/v8), use its LetterBox arithmetic ` +
        `in the reference too; otherwise ${fitHowTo(specFit, specPad, W, H)}.`,
      ...(resize ? { specChange: { path: 'input.resize', value: resize } } : {}),
    };
  }
  if (det.rounding === 'central-crop') return centralCropStory(det, errs, specFit, specPad, W, H, kernel ?? specKernel);
  if (det.rounding === 'resize-crop') return resizeCropStory(det, errs, specFit, specPad, W, H, kernel ?? specKernel);
  if (fit === specFit) {
    return {
      evidence: `Your dump equals the image ${fitWords(fit, pad, W, H)} ${errs}; the reference pads with ${specPad}. Only the padding value differs.`,
      fix:
        `Pad with ${specPad} like the reference (cv::copyMakeBorder(..., cv::Scalar::all(${specPad})), the canvas fill colour; ` +
        `YOLO's letterbox uses 114, tf.image.resize_with_pad 0), or set input.resize.padValue to ${pad} if training padded with that.`,
      specChange: { path: 'input.resize.padValue', value: pad },
    };
  }
  const padChanged = det.padded === true && pad !== specPad && (specFit === 'letterbox' || specFit === 'keep-aspect');
  const onlyFit = !kernel && !padChanged;
  const withKernel = kernel ? ` using ${kernel}` : '';
  const specWithKernel = kernel ? ` with ${specKernel}` : '';
  const trainedWith =
    fit === 'crop'
      ? ' If the model was trained on centre crops (Teachable Machine, PIL ImageOps.fit, keras smart_resize), the spec is what is wrong.'
      : fit === 'letterbox'
        ? ' If the model was trained on letterboxed images (YOLO-style), the spec is what is wrong.'
        : '';
  return {
    evidence:
      `Your dump equals the image ${fitWords(fit, pad, W, H)} (fit "${fit}")${withKernel} ${errs}; ` +
      `the spec says fit "${specFit}": ${fitWords(specFit, specPad, W, H)}${specWithKernel}.`,
    fix: `Fit the image as the reference does: ${fitHowTo(specFit, specPad, W, H)}.${kernel ? ` Use the reference's kernel too (${specKernel}).` : ''}${trainedWith}`,
    ...(onlyFit ? { specChange: { path: 'input.resize.fit', value: fit } } : resize ? { specChange: { path: 'input.resize', value: resize } } : {}),
  };
}

function isResizeCrop(v: unknown): v is ResizeCrop {
  return typeof v === 'object' && v !== null && typeof (v as ResizeCrop).side === 'number' && typeof (v as ResizeCrop).fraction === 'number';
}

/** Evidence and fix when the dump is the image resized by 1/fraction and centre-cropped to the input size. */
function resizeCropStory(
  det: Record<string, unknown>,
  errs: string,
  specFit: ResizeFit,
  specPad: number,
  W: number,
  H: number,
  kernel: string,
): { evidence: string; fix: string } {
  const c = isResizeCrop(det.crop) ? det.crop : undefined;
  const size = c ? `${c.width}×${c.height}` : '?';
  const how =
    c?.mode === 'square'
      ? `both sides resized to ${size} (cv.resize(img, (${c.width}, ${c.height})))`
      : `its shorter side resized to ${c?.side ?? '?'} (torchvision Resize(${c?.side ?? '?'})), ${size}`;
  const pct = c ? `${Math.round(c.fraction * 1000) / 10}%` : '?';
  return {
    evidence:
      `Your dump equals the image with ${how}, then centre-cropped to ${W}×${H} at x ${c?.left ?? '?'}, y ${c?.top ?? '?'} ` +
      `(a crop of ${pct} of the resized side: the ImageNet evaluation recipe, torchvision Resize + CenterCrop, timm crop_pct, ` +
      `the OpenCV model zoo demos) using ${kernel} ${errs}; the spec says fit "${specFit}": ${fitWords(specFit, specPad, W, H)}. ` +
      `The dump shows only the middle of the picture, slightly enlarged.`,
    fix:
      `Prepare the image as in training. If training used the full image, ${fitHowTo(specFit, specPad, W, H)} (drop the larger resize and the ` +
      `centre crop). If the model was trained and evaluated with Resize + CenterCrop (crop fraction ${c?.fraction ?? '?'}), the reference must do the ` +
      `same: no fit of tensorparity.json expresses it yet, so compare against a reference tensor made by the training code.`,
  };
}

/** Evidence and fix when the dump is the central fraction of the image (tf.image.central_crop), resized to the input. */
function centralCropStory(
  det: Record<string, unknown>,
  errs: string,
  specFit: ResizeFit,
  specPad: number,
  W: number,
  H: number,
  kernel: string,
): { evidence: string; fix: string } {
  const r = det.region as { width?: number; height?: number; left?: number; top?: number } | undefined;
  const fraction = typeof det.fraction === 'number' ? det.fraction : undefined;
  return {
    evidence:
      `Your dump equals the central ${fraction ?? '?'} of the image (${r?.width ?? '?'}×${r?.height ?? '?'} from x ${r?.left ?? '?'}, y ${r?.top ?? '?'}: ` +
      `tf.image.central_crop, as TF slim's inception/mobilenet eval preprocessing does) resized to ${W}×${H} using ${kernel} ${errs}; ` +
      `the spec says fit "${specFit}": ${fitWords(specFit, specPad, W, H)}. The dump shows only the middle of the picture, slightly enlarged.`,
    fix:
      `Prepare the image as in training. If training used the full image, ${fitHowTo(specFit, specPad, W, H)} (drop the central crop). If the ` +
      `model was trained and evaluated on central crops (central_fraction ${fraction ?? '?'}), the reference must crop too: no fit of ` +
      `tensorparity.json expresses it yet, so compare against a reference tensor made by the training code.`,
  };
}
