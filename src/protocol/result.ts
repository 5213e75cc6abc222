// Result panel messages (inference results: image, mask, probabilities, top-k) and their validation.

import { gArr, gBool, gBuf, gInt, gLit, gMessage, gNum, gObj, gOpt, gStr, gWhere, Guard, isRecord, gL10nBundle, type L10nBundle } from './guards';

/** One class of a segmentation mask: its label, colour and share of the pixels. */
export interface ClassSummary {
  index: number;
  label: string;
  /** CSS hex colour from the spec (#rrggbb or #rrggbbaa). */
  color: string;
  /** Fraction of mask pixels labelled with this class, 0..1. */
  fraction: number;
}

/** One row of a classification top-k table. */
export interface TopKRow {
  index: number;
  label: string;
  probability: number;
}

/** An interleaved uint8 image: RGB (3 channels) or RGBA (4 channels). */
export interface ImagePayload {
  width: number;
  height: number;
  channels: 3 | 4;
  pixels: ArrayBuffer;
}

/** A tensor's shape and dtype, for display. */
export interface TensorInfo {
  shape: number[];
  dtype: string;
}

/** The model-specific part of a result. */
export type ResultView =
  | {
      kind: 'segmentation';
      width: number;
      height: number;
      numClasses: number;
      /** uint8 class index per mask pixel, row-major, width × height bytes. */
      labels: ArrayBuffer;
      /** float32 probabilities, width × height × probabilityChannels values. */
      probabilities: ArrayBuffer;
      probabilityChannels: number;
      classes: ClassSummary[];
      /** float32 raw model output values in the same H×W×C layout, when an activation changed them (else absent). */
      rawValues?: ArrayBuffer;
      /** Where the picture sits in the mask, in mask pixels (keep-aspect/letterbox padding); absent = the whole mask. */
      maskRegion?: MaskRegion;
    }
  | { kind: 'classification'; topK: TopKRow[] }
  | { kind: 'raw'; summary: string };

/** A rectangle in mask pixels (fractional values allowed). */
export interface MaskRegion {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** An earlier result the panel can compare the current one with (same file, or a tensor dump of the same shape). */
export interface PreviousResult {
  /** Says which result this is, e.g. "previous run of astronaut.png (10:42:07)". */
  label: string;
  result: ResultPayload;
}

/** Everything the panel shows for one inference. */
export interface ResultPayload {
  fileName: string;
  filePath: string;
  backend: string;
  backendDetail: string;
  modelFingerprint: string;
  outputName: string;
  timingsMs: Record<string, number>;
  input: TensorInfo;
  output: TensorInfo;
  /** The decoded image (downscaled for display when large); absent for tensor inputs. */
  image?: ImagePayload;
  /** What each preprocessing stage did, in order (decoded → color → resized → normalized → layout); absent for tensor inputs. */
  preprocessing?: PreprocessingStep[];
  view: ResultView;
}

/** One preprocessing stage as the panel lists it. */
export interface PreprocessingStep {
  stage: string;
  description: string;
}

/** One entry of the panel's file list (a batch has several). */
export interface BatchFile {
  name: string;
  path: string;
}

/** Initial result panel state, embedded in the HTML as an escaped data- attribute. */
export interface ResultInitialState {
  title: string;
  files: BatchFile[];
  /** The translation of the panel's own text (vscode.l10n.bundle); absent in English. */
  l10nBundle?: L10nBundle;
}

/** Messages the host sends to the result panel. */
export type ResultHostMessage =
  | { type: 'resultBatch'; files: BatchFile[] }
  | { type: 'resultProgress'; index: number; message: string }
  | { type: 'resultShow'; index: number; result: ResultPayload; previous?: PreviousResult }
  /** A panel-wide message that is not an error (e.g. a restored panel that cannot re-run), with buttons. */
  | { type: 'resultNotice'; message: string; actions: ResultAction[] }
  | { type: 'resultError'; index?: number; message: string; actions: ResultErrorAction[] }
  /** The "Choose Baseline" command (keybinding): the panel asks for the picker for the result it shows. */
  | { type: 'resultChooseBaseline' }
  /** The run was cancelled: items from `fromIndex` on that have no result will not run. */
  | { type: 'resultCancelled'; fromIndex: number }
  | { type: 'resultSaveDone'; ok: boolean; message: string };

/** Buttons an error display in the result panel may offer. */
export type ResultErrorAction = 'showLog' | 'openSpec';

/** Buttons any result-panel message may offer: the error actions, re-running the panel's files, managing trust. */
export type ResultAction = ResultErrorAction | 'rerun' | 'manageTrust';

/** Which tensor a save request means. */
export type TensorWhich = 'input' | 'output';

/** Messages the result panel sends to the host. */
export type ResultWebviewMessage =
  | { type: 'ready' }
  | { type: 'resultSaveTensor'; index: number; which: TensorWhich }
  | { type: 'resultSaveStages'; index: number }
  | { type: 'resultExportOverlay'; index: number; png: ArrayBuffer }
  | { type: 'resultAction'; action: ResultAction }
  /** "Choose baseline…": the host offers recent results, the image a dump came from, or a reference tensor. */
  | { type: 'resultChooseBaseline'; index: number }
  | { type: 'error'; message: string };

/** The largest overlay PNG the host accepts from the webview. */
const MAX_PNG_BYTES = 512 * 1024 * 1024;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

const gErrorAction = gLit<ResultErrorAction>('showLog', 'openSpec');
const gAction = gLit<ResultAction>('showLog', 'openSpec', 'rerun', 'manageTrust');
const gBatchFiles = gArr(gObj<BatchFile>({ name: gStr(), path: gStr() }));
const gTensorInfo = gObj<TensorInfo>({ shape: gArr(gInt, 64), dtype: gStr(32) });
const gTimings: Guard<Record<string, number>> = (x): x is Record<string, number> =>
  isRecord(x) && Object.values(x).every((v) => typeof v === 'number' && Number.isFinite(v));
const gImage = gWhere(
  gObj<ImagePayload>({ width: gInt, height: gInt, channels: gWhere(gInt, (c) => c === 3 || c === 4) as Guard<3 | 4>, pixels: gBuf }),
  (im) => im.pixels.byteLength === im.width * im.height * im.channels,
);
const gClass = gObj<ClassSummary>({ index: gInt, label: gStr(1000), color: gStr(64), fraction: gWhere(gNum, (f) => f >= 0 && f <= 1) });
const gFinite = gWhere(gNum, Number.isFinite);
const gMaskRegion = gWhere(gObj<MaskRegion>({ left: gFinite, top: gFinite, width: gFinite, height: gFinite }), (r) => r.width > 0 && r.height > 0);
type SegmentationView = Extract<ResultView, { kind: 'segmentation' }>;
const gSegmentation = gWhere(
  gObj<SegmentationView>({
    kind: gLit('segmentation'),
    width: gInt,
    height: gInt,
    numClasses: gInt,
    labels: gBuf,
    probabilities: gBuf,
    probabilityChannels: gInt,
    classes: gArr(gClass, 1000),
    rawValues: gOpt(gBuf),
    maskRegion: gOpt(gMaskRegion),
  }),
  (v) =>
    v.labels.byteLength === v.width * v.height &&
    v.probabilities.byteLength === v.width * v.height * v.probabilityChannels * 4 &&
    (v.rawValues === undefined || v.rawValues.byteLength === v.probabilities.byteLength),
);
const gView: Guard<ResultView> = (x): x is ResultView =>
  gSegmentation(x) ||
  gObj<Extract<ResultView, { kind: 'classification' }>>({
    kind: gLit('classification'),
    topK: gArr(gObj<TopKRow>({ index: gInt, label: gStr(1000), probability: gNum })),
  })(x) ||
  gObj<Extract<ResultView, { kind: 'raw' }>>({ kind: gLit('raw'), summary: gStr(100_000) })(x);
const gStep = gObj<PreprocessingStep>({ stage: gStr(64), description: gStr(2000) });
const gPayload = gObj<ResultPayload>({
  fileName: gStr(),
  filePath: gStr(),
  backend: gStr(),
  backendDetail: gStr(),
  modelFingerprint: gStr(),
  outputName: gStr(),
  timingsMs: gTimings,
  input: gTensorInfo,
  output: gTensorInfo,
  image: gOpt(gImage),
  preprocessing: gOpt(gArr(gStep, 16)),
  view: gView,
});
const gPrevious = gObj<PreviousResult>({ label: gStr(1000), result: gPayload });
const gPng = gWhere(gBuf, (b) => b.byteLength >= 8 && b.byteLength <= MAX_PNG_BYTES && PNG_SIGNATURE.every((s, i) => new Uint8Array(b, 0, 8)[i] === s));

/** Checks a segmentation/classification/raw view, including that byte lengths match the stated sizes. */
export function validateResultView(x: unknown): ResultView | undefined {
  return gView(x) ? x : undefined;
}

/** Checks an earlier result sent for comparison. */
export function validatePreviousResult(x: unknown): PreviousResult | undefined {
  return gPrevious(x) ? x : undefined;
}

/** Checks a whole result payload. */
export function validateResultPayload(x: unknown): ResultPayload | undefined {
  return gPayload(x) ? x : undefined;
}

/** Validates a result panel message body from the host. */
export const validateResultHostMessage = gMessage<ResultHostMessage>({
  resultBatch: gObj({ type: gLit('resultBatch'), files: gBatchFiles }),
  resultProgress: gObj({ type: gLit('resultProgress'), index: gInt, message: gStr() }),
  resultShow: gObj<Extract<ResultHostMessage, { type: 'resultShow' }>>({
    type: gLit('resultShow'),
    index: gInt,
    result: gPayload,
    previous: gOpt(gPrevious),
  }),
  resultNotice: gObj({ type: gLit('resultNotice'), message: gStr(100_000), actions: gArr(gAction, 10) }),
  resultError: gObj<Extract<ResultHostMessage, { type: 'resultError' }>>({
    type: gLit('resultError'),
    index: gOpt(gInt),
    message: gStr(100_000),
    actions: gArr(gErrorAction, 10),
  }),
  resultCancelled: gObj({ type: gLit('resultCancelled'), fromIndex: gInt }),
  resultChooseBaseline: gObj({ type: gLit('resultChooseBaseline') }),
  resultSaveDone: gObj({ type: gLit('resultSaveDone'), ok: gBool, message: gStr() }),
});

/** Validates a result panel message body from the webview (after fromWire); anything unexpected yields undefined. */
export const validateResultWebviewMessage = gMessage<ResultWebviewMessage>({
  ready: gObj({ type: gLit('ready') }),
  resultSaveTensor: gObj({ type: gLit('resultSaveTensor'), index: gInt, which: gLit('input', 'output') }),
  resultSaveStages: gObj({ type: gLit('resultSaveStages'), index: gInt }),
  resultExportOverlay: gObj({ type: gLit('resultExportOverlay'), index: gInt, png: gPng }),
  resultAction: gObj({ type: gLit('resultAction'), action: gAction }),
  resultChooseBaseline: gObj({ type: gLit('resultChooseBaseline'), index: gInt }),
  error: gObj({ type: gLit('error'), message: gStr() }),
});

/** Parses the result panel's initial state JSON from the HTML; undefined when it is malformed. */
export function parseResultInitialState(json: string): ResultInitialState | undefined {
  try {
    const x: unknown = JSON.parse(json);
    return gObj<ResultInitialState>({ title: gStr(), files: gBatchFiles, l10nBundle: gOpt(gL10nBundle) })(x) ? x : undefined;
  } catch {
    return undefined;
  }
}
