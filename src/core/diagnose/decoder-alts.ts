// Reference-side hypotheses for JPEG images: the same preprocessing after the other JPEG decoder (TensorFlow's
// decode_jpeg default, the fast IDCT, or the accurate IDCT of cv2/PIL/sharp), alone and followed by the resize
// kernels that came closest, so "tf.image.resize after TF's JPEG decoder" is recognised and named as such.

import { toFloat64Array, numel } from '../tensor/ndarray';
import type { InputSpec, ResizeSpec, Spec } from '../spec/types';
import { SpecError } from '../spec/errors';
import { decodeImage, type DecodedImage } from '../preprocess/decode';
import { KernelError } from '../preprocess/kernels';
import { preprocessDecoded } from '../preprocess/pipeline';
import type { JpegDecoder } from '../preprocess/jpeg/file';
import type { Hypothesis } from './hypothesis';
import type { SearchResult } from './search';

/** A resize worth combining with the other decoder. */
export interface ResizeLead {
  resize: ResizeSpec;
  label: string;
  details: Record<string, unknown>;
}

const SHORT: Record<JpegDecoder, string> = {
  tf: "TensorFlow's JPEG decoder (tf.io.decode_jpeg, fast IDCT)",
  libjpeg: 'the accurate-IDCT JPEG decoder (cv2, PIL, sharp)',
};

/** The closest resize-kernel alternatives of a search (at most `k`), to re-run after the other decoder. */
export function resizeLeads(r: SearchResult, k = 4): ResizeLead[] {
  const out: ResizeLead[] = [];
  for (const t of r.singles) {
    const h = t.hyps[0];
    const resize = h.details?.resize as ResizeSpec | undefined;
    if (h.id !== 'resize-kernel' || !resize || !h.details) continue;
    out.push({ resize, label: h.variant, details: h.details });
    if (out.length >= k) break;
  }
  return out;
}

function run(decoded: DecodedImage, input: InputSpec, n: number): Float64Array | undefined {
  try {
    const t = preprocessDecoded(decoded, input).tensor;
    return numel(t.shape) === n ? toFloat64Array(t) : undefined;
  } catch (e) {
    if (e instanceof SpecError || e instanceof KernelError) return undefined;
    throw e;
  }
}

/** The image decoded by the other JPEG decoder than the spec's, or why it cannot be (a note for the diagnosis). */
export async function decodeWithOtherDecoder(spec: Spec, imageFile: string, maxPixels: number): Promise<DecodedImage | string | undefined> {
  const input = spec.input;
  // sharp decodes the file itself (shrink-on-load): no other decoder to try.
  if (input.resize.library === 'sharp') return undefined;
  const other: JpegDecoder = input.decoder === 'tf' ? 'libjpeg' : 'tf';
  const decoded = await decodeImage(imageFile, { applyExif: input.applyExif, maxPixels, library: input.resize.library, decoder: other });
  if (other === 'tf' && decoded.decoder !== 'tf') {
    return `${decoded.decoderNote ?? "TensorFlow's JPEG decoder is not reproduced for this image"}; a TF-decoded reference was not tested.`;
  }
  return decoded;
}

/** The reference re-made from `decoded` (the other decoder's pixels): with the spec's resize when `own`, and with each lead's resize. */
export function decoderAlternatives(decoded: DecodedImage, spec: Spec, n: number, own: boolean, leads: readonly ResizeLead[]): Hypothesis[] {
  const input = spec.input;
  const other: JpegDecoder = decoded.decoder === 'tf' ? 'tf' : 'libjpeg';
  const hyps: Hypothesis[] = [];
  const alt = own ? run(decoded, input, n) : undefined;
  if (alt) hyps.push({ id: 'jpeg-decoder', variant: SHORT[other], order: 5, altRef: alt, details: { decoder: other } });
  for (const lead of leads) {
    const withLead = run(decoded, { ...input, resize: lead.resize }, n);
    if (!withLead) continue;
    hyps.push({
      id: 'jpeg-decoder',
      variant: `${lead.label} after ${SHORT[other]}`,
      order: 5,
      altRef: withLead,
      details: { decoder: other, resizeLabel: lead.label, resize: lead.resize },
      companion: { id: 'resize-kernel', variant: lead.label, order: 5, details: lead.details },
    });
  }
  return hyps;
}
