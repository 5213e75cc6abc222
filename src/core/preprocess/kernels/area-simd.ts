// The float32 sums of OpenCV's INTER_AREA shrink (ResizeArea_Invoker) for 3-channel uint8 images in WebAssembly SIMD:
// one f32x4 lane per channel. Each lane does what the JS kernel does per channel: products v·alpha rounded to float32,
// added in xtab order, each sum rounded to float32 (a float32 operation on float32 inputs gives the same value as the
// double operation rounded once, so the results are bit for bit those of areaRowU8 and the vertical pass).
// The module is a few hundred bytes assembled here; without WebAssembly SIMD the JS kernel runs instead.

import type { AreaTab } from './cv2-area';

const I32 = 0x7f,
  F32 = 0x7d,
  V128 = 0x7b;
const BLOCK = [0x02, 0x40],
  LOOP = [0x03, 0x40],
  END = 0x0b;
const br = (depth: number): number[] => [0x0c, depth];
const brIf = (depth: number): number[] => [0x0d, depth];
const get = (i: number): number[] => [0x20, i];
const set = (i: number): number[] => [0x21, i];
const tee = (i: number): number[] => [0x22, i];
const i32c = (v: number): number[] => [0x41, ...sleb(v)];
const I32_LOAD = (offset: number): number[] => [0x28, 2, ...uleb(offset)];
const F32_LOAD = [0x2a, 2, 0];
const ADD = 0x6a,
  MUL = 0x6c,
  SHL = 0x74,
  GE_U = 0x4f;
const simd = (op: number, ...rest: number[]): number[] => [0xfd, ...uleb(op), ...rest];
const V_LOAD = simd(0x00, 0, 0);
const V_LOAD8X8_U = simd(0x02, 0, 0);
const V_STORE = simd(0x0b, 0, 0);
const V_ZERO = simd(0x0c, ...new Array<number>(16).fill(0));
const F32X4_SPLAT = simd(0x13);
const I32X4_EXTEND_LOW_I16X8_U = simd(0xa9);
const F32X4_CONVERT_I32X4_U = simd(0xfb);
const F32X4_ADD = simd(0xe4);
const F32X4_MUL = simd(0xe6);

function uleb(v: number): number[] {
  const out: number[] = [];
  do {
    let b = v & 0x7f;
    v >>>= 7;
    if (v !== 0) b |= 0x80;
    out.push(b);
  } while (v !== 0);
  return out;
}

function sleb(v: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (b & 0x40) === 0) || (v === -1 && (b & 0x40) !== 0)) return [...out, b];
    out.push(b | 0x80);
  }
}

const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const body = (locals: [number, number][], code: number[]): number[] => {
  const b = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code, END];
  return [...uleb(b.length), ...b];
};

/** hrow(row, n, start, si, alpha, out): out[dx·3 + c] = Σ_k S[row + si[k] + c]·alpha[k] for k in start[dx]…start[dx+1]. */
function hrowCode(): number[] {
  const [row, n, start, si, alpha, out, dx, k, end, sp, acc] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
  const at = (base: number, index: number): number[] => [...get(base), ...get(index), ...i32c(2), SHL, ADD];
  return body(
    [
      [4, I32],
      [1, V128],
    ],
    [
      ...BLOCK,
      ...LOOP,
      ...get(dx),
      ...get(n),
      GE_U,
      ...brIf(1),
      ...V_ZERO,
      ...set(acc),
      ...at(start, dx),
      ...tee(sp),
      ...I32_LOAD(0),
      ...set(k),
      ...get(sp),
      ...I32_LOAD(4),
      ...set(end),
      ...BLOCK,
      ...LOOP,
      ...get(k),
      ...get(end),
      GE_U,
      ...brIf(1),
      ...get(acc),
      ...get(row),
      ...at(si, k),
      ...I32_LOAD(0),
      ADD,
      ...V_LOAD8X8_U,
      ...I32X4_EXTEND_LOW_I16X8_U,
      ...F32X4_CONVERT_I32X4_U,
      ...at(alpha, k),
      ...F32_LOAD,
      ...F32X4_SPLAT,
      ...F32X4_MUL,
      ...F32X4_ADD,
      ...set(acc),
      ...get(k),
      ...i32c(1),
      ADD,
      ...set(k),
      ...br(0),
      END,
      END,
      ...get(out),
      ...get(dx),
      ...i32c(12),
      MUL,
      ADD,
      ...get(acc),
      ...V_STORE,
      ...get(dx),
      ...i32c(1),
      ADD,
      ...set(dx),
      ...br(0),
      END,
      END,
    ],
  );
}

/** vset(sum, buf, beta, n4): sum = beta·buf; vadd: sum = sum + beta·buf; over n4 groups of four floats. */
function vCode(accumulate: boolean): number[] {
  const [sum, buf, beta, n4, i, bs, addr] = [0, 1, 2, 3, 4, 5, 6];
  const off = (base: number): number[] => [...get(base), ...get(i), ...i32c(4), SHL, ADD];
  const product = [...off(buf), ...V_LOAD, ...get(bs), ...F32X4_MUL];
  return body(
    [
      [1, I32],
      [1, V128],
      [1, I32],
    ],
    [
      ...get(beta),
      ...F32X4_SPLAT,
      ...set(bs),
      ...BLOCK,
      ...LOOP,
      ...get(i),
      ...get(n4),
      GE_U,
      ...brIf(1),
      ...off(sum),
      ...tee(addr),
      ...(accumulate ? [...get(addr), ...V_LOAD, ...product, ...F32X4_ADD] : product),
      ...V_STORE,
      ...get(i),
      ...i32c(1),
      ADD,
      ...set(i),
      ...br(0),
      END,
      END,
    ],
  );
}

function moduleBytes(): Uint8Array {
  const types = vec([
    [0x60, ...vec([[I32], [I32], [I32], [I32], [I32], [I32]]), 0],
    [0x60, ...vec([[I32], [I32], [F32], [I32]]), 0],
  ]);
  const funcs = vec([[0], [1], [1]]);
  const memory = vec([[0x00, 1]]);
  const exports = vec([
    [...name('mem'), 0x02, 0],
    [...name('hrow'), 0x00, 0],
    [...name('vset'), 0x00, 1],
    [...name('vadd'), 0x00, 2],
  ]);
  const code = [...uleb(3), ...hrowCode(), ...vCode(false), ...vCode(true)];
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, types),
    ...section(3, funcs),
    ...section(5, memory),
    ...section(7, exports),
    ...section(10, code),
  ]);
}

/** The parts of Node's global WebAssembly used here (the project's lib settings do not declare it). */
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
}

/** The module's exports. */
export interface AreaSimd {
  mem: { readonly buffer: ArrayBuffer; grow(pages: number): number };
  hrow: (row: number, n: number, start: number, si: number, alpha: number, out: number) => void;
  vset: (sum: number, buf: number, beta: number, n4: number) => void;
  vadd: (sum: number, buf: number, beta: number, n4: number) => void;
}

let instance: AreaSimd | null | undefined;
let disabled = false;

/** Runs the JS kernel instead of the SIMD one while `off` (tests compare the two; there is no setting for users). */
export function disableAreaSimd(off: boolean): void {
  disabled = off;
}

/** The SIMD kernels, or null where WebAssembly SIMD is not available (compiled once, on first use). */
export function areaSimd(): AreaSimd | null {
  if (disabled) return null;
  if (instance !== undefined) return instance;
  try {
    const wasm = Reflect.get(globalThis, 'WebAssembly') as Wasm;
    instance = new wasm.Instance(new wasm.Module(moduleBytes())).exports as AreaSimd;
  } catch {
    instance = null;
  }
  return instance;
}

/** Memory of at least `bytes` bytes (grown as needed; WebAssembly memory never shrinks, so keep inputs bounded). */
export function simdMemory(simd: AreaSimd, bytes: number): ArrayBuffer {
  const have = simd.mem.buffer.byteLength;
  if (bytes > have) simd.mem.grow(Math.ceil((bytes - have) / 65536));
  return simd.mem.buffer;
}

/** areaGeneric's sums for 3-channel uint8 pixels in WebAssembly SIMD (one lane per channel, the same float32 values);
 * false, with nothing done, when the module's memory cannot grow to hold the image. */
export function areaGenericSimd(simd: AreaSimd, S: Uint8Array, w: number, outW: number, xt: AreaTab, yt: AreaTab, xStart: Int32Array, D: Uint8Array): boolean {
  const dw = outW * 3;
  const a16 = (n: number): number => (n + 15) & ~15;
  // Layout: the image (+8 bytes: each pixel is read as 8 bytes), xtab starts, source offsets, weights, one
  // horizontal row and the vertical sums (+16 bytes: rows are stored and summed four floats at a time).
  const start = a16(S.length + 8),
    si = a16(start + xStart.length * 4),
    alpha = a16(si + xt.size * 4),
    buf = a16(alpha + xt.size * 4),
    sum = a16(buf + dw * 4 + 16);
  let mem: ArrayBuffer;
  try {
    mem = simdMemory(simd, sum + dw * 4 + 16);
  } catch {
    return false;
  }
  new Uint8Array(mem, 0, start).set(S);
  new Int32Array(mem, start, xStart.length).set(xStart);
  const offsets = new Int32Array(mem, si, xt.size);
  for (let k = 0; k < xt.size; k++) offsets[k] = xt.si[k] * 3;
  new Float32Array(mem, alpha, xt.size).set(xt.alpha.subarray(0, xt.size));
  const sums = new Float32Array(mem, sum, dw + 4).fill(0);
  const clamped = new Uint8ClampedArray(D.buffer, D.byteOffset, D.length);
  const n4 = Math.ceil(dw / 4);
  let row = -1;
  let prevDy = yt.size > 0 ? yt.di[0] : 0;
  for (let j = 0; j < yt.size; j++) {
    const dy = yt.di[j];
    if (yt.si[j] !== row) {
      row = yt.si[j];
      simd.hrow(row * w * 3, outW, start, si, alpha, buf);
    }
    if (dy !== prevDy) {
      const o = prevDy * dw;
      for (let x = 0; x < dw; x++) clamped[o + x] = sums[x];
      simd.vset(sum, buf, yt.alpha[j], n4);
      prevDy = dy;
    } else {
      simd.vadd(sum, buf, yt.alpha[j], n4);
    }
  }
  const o = prevDy * dw;
  for (let x = 0; x < dw; x++) clamped[o + x] = sums[x];
  return true;
}
