// Minimal zip reader/writer for .npz: stored and deflated members, zip64, CRC-32 checked.

import * as zlib from 'zlib';
import { TensorFileError } from './types';
import { fmtCount } from './ndarray';

/** One member of a zip archive, as listed in the central directory. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

const SIG_EOCD = 0x06054b50;
const SIG_ZIP64_LOCATOR = 0x07064b50;
const SIG_ZIP64_EOCD = 0x06064b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_LOCAL = 0x04034b50;
const U32_MAX = 0xffffffff;
const U16_MAX = 0xffff;

const RESAVE = 'Re-save it with np.savez(f, name=arr) or np.savez_compressed.';

/** CRC-32 (zip polynomial) of bytes; uses zlib.crc32 when Node has it. */
export function crc32(data: Uint8Array): number {
  const native = (zlib as { crc32?: (d: Uint8Array, v?: number) => number }).crc32;
  if (typeof native === 'function') return native(data) >>> 0;
  let table = crcTable;
  if (table === undefined) {
    table = new Uint32Array(256);
    for (let i = 0; i < 256; i++) {
      let c = i;
      for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      table[i] = c >>> 0;
    }
    crcTable = table;
  }
  let crc = 0xffffffff;
  for (let i = 0; i < data.length; i++) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
let crcTable: Uint32Array | undefined;

class Reader {
  readonly dv: DataView;
  constructor(
    readonly bytes: Uint8Array,
    readonly file: string | undefined,
  ) {
    this.dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  corrupt(what: string): never {
    throw new TensorFileError(`${this.file ?? 'the .npz data'}: ${what}; the archive is corrupt or truncated. ${RESAVE}`, this.file);
  }
  need(off: number, len: number, what: string): void {
    if (off < 0 || off + len > this.bytes.length) this.corrupt(`${what} lies past the end of the file`);
  }
  u16(off: number): number {
    this.need(off, 2, 'a record');
    return this.dv.getUint16(off, true);
  }
  u32(off: number): number {
    this.need(off, 4, 'a record');
    return this.dv.getUint32(off, true);
  }
  u64(off: number): number {
    this.need(off, 8, 'a record');
    const v = this.dv.getBigUint64(off, true);
    if (v > BigInt(Number.MAX_SAFE_INTEGER)) this.corrupt('a zip64 size or offset is absurdly large');
    return Number(v);
  }
}

function findEocd(r: Reader): number {
  const len = r.bytes.length;
  const stop = Math.max(0, len - 22 - 0xffff);
  for (let p = len - 22; p >= stop; p--) {
    if (r.bytes[p] === 0x50 && r.bytes[p + 1] === 0x4b && r.dv.getUint32(p, true) === SIG_EOCD) return p;
  }
  return -1;
}

/** True when the bytes start like a zip archive ("PK\x03\x04" or an empty archive). */
export function looksLikeZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

/** List the members of a zip archive from its central directory, in archive order. */
export function readZipDirectory(bytes: Uint8Array, file?: string): ZipEntry[] {
  const r = new Reader(bytes, file);
  const where = file ?? 'the .npz data';
  if (!looksLikeZip(bytes)) {
    throw new TensorFileError(
      `${where}: not a .npz file (not a zip archive). Save several arrays with np.savez(f, a=x, b=y), or a single one with np.save into a .npy file.`,
      file,
    );
  }
  const eocd = findEocd(r);
  if (eocd < 0) r.corrupt('the end-of-archive record is missing');
  let count = r.u16(eocd + 10);
  let cdSize = r.u32(eocd + 12);
  let cdOffset = r.u32(eocd + 16);
  if (r.u16(eocd + 4) !== 0 || r.u16(eocd + 6) !== 0) {
    throw new TensorFileError(`${where}: is a multi-part (spanned) zip archive, which .npz never is. ${RESAVE}`, file);
  }
  const loc = eocd - 20;
  if (loc >= 0 && r.u32(loc) === SIG_ZIP64_LOCATOR) {
    const z = r.u64(loc + 8);
    if (r.u32(z) !== SIG_ZIP64_EOCD) r.corrupt('the zip64 end-of-archive record is missing');
    count = r.u64(z + 32);
    cdSize = r.u64(z + 40);
    cdOffset = r.u64(z + 48);
  }
  r.need(cdOffset, cdSize, 'the central directory');
  const entries: ZipEntry[] = [];
  let p = cdOffset;
  for (let i = 0; i < count; i++) {
    if (r.u32(p) !== SIG_CENTRAL) r.corrupt(`central directory entry ${i + 1} of ${count} is damaged`);
    const flags = r.u16(p + 8);
    const method = r.u16(p + 10);
    const crc = r.u32(p + 16);
    let compressedSize = r.u32(p + 20);
    let uncompressedSize = r.u32(p + 24);
    const nameLen = r.u16(p + 28);
    const extraLen = r.u16(p + 30);
    const commentLen = r.u16(p + 32);
    let localHeaderOffset = r.u32(p + 42);
    r.need(p + 46, nameLen + extraLen, 'a member name');
    const nameBytes = bytes.subarray(p + 46, p + 46 + nameLen);
    const name = new TextDecoder(flags & 0x800 ? 'utf-8' : 'latin1').decode(nameBytes);
    // zip64 extra field: values present only for the header fields that are 0xFFFFFFFF
    let e = p + 46 + nameLen;
    const eEnd = e + extraLen;
    while (e + 4 <= eEnd) {
      const id = r.u16(e);
      const size = r.u16(e + 2);
      if (id === 0x0001) {
        let q = e + 4;
        if (uncompressedSize === U32_MAX) {
          uncompressedSize = r.u64(q);
          q += 8;
        }
        if (compressedSize === U32_MAX) {
          compressedSize = r.u64(q);
          q += 8;
        }
        if (localHeaderOffset === U32_MAX) {
          localHeaderOffset = r.u64(q);
          q += 8;
        }
      }
      e += 4 + size;
    }
    entries.push({ name, method, flags, crc32: crc, compressedSize, uncompressedSize, localHeaderOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

// Deflate cannot expand data more than about 1032:1; a member whose declared sizes claim more is lying.
const MAX_DEFLATE_RATIO = 1032;
// Compressed bytes fed per step when inflating only the start of a member (bounds the output of each step).
const HEAD_STEP = 64 * 1024;

function memberData(r: Reader, entry: ZipEntry, file: string | undefined): Uint8Array {
  const where = `${file ?? 'the .npz data'} (member '${entry.name}')`;
  if (entry.flags & 1) {
    throw new TensorFileError(`${where}: is encrypted; .npz archives are never encrypted. ${RESAVE}`, file);
  }
  if (entry.method !== 0 && entry.method !== 8) {
    throw new TensorFileError(
      `${where}: uses zip compression method ${entry.method}; only stored (0) and deflate (8) are supported, as written by numpy. ${RESAVE}`,
      file,
    );
  }
  const h = entry.localHeaderOffset;
  if (r.u32(h) !== SIG_LOCAL) r.corrupt(`the local header of member '${entry.name}' is damaged`);
  const start = h + 30 + r.u16(h + 26) + r.u16(h + 28);
  r.need(start, entry.compressedSize, `the data of member '${entry.name}'`);
  if (entry.method === 0 && entry.compressedSize !== entry.uncompressedSize) r.corrupt(`member '${entry.name}' has inconsistent sizes`);
  if (entry.method === 8 && entry.uncompressedSize > entry.compressedSize * MAX_DEFLATE_RATIO + 1024) {
    r.corrupt(
      `member '${entry.name}' claims ${fmtCount(entry.uncompressedSize)} bytes from ${fmtCount(entry.compressedSize)} compressed bytes, more than deflate can produce`,
    );
  }
  return r.bytes.subarray(start, start + entry.compressedSize);
}

/** The first `length` uncompressed bytes of a member (fewer if it is shorter), inflating only what is needed. */
export function readZipMemberHead(bytes: Uint8Array, entry: ZipEntry, length: number, file?: string): Uint8Array {
  const r = new Reader(bytes, file);
  const raw = memberData(r, entry, file);
  if (entry.method === 0) return raw.subarray(0, length);
  // Feed the compressed bytes in fixed steps, so even a deflate bomb right after the header yields at most ~66 MB here.
  for (let k = Math.min(raw.length, HEAD_STEP); ; k = Math.min(raw.length, k + HEAD_STEP)) {
    let out: Uint8Array;
    try {
      out = zlib.inflateRawSync(raw.subarray(0, k), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
    } catch {
      return r.corrupt(`member '${entry.name}' does not decompress`);
    }
    if (out.length >= length || k === raw.length) return out.subarray(0, length);
  }
}

/** Uncompressed, CRC-checked bytes of one member; refuses members larger than maxBytes before inflating, and inflates with an output cap. */
export function readZipMember(bytes: Uint8Array, entry: ZipEntry, maxBytes: number, file?: string): Uint8Array {
  const r = new Reader(bytes, file);
  const where = `${file ?? 'the .npz data'} (member '${entry.name}')`;
  if (entry.uncompressedSize > maxBytes) {
    throw new TensorFileError(
      `${where}: is ${fmtCount(entry.uncompressedSize)} bytes uncompressed, over the ${fmtCount(maxBytes)}-byte limit. ` +
        'Save a smaller array, or raise the maxBytes limit if this size is intended.',
      file,
    );
  }
  const raw = memberData(r, entry, file);
  let data: Uint8Array;
  if (entry.method === 0) {
    data = raw;
  } else {
    try {
      // One output buffer of the declared size (plus slack so a full buffer is never followed by a second one):
      // no chunk list and no concatenated copy, and inflating stops as soon as the output passes the declared size.
      const size = Math.max(1, entry.uncompressedSize);
      data = zlib.inflateRawSync(raw, { maxOutputLength: size, chunkSize: Math.max(64, size + 64) });
    } catch {
      return r.corrupt(`member '${entry.name}' does not decompress to its declared ${fmtCount(entry.uncompressedSize)} bytes`);
    }
    if (data.length !== entry.uncompressedSize) r.corrupt(`member '${entry.name}' decompresses to the wrong size`);
  }
  if (crc32(data) !== entry.crc32) r.corrupt(`member '${entry.name}' fails its CRC-32 check`);
  return data;
}

/** One member to write. */
export interface ZipInput {
  name: string;
  data: Uint8Array;
}

const DOS_DATE_1980 = (0 << 9) | (1 << 5) | 1; // 1980-01-01: fixed so archives are reproducible

/** Write a zip archive (deflated when compress is set); zip64 records are added when needed or forced. */
export function writeZip(members: readonly ZipInput[], opts?: { compress?: boolean; forceZip64?: boolean }): Uint8Array {
  const chunks: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  const force = opts?.forceZip64 === true;
  for (const m of members) {
    const nameBytes = Buffer.from(m.name, 'utf8');
    const utf8Flag = /^[\x20-\x7e]*$/.test(m.name) ? 0 : 0x800;
    const crc = crc32(m.data);
    const body = opts?.compress === true ? zlib.deflateRawSync(m.data) : m.data;
    const method = opts?.compress === true ? 8 : 0;
    const z64 = force || m.data.length >= U32_MAX || body.length >= U32_MAX || offset >= U32_MAX;
    const local = Buffer.alloc(30 + nameBytes.length + (z64 ? 20 : 0));
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(z64 ? 45 : 20, 4);
    local.writeUInt16LE(utf8Flag, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(DOS_DATE_1980, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(z64 ? U32_MAX : body.length, 18);
    local.writeUInt32LE(z64 ? U32_MAX : m.data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    local.writeUInt16LE(z64 ? 20 : 0, 28);
    nameBytes.copy(local, 30);
    if (z64) {
      const x = 30 + nameBytes.length;
      local.writeUInt16LE(0x0001, x);
      local.writeUInt16LE(16, x + 2);
      local.writeBigUInt64LE(BigInt(m.data.length), x + 4);
      local.writeBigUInt64LE(BigInt(body.length), x + 12);
    }
    const cd = Buffer.alloc(46 + nameBytes.length + (z64 ? 28 : 0));
    cd.writeUInt32LE(SIG_CENTRAL, 0);
    cd.writeUInt16LE(z64 ? 45 : 20, 4);
    cd.writeUInt16LE(z64 ? 45 : 20, 6);
    cd.writeUInt16LE(utf8Flag, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(0, 12);
    cd.writeUInt16LE(DOS_DATE_1980, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(z64 ? U32_MAX : body.length, 20);
    cd.writeUInt32LE(z64 ? U32_MAX : m.data.length, 24);
    cd.writeUInt16LE(nameBytes.length, 28);
    cd.writeUInt16LE(z64 ? 28 : 0, 30);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    cd.writeUInt32LE(z64 ? U32_MAX : offset, 42);
    nameBytes.copy(cd, 46);
    if (z64) {
      const x = 46 + nameBytes.length;
      cd.writeUInt16LE(0x0001, x);
      cd.writeUInt16LE(24, x + 2);
      cd.writeBigUInt64LE(BigInt(m.data.length), x + 4);
      cd.writeBigUInt64LE(BigInt(body.length), x + 12);
      cd.writeBigUInt64LE(BigInt(offset), x + 20);
    }
    chunks.push(local, body);
    central.push(cd);
    offset += local.length + body.length;
  }
  const cdOffset = offset;
  const cdSize = central.reduce((s, c) => s + c.length, 0);
  chunks.push(...central);
  const z64End = force || members.length >= U16_MAX || cdOffset >= U32_MAX || cdSize >= U32_MAX;
  if (z64End) {
    const rec = Buffer.alloc(56 + 20);
    rec.writeUInt32LE(SIG_ZIP64_EOCD, 0);
    rec.writeBigUInt64LE(44n, 4);
    rec.writeUInt16LE(45, 12);
    rec.writeUInt16LE(45, 14);
    rec.writeBigUInt64LE(BigInt(members.length), 24);
    rec.writeBigUInt64LE(BigInt(members.length), 32);
    rec.writeBigUInt64LE(BigInt(cdSize), 40);
    rec.writeBigUInt64LE(BigInt(cdOffset), 48);
    rec.writeUInt32LE(SIG_ZIP64_LOCATOR, 56);
    rec.writeBigUInt64LE(BigInt(cdOffset + cdSize), 64);
    rec.writeUInt32LE(1, 72);
    chunks.push(rec);
  }
  const end = Buffer.alloc(22);
  end.writeUInt32LE(SIG_EOCD, 0);
  end.writeUInt16LE(z64End ? U16_MAX : members.length, 8);
  end.writeUInt16LE(z64End ? U16_MAX : members.length, 10);
  end.writeUInt32LE(z64End ? U32_MAX : cdSize, 12);
  end.writeUInt32LE(z64End ? U32_MAX : cdOffset, 16);
  chunks.push(end);
  const total = chunks.reduce((s, c) => s + c.length, 0);
  const out = new Uint8Array(total);
  let p = 0;
  for (const c of chunks) {
    out.set(c, p);
    p += c.length;
  }
  return out;
}
