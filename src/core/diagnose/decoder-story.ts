// Words for the "different JPEG decoder" cause: which decoder the dump matches, with which resize, and the fix.

import { JPEG_DECODER_WORDS, type JpegDecoder } from '../preprocess/jpeg/file';
import type { SpecChange } from './types';

/** Evidence, fix and spec change when the dump matches the image decoded by the other JPEG decoder. */
export function decoderStory(
  det: Record<string, unknown>,
  errs: string,
  specResize: string,
  inside: boolean,
): { evidence: string; fix: string; specChange: SpecChange } {
  const dumpDecoder: JpegDecoder = det.decoder === 'libjpeg' ? 'libjpeg' : 'tf';
  const refDecoder: JpegDecoder = dumpDecoder === 'tf' ? 'libjpeg' : 'tf';
  const resize = typeof det.resizeLabel === 'string' ? det.resizeLabel : undefined;
  const how = resize ? `decoded by ${JPEG_DECODER_WORDS[dumpDecoder]}, then resized with ${resize}` : `decoded by ${JPEG_DECODER_WORDS[dumpDecoder]}`;
  const evidence =
    `Your dump ${inside ? 'matches' : 'comes closest to'} the image ${how} ${errs}; the reference decodes with ${JPEG_DECODER_WORDS[refDecoder]}` +
    `${resize ? ` and uses ${specResize}` : ''}. The two IDCTs differ by a few pixel levels over most of a photo.`;
  const fix =
    dumpDecoder === 'tf'
      ? 'Decode the same way on both sides. If the TensorFlow pipeline is the one you trust, set "decoder": "tf" in the spec so the reference decodes like it; ' +
        "otherwise call tf.io.decode_jpeg(..., dct_method='INTEGER_ACCURATE') in TensorFlow (tf.io.decode_image has no dct_method: use decode_jpeg for JPEG files)."
      : "Decode the same way on both sides: your code uses the accurate IDCT (cv2.imread, PIL, sharp, or dct_method='INTEGER_ACCURATE') while the reference uses " +
        'tf.io.decode_jpeg\'s default fast IDCT. Set "decoder": "libjpeg" in the spec if the accurate decoder is the one you trust, or decode with TF\'s defaults on both sides.';
  return { evidence, fix, specChange: { path: 'input.decoder', value: dumpDecoder } };
}
