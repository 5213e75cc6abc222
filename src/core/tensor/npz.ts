// Read and write numpy .npz archives (np.savez / np.savez_compressed).

import { NdArray, TensorFileError } from './types';
import { DEFAULT_MAX_BYTES, ReadOptions, encodeNpy, parseNpy } from './npy';
import { readZipDirectory, readZipMember, writeZip } from './zip';

// Room for the .npy header on top of the data limit when checking a member's uncompressed size.
const HEADER_ALLOWANCE = 1 << 20;

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
        'Re-create it with np.savez(f, name=arr, ...) and keep other files outside the archive.', file);
    }
    const key = entry.name.slice(0, -4);
    const data = readZipMember(bytes, entry, maxBytes + HEADER_ALLOWANCE, file);
    try {
      out.set(key, parseNpy(data, `${where} (member '${entry.name}')`, { maxBytes }));
    } catch (e) {
      if (e instanceof TensorFileError) throw new TensorFileError(e.message, file);
      throw e;
    }
  }
  return out;
}

/** Encode arrays as a .npz archive (stored like np.savez, or deflated like np.savez_compressed). */
export function encodeNpz(
  entries: Record<string, NdArray> | Map<string, NdArray>,
  opts?: { compress?: boolean; forceZip64?: boolean },
): Uint8Array {
  const list = entries instanceof Map ? [...entries.entries()] : Object.entries(entries);
  const members = list.map(([name, arr]) => ({ name: `${name}.npy`, data: encodeNpy(arr) }));
  return writeZip(members, opts);
}
