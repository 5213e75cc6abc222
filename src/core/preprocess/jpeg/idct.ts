// The two integer inverse DCTs of libjpeg-turbo, bit for bit: the fast AAN IDCT (jidctfst.c, JDCT_IFAST, what
// tf.io.decode_jpeg uses by default) and the accurate one (jidctint.c, JDCT_ISLOW, what cv2, Pillow and sharp use).
// Both end in libjpeg's post-IDCT range-limit table: the value is wrapped to 10 bits, then clamped to 0..255.

/** Which IDCT: 'fast' = JDCT_IFAST (TF's default, dct_method=''), 'accurate' = JDCT_ISLOW (INTEGER_ACCURATE). */
export type IdctMethod = 'fast' | 'accurate';

// jddctmgr.c: AAN scale factors × 2^14, folded into the dequantisation table of the fast IDCT.
const AAN_SCALES = new Int32Array([
  16384, 22725, 21407, 19266, 16384, 12873, 8867, 4520, 22725, 31521, 29692, 26722, 22725, 17855, 12299, 6270, 21407, 29692, 27969, 25172, 21407, 16819, 11585,
  5906, 19266, 26722, 25172, 22654, 19266, 15137, 10426, 5315, 16384, 22725, 21407, 19266, 16384, 12873, 8867, 4520, 12873, 17855, 16819, 15137, 12873, 10114,
  6967, 3552, 8867, 12299, 11585, 10426, 8867, 6967, 4799, 2446, 4520, 6270, 5906, 5315, 4520, 3552, 2446, 1247,
]);

/** The multiplier table an IDCT uses for a quantisation table (natural order). */
export function dequantTable(quant: Uint16Array, method: IdctMethod): Int32Array {
  const out = new Int32Array(64);
  for (let i = 0; i < 64; i++) out[i] = method === 'fast' ? (quant[i] * AAN_SCALES[i] + (1 << 11)) >> 12 : quant[i];
  return out;
}

/** libjpeg's post-IDCT range-limit table: index (descaled value & 1023), i.e. a 10-bit wrap, then clamp of value + 128. */
const RANGE = new Uint8Array(1024);
for (let i = 0; i < 1024; i++) {
  const v = (i >= 512 ? i - 1024 : i) + 128;
  RANGE[i] = v < 0 ? 0 : v > 255 ? 255 : v;
}

const F1_082 = 277;
const F1_414 = 362;
const F1_847 = 473;
const F2_613 = 669;

/** jpeg_idct_ifast: one block (coefficients at `inOff`) into `out` at `outOff` with row stride `stride`. */
export function idctFast(coefs: Int16Array, inOff: number, q: Int32Array, ws: Int32Array, out: Uint8Array, outOff: number, stride: number): void {
  for (let c = 0; c < 8; c++) {
    const i = inOff + c;
    if ((coefs[i + 8] | coefs[i + 16] | coefs[i + 24] | coefs[i + 32] | coefs[i + 40] | coefs[i + 48] | coefs[i + 56]) === 0) {
      const dc = coefs[i] * q[c];
      for (let r = 0; r < 8; r++) ws[r * 8 + c] = dc;
      continue;
    }
    let tmp0 = coefs[i] * q[c];
    let tmp1 = coefs[i + 16] * q[c + 16];
    let tmp2 = coefs[i + 32] * q[c + 32];
    let tmp3 = coefs[i + 48] * q[c + 48];
    let tmp10 = tmp0 + tmp2;
    let tmp11 = tmp0 - tmp2;
    const tmp13 = tmp1 + tmp3;
    let tmp12 = (((tmp1 - tmp3) * F1_414) >> 8) - tmp13;
    tmp0 = tmp10 + tmp13;
    tmp3 = tmp10 - tmp13;
    tmp1 = tmp11 + tmp12;
    tmp2 = tmp11 - tmp12;

    let tmp4 = coefs[i + 8] * q[c + 8];
    let tmp5 = coefs[i + 24] * q[c + 24];
    let tmp6 = coefs[i + 40] * q[c + 40];
    let tmp7 = coefs[i + 56] * q[c + 56];
    const z13 = tmp6 + tmp5;
    const z10 = tmp6 - tmp5;
    const z11 = tmp4 + tmp7;
    const z12 = tmp4 - tmp7;
    tmp7 = z11 + z13;
    tmp11 = ((z11 - z13) * F1_414) >> 8;
    const z5 = ((z10 + z12) * F1_847) >> 8;
    tmp10 = ((z12 * F1_082) >> 8) - z5;
    tmp12 = ((z10 * -F2_613) >> 8) + z5;
    tmp6 = tmp12 - tmp7;
    tmp5 = tmp11 - tmp6;
    tmp4 = tmp10 + tmp5;

    ws[c] = tmp0 + tmp7;
    ws[56 + c] = tmp0 - tmp7;
    ws[8 + c] = tmp1 + tmp6;
    ws[48 + c] = tmp1 - tmp6;
    ws[16 + c] = tmp2 + tmp5;
    ws[40 + c] = tmp2 - tmp5;
    ws[32 + c] = tmp3 + tmp4;
    ws[24 + c] = tmp3 - tmp4;
  }
  for (let r = 0; r < 8; r++) {
    const w = r * 8;
    const o = outOff + r * stride;
    if ((ws[w + 1] | ws[w + 2] | ws[w + 3] | ws[w + 4] | ws[w + 5] | ws[w + 6] | ws[w + 7]) === 0) {
      out.fill(RANGE[(ws[w] >> 5) & 1023], o, o + 8);
      continue;
    }
    const tmp10 = ws[w] + ws[w + 4];
    const tmp11 = ws[w] - ws[w + 4];
    const tmp13 = ws[w + 2] + ws[w + 6];
    const tmp12 = (((ws[w + 2] - ws[w + 6]) * F1_414) >> 8) - tmp13;
    const tmp0 = tmp10 + tmp13;
    const tmp3 = tmp10 - tmp13;
    const tmp1 = tmp11 + tmp12;
    const tmp2 = tmp11 - tmp12;

    const z13 = ws[w + 5] + ws[w + 3];
    const z10 = ws[w + 5] - ws[w + 3];
    const z11 = ws[w + 1] + ws[w + 7];
    const z12 = ws[w + 1] - ws[w + 7];
    const tmp7 = z11 + z13;
    const t11 = ((z11 - z13) * F1_414) >> 8;
    const z5 = ((z10 + z12) * F1_847) >> 8;
    const t10 = ((z12 * F1_082) >> 8) - z5;
    const t12 = ((z10 * -F2_613) >> 8) + z5;
    const tmp6 = t12 - tmp7;
    const tmp5 = t11 - tmp6;
    const tmp4 = t10 + tmp5;

    out[o] = RANGE[((tmp0 + tmp7) >> 5) & 1023];
    out[o + 7] = RANGE[((tmp0 - tmp7) >> 5) & 1023];
    out[o + 1] = RANGE[((tmp1 + tmp6) >> 5) & 1023];
    out[o + 6] = RANGE[((tmp1 - tmp6) >> 5) & 1023];
    out[o + 2] = RANGE[((tmp2 + tmp5) >> 5) & 1023];
    out[o + 5] = RANGE[((tmp2 - tmp5) >> 5) & 1023];
    out[o + 4] = RANGE[((tmp3 + tmp4) >> 5) & 1023];
    out[o + 3] = RANGE[((tmp3 - tmp4) >> 5) & 1023];
  }
}

// jidctint.c constants, FIX(x) with 13 fractional bits.
const C0_298 = 2446;
const C0_390 = 3196;
const C0_541 = 4433;
const C0_765 = 6270;
const C0_899 = 7373;
const C1_175 = 9633;
const C1_501 = 12299;
const C1_847 = 15137;
const C1_961 = 16069;
const C2_053 = 16819;
const C2_562 = 20995;
const C3_072 = 25172;

/** The butterfly of jpeg_idct_islow on 8 values (already dequantised), results in `r` (before descaling). */
function islow1d(r: Float64Array, x0: number, x1: number, x2: number, x3: number, x4: number, x5: number, x6: number, x7: number): void {
  let z1 = (x2 + x6) * C0_541;
  const tmp2e = z1 - x6 * C1_847;
  const tmp3e = z1 + x2 * C0_765;
  const tmp0e = (x0 + x4) * 8192;
  const tmp1e = (x0 - x4) * 8192;
  const tmp10 = tmp0e + tmp3e;
  const tmp13 = tmp0e - tmp3e;
  const tmp11 = tmp1e + tmp2e;
  const tmp12 = tmp1e - tmp2e;

  let tmp0 = x7;
  let tmp1 = x5;
  let tmp2 = x3;
  let tmp3 = x1;
  z1 = tmp0 + tmp3;
  let z2 = tmp1 + tmp2;
  let z3 = tmp0 + tmp2;
  let z4 = tmp1 + tmp3;
  const z5 = (z3 + z4) * C1_175;
  tmp0 *= C0_298;
  tmp1 *= C2_053;
  tmp2 *= C3_072;
  tmp3 *= C1_501;
  z1 *= -C0_899;
  z2 *= -C2_562;
  z3 = z3 * -C1_961 + z5;
  z4 = z4 * -C0_390 + z5;
  tmp0 += z1 + z3;
  tmp1 += z2 + z4;
  tmp2 += z2 + z3;
  tmp3 += z1 + z4;
  r[0] = tmp10 + tmp3;
  r[7] = tmp10 - tmp3;
  r[1] = tmp11 + tmp2;
  r[6] = tmp11 - tmp2;
  r[2] = tmp12 + tmp1;
  r[5] = tmp12 - tmp1;
  r[3] = tmp13 + tmp0;
  r[4] = tmp13 - tmp0;
}

const islowTmp = new Float64Array(8);

/** jpeg_idct_islow: one block (coefficients at `inOff`) into `out` at `outOff` with row stride `stride`. */
export function idctAccurate(coefs: Int16Array, inOff: number, q: Int32Array, ws: Int32Array, out: Uint8Array, outOff: number, stride: number): void {
  const r = islowTmp;
  for (let c = 0; c < 8; c++) {
    const i = inOff + c;
    if ((coefs[i + 8] | coefs[i + 16] | coefs[i + 24] | coefs[i + 32] | coefs[i + 40] | coefs[i + 48] | coefs[i + 56]) === 0) {
      const dc = coefs[i] * q[c] * 4;
      for (let k = 0; k < 8; k++) ws[k * 8 + c] = dc;
      continue;
    }
    islow1d(
      r,
      coefs[i] * q[c],
      coefs[i + 8] * q[c + 8],
      coefs[i + 16] * q[c + 16],
      coefs[i + 24] * q[c + 24],
      coefs[i + 32] * q[c + 32],
      coefs[i + 40] * q[c + 40],
      coefs[i + 48] * q[c + 48],
      coefs[i + 56] * q[c + 56],
    );
    for (let k = 0; k < 8; k++) ws[k * 8 + c] = Math.floor((r[k] + 1024) / 2048);
  }
  for (let row = 0; row < 8; row++) {
    const w = row * 8;
    const o = outOff + row * stride;
    if ((ws[w + 1] | ws[w + 2] | ws[w + 3] | ws[w + 4] | ws[w + 5] | ws[w + 6] | ws[w + 7]) === 0) {
      out.fill(RANGE[((ws[w] + 16) >> 5) & 1023], o, o + 8);
      continue;
    }
    islow1d(r, ws[w], ws[w + 1], ws[w + 2], ws[w + 3], ws[w + 4], ws[w + 5], ws[w + 6], ws[w + 7]);
    for (let k = 0; k < 8; k++) out[o + k] = RANGE[Math.floor((r[k] + 131072) / 262144) & 1023];
  }
}
