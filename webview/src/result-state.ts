// What the result panel remembers across reloads (vscode.setState): small view settings and the file list, never
// the result buffers. The host's panel serializer reads `files` from this state to re-run after a window reload.
// Pure (no DOM), so the unit tests run it in Node.

import type { BatchFile } from '../../src/protocol';

/** How two results are shown side by side. */
export type CompareMode = 'swipe' | 'side';

/** A zoomed view to restore: zoom (device pixels per image pixel) and the image point at the view centre. */
export interface SavedZoom {
  zoom: number;
  cx: number;
  cy: number;
  /** The image size the zoom was saved for; a different image starts fitted. */
  width: number;
  height: number;
}

/** What the user can change on a result, kept across images of a batch and across reloads. */
export interface ViewSettings {
  /** Mask opacity, 0..100. */
  opacity: number;
  /** Class indices hidden from the overlay. */
  hidden: Set<number>;
  /** Class colours the user picked, by class label, as #rrggbb. */
  colors: Record<string, string>;
  /** Class whose probability is drawn as a heatmap instead of the class colours (undefined = class colours). */
  heatmap: number | undefined;
  /** Show the previous result next to the current one. */
  compare: boolean;
  compareMode: CompareMode;
  /** Swipe divider position, 0..100 (% of the view width from the left). */
  swipe: number;
  /** Highlight the pixels where the two masks disagree. */
  showDiff: boolean;
  /** Zoomed view, or undefined for "fit". */
  zoom: SavedZoom | undefined;
}

/** The whole persisted state. */
export interface PanelState {
  version: 1;
  title: string;
  files: BatchFile[];
  selected: number;
  settings: ViewSettings;
}

/** Settings of a panel that has never been touched. */
export function defaultSettings(): ViewSettings {
  return {
    opacity: 60,
    hidden: new Set(),
    colors: {},
    heatmap: undefined,
    compare: false,
    compareMode: 'swipe',
    swipe: 50,
    showDiff: true,
    zoom: undefined,
  };
}

type Rec = Record<string, unknown>;
const isRec = (x: unknown): x is Rec => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown, lo: number, hi: number): number | undefined => (typeof x === 'number' && Number.isFinite(x) && x >= lo && x <= hi ? x : undefined);

function readZoom(x: unknown): SavedZoom | undefined {
  if (!isRec(x)) return undefined;
  const zoom = num(x.zoom, 1e-3, 1e3);
  const cx = num(x.cx, -1e7, 1e7);
  const cy = num(x.cy, -1e7, 1e7);
  const width = num(x.width, 1, 1e6);
  const height = num(x.height, 1, 1e6);
  if (zoom === undefined || cx === undefined || cy === undefined || width === undefined || height === undefined) return undefined;
  return { zoom, cx, cy, width, height };
}

function readColors(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isRec(x)) return out;
  for (const [k, v] of Object.entries(x)) if (typeof v === 'string' && /^#[0-9a-f]{6}$/i.test(v) && k.length <= 1000) out[k] = v.toLowerCase();
  return out;
}

/** Reads settings saved by any version of the panel; anything missing or malformed falls back to the default. */
export function readSettings(x: unknown): ViewSettings {
  const d = defaultSettings();
  if (!isRec(x)) return d;
  return {
    opacity: num(x.opacity, 0, 100) ?? d.opacity,
    hidden: new Set(Array.isArray(x.hidden) ? x.hidden.filter((v): v is number => Number.isInteger(v) && v >= 0 && v < 256) : []),
    colors: readColors(x.colors),
    heatmap: typeof x.heatmap === 'number' && Number.isInteger(x.heatmap) && x.heatmap >= 0 && x.heatmap < 256 ? x.heatmap : undefined,
    compare: x.compare === true,
    compareMode: x.compareMode === 'side' ? 'side' : 'swipe',
    swipe: num(x.swipe, 0, 100) ?? d.swipe,
    showDiff: x.showDiff !== false,
    zoom: readZoom(x.zoom),
  };
}

function readFiles(x: unknown): BatchFile[] {
  if (!Array.isArray(x)) return [];
  return x
    .filter((f): f is BatchFile => isRec(f) && typeof f.name === 'string' && typeof f.path === 'string' && f.path.length > 0)
    .map((f) => ({ name: f.name, path: f.path }));
}

/**
 * Reads the persisted panel state. Also accepts the first panel version's flat {opacity, hidden, selected}.
 * Undefined when there is nothing usable.
 */
export function readPanelState(x: unknown): PanelState | undefined {
  if (!isRec(x)) return undefined;
  const settings = readSettings(isRec(x.settings) ? x.settings : x);
  const selected = typeof x.selected === 'number' && Number.isInteger(x.selected) && x.selected >= 0 ? x.selected : 0;
  return { version: 1, title: typeof x.title === 'string' ? x.title : 'Tensor Parity', files: readFiles(x.files), selected, settings };
}

/** The JSON-safe form of the state for vscode.setState (sets become arrays). */
export function serializePanelState(s: PanelState): Record<string, unknown> {
  const { settings: v } = s;
  return {
    version: 1,
    title: s.title,
    files: s.files.map((f) => ({ name: f.name, path: f.path })),
    selected: s.selected,
    settings: {
      opacity: v.opacity,
      hidden: [...v.hidden].sort((a, b) => a - b),
      colors: { ...v.colors },
      heatmap: v.heatmap ?? null,
      compare: v.compare,
      compareMode: v.compareMode,
      swipe: v.swipe,
      showDiff: v.showDiff,
      zoom: v.zoom ?? null,
    },
  };
}
