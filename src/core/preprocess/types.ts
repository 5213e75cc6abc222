// Image buffers passed between preprocessing stages: interleaved HWC, C order.

import type { NdArray } from '../tensor/types';

/** An interleaved height × width × channels image. uint8 for decoded pixels, float32 after arithmetic. */
export interface Image {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Uint8Array | Uint16Array | Float32Array;
}

/** Names of the pipeline stages, in order. */
export type StageName = 'decoded' | 'color' | 'resized' | 'normalized' | 'layout';

/** One stage of preprocessing as a tensor: [H, W, C] for every stage except 'layout', which is the model input. */
export interface PreprocessStage {
  name: StageName;
  tensor: NdArray;
  /** One line for the UI, e.g. "tf bilinear (half-pixel centres) 512×512 → 256×256". */
  description: string;
}

/** A region of the source image in source pixels (fractional for Pillow's ImageOps.fit). */
export interface CropRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** What preprocessing an image produced: the model input, every stage, and the picture to draw overlays on. */
export interface PreprocessResult {
  /** The model input tensor ([1, H, W, C] or [1, C, H, W] in the spec's dtype). */
  tensor: NdArray;
  stages: PreprocessStage[];
  /** The decoded image (EXIF orientation applied when the spec says so), as RGB uint8, for overlays; with fit "crop",
   * only the cropped region (to whole pixels), so the model input covers it exactly. */
  display: Image;
  /** fit "crop" only: the region of the decoded image the model input shows. */
  crop?: CropRegion;
  /** Where the resized picture sits in the model input (the rest is keep-aspect/letterbox padding). */
  placement: { left: number; top: number; width: number; height: number };
}
