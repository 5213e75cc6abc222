// The one host↔webview message protocol: typed messages, an envelope with request/reply ids, and strict validation.
// Bytes travel as ArrayBuffers (structured clone), never as JSON arrays of numbers.

/** One class of a segmentation result, as the legend shows it. */
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
  view: ResultView;
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
  | { type: 'exportOverlay'; index: number; png: ArrayBuffer }
  | { type: 'command'; command: PanelAction }
  | { type: 'error'; message: string };

/** Every message on the wire: an id, the id of the request it answers (if any), and the body. */
export interface MessageEnvelope<T> {
  id: number;
  inReplyTo?: number;
  body: T;
}

/** A request/reply helper over postMessage, usable on both sides. */
export class MessageChannel<TOut, TIn> {
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (body: TIn) => void; reject: (err: Error) => void }>();

  constructor(
    private readonly post: (envelope: MessageEnvelope<TOut>) => unknown,
    private readonly handler: (body: TIn) => Promise<TOut | undefined> | TOut | undefined,
    private readonly onHandlerError: (err: unknown) => void = () => undefined,
  ) {}

  /** Sends a message that expects no reply. */
  notify(body: TOut): void {
    void this.post({ id: this.nextId++, body });
  }

  /** Sends a request and resolves with the body of the reply. */
  request(body: TOut): Promise<TIn> {
    const id = this.nextId++;
    return new Promise<TIn>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      void this.post({ id, body });
    });
  }

  /** Feeds in an already validated incoming envelope: resolves a pending request or runs the handler and replies. */
  async receive(envelope: MessageEnvelope<TIn>): Promise<void> {
    if (envelope.inReplyTo !== undefined) {
      const waiting = this.pending.get(envelope.inReplyTo);
      this.pending.delete(envelope.inReplyTo);
      waiting?.resolve(envelope.body);
      return;
    }
    try {
      const reply = await this.handler(envelope.body);
      if (reply !== undefined) void this.post({ id: this.nextId++, inReplyTo: envelope.id, body: reply });
    } catch (err) {
      this.onHandlerError(err);
    }
  }

  /** Rejects every pending request (the other side went away). */
  dispose(): void {
    for (const { reject } of this.pending.values()) reject(new Error('The panel was closed before it replied.'));
    this.pending.clear();
  }
}

// ---- Runtime validation -------------------------------------------------------------------------------------------

type Rec = Record<string, unknown>;

function isRecord(x: unknown): x is Rec {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function hasOnlyKeys(x: Rec, allowed: readonly string[]): boolean {
  return Object.keys(x).every((k) => allowed.includes(k));
}

function isIndex(x: unknown): x is number {
  return typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;
}

function isShortString(x: unknown, max = 10_000): x is string {
  return typeof x === 'string' && x.length <= max;
}

/** True for an ArrayBuffer from any realm (instanceof fails across realms). */
export function isArrayBuffer(x: unknown): x is ArrayBuffer {
  return Object.prototype.toString.call(x) === '[object ArrayBuffer]';
}

/** The bytes of an ArrayBuffer or of any typed-array view, copied into a fresh ArrayBuffer when needed. */
export function toArrayBuffer(x: unknown): ArrayBuffer | undefined {
  if (isArrayBuffer(x)) return x;
  if (ArrayBuffer.isView(x)) {
    const copy = new Uint8Array(x.byteLength);
    copy.set(new Uint8Array(x.buffer, x.byteOffset, x.byteLength));
    return copy.buffer;
  }
  return undefined;
}

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

function validateEnvelopeShape(x: unknown): { id: number; inReplyTo?: number; body: unknown } | undefined {
  if (!isRecord(x) || !hasOnlyKeys(x, ['id', 'inReplyTo', 'body'])) return undefined;
  if (!isIndex(x.id)) return undefined;
  if (x.inReplyTo !== undefined && !isIndex(x.inReplyTo)) return undefined;
  if (!('body' in x)) return undefined;
  return x.inReplyTo === undefined ? { id: x.id, body: x.body } : { id: x.id, inReplyTo: x.inReplyTo, body: x.body };
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
  const view = validateResultView(x.view);
  if (!view) return undefined;
  const payload: ResultPayload = {
    fileName: x.fileName as string, filePath: x.filePath as string, backend: x.backend as string,
    backendDetail: x.backendDetail as string, modelFingerprint: x.modelFingerprint as string,
    outputName: x.outputName as string, timingsMs: x.timingsMs, input: x.input, output: x.output, view,
  };
  if (x.image !== undefined) payload.image = x.image;
  return payload;
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
export type Guard<T> = (x: unknown) => x is T;

/** Any number, NaN and ±Infinity included (see encodeNonFinite for getting them across). */
export const gNum: Guard<number> = (x): x is number => typeof x === 'number';
/** A non-negative safe integer. */
export const gInt: Guard<number> = (x): x is number => isIndex(x);
/** A boolean. */
export const gBool: Guard<boolean> = (x): x is boolean => typeof x === 'boolean';
/** A string of at most `max` characters. */
export function gStr(max = 10_000): Guard<string> { return (x): x is string => isShortString(x, max); }
/** An ArrayBuffer (any realm). */
export const gBuf: Guard<ArrayBuffer> = (x): x is ArrayBuffer => isArrayBuffer(x);
/** `g` or undefined. */
export function gOpt<T>(g: Guard<T>): Guard<T | undefined> { return (x): x is T | undefined => x === undefined || g(x); }
/** An array of at most `max` items that each pass `g`. */
export function gArr<T>(g: Guard<T>, max = 100_000): Guard<T[]> { return (x): x is T[] => Array.isArray(x) && x.length <= max && x.every(g); }
/** One of the listed strings. */
export function gLit<const T extends string>(...values: T[]): Guard<T> { return (x): x is T => typeof x === 'string' && (values as string[]).includes(x); }
/** `g` plus an extra check. */
export function gWhere<T>(g: Guard<T>, ok: (v: T) => boolean): Guard<T> { return (x): x is T => g(x) && ok(x); }
/** An object with exactly these keys (optional ones may be missing) whose values pass their guards. */
export function gObj<T>(shape: { [K in keyof T]-?: Guard<T[K]> }): Guard<T> {
  const guards = shape as Record<string, Guard<unknown>>;
  const keys = Object.keys(guards);
  return (x): x is T => isRecord(x) && hasOnlyKeys(x, keys) && keys.every((k) => guards[k](x[k]));
}
/** A validator for a union of `{type}` messages: the guard of the message's type decides. */
export function gMessage<T extends { type: string }>(cases: { [K in T['type']]: Guard<Extract<T, { type: K }>> }): (x: unknown) => T | undefined {
  const table = cases as Record<string, Guard<T>>;
  return (x) => (isRecord(x) && typeof x.type === 'string' && Object.hasOwn(table, x.type) && table[x.type](x) ? x : undefined);
}
/**
 * VS Code carries webview messages as JSON (ArrayBuffers aside), where NaN and ±Infinity would turn into null:
 * the diff panel and tensor viewer wrap them as {"$nonFinite": "NaN" | "inf" | "-inf"} on the way out.
 */
export function encodeNonFinite(x: unknown): unknown {
  if (typeof x === 'number') return Number.isFinite(x) ? x : { $nonFinite: Number.isNaN(x) ? 'NaN' : x > 0 ? 'inf' : '-inf' };
  if (Array.isArray(x)) return x.map(encodeNonFinite);
  if (isRecord(x) && !isArrayBuffer(x) && !ArrayBuffer.isView(x)) {
    const out: Rec = {};
    for (const [k, v] of Object.entries(x)) out[k] = encodeNonFinite(v);
    return out;
  }
  return x;
}

/** Undoes {@link encodeNonFinite} on a received message (before validation). */
export function decodeNonFinite(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(decodeNonFinite);
  if (isRecord(x) && !isArrayBuffer(x) && !ArrayBuffer.isView(x)) {
    const keys = Object.keys(x);
    if (keys.length === 1 && keys[0] === '$nonFinite') {
      const v = x.$nonFinite;
      if (v === 'NaN') return NaN;
      if (v === 'inf') return Infinity;
      if (v === '-inf') return -Infinity;
    }
    const out: Rec = {};
    for (const k of keys) out[k] = decodeNonFinite(x[k]);
    return out;
  }
  return x;
}

/** Validates an envelope whose body passes `body`. */
export function validateEnvelopeWith<T>(x: unknown, body: (b: unknown) => T | undefined): MessageEnvelope<T> | undefined {
  const env = validateEnvelopeShape(x);
  const b = env ? body(env.body) : undefined;
  if (!env || b === undefined) return undefined;
  return env.inReplyTo === undefined ? { id: env.id, body: b } : { id: env.id, inReplyTo: env.inReplyTo, body: b };
}

/** A file one of these panels shows. */
export interface ViewedFile { name: string; path: string }
const gViewedFile = gObj<ViewedFile>({ name: gStr(), path: gStr() });

/** Whether a watched file still exists. */
export type FileStateName = 'present' | 'deleted' | 'changed';

// ---- Diff panel ----

/** One row of the diff metrics table (values formatted on the host). */
export interface DiffMetric { id: string; label: string; value: string; hint?: string }
/** One bin of the log-scaled |a-b| histogram; lo = hi = 0 is the exact-zero bin. */
export interface DiffHistogramBin { lo: number; hi: number; count: number }
/** One of the largest differences: index in the compared (reference) shape and in the dump's own shape. */
export interface DiffWorstRow { index: number[]; aIndex: number[]; a: number; b: number; abs: number; rel: number }
/** Statistics of one channel's error. */
export interface DiffChannelRow { channel: number; meanAbs: number; maxAbs: number; failures: number }

/** Per-channel |a-b| maps, block-max downsampled: float32, channel-major (channels × height × width), NaN where a pair is NaN. */
export interface DiffHeatmaps {
  layout: string;
  /** The compared shape and which of its axes are batch, height, width and channel (-1: none). */
  shape: number[];
  axes: { n: number; h: number; w: number; c: number };
  srcHeight: number;
  srcWidth: number;
  height: number;
  width: number;
  /** Source pixels per map pixel along each side. */
  block: number;
  channels: number;
  maps: ArrayBuffer;
  /** Largest finite value over all maps (top of the colour scale). */
  maxAbs: number;
  channelRows: DiffChannelRow[];
}

/** A diagnosis cause as a card shows it. `specPath` / `source` enable the card's buttons. */
export interface DiffCauseView {
  id: string;
  title: string;
  explained: number;
  evidence: string;
  fix: string;
  stage?: string;
  specPath?: string;
  specValue?: string;
  source?: { file: string; line: number; message: string };
}

/** What diagnose() found, for the cards. */
export interface DiffDiagnosisView { status: string; summary: string; causes: DiffCauseView[]; notes: string[]; stages?: string }

/** The pass/fail badge. */
export interface DiffVerdictView {
  pass: boolean;
  mode: 'allclose' | 'both';
  atol: number;
  rtol: number;
  /** Where the tolerance came from, e.g. "tensorparity.json" or "defaults (no spec)". */
  toleranceFrom: string;
  failures: number;
  failuresOtherMode: number;
  message: string;
}

/** Everything the diff panel shows for one comparison. */
export interface DiffPayload {
  title: string;
  /** a: the dump under test; b: the reference (a tensor file, an image, or the JSON report's reference). */
  a: ViewedFile;
  b: ViewedFile;
  origin: 'files' | 'image' | 'report';
  comparable: boolean;
  alignment: string;
  verdict: DiffVerdictView;
  metrics: DiffMetric[];
  histogram: DiffHistogramBin[];
  worst: DiffWorstRow[];
  heatmaps?: DiffHeatmaps;
  notes: string[];
}

/** What the diff panel remembers across reloads (its webview state): the two files, or the JSON report. */
export interface DiffPanelState {
  origin: 'files' | 'image' | 'report';
  a: string;
  b: string;
  member?: { a?: string; b?: string };
}

/** Initial diff panel state, embedded in the HTML. */
export interface DiffInitialState { title: string; restore: DiffPanelState }

/** Buttons a diff panel may offer. */
export type DiffAction = 'openSpecField' | 'openSource' | 'openFileA' | 'openFileB' | 'showLog' | 'openSpec';

/** Messages the host sends to the diff panel. */
export type DiffHostMessage =
  | { type: 'diffProgress'; message: string }
  | { type: 'diffResult'; payload: DiffPayload }
  | { type: 'diffDiagnosis'; diagnosis?: DiffDiagnosisView; message: string }
  | { type: 'diffError'; message: string; actions: DiffAction[] }
  | { type: 'fileState'; path: string; state: FileStateName; message: string };

/** Messages the diff panel sends to the host. */
export type DiffWebviewMessage =
  | { type: 'ready' }
  | { type: 'diffAction'; action: DiffAction; cause?: number }
  | { type: 'error'; message: string };

const gDiffAction = gLit<DiffAction>('openSpecField', 'openSource', 'openFileA', 'openFileB', 'showLog', 'openSpec');
const gDiffState = gObj<DiffPanelState>({
  origin: gLit('files', 'image', 'report'), a: gStr(), b: gStr(),
  member: gOpt(gObj<{ a?: string; b?: string }>({ a: gOpt(gStr()), b: gOpt(gStr()) })),
});
const gHeatmaps = gWhere(gObj<DiffHeatmaps>({
  layout: gStr(200), shape: gArr(gInt, 32), axes: gObj<DiffHeatmaps['axes']>({ n: gNum, h: gNum, w: gNum, c: gNum }),
  srcHeight: gInt, srcWidth: gInt, height: gInt, width: gInt, block: gInt, channels: gInt, maps: gBuf, maxAbs: gNum,
  channelRows: gArr(gObj<DiffChannelRow>({ channel: gInt, meanAbs: gNum, maxAbs: gNum, failures: gInt })),
}), (m) => m.maps.byteLength === m.channels * m.height * m.width * 4);
const gDiffPayload = gObj<DiffPayload>({
  title: gStr(), a: gViewedFile, b: gViewedFile, origin: gLit('files', 'image', 'report'), comparable: gBool, alignment: gStr(),
  verdict: gObj<DiffVerdictView>({
    pass: gBool, mode: gLit('allclose', 'both'), atol: gNum, rtol: gNum, toleranceFrom: gStr(), failures: gInt, failuresOtherMode: gInt, message: gStr(),
  }),
  metrics: gArr(gObj<DiffMetric>({ id: gStr(64), label: gStr(200), value: gStr(200), hint: gOpt(gStr()) }), 200),
  histogram: gArr(gObj<DiffHistogramBin>({ lo: gNum, hi: gNum, count: gInt }), 200),
  worst: gArr(gObj<DiffWorstRow>({ index: gArr(gInt, 32), aIndex: gArr(gInt, 32), a: gNum, b: gNum, abs: gNum, rel: gNum }), 1000),
  heatmaps: gOpt(gHeatmaps),
  notes: gArr(gStr(), 100),
});
const gCause = gObj<DiffCauseView>({
  id: gStr(64), title: gStr(), explained: gNum, evidence: gStr(), fix: gStr(), stage: gOpt(gStr(64)),
  specPath: gOpt(gStr(200)), specValue: gOpt(gStr(1000)),
  source: gOpt(gObj<{ file: string; line: number; message: string }>({ file: gStr(), line: gInt, message: gStr() })),
});
const gDiagnosis = gObj<DiffDiagnosisView>({ status: gStr(64), summary: gStr(), causes: gArr(gCause, 50), notes: gArr(gStr(), 100), stages: gOpt(gStr()) });

/** Validates a diff panel message body from the host. */
export const validateDiffHostMessage = gMessage<DiffHostMessage>({
  diffProgress: gObj({ type: gLit('diffProgress'), message: gStr() }),
  diffResult: gObj({ type: gLit('diffResult'), payload: gDiffPayload }),
  diffDiagnosis: gObj({ type: gLit('diffDiagnosis'), diagnosis: gOpt(gDiagnosis), message: gStr() }),
  diffError: gObj({ type: gLit('diffError'), message: gStr(100_000), actions: gArr(gDiffAction, 10) }),
  fileState: gObj({ type: gLit('fileState'), path: gStr(), state: gLit('present', 'deleted', 'changed'), message: gStr() }),
});

/** Validates a diff panel message body from the webview. */
export const validateDiffWebviewMessage = gMessage<DiffWebviewMessage>({
  ready: gObj({ type: gLit('ready') }),
  diffAction: gObj({ type: gLit('diffAction'), action: gDiffAction, cause: gOpt(gInt) }),
  error: gObj({ type: gLit('error'), message: gStr() }),
});

/** Parses the diff panel's stored state (webview state or HTML data attribute); undefined when malformed. */
export function parseDiffPanelState(x: unknown): DiffPanelState | undefined {
  return gDiffState(x) ? x : undefined;
}

/** Parses the diff panel's initial state JSON from the HTML. */
export function parseDiffInitialState(json: string): DiffInitialState | undefined {
  try {
    const x: unknown = JSON.parse(json);
    return gObj<DiffInitialState>({ title: gStr(), restore: gDiffState })(x) ? x : undefined;
  } catch {
    return undefined;
  }
}

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

/** Initial tensor viewer state, embedded in the HTML. */
export interface TensorInitialState { fileName: string; path: string }

/** Messages the host sends to the tensor viewer. */
export type TensorHostMessage =
  | { type: 'tensorLoading'; message: string }
  | { type: 'tensorOverview'; overview: TensorOverview }
  | { type: 'tensorSlice'; slice: TensorSliceView }
  | { type: 'tensorVector'; vector: TensorVectorView }
  | { type: 'tensorError'; message: string; hint?: string }
  | { type: 'fileState'; path: string; state: FileStateName; message: string };

/** Messages the tensor viewer sends to the host. */
export type TensorWebviewMessage =
  | { type: 'ready' }
  | { type: 'selectMember'; member: string }
  | { type: 'requestSlice'; request: TensorSliceRequest }
  | { type: 'error'; message: string };

const gSliceRequest = gObj<TensorSliceRequest>({
  member: gStr(1000), rowAxis: gInt, colAxis: gInt, rgbAxis: gWhere(gNum, (v) => Number.isInteger(v) && v >= -1 && v < 64), fixed: gArr(gInt, 64),
});
const gStats = gObj<TensorStatsView>({
  count: gInt, finite: gInt, nan: gInt, posInf: gInt, negInf: gInt, zeros: gInt, min: gNum, max: gNum, mean: gNum, std: gNum,
});
const gOverview = gObj<TensorOverview>({
  file: gViewedFile, format: gLit('npy', 'npz', 'raw'), members: gArr(gStr(1000), 10_000), member: gStr(1000), dtype: gStr(32),
  shape: gArr(gInt, 64), byteOrder: gStr(16), fortranOrder: gBool, layoutFrom: gOpt(gStr()), fileBytes: gInt,
  guessedLayout: gOpt(gStr(8)), stats: gOpt(gStats),
  histogram: gOpt(gObj<{ lo: number; hi: number; counts: number[] }>({ lo: gNum, hi: gNum, counts: gArr(gInt, 4096) })),
});
const gSlice = gWhere(gObj<TensorSliceView>({
  request: gSliceRequest, srcHeight: gInt, srcWidth: gInt, height: gInt, width: gInt, strideY: gInt, strideX: gInt,
  channels: gInt, values: gBuf, min: gNum, max: gNum,
}), (s) => s.values.byteLength === s.height * s.width * s.channels * 4);
const gVector = gWhere(gObj<TensorVectorView>({
  member: gStr(1000), length: gInt, values: gBuf, mins: gBuf, maxs: gBuf, buckets: gInt,
}), (v) => v.values.byteLength % 8 === 0 && v.mins.byteLength === v.buckets * 8 && v.maxs.byteLength === v.buckets * 8);

/** Validates a tensor viewer message body from the host. */
export const validateTensorHostMessage = gMessage<TensorHostMessage>({
  tensorLoading: gObj({ type: gLit('tensorLoading'), message: gStr() }),
  tensorOverview: gObj({ type: gLit('tensorOverview'), overview: gOverview }),
  tensorSlice: gObj({ type: gLit('tensorSlice'), slice: gSlice }),
  tensorVector: gObj({ type: gLit('tensorVector'), vector: gVector }),
  tensorError: gObj({ type: gLit('tensorError'), message: gStr(100_000), hint: gOpt(gStr()) }),
  fileState: gObj({ type: gLit('fileState'), path: gStr(), state: gLit('present', 'deleted', 'changed'), message: gStr() }),
});

/** Validates a tensor viewer message body from the webview. */
export const validateTensorWebviewMessage = gMessage<TensorWebviewMessage>({
  ready: gObj({ type: gLit('ready') }),
  selectMember: gObj({ type: gLit('selectMember'), member: gStr(1000) }),
  requestSlice: gObj({ type: gLit('requestSlice'), request: gSliceRequest }),
  error: gObj({ type: gLit('error'), message: gStr() }),
});

/** Parses the tensor viewer's initial state JSON from the HTML. */
export function parseTensorInitialState(json: string): TensorInitialState | undefined {
  try {
    const x: unknown = JSON.parse(json);
    return gObj<TensorInitialState>({ fileName: gStr(), path: gStr() })(x) ? x : undefined;
  } catch {
    return undefined;
  }
}
