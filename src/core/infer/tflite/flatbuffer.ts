// A small bounds-checked FlatBuffers reader: tables, scalars, strings and vectors, enough to read a .tflite file.
// Every read checks its offset, so a corrupt file raises CorruptFlatbuffer instead of reading garbage.

/** Thrown for an offset or length that points outside the file; callers turn it into a ModelError. */
export class CorruptFlatbuffer extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorruptFlatbuffer';
  }
}

/** A FlatBuffers table at an absolute position in the buffer. */
export class FbTable {
  private readonly vtable: number;
  private readonly vtableSize: number;

  constructor(
    readonly fb: Flatbuffer,
    readonly pos: number,
  ) {
    this.vtable = pos - fb.i32(pos);
    this.vtableSize = fb.u16(this.vtable);
    if (this.vtableSize < 4 || this.vtableSize % 2 !== 0) throw new CorruptFlatbuffer(`bad vtable at byte ${this.vtable}`);
    fb.check(this.vtable, this.vtableSize);
  }

  /** Absolute position of field `id`, or 0 when the field is absent. */
  field(id: number): number {
    const entry = 4 + id * 2;
    if (entry >= this.vtableSize) return 0;
    const rel = this.fb.u16(this.vtable + entry);
    return rel === 0 ? 0 : this.pos + rel;
  }

  /** Absolute position of the vtable entry of field `id` (for patching), or 0. */
  fieldEntry(id: number): number {
    const entry = 4 + id * 2;
    return entry >= this.vtableSize ? 0 : this.vtable + entry;
  }

  u8(id: number, dflt = 0): number {
    const p = this.field(id);
    return p ? this.fb.u8(p) : dflt;
  }
  i8(id: number, dflt = 0): number {
    const p = this.field(id);
    return p ? this.fb.i8(p) : dflt;
  }
  i32(id: number, dflt = 0): number {
    const p = this.field(id);
    return p ? this.fb.i32(p) : dflt;
  }
  u32(id: number, dflt = 0): number {
    const p = this.field(id);
    return p ? this.fb.u32(p) : dflt;
  }
  bool(id: number): boolean {
    return this.u8(id) !== 0;
  }
  u64(id: number): number {
    const p = this.field(id);
    return p ? this.fb.u64(p) : 0;
  }

  /** A referenced object's absolute position (follows the uoffset), or 0 when absent. */
  ref(id: number): number {
    const p = this.field(id);
    return p ? this.fb.deref(p) : 0;
  }

  str(id: number): string {
    const p = this.ref(id);
    return p ? this.fb.string(p) : '';
  }
  table(id: number): FbTable | undefined {
    const p = this.ref(id);
    return p ? new FbTable(this.fb, p) : undefined;
  }

  /** Tables of a vector-of-tables field ([] when absent). */
  tables(id: number): FbTable[] {
    const v = this.ref(id);
    if (!v) return [];
    const n = this.fb.vecLen(v, 4);
    const out: FbTable[] = [];
    for (let i = 0; i < n; i++) out.push(new FbTable(this.fb, this.fb.deref(v + 4 + i * 4)));
    return out;
  }

  /** An int32 vector field as numbers ([] when absent). */
  i32s(id: number): number[] {
    const v = this.ref(id);
    if (!v) return [];
    const n = this.fb.vecLen(v, 4);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.fb.i32(v + 4 + i * 4));
    return out;
  }

  /** A float32 vector field. */
  f32s(id: number): number[] {
    const v = this.ref(id);
    if (!v) return [];
    const n = this.fb.vecLen(v, 4);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(this.fb.f32(v + 4 + i * 4));
    return out;
  }

  /** An int64 vector field as numbers (zero points fit easily). */
  i64s(id: number): number[] {
    const v = this.ref(id);
    if (!v) return [];
    const n = this.fb.vecLen(v, 8);
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push(Number(this.fb.view.getBigInt64(v + 4 + i * 8, true)));
    return out;
  }

  /** A ubyte vector field as a view into the buffer (no copy), or undefined when absent. */
  bytes(id: number): Uint8Array | undefined {
    const v = this.ref(id);
    if (!v) return undefined;
    const n = this.fb.vecLen(v, 1);
    return this.fb.bytes.subarray(v + 4, v + 4 + n);
  }
}

/** The whole buffer with checked little-endian reads. */
export class Flatbuffer {
  readonly view: DataView;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /** Throws unless [pos, pos+len) lies inside the buffer. */
  check(pos: number, len: number): void {
    if (!Number.isInteger(pos) || pos < 0 || len < 0 || pos + len > this.bytes.byteLength) {
      throw new CorruptFlatbuffer(`offset ${pos} (+${len}) is outside the ${this.bytes.byteLength}-byte file`);
    }
  }

  u8(p: number): number {
    this.check(p, 1);
    return this.view.getUint8(p);
  }
  i8(p: number): number {
    this.check(p, 1);
    return this.view.getInt8(p);
  }
  u16(p: number): number {
    this.check(p, 2);
    return this.view.getUint16(p, true);
  }
  i32(p: number): number {
    this.check(p, 4);
    return this.view.getInt32(p, true);
  }
  u32(p: number): number {
    this.check(p, 4);
    return this.view.getUint32(p, true);
  }
  f32(p: number): number {
    this.check(p, 4);
    return this.view.getFloat32(p, true);
  }
  u64(p: number): number {
    this.check(p, 8);
    return Number(this.view.getBigUint64(p, true));
  }

  /** Follows the uoffset stored at `p`. */
  deref(p: number): number {
    return p + this.u32(p);
  }

  /** Length of the vector at `v`, checking that its `elemSize`-byte elements fit in the buffer. */
  vecLen(v: number, elemSize: number): number {
    const n = this.u32(v);
    this.check(v + 4, n * elemSize);
    return n;
  }

  /** The UTF-8 string at `p`. */
  string(p: number): string {
    const n = this.vecLen(p, 1);
    return new TextDecoder().decode(this.bytes.subarray(p + 4, p + 4 + n));
  }

  /** The root table. */
  root(): FbTable {
    return new FbTable(this, this.deref(0));
  }

  /** The 4-character file identifier at bytes 4..8. */
  identifier(): string {
    this.check(4, 4);
    return String.fromCharCode(...this.bytes.subarray(4, 8));
  }
}
