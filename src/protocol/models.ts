// Model comparison panel messages (outputs, cause, weights, architecture, the layer table and one layer's heatmap)
// and their validation.

import { gArr, gBool, gInt, gLit, gMessage, gNum, gObj, gOpt, gStr, gL10nBundle, type L10nBundle } from './guards';
import { CompareHeatmaps, gHeatmaps } from './compare';

/** One side of the comparison as the panel names it. */
export interface ModelsSideView {
  label: string;
  path: string;
  format: string;
  runtime: string;
}

/** One row of the layer table (numbers raw; the webview formats them). */
export interface ModelsLayerRow {
  index: number;
  name: string;
  otherName?: string;
  op: string;
  shape: number[];
  maxAbs: number;
  relErr: number;
  failures: number;
  pass: boolean;
  weightsChanged?: string[];
  shapeMismatch?: string;
}

/** One weight tensor that is not identical (or, in a layer's detail, any weight the layer reads). */
export interface ModelsWeightRow {
  name: string;
  otherName?: string;
  status: 'identical' | 'changed' | 'added' | 'removed' | 'reshaped';
  shape: number[];
  maxAbs?: number;
  relChange?: number;
  storage?: string;
}

/** The model-side cause. */
export interface ModelsCauseView {
  kind: string;
  title: string;
  evidence: string[];
  fix: string;
}

/** Everything the model comparison panel shows. */
export interface ModelsPayload {
  title: string;
  a: ModelsSideView;
  b: ModelsSideView;
  /** The input file, and how it was made into a tensor. */
  input: string;
  output?: { pass: boolean; message: string };
  cause: ModelsCauseView;
  weightsSummary?: string;
  weights: ModelsWeightRow[];
  architecture: string[];
  layers: ModelsLayerRow[];
  /** Index into layers of the first divergent layer, -1 when none. */
  firstDivergent: number;
  tolerance: string;
  notes: string[];
  backend: string;
  /** What ran the models, e.g. "selfie_int8.tflite on LiteRT.js (…), selfie on TensorFlow.js (wasm)". */
  runtime: string;
  timing: string;
}

/** One layer in detail: its error heatmaps and the weights it reads. */
export interface ModelsLayerDetail {
  index: number;
  name: string;
  message: string;
  heatmaps?: CompareHeatmaps;
  weights: ModelsWeightRow[];
}

/** What the panel remembers across reloads: the two models and the input. */
export interface ModelsPanelState {
  a: string;
  b: string;
  input: string;
  inputKind: 'tensor' | 'image';
}

/** Initial panel state, embedded in the HTML. */
export interface ModelsInitialState {
  title: string;
  restore: ModelsPanelState;
  /** The translation of the panel's own text (vscode.l10n.bundle); absent in English. */
  l10nBundle?: L10nBundle;
}

/** Buttons the panel may offer. */
export type ModelsAction = 'openA' | 'openB' | 'openInput' | 'pickInput' | 'showLog' | 'rerun';

/** Messages the host sends to the model comparison panel. */
export type ModelsHostMessage =
  | { type: 'modelsProgress'; message: string }
  | { type: 'modelsResult'; payload: ModelsPayload }
  | { type: 'modelsLayer'; detail: ModelsLayerDetail }
  | { type: 'modelsError'; message: string; actions: ModelsAction[] };

/** Messages the panel sends to the host. */
export type ModelsWebviewMessage =
  { type: 'ready' } | { type: 'modelsSelectLayer'; index: number } | { type: 'modelsAction'; action: ModelsAction } | { type: 'error'; message: string };

const gAction = gLit<ModelsAction>('openA', 'openB', 'openInput', 'pickInput', 'showLog', 'rerun');
const gState = gObj<ModelsPanelState>({ a: gStr(), b: gStr(), input: gStr(), inputKind: gLit('tensor', 'image') });
const gSide = gObj<ModelsSideView>({ label: gStr(500), path: gStr(), format: gStr(64), runtime: gStr(500) });
const gWeight = gObj<ModelsWeightRow>({
  name: gStr(),
  otherName: gOpt(gStr()),
  status: gLit('identical', 'changed', 'added', 'removed', 'reshaped'),
  shape: gArr(gInt, 32),
  maxAbs: gOpt(gNum),
  relChange: gOpt(gNum),
  storage: gOpt(gStr(200)),
});
const gLayer = gObj<ModelsLayerRow>({
  index: gInt,
  name: gStr(),
  otherName: gOpt(gStr()),
  op: gStr(200),
  shape: gArr(gInt, 32),
  maxAbs: gNum,
  relErr: gNum,
  failures: gInt,
  pass: gBool,
  weightsChanged: gOpt(gArr(gStr(), 100)),
  shapeMismatch: gOpt(gStr()),
});
const gPayload = gObj<ModelsPayload>({
  title: gStr(),
  a: gSide,
  b: gSide,
  input: gStr(),
  output: gOpt(gObj<{ pass: boolean; message: string }>({ pass: gBool, message: gStr() })),
  cause: gObj<ModelsCauseView>({ kind: gStr(64), title: gStr(), evidence: gArr(gStr(), 50), fix: gStr() }),
  weightsSummary: gOpt(gStr()),
  weights: gArr(gWeight, 5000),
  architecture: gArr(gStr(), 100),
  layers: gArr(gLayer, 20_000),
  firstDivergent: gNum,
  tolerance: gStr(500),
  notes: gArr(gStr(), 100),
  backend: gStr(64),
  runtime: gStr(2000),
  timing: gStr(500),
});
const gDetail = gObj<ModelsLayerDetail>({
  index: gInt,
  name: gStr(),
  message: gStr(),
  heatmaps: gOpt(gHeatmaps),
  weights: gArr(gWeight, 1000),
});

/** Validates a model comparison panel message body from the host. */
export const validateModelsHostMessage = gMessage<ModelsHostMessage>({
  modelsProgress: gObj({ type: gLit('modelsProgress'), message: gStr() }),
  modelsResult: gObj({ type: gLit('modelsResult'), payload: gPayload }),
  modelsLayer: gObj({ type: gLit('modelsLayer'), detail: gDetail }),
  modelsError: gObj({ type: gLit('modelsError'), message: gStr(100_000), actions: gArr(gAction, 10) }),
});

/** Validates a model comparison panel message body from the webview. */
export const validateModelsWebviewMessage = gMessage<ModelsWebviewMessage>({
  ready: gObj({ type: gLit('ready') }),
  modelsSelectLayer: gObj({ type: gLit('modelsSelectLayer'), index: gInt }),
  modelsAction: gObj({ type: gLit('modelsAction'), action: gAction }),
  error: gObj({ type: gLit('error'), message: gStr() }),
});

/** Parses the panel's stored state (webview state); undefined when malformed. */
export function parseModelsPanelState(x: unknown): ModelsPanelState | undefined {
  return gState(x) ? x : undefined;
}

/** Parses the panel's initial state JSON from the HTML. */
export function parseModelsInitialState(json: string): ModelsInitialState | undefined {
  try {
    const x: unknown = JSON.parse(json);
    return gObj<ModelsInitialState>({ title: gStr(), restore: gState, l10nBundle: gOpt(gL10nBundle) })(x) ? x : undefined;
  } catch {
    return undefined;
  }
}
