// Result panel messages (inference results: image, mask, probabilities, top-k) and their validation.

import { MessageEnvelope, hasOnlyKeys, isArrayBuffer, isIndex, isRecord, isShortString, toArrayBuffer, validateEnvelopeShape } from './channel';

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

/** Initial panel state, embedded in the HTML as an escaped data- attribute. */
export interface PanelInitialState {
  title: string;
  files: BatchFile[];
}

/** Messages the extension host sends to the webview. */
export type HostToWebview =
  | { type: 'batch'; files: BatchFile[] }
  | { type: 'progress'; index: number; message: string }
  | { type: 'showResult'; index: number; result: ResultPayload; previous?: PreviousResult }
  /** A panel-wide message that is not an error (e.g. a restored panel that cannot re-run), with buttons. */
  | { type: 'notice'; message: string; actions: PanelAction[] }
  | { type: 'showError'; index?: number; message: string; actions: ErrorAction[] }
  /** The run was cancelled: items from `fromIndex` on that have no result will not run. */
  | { type: 'cancelled'; fromIndex: number }
  | { type: 'saveDone'; ok: boolean; message: string };

/** Buttons an error display may offer. */
export type ErrorAction = 'showLog' | 'openSpec';

/** Buttons any result-panel message may offer: the error actions, re-running the panel's files, managing trust. */
export type PanelAction = ErrorAction | 'rerun' | 'manageTrust';

/** Every PanelAction, for validation. */
export const PANEL_ACTIONS: readonly PanelAction[] = ['showLog', 'openSpec', 'rerun', 'manageTrust'];

function isPanelAction(x: unknown): x is PanelAction {
  return typeof x === 'string' && (PANEL_ACTIONS as readonly string[]).includes(x);
}

function isPanelActions(x: unknown): x is PanelAction[] {
  return Array.isArray(x) && x.every(isPanelAction);
}

/** Which tensor a save request means. */
export type TensorWhich = 'input' | 'output';

/** Messages the webview sends to the extension host. */
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'saveTensor'; index: number; which: TensorWhich }
  | { type: 'saveStages'; index: number }
  | { type: 'exportOverlay'; index: number; png: ArrayBuffer }
  | { type: 'command'; command: PanelAction }
  | { type: 'error'; message: string };

/** The largest overlay PNG the host accepts from the webview. */
const MAX_PNG_BYTES = 512 * 1024 * 1024;

/** Validates one message body coming from the webview; anything unexpected yields undefined. */
export function validateWebviewMessage(x: unknown): WebviewToHost | undefined {
  if (!isRecord(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'ready':
      return hasOnlyKeys(x, ['type']) ? { type: 'ready' } : undefined;
    case 'saveTensor':
      if (!hasOnlyKeys(x, ['type', 'index', 'which']) || !isIndex(x.index)) return undefined;
      if (x.which !== 'input' && x.which !== 'output') return undefined;
      return { type: 'saveTensor', index: x.index, which: x.which };
    case 'saveStages':
      return hasOnlyKeys(x, ['type', 'index']) && isIndex(x.index) ? { type: 'saveStages', index: x.index } : undefined;
    case 'exportOverlay': {
      if (!hasOnlyKeys(x, ['type', 'index', 'png']) || !isIndex(x.index)) return undefined;
      const png = toArrayBuffer(x.png);
      if (!png || png.byteLength < 8 || png.byteLength > MAX_PNG_BYTES) return undefined;
      const sig = new Uint8Array(png, 0, 8);
      const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
      if (!PNG_SIGNATURE.every((b, i) => sig[i] === b)) return undefined;
      return { type: 'exportOverlay', index: x.index, png };
    }
    case 'command':
      if (!hasOnlyKeys(x, ['type', 'command'])) return undefined;
      if (!isPanelAction(x.command)) return undefined;
      return { type: 'command', command: x.command };
    case 'error':
      if (!hasOnlyKeys(x, ['type', 'message']) || !isShortString(x.message)) return undefined;
      return { type: 'error', message: x.message };
    default:
      return undefined;
  }
}

/** Validates a whole envelope from the webview: a non-negative integer id, optional inReplyTo, a valid body. */
export function validateWebviewEnvelope(x: unknown): MessageEnvelope<WebviewToHost> | undefined {
  const env = validateEnvelopeShape(x);
  if (!env) return undefined;
  const body = validateWebviewMessage(env.body);
  if (!body) return undefined;
  return env.inReplyTo === undefined ? { id: env.id, body } : { id: env.id, inReplyTo: env.inReplyTo, body };
}


/** Validates an envelope from the host (the webview trusts the host but still checks shapes before use). */
export function validateHostEnvelope(x: unknown): MessageEnvelope<HostToWebview> | undefined {
  const env = validateEnvelopeShape(x);
  if (!env) return undefined;
  const body = validateHostMessage(env.body);
  if (!body) return undefined;
  return env.inReplyTo === undefined ? { id: env.id, body } : { id: env.id, inReplyTo: env.inReplyTo, body };
}

function isBatchFiles(x: unknown): x is BatchFile[] {
  return Array.isArray(x) && x.every((f) => isRecord(f) && isShortString(f.name) && isShortString(f.path));
}

function isErrorActions(x: unknown): x is ErrorAction[] {
  return Array.isArray(x) && x.every((a) => a === 'showLog' || a === 'openSpec');
}

/** Validates one message body coming from the host. */
export function validateHostMessage(x: unknown): HostToWebview | undefined {
  if (!isRecord(x) || typeof x.type !== 'string') return undefined;
  switch (x.type) {
    case 'batch':
      return isBatchFiles(x.files) ? { type: 'batch', files: x.files } : undefined;
    case 'progress':
      return isIndex(x.index) && isShortString(x.message) ? { type: 'progress', index: x.index, message: x.message } : undefined;
    case 'showResult': {
      const result = validateResultPayload(x.result);
      if (!isIndex(x.index) || !result) return undefined;
      if (x.previous === undefined) return { type: 'showResult', index: x.index, result };
      const previous = validatePreviousResult(x.previous);
      return previous ? { type: 'showResult', index: x.index, result, previous } : undefined;
    }
    case 'notice':
      if (!isShortString(x.message, 100_000) || !isPanelActions(x.actions)) return undefined;
      return { type: 'notice', message: x.message, actions: x.actions };
    case 'showError':
      if (!isShortString(x.message, 100_000) || !isErrorActions(x.actions)) return undefined;
      if (x.index !== undefined && !isIndex(x.index)) return undefined;
      return x.index === undefined
        ? { type: 'showError', message: x.message, actions: x.actions }
        : { type: 'showError', index: x.index, message: x.message, actions: x.actions };
    case 'cancelled':
      return isIndex(x.fromIndex) ? { type: 'cancelled', fromIndex: x.fromIndex } : undefined;
    case 'saveDone':
      return typeof x.ok === 'boolean' && isShortString(x.message) ? { type: 'saveDone', ok: x.ok, message: x.message } : undefined;
    default:
      return undefined;
  }
}

function isTensorInfo(x: unknown): x is TensorInfo {
  return isRecord(x) && Array.isArray(x.shape) && x.shape.every(isIndex) && isShortString(x.dtype, 32);
}

function isTimings(x: unknown): x is Record<string, number> {
  return isRecord(x) && Object.values(x).every((v) => typeof v === 'number' && Number.isFinite(v));
}

function isImagePayload(x: unknown): x is ImagePayload {
  if (!isRecord(x) || !isIndex(x.width) || !isIndex(x.height) || (x.channels !== 3 && x.channels !== 4)) return false;
  return isArrayBuffer(x.pixels) && x.pixels.byteLength === x.width * x.height * x.channels;
}

function isClassSummary(x: unknown): x is ClassSummary {
  return isRecord(x) && isIndex(x.index) && isShortString(x.label, 1000) && isShortString(x.color, 64)
    && typeof x.fraction === 'number' && x.fraction >= 0 && x.fraction <= 1;
}

function isTopKRow(x: unknown): x is TopKRow {
  return isRecord(x) && isIndex(x.index) && isShortString(x.label, 1000) && typeof x.probability === 'number';
}

/** Checks a segmentation/classification/raw view, including that byte lengths match the stated sizes. */
export function validateResultView(x: unknown): ResultView | undefined {
  if (!isRecord(x)) return undefined;
  if (x.kind === 'segmentation') {
    const { width, height, numClasses, labels, probabilities, probabilityChannels, classes } = x;
    if (!isIndex(width) || !isIndex(height) || !isIndex(numClasses) || !isIndex(probabilityChannels)) return undefined;
    if (!isArrayBuffer(labels) || labels.byteLength !== width * height) return undefined;
    if (!isArrayBuffer(probabilities) || probabilities.byteLength !== width * height * probabilityChannels * 4) return undefined;
    if (!Array.isArray(classes) || !classes.every(isClassSummary)) return undefined;
    const view: ResultView = { kind: 'segmentation', width, height, numClasses, labels, probabilities, probabilityChannels, classes };
    if (x.rawValues !== undefined) {
      if (!isArrayBuffer(x.rawValues) || x.rawValues.byteLength !== probabilities.byteLength) return undefined;
      view.rawValues = x.rawValues;
    }
    if (x.maskRegion !== undefined) {
      if (!isMaskRegion(x.maskRegion)) return undefined;
      view.maskRegion = x.maskRegion;
    }
    return view;
  }
  if (x.kind === 'classification') {
    return Array.isArray(x.topK) && x.topK.every(isTopKRow) ? { kind: 'classification', topK: x.topK } : undefined;
  }
  if (x.kind === 'raw') return isShortString(x.summary, 100_000) ? { kind: 'raw', summary: x.summary } : undefined;
  return undefined;
}

function isMaskRegion(x: unknown): x is MaskRegion {
  if (!isRecord(x)) return false;
  const nums = [x.left, x.top, x.width, x.height];
  return nums.every((v) => typeof v === 'number' && Number.isFinite(v)) && (x.width as number) > 0 && (x.height as number) > 0;
}

/** Checks an earlier result sent for comparison. */
export function validatePreviousResult(x: unknown): PreviousResult | undefined {
  if (!isRecord(x) || !isShortString(x.label, 1000)) return undefined;
  const result = validateResultPayload(x.result);
  return result ? { label: x.label, result } : undefined;
}

/** Checks a whole result payload. */
export function validateResultPayload(x: unknown): ResultPayload | undefined {
  if (!isRecord(x)) return undefined;
  const strings = ['fileName', 'filePath', 'backend', 'backendDetail', 'modelFingerprint', 'outputName'] as const;
  if (!strings.every((k) => isShortString(x[k]))) return undefined;
  if (!isTimings(x.timingsMs) || !isTensorInfo(x.input) || !isTensorInfo(x.output)) return undefined;
  if (x.image !== undefined && !isImagePayload(x.image)) return undefined;
  if (x.preprocessing !== undefined && !isPreprocessing(x.preprocessing)) return undefined;
  const view = validateResultView(x.view);
  if (!view) return undefined;
  const payload: ResultPayload = {
    fileName: x.fileName as string, filePath: x.filePath as string, backend: x.backend as string,
    backendDetail: x.backendDetail as string, modelFingerprint: x.modelFingerprint as string,
    outputName: x.outputName as string, timingsMs: x.timingsMs, input: x.input, output: x.output, view,
  };
  if (x.image !== undefined) payload.image = x.image;
  if (x.preprocessing !== undefined) payload.preprocessing = x.preprocessing;
  return payload;
}

/** At most 16 {stage, description} steps with short strings and no other keys. */
function isPreprocessing(x: unknown): x is PreprocessingStep[] {
  return Array.isArray(x) && x.length <= 16 && x.every((st) =>
    isRecord(st) && hasOnlyKeys(st, ['stage', 'description']) && isShortString(st.stage, 64) && isShortString(st.description, 2000));
}

/** Parses the initial state stored in the panel HTML; undefined when it is malformed. */
export function parseInitialState(json: string): PanelInitialState | undefined {
  let x: unknown;
  try {
    x = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (!isRecord(x) || !isShortString(x.title) || !isBatchFiles(x.files)) return undefined;
  return { title: x.title, files: x.files };
}

// ==== Diff panel and tensor viewer ==================================================================================
// Their validators are built from small type-guard combinators; objects accept only the keys they list.

/** A type guard: true when `x` has the shape of T. */
