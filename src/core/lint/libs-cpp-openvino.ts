// OpenVINO's Inference Engine blobs (the C++ API before 2022): `request.GetBlob(inputName)` is a network input's
// blob, `InferenceEngine::as<MemoryBlob>(blob)` the same blob as a MemoryBlob, `mblob->wmap()` (or `rwmap()`,
// `buffer()`) a holder of its memory and `holder.as<float *>()` a pointer to it: writing through that pointer fills
// the model input. A blob handed to a helper as a parameter passes through the same calls, so the helper's writes
// reach the caller's blob.

import { UNHANDLED, type CallCtx, type Val } from './flow-api';
import { newFlow } from './flow-types';
import { flowOf, fv } from './libs-common';

/** A blob or its memory: the input tensor buffer, or a parameter as it was handed in. */
function blobLike(v: Val): boolean {
  const f = flowOf(v);
  return f !== undefined && (f.kind === 'tbuf' || (f.origin.kind === 'param' && f.trace.length === 0));
}

/** The Inference Engine blob calls: the value they give, else UNHANDLED. */
export function ieBlobCall(c: CallCtx): Val | typeof UNHANDLED {
  // A method of an object the analysis holds no value for comes as a dotted name (`request.GetBlob`).
  const m = c.method ?? (c.name?.includes('.') ? c.name.slice(c.name.lastIndexOf('.') + 1) : undefined);
  const targs = c.node.targs ?? '';
  if (m === 'GetBlob' && c.argExprs.length === 1) {
    // An output blob (`GetBlob(output_name)`) is read, not written: only an input's is the model input.
    if (/out/i.test(c.an.text(c.argExprs[0]!.v))) return UNHANDLED;
    return fv(newFlow({ kind: 'unknown', node: c.node, desc: 'the input blob' }, { kind: 'tbuf' }));
  }
  if ((m === 'as' || m === 'dynamic_pointer_cast') && c.args.length === 1 && /MemoryBlob/.test(targs)) return blobLike(c.args[0]) ? c.args[0] : UNHANDLED;
  if ((m === 'wmap' || m === 'rwmap' || m === 'buffer') && c.args.length === 0) return blobLike(c.recv) ? c.recv : UNHANDLED;
  if (m === 'as' && /\*\s*$/.test(targs) && c.args.length === 0) return blobLike(c.recv) ? c.recv : UNHANDLED;
  return UNHANDLED;
}
