// Tensor viewer (custom editor) messages and their validation.

import { gArr, gBool, gBuf, gInt, gLit, gMessage, gNum, gObj, gOpt, gStr, gWhere, gL10nBundle, type L10nBundle } from './guards';
import { FileStateName, ViewedFile, gViewedFile } from './channel';

// ---- Tensor viewer (custom editor) ----

/** Statistics of a tensor over all its values (one pass on the host). */
export interface TensorStatsView {
  count: number;
  finite: number;
  nan: number;
  posInf: number;
  negInf: number;
  zeros: number;
  /** Over finite values; NaN when there are none. */
  min: number;
  max: number;
  mean: number;
  std: number;
}

/** The header and statistics of one tensor in a file. */
export interface TensorOverview {
  file: ViewedFile;
  format: 'npy' | 'npz' | 'raw';
  members: string[];
  member: string;
  dtype: string;
  shape: number[];
  byteOrder: string;
  fortranOrder: boolean;
  /** Raw files: the sidecar that gave the layout. */
  layoutFrom?: string;
  fileBytes: number;
  /** 'NHWC' | 'NCHW' | 'HWC' | 'CHW' when the shape looks like an image. */
  guessedLayout?: string;
  /** Absent in the first message for a large tensor (sent again once computed). */
  stats?: TensorStatsView;
  /** Linear histogram of finite values over [lo, hi]. */
  histogram?: { lo: number; hi: number; counts: number[] };
}

/** Which 2-D plane of a tensor to show: two axes, an optional colour axis, and the index of every other axis. */
export interface TensorSliceRequest {
  member: string;
  rowAxis: number;
  colAxis: number;
  /** Axis shown as RGB(A) colour, -1 for one channel. */
  rgbAxis: number;
  /** One index per axis (ignored for the row, column and colour axes). */
  fixed: number[];
}

/** A displayed plane: float32 values, rows × cols (× channels), strided when the plane is large. */
export interface TensorSliceView {
  request: TensorSliceRequest;
  srcHeight: number;
  srcWidth: number;
  height: number;
  width: number;
  strideY: number;
  strideX: number;
  channels: number;
  values: ArrayBuffer;
  /** Finite range of the shown values (NaN when none). */
  min: number;
  max: number;
}

/** A rank-1 tensor (or rank 0 as one value): the first values, plus a min/max envelope for the line plot. */
export interface TensorVectorView {
  member: string;
  length: number;
  /** First values (all of them up to 4096), float64. */
  values: ArrayBuffer;
  /** Per-bucket min and max over the whole vector, float64, `buckets` each. */
  mins: ArrayBuffer;
  maxs: ArrayBuffer;
  buckets: number;
}

/** A block of exact values of a plane for the value grid: rows × cols (× channels) from (row0, col0), float32. */
export interface TensorCellsView {
  request: TensorSliceRequest;
  row0: number;
  col0: number;
  rows: number;
  cols: number;
  channels: number;
  values: ArrayBuffer;
}

/** The most cells one value-grid request may ask for (a 64 × 64 block). */
export const MAX_CELLS_PER_REQUEST = 64 * 64;

/** Initial tensor viewer state, embedded in the HTML. */
export interface TensorInitialState {
  fileName: string;
  path: string;
  /** The translation of the panel's own text (vscode.l10n.bundle); absent in English. */
  l10nBundle?: L10nBundle;
}

/** Messages the host sends to the tensor viewer. */
export type TensorHostMessage =
  | { type: 'tensorLoading'; message: string }
  | { type: 'tensorOverview'; overview: TensorOverview }
  | { type: 'tensorSlice'; slice: TensorSliceView }
  | { type: 'tensorVector'; vector: TensorVectorView }
  | { type: 'tensorCells'; cells: TensorCellsView }
  | { type: 'tensorError'; message: string; hint?: string }
  | { type: 'fileState'; path: string; state: FileStateName; message: string };

/** Messages the tensor viewer sends to the host. */
export type TensorWebviewMessage =
  | { type: 'ready' }
  | { type: 'tensorSelectMember'; member: string }
  | { type: 'tensorRequestSlice'; request: TensorSliceRequest }
  /** Exact values for the value grid's visible block (any plane size; only what is on screen is asked for). */
  | { type: 'tensorRequestCells'; request: TensorSliceRequest; row0: number; col0: number; rows: number; cols: number }
  | { type: 'error'; message: string };

const gSliceRequest = gObj<TensorSliceRequest>({
  member: gStr(1000),
  rowAxis: gInt,
  colAxis: gInt,
  rgbAxis: gWhere(gNum, (v) => Number.isInteger(v) && v >= -1 && v < 64),
  fixed: gArr(gInt, 64),
});
const gStats = gObj<TensorStatsView>({
  count: gInt,
  finite: gInt,
  nan: gInt,
  posInf: gInt,
  negInf: gInt,
  zeros: gInt,
  min: gNum,
  max: gNum,
  mean: gNum,
  std: gNum,
});
const gOverview = gObj<TensorOverview>({
  file: gViewedFile,
  format: gLit('npy', 'npz', 'raw'),
  members: gArr(gStr(1000), 10_000),
  member: gStr(1000),
  dtype: gStr(32),
  shape: gArr(gInt, 64),
  byteOrder: gStr(16),
  fortranOrder: gBool,
  layoutFrom: gOpt(gStr()),
  fileBytes: gInt,
  guessedLayout: gOpt(gStr(8)),
  stats: gOpt(gStats),
  histogram: gOpt(gObj<{ lo: number; hi: number; counts: number[] }>({ lo: gNum, hi: gNum, counts: gArr(gInt, 4096) })),
});
const gSlice = gWhere(
  gObj<TensorSliceView>({
    request: gSliceRequest,
    srcHeight: gInt,
    srcWidth: gInt,
    height: gInt,
    width: gInt,
    strideY: gInt,
    strideX: gInt,
    channels: gInt,
    values: gBuf,
    min: gNum,
    max: gNum,
  }),
  (s) => s.values.byteLength === s.height * s.width * s.channels * 4,
);
const gVector = gWhere(
  gObj<TensorVectorView>({
    member: gStr(1000),
    length: gInt,
    values: gBuf,
    mins: gBuf,
    maxs: gBuf,
    buckets: gInt,
  }),
  (v) => v.values.byteLength % 8 === 0 && v.mins.byteLength === v.buckets * 8 && v.maxs.byteLength === v.buckets * 8,
);

const gCells = gWhere(
  gObj<TensorCellsView>({
    request: gSliceRequest,
    row0: gInt,
    col0: gInt,
    rows: gInt,
    cols: gInt,
    channels: gInt,
    values: gBuf,
  }),
  (c) => c.rows * c.cols <= MAX_CELLS_PER_REQUEST && c.values.byteLength === c.rows * c.cols * c.channels * 4,
);

/** Validates a tensor viewer message body from the host. */
export const validateTensorHostMessage = gMessage<TensorHostMessage>({
  tensorLoading: gObj({ type: gLit('tensorLoading'), message: gStr() }),
  tensorOverview: gObj({ type: gLit('tensorOverview'), overview: gOverview }),
  tensorSlice: gObj({ type: gLit('tensorSlice'), slice: gSlice }),
  tensorVector: gObj({ type: gLit('tensorVector'), vector: gVector }),
  tensorCells: gObj({ type: gLit('tensorCells'), cells: gCells }),
  tensorError: gObj<Extract<TensorHostMessage, { type: 'tensorError' }>>({
    type: gLit('tensorError'),
    message: gStr(100_000),
    hint: gOpt(gStr()),
  }),
  fileState: gObj({ type: gLit('fileState'), path: gStr(), state: gLit('present', 'deleted', 'changed'), message: gStr() }),
});

/** Validates a tensor viewer message body from the webview. */
export const validateTensorWebviewMessage = gMessage<TensorWebviewMessage>({
  ready: gObj({ type: gLit('ready') }),
  tensorSelectMember: gObj({ type: gLit('tensorSelectMember'), member: gStr(1000) }),
  tensorRequestSlice: gObj({ type: gLit('tensorRequestSlice'), request: gSliceRequest }),
  tensorRequestCells: gWhere(
    gObj<Extract<TensorWebviewMessage, { type: 'tensorRequestCells' }>>({
      type: gLit('tensorRequestCells'),
      request: gSliceRequest,
      row0: gInt,
      col0: gInt,
      rows: gInt,
      cols: gInt,
    }),
    (m) => m.rows >= 1 && m.cols >= 1 && m.rows * m.cols <= MAX_CELLS_PER_REQUEST,
  ),
  error: gObj({ type: gLit('error'), message: gStr() }),
});

/** Parses the tensor viewer's initial state JSON from the HTML. */
export function parseTensorInitialState(json: string): TensorInitialState | undefined {
  try {
    const x: unknown = JSON.parse(json);
    return gObj<TensorInitialState>({ fileName: gStr(), path: gStr(), l10nBundle: gOpt(gL10nBundle) })(x) ? x : undefined;
  } catch {
    return undefined;
  }
}
