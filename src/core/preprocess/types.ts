// Image buffers passed between preprocessing stages: interleaved HWC, C order.

/** An interleaved height × width × channels image. uint8 for decoded pixels, float32 after arithmetic. */
export interface Image {
  readonly width: number;
  readonly height: number;
  readonly channels: number;
  readonly data: Uint8Array | Uint16Array | Float32Array;
}

/** Names of the pipeline stages, in order. */
export type StageName = 'decoded' | 'color' | 'resized' | 'normalized' | 'layout';
