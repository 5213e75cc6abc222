// The rules, with stable codes and ids. Codes never change meaning; retired codes are not reused.

import type { LintSeverity } from './types';

/** Static description of a rule (used for SARIF rule metadata and documentation). */
export interface RuleInfo {
  code: string;
  id: string;
  severity: LintSeverity;
  title: string;
  help: string;
}

const LIST: RuleInfo[] = [
  {
    code: 'TP101',
    id: 'color-order',
    severity: 'error',
    title: 'Channel order differs from the spec',
    help: 'OpenCV decodes to BGR, PIL/TF/browsers to RGB. Convert with cvtColor(..., COLOR_BGR2RGB) (or the reverse) so the model sees input.colorOrder.',
  },
  {
    code: 'TP102',
    id: 'pil-mode',
    severity: 'warning',
    title: 'PIL image used without convert()',
    help: 'Image.open keeps the file\'s mode: grayscale, palette (P) and RGBA files do not give 3 channels, and palette images are always resized with NEAREST. Call .convert("RGB").',
  },
  {
    code: 'TP103',
    id: 'jpeg-decoder',
    severity: 'warning',
    title: 'JPEG decoded with a different IDCT than the spec',
    help:
      'tf.io.decode_jpeg and tf.io.decode_image decode with the fast integer IDCT by default (dct_method=""), a few pixel levels away from the accurate IDCT of cv2, PIL and sharp. ' +
      'Match input.decoder: pass dct_method="INTEGER_ACCURATE" to decode_jpeg for "libjpeg", keep the default for "tf".',
  },
  {
    code: 'TP201',
    id: 'resize-size',
    severity: 'error',
    title: 'Resize target size differs from the spec',
    help: "Resize to input.width × input.height. Mind each API's order: cv2/PIL/sharp/Bitmap take (width, height); tf.image, tfjs, Keras and TFLite ResizeOp take (height, width).",
  },
  {
    code: 'TP202',
    id: 'resize-size-order',
    severity: 'error',
    title: 'Width and height swapped',
    help: 'The size matches the spec with width and height exchanged. Check whether this API takes (width, height) or (height, width).',
  },
  {
    code: 'TP203',
    id: 'resize-method',
    severity: 'warning',
    title: 'Resize interpolation differs from the spec',
    help: "Use the interpolation named in input.resize.method; note each library's default (cv2 INTER_LINEAR, PIL BICUBIC, Keras load_img nearest, sharp lanczos3).",
  },
  {
    code: 'TP204',
    id: 'resize-library',
    severity: 'info',
    title: 'Resize done with a different library than the spec',
    help: 'Kernels with the same name differ between libraries (antialiasing, pixel centres, rounding). Resize with input.resize.library or change the spec.',
  },
  {
    code: 'TP205',
    id: 'resize-flags',
    severity: 'warning',
    title: 'Resize flags differ from the spec',
    help: 'antialias, alignCorners and halfPixelCenters change every output pixel; set them as in input.resize.',
  },
  {
    code: 'TP206',
    id: 'resize-fit',
    severity: 'warning',
    title: 'Resize crops or pads unlike the spec',
    help: 'input.resize.fit says whether the image is stretched, cropped or letterboxed; sharp crops (fit: cover) by default.',
  },
  {
    code: 'TP301',
    id: 'normalization',
    severity: 'error',
    title: 'Normalisation differs from the spec',
    help: 'The spec computes (pixel × input.scale − input.mean) / input.std per channel.',
  },
  {
    code: 'TP302',
    id: 'keras-preprocess-input',
    severity: 'error',
    title: 'Keras preprocess_input mode differs from the spec',
    help: 'preprocess_input is model-specific: caffe (BGR, minus ImageNet means), tf ([-1, 1]) or torch (/255, ImageNet mean/std).',
  },
  {
    code: 'TP401',
    id: 'layout',
    severity: 'error',
    title: 'Tensor layout differs from the spec',
    help: 'input.layout says NHWC (channels last) or NCHW (channels first).',
  },
  {
    code: 'TP402',
    id: 'tensor-shape',
    severity: 'error',
    title: 'Input tensor shape differs from the spec',
    help: 'The input tensor must be 1 × input.height × input.width × channels (NHWC) or 1 × channels × height × width (NCHW).',
  },
  {
    code: 'TP501',
    id: 'float64',
    severity: 'warning',
    title: 'float64 where the spec says float32',
    help: 'Keep the arithmetic and the tensor in input.dtype; float64 rounds differently and doubles the memory.',
  },
  {
    code: 'TP502',
    id: 'byte-order',
    severity: 'warning',
    title: 'ByteBuffer without native byte order',
    help: 'ByteBuffer.allocateDirect is big-endian; TFLite and TF read native (little-endian) floats. Add .order(ByteOrder.nativeOrder()).',
  },
  {
    code: 'TP503',
    id: 'partial-fill',
    severity: 'error',
    title: 'Loop fills only part of the tensor',
    help: 'A loop or copy sized by the pixel count (Mat::total(), rows × cols, width × height, a getPixels array) moves one value per pixel; a 3-channel tensor needs total() × channels() values.',
  },
  {
    code: 'TP504',
    id: 'input-dtype',
    severity: 'error',
    title: 'Integer bytes where the spec says float, or floats into a quantized input',
    help: 'input.dtype says what the model reads: float32 needs the pixels cast (and scaled) to float; a quantized uint8 model needs bytes, not floats.',
  },
];

/** Every rule, by code order. */
export const RULES: readonly RuleInfo[] = LIST;

/** Rule id → info. */
export const RULE_BY_ID: ReadonlyMap<string, RuleInfo> = new Map(LIST.map((r) => [r.id, r]));

/** Rule ids. */
export type RuleId =
  | 'color-order'
  | 'pil-mode'
  | 'jpeg-decoder'
  | 'resize-size'
  | 'resize-size-order'
  | 'resize-method'
  | 'resize-library'
  | 'resize-flags'
  | 'resize-fit'
  | 'normalization'
  | 'keras-preprocess-input'
  | 'layout'
  | 'tensor-shape'
  | 'float64'
  | 'byte-order'
  | 'partial-fill'
  | 'input-dtype';
