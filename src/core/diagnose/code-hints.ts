// Where in the user's code a cause usually sits: the preprocessing linter rules whose findings are that cause, and a
// workspace search for the calls that make it when no finding matches (a card never points at an unrelated line).

import type { CauseId } from './types';

/** A regular expression over source code, and the words a button shows for it. */
export interface CodeSearch {
  pattern: string;
  words: string;
}

/** The linter rules that flag a cause, and what to search for when none fired. */
export interface CodeHint {
  lintRules: readonly string[];
  search?: CodeSearch;
}

const s = (pattern: string, words: string): CodeSearch => ({ pattern, words });

const HINTS: Record<CauseId, CodeHint> = {
  'channel-swap': { lintRules: ['color-order', 'pil-mode'], search: s('imread|cvtColor|BGR', 'imread / cvtColor / BGR') },
  'layout-nchw-nhwc': { lintRules: ['layout'], search: s('blobFromImage|transpose|permute', 'blobFromImage / transpose') },
  'hw-transpose': { lintRules: [], search: s('getPixel\\(|transpose|\\[x\\]\\[y\\]', 'getPixel( / transpose') },
  'scale-255': { lintRules: ['normalization'], search: s('255', '255') },
  'scale-range': {
    lintRules: ['normalization', 'keras-preprocess-input'],
    search: s('127\\.5|preprocess_input', '127.5 / preprocess_input'),
  },
  'affine-mean-std': { lintRules: ['normalization', 'keras-preprocess-input'], search: s('mean|std', 'mean / std') },
  float64: { lintRules: ['float64'], search: s('double|float64|CV_64F', 'double / float64') },
  float16: { lintRules: [], search: s('float16|half|FP16', 'float16 / half') },
  'uint8-truncation': {
    lintRules: [],
    search: s('astype\\(np\\.uint8\\)|\\(uint8_t\\)|\\(int\\)|\\(byte\\)', 'astype(np.uint8) / (uint8_t) casts'),
  },
  'uint8-rounding': { lintRules: ['resize-library'], search: s('resize', 'resize') },
  'byte-order': { lintRules: ['byte-order'], search: s('ByteBuffer|allocateDirect|ByteOrder', 'ByteBuffer / ByteOrder') },
  'partial-fill': { lintRules: ['partial-fill'], search: s('total\\(\\)|rows \\* cols|width \\* height', 'total() / rows * cols') },
  'resize-kernel': { lintRules: ['resize-method', 'resize-library', 'resize-flags'], search: s('resize', 'resize') },
  'resize-fit': {
    lintRules: ['resize-fit'],
    search: s('letterbox|copyMakeBorder|resize_with_pad|ImageOps\\.fit|smart_resize|crop', 'letterbox / pad / crop'),
  },
  'wh-swap': {
    lintRules: ['resize-size-order', 'resize-size'],
    search: s('Size\\(|createScaledBitmap|resize', 'Size( / createScaledBitmap'),
  },
  exif: { lintRules: [], search: s('exif|IMREAD_IGNORE_ORIENTATION|ExifInterface|\\.rotate\\(', 'EXIF handling') },
  alpha: { lintRules: ['pil-mode'], search: s('RGBA|getImageData|ensureAlpha|ARGB|BGRA', 'RGBA / ARGB / getImageData') },
  'batch-order': { lintRules: [], search: s('listdir|glob|readdir|listFiles', 'listdir / glob / listFiles') },
  'model-differs': { lintRules: [] },
  'numeric-noise': { lintRules: [] },
  'non-finite': { lintRules: [], search: s('/ ?std|sqrt|log\\(|new float\\[|malloc', 'divisions by std / new float[]') },
  'signed-bytes': { lintRules: [], search: s('DataBufferByte|int8_t|\\(byte\\)|\\.get\\(', 'DataBufferByte / int8_t') },
  rotation: { lintRules: [], search: s('rotate|rot90|rotationDegrees|ROTATE_', 'rotate / rot90 / rotationDegrees') },
  flip: { lintRules: [], search: s('flip|fliplr|flipud|preScale', 'flip / fliplr / flipud') },
  'local-difference': { lintRules: [], search: s('rectangle|putText|drawRect|drawText|fillRect', 'rectangle / putText / drawRect') },
  'jpeg-decoder': { lintRules: ['jpeg-decoder'], search: s('decode_jpeg|decode_image|dct_method|imread|Image\\.open', 'decode_jpeg / decode_image / imread') },
};

/** The linter rules that flag `id` and the workspace search to offer when none of them fired. */
export function codeHint(id: CauseId): CodeHint {
  return HINTS[id];
}
