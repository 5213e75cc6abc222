// Load tensor files from disk (.npy, .npz, raw .bin/.raw with a sidecar) and save .npy without overwriting.

import { promises as fsp } from 'fs';
import * as path from 'path';
import { NdArray, TensorFileError } from './types';
import { ByteOrder } from './descr';
import { fmtCount } from './ndarray';
import { DEFAULT_MAX_BYTES, encodeNpy, fmtBytes, parseNpyWithHeader } from './npy';
import { parseNpz } from './npz';
import { RawLayout, SIDECAR_EXAMPLE, parseRaw, parseSidecar } from './raw';
import { looksLikeZip } from './zip';

/** The tensors in one file. */
export interface LoadedTensors {
  file: string;
  format: 'npy' | 'npz' | 'raw';
  /** .npz: member names without ".npy", in archive order; .npy and raw: one entry named after the file stem. */
  tensors: Map<string, NdArray>;
  /** Byte order the data was stored in (.npy and raw). */
  byteOrder?: ByteOrder;
  /** True when a .npy was stored in Fortran order (it is converted to C order in memory). */
  fortranOrder?: boolean;
  /** Raw files: where the layout came from (the sidecar path, or "options"). */
  layoutFrom?: string;
}

/** Options for loadTensorFile. */
export interface LoadOptions {
  /** Layout for raw dumps without a `<file>.json` sidecar, e.g. the spec's model input shape and dtype. */
  rawLayout?: RawLayout;
  /** How to describe rawLayout in messages; default "the model input in tensorparity.json". */
  rawLayoutSource?: string;
  /** Largest tensor data to read, in bytes (default 2 GiB). */
  maxBytes?: number;
}

const EXTENSIONS = ['.npy', '.npz', '.bin', '.raw'];
// Headers and zip records on top of the data limit.
const OVERHEAD_ALLOWANCE = 1 << 20;

function hasErrCode(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;
}

async function readSidecar(sidecar: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(sidecar, 'utf8');
  } catch (e) {
    if (hasErrCode(e, 'ENOENT')) return undefined;
    throw new TensorFileError(`${sidecar}: cannot read the sidecar (${(e as Error).message}). Check its permissions.`, sidecar);
  }
}

const NPY_MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59];

/** Read a tensor file: dispatches on extension (and sniffs .npy/.npz content); raw layout from `<file>.json` or opts. */
export async function loadTensorFile(filePath: string, opts?: LoadOptions): Promise<LoadedTensors> {
  const ext = path.extname(filePath).toLowerCase();
  if (!EXTENSIONS.includes(ext)) {
    throw new TensorFileError(
      `${filePath}: unsupported tensor file type '${ext || '(none)'}'. Tensor Parity reads .npy, .npz, and raw .bin/.raw dumps ` +
        `with a .json sidecar; save with np.save(f, arr) or rename the raw dump to .bin.`,
      filePath,
    );
  }
  const maxBytes = opts?.maxBytes ?? DEFAULT_MAX_BYTES;
  let size: number;
  try {
    const st = await fsp.stat(filePath);
    if (!st.isFile()) throw new TensorFileError(`${filePath}: is not a file. Pick a .npy, .npz, .bin or .raw file.`, filePath);
    size = st.size;
  } catch (e) {
    if (e instanceof TensorFileError) throw e;
    if (hasErrCode(e, 'ENOENT')) {
      throw new TensorFileError(`${filePath}: file not found. Check the path, or write the dump first.`, filePath);
    }
    throw new TensorFileError(`${filePath}: cannot read it (${(e as Error).message}). Check its permissions.`, filePath);
  }
  if (size === 0) {
    throw new TensorFileError(
      `${filePath}: is empty (0 bytes). The dump was never written or not flushed: close the file (or call flush) in the code that saves it, then run it again.`,
      filePath,
    );
  }
  const limit = ext === '.bin' || ext === '.raw' ? maxBytes : maxBytes + OVERHEAD_ALLOWANCE;
  if (size > limit) {
    throw new TensorFileError(
      `${filePath}: is ${fmtCount(size)} bytes, over the ${fmtBytes(maxBytes)} limit for a tensor file. ` +
        'Save a smaller tensor (one batch item or a crop), or raise the maxBytes limit if this size is intended.',
      filePath,
    );
  }
  const bytes: Uint8Array = await fsp.readFile(filePath); // a Buffer: no copy, so .npy data can be a view
  const stem = path.basename(filePath, path.extname(filePath));
  const isNpy = NPY_MAGIC.every((b, i) => bytes[i] === b);
  if (isNpy) {
    const { header, array } = parseNpyWithHeader(bytes, filePath, { maxBytes });
    return {
      file: filePath,
      format: 'npy',
      tensors: new Map([[stem, array]]),
      byteOrder: header.byteOrder,
      fortranOrder: header.fortranOrder,
    };
  }
  if (ext === '.npz' || (ext === '.npy' && looksLikeZip(bytes))) {
    return { file: filePath, format: 'npz', tensors: parseNpz(bytes, filePath, { maxBytes }) };
  }
  if (ext === '.npy') {
    // not the magic: let the npy parser produce its "not a .npy file" message
    parseNpyWithHeader(bytes, filePath, { maxBytes });
  }
  const sidecar = `${filePath}.json`;
  const sidecarText = await readSidecar(sidecar);
  let layout: RawLayout;
  let source: string;
  let layoutFrom: string;
  if (sidecarText !== undefined) {
    layout = parseSidecar(sidecarText, sidecar);
    source = `the sidecar ${path.basename(sidecar)}`;
    layoutFrom = sidecar;
  } else if (opts?.rawLayout !== undefined) {
    layout = opts.rawLayout;
    source = opts.rawLayoutSource ?? 'the model input in tensorparity.json';
    layoutFrom = 'options';
  } else {
    throw new TensorFileError(
      `${filePath}: a raw dump does not say its dtype or shape. Add a sidecar ${path.basename(sidecar)} next to it, e.g. ` +
        `${SIDECAR_EXAMPLE}, or save the tensor as .npy instead.`,
      filePath,
    );
  }
  const array = parseRaw(bytes, layout, filePath, { maxBytes, layoutSource: source });
  const byteOrder: ByteOrder = array.data.BYTES_PER_ELEMENT === 1 ? 'none' : (layout.byteOrder ?? 'little');
  return { file: filePath, format: 'raw', tensors: new Map([[stem, array]]), byteOrder, layoutFrom };
}

/** Write a .npy file, refusing to overwrite an existing one (ask the user before choosing a name). */
export async function saveNpyNoClobber(filePath: string, arr: NdArray): Promise<void> {
  const bytes = encodeNpy(arr);
  try {
    await fsp.writeFile(filePath, bytes, { flag: 'wx' });
  } catch (e) {
    if (hasErrCode(e, 'EEXIST')) {
      throw new TensorFileError(
        `${filePath}: already exists; Tensor Parity never overwrites files. Choose another name, or delete the old file first.`,
        filePath,
      );
    }
    if (hasErrCode(e, 'ENOENT')) {
      throw new TensorFileError(`${filePath}: its folder does not exist. Create the folder or choose another location.`, filePath);
    }
    throw new TensorFileError(`${filePath}: cannot write it (${(e as Error).message}). Check the folder's permissions and free space.`, filePath);
  }
}
