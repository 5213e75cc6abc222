// A JPEG file decoded as tf.io.decode_jpeg decodes it, shaped as the preprocessing pipeline's DecodedImage.

import { readFile } from 'node:fs/promises';
import type { DecodedImage } from '../decode';
import { decodeJpegTf, JpegFormatError } from './decode';
import { applyOrientation } from './orient';

/** Which JPEG decoder a pipeline uses: 'tf' = tf.io.decode_jpeg / decode_image defaults (fast IDCT); 'libjpeg' = the accurate IDCT. */
export type JpegDecoder = 'libjpeg' | 'tf';

/** Words for each decoder, as an engineer would say which one a pipeline uses. */
export const JPEG_DECODER_WORDS: Record<JpegDecoder, string> = {
  tf: "TensorFlow's JPEG decoder (tf.io.decode_jpeg / decode_image with the default dct_method: libjpeg-turbo's fast integer IDCT)",
  libjpeg: "the accurate integer IDCT (cv2.imread, PIL, sharp, tf.io.decode_jpeg(dct_method='INTEGER_ACCURATE'))",
};

/**
 * Decodes `file` with TF's decoder, EXIF orientation applied when asked (TF itself never applies it); returns the
 * reason instead when this decoder does not reproduce the file (CMYK, arithmetic coding, 12-bit, damaged).
 */
export async function decodeJpegFileAsTf(file: string, orientation: number | undefined, applyExif: boolean, maxPixels: number): Promise<DecodedImage | string> {
  const bytes = new Uint8Array(await readFile(file));
  let px;
  try {
    px = decodeJpegTf(bytes, { idct: 'fast', maxPixels });
  } catch (e) {
    if (e instanceof JpegFormatError) return e.message;
    throw e;
  }
  const turned = applyExif && orientation !== undefined ? applyOrientation(px.data, px.width, px.height, px.channels, orientation) : px;
  const out: DecodedImage = {
    width: turned.width,
    height: turned.height,
    channels: px.channels,
    data: turned.data,
    bitDepth: 8,
    format: 'jpeg',
    decoder: 'tf',
  };
  if (orientation !== undefined) out.orientation = orientation;
  return out;
}
