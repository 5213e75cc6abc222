// Rewrites a .tflite flatbuffer without re-serialising it: fixes dynamic dimensions to the stored static shape (the
// wasm runtime does not resize inputs), and makes chosen intermediate tensors extra outputs of the main subgraph and
// of its signatures (the runtime only returns outputs), by appending new vectors and patching their offsets.

import { FbTable, Flatbuffer } from './flatbuffer';

/** Returns a copy where every -1 in a main-subgraph tensor's shape_signature is replaced by its static size. */
export function withStaticShapes(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(bytes);
  const fb = new Flatbuffer(out);
  const main = fb.root().tables(2)[0];
  if (!main) return out;
  for (const t of main.tables(0)) {
    const sigPos = t.ref(7);
    if (!sigPos) continue;
    const shape = t.i32s(0);
    const n = fb.vecLen(sigPos, 4);
    for (let i = 0; i < n; i++) {
      const p = sigPos + 4 + i * 4;
      if (fb.i32(p) < 0 && shape[i] !== undefined && shape[i] > 0) fb.view.setInt32(p, shape[i], true);
    }
  }
  return out;
}

/** Grows a byte array in 4-byte aligned chunks and reports where each chunk went. */
class Appender {
  private readonly chunks: Uint8Array[] = [];
  private size: number;

  constructor(private readonly base: Uint8Array) {
    this.size = base.byteLength + ((4 - (base.byteLength % 4)) % 4);
  }

  /** Reserves `n` bytes (rounded up to 4); returns the absolute position and the writable view. */
  reserve(n: number): { pos: number; view: DataView; bytes: Uint8Array } {
    const padded = n + ((4 - (n % 4)) % 4);
    const bytes = new Uint8Array(padded);
    const pos = this.size;
    this.chunks.push(bytes);
    this.size += padded;
    return { pos, view: new DataView(bytes.buffer), bytes };
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    out.set(this.base, 0);
    let at = this.base.byteLength + ((4 - (this.base.byteLength % 4)) % 4);
    for (const c of this.chunks) {
      out.set(c, at);
      at += c.byteLength;
    }
    return out;
  }
}

/** Name given to an intermediate tensor exposed as an extra signature output. */
export function intermediateOutputName(tensorIndex: number): string {
  return `tp_tensor_${tensorIndex}`;
}

/** Patches the uoffset stored at `fieldPos` (inside `target`) so it points at absolute `dest`. */
function patchRef(target: Uint8Array, fieldPos: number, dest: number): void {
  new DataView(target.buffer, target.byteOffset, target.byteLength).setUint32(fieldPos, dest - fieldPos, true);
}

/** Appends an int32 vector; returns its position. */
function appendI32Vector(app: Appender, values: readonly number[]): number {
  const { pos, view } = app.reserve(4 + values.length * 4);
  view.setUint32(0, values.length, true);
  values.forEach((v, i) => view.setInt32(4 + i * 4, v, true));
  return pos;
}

/** Appends a vector of TensorMap tables {name, tensor_index}; returns the vector's position. */
function appendTensorMaps(app: Appender, maps: readonly { name: string; tensorIndex: number }[]): number {
  const vec = app.reserve(4 + maps.length * 4);
  vec.view.setUint32(0, maps.length, true);
  // One shared vtable: 4 fields bytes header + 2 fields; table = soffset, name uoffset, tensor_index.
  const vt = app.reserve(8);
  vt.view.setUint16(0, 8, true);
  vt.view.setUint16(2, 12, true);
  vt.view.setUint16(4, 4, true);
  vt.view.setUint16(6, 8, true);
  const tables = maps.map((m, i) => {
    const t = app.reserve(12);
    vec.view.setUint32(4 + i * 4, t.pos - (vec.pos + 4 + i * 4), true);
    t.view.setInt32(0, t.pos - vt.pos, true);
    t.view.setUint32(8, m.tensorIndex, true);
    return t;
  });
  maps.forEach((m, i) => {
    const utf8 = new TextEncoder().encode(m.name);
    const s = app.reserve(4 + utf8.byteLength + 1);
    s.view.setUint32(0, utf8.byteLength, true);
    s.bytes.set(utf8, 4);
    const t = tables[i];
    t.view.setUint32(4, s.pos - (t.pos + 4), true);
  });
  return vec.pos;
}

/**
 * Returns a copy of the model whose main subgraph (and every signature of it) also outputs `extra` tensors, named
 * {@link intermediateOutputName} in the signatures. Tensors that already are outputs are skipped.
 */
export function withExtraOutputs(bytes: Uint8Array, extra: readonly number[]): Uint8Array {
  const fb = new Flatbuffer(bytes);
  const model = fb.root();
  const main = model.tables(2)[0];
  const app = new Appender(bytes);
  const current = main.i32s(2);
  const added = [...new Set(extra)].filter((t) => !current.includes(t));
  const patches: { field: number; dest: number }[] = [];
  const outputsField = main.field(2);
  if (!outputsField) throw new Error('the main subgraph has no outputs field');
  patches.push({ field: outputsField, dest: appendI32Vector(app, [...current, ...added]) });
  for (const sig of model.tables(7)) {
    if (sig.u32(4) !== 0) continue;
    const field = sig.field(1);
    if (!field) continue;
    const maps = sig.tables(1).map((m: FbTable) => ({ name: m.str(0), tensorIndex: m.u32(1) }));
    const have = new Set(maps.map((m) => m.tensorIndex));
    const more = added.filter((t) => !have.has(t)).map((t) => ({ name: intermediateOutputName(t), tensorIndex: t }));
    patches.push({ field, dest: appendTensorMaps(app, [...maps, ...more]) });
  }
  const out = app.finish();
  for (const p of patches) patchRef(out, p.field, p.dest);
  return out;
}
