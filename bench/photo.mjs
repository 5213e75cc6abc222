// The benches' input image: deterministic and photo-like (smooth gradients, edges and a little noise), RGB uint8.

/** A W×H RGB image as { width, height, channels, data }, the same for every bench and every run. */
export function photoLikeImage(W, H) {
  const data = new Uint8Array(W * H * 3);
  let seed = 12345;
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      const n = seed >>> 28;
      const o = (y * W + x) * 3;
      data[o] = ((x * 255) / W + n) & 255;
      data[o + 1] = ((y * 255) / H + ((x >> 6) & 1) * 60 + n) & 255;
      data[o + 2] = (((x + y) >> 3) * 7 + n) & 255;
    }
  }
  return { width: W, height: H, channels: 3, data };
}
