// Read and write numpy .npz archives (np.savez / np.savez_compressed).

import { NdArray, TensorFileError } from './types';
import { DEFAULT_MAX_BYTES, ReadOptions, checkDataSize, encodeNpy, parseNpy, parseNpyHeader } from './npy';
import { fmtCount, formatShape } from './ndarray';
import { ZipEntry, readZipDirectory, readZipMember, readZipMemberHead, writeZip } from './zip';

// Room for the .npy header on top of the data limit when checking a member's uncompressed size.
const HEADER_ALLOWANCE = 1 << 20;

/** Read a member's .npy header by inflating only its first bytes, and check the declared array size against the limit. */
function checkMemberHeader(bytes: Uint8Array, entry: ZipEntry, maxBytes: number, file: string | undefined, where: string): void {
  const prefix = readZipMemberHead(bytes, entry, 12, file);
  const label = `${where} (member '${entry.name}')`;
  if (prefix.length >= 12 && prefix[6] >= 2) {
    const headerLen = new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(8, true);
    if (headerLen > HEADER_ALLOWANCE) {
      throw new TensorFileError(
        `${label}: the .npy header claims to be ${headerLen} bytes long, far more than any array needs; the archive is corrupt. ` +
          'Re-save it with np.savez(f, name=arr) or np.savez_compressed.',
        file,
      );
    }
  }
  const headerLen =
    prefix.length >= 10
      ? prefix[6] >= 2 && prefix.length >= 12
        ? 12 + new DataView(prefix.buffer, prefix.byteOffset, prefix.byteLength).getUint32(8, true)
        : 10 + (prefix[8] | (prefix[9] << 8))
      : prefix.length;
  const head = readZipMemberHead(bytes, entry, headerLen, file);
  const header = parseNpyHeader(head, label);
  const nbytes = checkDataSize(header.dtype, header.shape, maxBytes, label);
  if (entry.uncompressedSize !== header.dataOffset + nbytes) {
    throw new TensorFileError(
      `${label}: the zip record says ${fmtCount(entry.uncompressedSize)} bytes but the .npy header describes ` +
        `${fmtCount(header.dataOffset + nbytes)} (shape ${formatShape(header.shape)} ${header.dtype}); the archive is corrupt. ` +
        'Re-save it with np.savez(f, name=arr) or np.savez_compressed.',
      file,
    );
  }
}

/** Parse a .npz archive into arrays keyed by member name without ".npy", in archive order. */
export function parseNpz(bytes: Uint8Array, file?: string, opts?: ReadOptions): Map<string, NdArray> {
  const maxBytes = opts?.maxBytes ?? DEFAULT_MAX_BYTES;
  const where = file ?? 'the .npz data';
  const out = new Map<string, NdArray>();
  for (const entry of readZipDirectory(bytes, file)) {
    if (entry.name.endsWith('/')) continue; // directory record
    if (!entry.name.endsWith('.npy')) {
      throw new TensorFileError(
        `${where}: member '${entry.name}' is not a .npy array; a .npz should hold only arrays. ` +
          'Re-create it with np.savez(f, name=arr, ...) and keep other files outside the archive.',
        file,
      );
    }
    const key = entry.name.slice(0, -4);
    try {
      checkMemberHeader(bytes, entry, maxBytes, file, where);
      const data = readZipMember(bytes, entry, maxBytes + HEADER_ALLOWANCE, file);
      out.set(key, parseNpy(data, `${where} (member '${entry.name}')`, { maxBytes }));
    } catch (e) {
      if (e instanceof TensorFileError) throw new TensorFileError(e.message, file);
      throw e;
    }
  }
  return out;
}

/** Encode arrays as a .npz archive (stored like np.savez, or deflated like np.savez_compressed). */
export function encodeNpz(entries: Record<string, NdArray> | Map<string, NdArray>, opts?: { compress?: boolean; forceZip64?: boolean }): Uint8Array {
  const list = entries instanceof Map ? [...entries.entries()] : Object.entries(entries);
  const members = list.map(([name, arr]) => ({ name: `${name}.npy`, data: encodeNpy(arr) }));
  return writeZip(members, opts);
}
