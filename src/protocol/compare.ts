// Compare panel messages (the diff of two tensors: verdict, metrics, heatmaps, worst elements, diagnosis cards) and their validation.

import { gArr, gBool, gBuf, gInt, gLit, gMessage, gNum, gObj, gOpt, gStr, gWhere, gL10nBundle, type L10nBundle } from './guards';
import { FileStateName, ViewedFile, gViewedFile } from './channel';

// ---- Compare panel ----

/** One row of the compare panel's metrics table (values formatted on the host). */
export interface CompareMetric {
  id: string;
  label: string;
  value: string;
  hint?: string;
}
/** One bin of the log-scaled |a-b| histogram; lo = hi = 0 is the exact-zero bin. */
export interface CompareHistogramBin {
  lo: number;
  hi: number;
  count: number;
}
/** One of the largest differences: index in the compared (reference) shape and in the dump's own shape. */
export interface CompareWorstRow {
  index: number[];
  aIndex: number[];
  a: number;
  b: number;
  abs: number;
  rel: number;
}
/** Statistics of one channel's error. */
export interface CompareChannelRow {
  channel: number;
  meanAbs: number;
  maxAbs: number;
  failures: number;
}

/** Per-channel |a-b| maps, block-max downsampled: float32, channel-major (channels × height × width), NaN where a pair is NaN. */
export interface CompareHeatmaps {
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
  channelRows: CompareChannelRow[];
}

/** A diagnosis cause as a card shows it. `specPath` / `source` enable the card's buttons. */
export interface CompareCauseView {
  id: string;
  title: string;
  explained: number;
  evidence: string;
  fix: string;
  stage?: string;
  specPath?: string;
  specValue?: string;
  source?: { file: string; line: number; message: string };
  /** When no linter finding matches the cause: what to search the workspace for (a regular expression, and its words). */
  search?: { pattern: string; words: string };
}

/** What diagnose() found, for the cards. */
export interface CompareDiagnosisView {
  status: string;
  summary: string;
  causes: CompareCauseView[];
  notes: string[];
  stages?: string;
  /** The diagnosis compared tensors only; with an image (and the spec) it could test the preprocessing too: offer that. */
  offerImage?: boolean;
  /** The outputs differ while nothing in the tensors explains it and the spec names a model: offer the layer-by-layer model comparison. */
  offerModels?: boolean;
}

/** The model-side cause card: what comparing the two models layer by layer found. */
export interface CompareModelCauseView {
  /** identical | weights | quantization | architecture | runtime | numeric-noise | unknown */
  kind: string;
  title: string;
  evidence: string[];
  fix: string;
  /** The two models (deployed, reference) and the input both ran on, as file names. */
  a: string;
  b: string;
  input: string;
  /** The model comparison explains the output difference (so the diagnosis is no longer "unexplained"). */
  explains: boolean;
}

/** Where the model comparison offered by the compare panel stands. */
export interface CompareModelsView {
  state: 'running' | 'done' | 'error';
  message: string;
  cause?: CompareModelCauseView;
}

/** The pass/fail badge. */
export interface CompareVerdictView {
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

/** Everything the compare panel shows for one comparison. */
export interface ComparePayload {
  title: string;
  /** a: the dump under test; b: the reference (a tensor file, an image, or the JSON report's reference). */
  a: ViewedFile;
  b: ViewedFile;
  origin: 'files' | 'image' | 'report';
  comparable: boolean;
  alignment: string;
  verdict: CompareVerdictView;
  metrics: CompareMetric[];
  histogram: CompareHistogramBin[];
  worst: CompareWorstRow[];
  heatmaps?: CompareHeatmaps;
  notes: string[];
}

/** What the compare panel remembers across reloads (its webview state): the two files, or the JSON report. */
export interface ComparePanelState {
  origin: 'files' | 'image' | 'report';
  a: string;
  b: string;
  member?: { a?: string; b?: string };
}

/** Initial compare panel state, embedded in the HTML. */
export interface CompareInitialState {
  title: string;
  restore: ComparePanelState;
  /** The translation of the panel's own text (vscode.l10n.bundle); absent in English. */
  l10nBundle?: L10nBundle;
}

/** Buttons a compare panel may offer. */
export type CompareAction =
  'openSpecField' | 'openSource' | 'searchCode' | 'diagnoseWithImage' | 'compareModels' | 'openModels' | 'openFileA' | 'openFileB' | 'showLog' | 'openSpec';

/** Messages the host sends to the compare panel. */
export type CompareHostMessage =
  | { type: 'compareProgress'; message: string }
  | { type: 'compareResult'; payload: ComparePayload }
  | { type: 'compareDiagnosis'; diagnosis?: CompareDiagnosisView; message: string }
  | { type: 'compareError'; message: string; actions: CompareAction[] }
  | { type: 'compareModels'; models: CompareModelsView }
  | { type: 'fileState'; path: string; state: FileStateName; message: string };

/** Messages the compare panel sends to the host. */
export type CompareWebviewMessage = { type: 'ready' } | { type: 'compareAction'; action: CompareAction; cause?: number } | { type: 'error'; message: string };

const gCompareAction = gLit<CompareAction>(
  'openSpecField',
  'openSource',
  'searchCode',
  'diagnoseWithImage',
  'compareModels',
  'openModels',
  'openFileA',
  'openFileB',
  'showLog',
  'openSpec',
);
const gCompareState = gObj<ComparePanelState>({
  origin: gLit('files', 'image', 'report'),
  a: gStr(),
  b: gStr(),
  member: gOpt(gObj<{ a?: string; b?: string }>({ a: gOpt(gStr()), b: gOpt(gStr()) })),
});
/** Validates per-channel heatmaps (shared with the model comparison panel). */
export const gHeatmaps = gWhere(
  gObj<CompareHeatmaps>({
    layout: gStr(200),
    shape: gArr(gInt, 32),
    axes: gObj<CompareHeatmaps['axes']>({ n: gNum, h: gNum, w: gNum, c: gNum }),
    srcHeight: gInt,
    srcWidth: gInt,
    height: gInt,
    width: gInt,
    block: gInt,
    channels: gInt,
    maps: gBuf,
    maxAbs: gNum,
    channelRows: gArr(gObj<CompareChannelRow>({ channel: gInt, meanAbs: gNum, maxAbs: gNum, failures: gInt })),
  }),
  (m) => m.maps.byteLength === m.channels * m.height * m.width * 4,
);
const gComparePayload = gObj<ComparePayload>({
  title: gStr(),
  a: gViewedFile,
  b: gViewedFile,
  origin: gLit('files', 'image', 'report'),
  comparable: gBool,
  alignment: gStr(),
  verdict: gObj<CompareVerdictView>({
    pass: gBool,
    mode: gLit('allclose', 'both'),
    atol: gNum,
    rtol: gNum,
    toleranceFrom: gStr(),
    failures: gInt,
    failuresOtherMode: gInt,
    message: gStr(),
  }),
  metrics: gArr(gObj<CompareMetric>({ id: gStr(64), label: gStr(200), value: gStr(200), hint: gOpt(gStr()) }), 200),
  histogram: gArr(gObj<CompareHistogramBin>({ lo: gNum, hi: gNum, count: gInt }), 200),
  worst: gArr(gObj<CompareWorstRow>({ index: gArr(gInt, 32), aIndex: gArr(gInt, 32), a: gNum, b: gNum, abs: gNum, rel: gNum }), 1000),
  heatmaps: gOpt(gHeatmaps),
  notes: gArr(gStr(), 100),
});
const gCause = gObj<CompareCauseView>({
  id: gStr(64),
  title: gStr(),
  explained: gNum,
  evidence: gStr(),
  fix: gStr(),
  stage: gOpt(gStr(64)),
  specPath: gOpt(gStr(200)),
  specValue: gOpt(gStr(1000)),
  source: gOpt(gObj<{ file: string; line: number; message: string }>({ file: gStr(), line: gInt, message: gStr() })),
  search: gOpt(gObj<{ pattern: string; words: string }>({ pattern: gStr(500), words: gStr(200) })),
});
const gDiagnosis = gObj<CompareDiagnosisView>({
  status: gStr(64),
  summary: gStr(),
  causes: gArr(gCause, 50),
  notes: gArr(gStr(), 100),
  stages: gOpt(gStr()),
  offerImage: gOpt(gBool),
  offerModels: gOpt(gBool),
});
const gModels = gObj<CompareModelsView>({
  state: gLit('running', 'done', 'error'),
  message: gStr(),
  cause: gOpt(
    gObj<CompareModelCauseView>({
      kind: gStr(64),
      title: gStr(),
      evidence: gArr(gStr(), 50),
      fix: gStr(),
      a: gStr(500),
      b: gStr(500),
      input: gStr(500),
      explains: gBool,
    }),
  ),
});

/** Validates a compare panel message body from the host. */
export const validateCompareHostMessage = gMessage<CompareHostMessage>({
  compareProgress: gObj({ type: gLit('compareProgress'), message: gStr() }),
  compareResult: gObj({ type: gLit('compareResult'), payload: gComparePayload }),
  compareDiagnosis: gObj<Extract<CompareHostMessage, { type: 'compareDiagnosis' }>>({
    type: gLit('compareDiagnosis'),
    diagnosis: gOpt(gDiagnosis),
    message: gStr(),
  }),
  compareError: gObj({ type: gLit('compareError'), message: gStr(100_000), actions: gArr(gCompareAction, 10) }),
  compareModels: gObj({ type: gLit('compareModels'), models: gModels }),
  fileState: gObj({ type: gLit('fileState'), path: gStr(), state: gLit('present', 'deleted', 'changed'), message: gStr() }),
});

/** Validates a compare panel message body from the webview. */
export const validateCompareWebviewMessage = gMessage<CompareWebviewMessage>({
  ready: gObj({ type: gLit('ready') }),
  compareAction: gObj<Extract<CompareWebviewMessage, { type: 'compareAction' }>>({
    type: gLit('compareAction'),
    action: gCompareAction,
    cause: gOpt(gInt),
  }),
  error: gObj({ type: gLit('error'), message: gStr() }),
});

/** Parses the compare panel's stored state (webview state or HTML data attribute); undefined when malformed. */
export function parseComparePanelState(x: unknown): ComparePanelState | undefined {
  return gCompareState(x) ? x : undefined;
}

/** Parses the compare panel's initial state JSON from the HTML. */
export function parseCompareInitialState(json: string): CompareInitialState | undefined {
  try {
    const x: unknown = JSON.parse(json);
    return gObj<CompareInitialState>({ title: gStr(), restore: gCompareState, l10nBundle: gOpt(gL10nBundle) })(x) ? x : undefined;
  } catch {
    return undefined;
  }
}
