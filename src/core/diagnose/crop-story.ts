// Words for the "resized larger, then centre-cropped" variant of the 'resize-fit' cause (crop-alts.ts).

import type { ResizeFit } from '../spec/types';
import type { ResizeCrop } from './crop-alts';
import { fitHowTo, fitWords } from './fit-story';

function isResizeCrop(v: unknown): v is ResizeCrop {
  return typeof v === 'object' && v !== null && typeof (v as ResizeCrop).side === 'number' && typeof (v as ResizeCrop).fraction === 'number';
}

/** Evidence and fix when the dump is the image resized by 1/fraction and centre-cropped to the input size. */
export function resizeCropStory(
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
export function centralCropStory(
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
