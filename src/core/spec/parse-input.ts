// Validation and defaults for the "input" section of tensorparity.json.

import { channelsOf, MAX_INPUT_SIDE, SPEC_DEFAULTS } from './defaults';
import { DEFAULT_RESIZE_METHOD, RESIZE_LIBRARIES, RESIZE_METHODS } from './methods';
import {
  didYouMean,
  joinPath,
  quoteList,
  readBoolean,
  readNumber,
  readNumberArray,
  readSection,
  readString,
  reportMissing,
  warnUnknownKeys,
  type ObjectReader,
  type ProblemSink,
} from './reader';
import type { AlphaSpec, ColorOrder, InputSpec, Layout, ResizeFit, ResizeLibrary, ResizeSpec } from './types';

const INPUT_KEYS = ['width', 'height', 'colorOrder', 'resize', 'scale', 'mean', 'std', 'dtype', 'layout', 'applyExif', 'alpha', 'decoder'];
const RESIZE_KEYS = ['library', 'method', 'fit', 'padValue', 'antialias', 'alignCorners', 'halfPixelCenters'];
const ALPHA_KEYS = ['mode', 'background'];
const COLOR_ORDERS: readonly ColorOrder[] = ['RGB', 'BGR', 'GRAY'];
/** The values input.resize.fit accepts. */
export const RESIZE_FITS: readonly ResizeFit[] = ['stretch', 'keep-aspect', 'letterbox', 'crop'];
const DTYPES: readonly InputSpec['dtype'][] = ['float32', 'float16', 'int32', 'uint8'];
const LAYOUTS: readonly Layout[] = ['NHWC', 'NCHW'];
const DECODERS: readonly string[] = ['libjpeg', 'tf'];
/** Libraries whose resize functions take each flag; the flag is ignored elsewhere. */
const FLAG_LIBRARIES: Record<'antialias' | 'alignCorners' | 'halfPixelCenters', readonly ResizeLibrary[]> = {
  antialias: ['tf'],
  alignCorners: ['tf', 'tfjs'],
  halfPixelCenters: ['tf', 'tfjs'],
};

/** Validates "input" and returns it with defaults filled, or undefined when required parts are missing or wrong. */
export function parseInput(sink: ProblemSink, root: ObjectReader): InputSpec | undefined {
  const input = readSection(sink, root, 'input');
  if (!input) {
    if (!root.props.has('input')) reportMissing(sink, root, 'input', 'add "input": { "width": 224, "height": 224 } with the size the model expects.');
    return undefined;
  }
  warnUnknownKeys(sink, input, INPUT_KEYS);
  const side = { integer: true, min: 1, max: MAX_INPUT_SIDE, why: `Model input sides are limited to ${MAX_INPUT_SIDE} pixels.` };
  const width = readNumber(sink, input, 'width', side);
  const height = readNumber(sink, input, 'height', side);
  if (!input.props.has('width')) reportMissing(sink, input, 'width', 'the model input width in pixels, e.g. "width": 224.');
  if (!input.props.has('height')) reportMissing(sink, input, 'height', 'the model input height in pixels, e.g. "height": 224.');

  const colorOrder = (readString(sink, input, 'colorOrder', COLOR_ORDERS) as ColorOrder | undefined) ?? SPEC_DEFAULTS.input.colorOrder;
  const channels = channelsOf(colorOrder);
  const resize = parseResize(sink, input);
  const scale = readNumber(sink, input, 'scale') ?? SPEC_DEFAULTS.input.scale;
  const mean = readPerChannel(sink, input, 'mean', channels, colorOrder) ?? new Array<number>(channels).fill(SPEC_DEFAULTS.input.mean);
  const std = readPerChannel(sink, input, 'std', channels, colorOrder) ?? new Array<number>(channels).fill(SPEC_DEFAULTS.input.std);
  checkNoZeroStd(sink, input, std);
  const dtype = (readString(sink, input, 'dtype', DTYPES) as InputSpec['dtype'] | undefined) ?? SPEC_DEFAULTS.input.dtype;
  const layout = (readString(sink, input, 'layout', LAYOUTS) as Layout | undefined) ?? SPEC_DEFAULTS.input.layout;
  const applyExif = readBoolean(sink, input, 'applyExif') ?? SPEC_DEFAULTS.input.applyExif;
  const alpha = parseAlpha(sink, input);
  const decoder = readString(sink, input, 'decoder', DECODERS) as InputSpec['decoder'];
  if (width === undefined || height === undefined || !resize) return undefined;
  return { width, height, colorOrder, resize, scale, mean, std, dtype, layout, applyExif, alpha, ...(decoder ? { decoder } : {}) };
}

function parseResize(sink: ProblemSink, input: ObjectReader): ResizeSpec | undefined {
  const defaults = SPEC_DEFAULTS.input.resize;
  const resize = readSection(sink, input, 'resize');
  if (!resize) return input.props.has('resize') ? undefined : { ...defaults };
  warnUnknownKeys(sink, resize, RESIZE_KEYS);
  const library = readString(sink, resize, 'library', RESIZE_LIBRARIES) as ResizeLibrary | undefined;
  if (resize.props.has('library') && library === undefined) return undefined;
  const lib = library ?? defaults.library;
  const method = readMethod(sink, resize, lib, library !== undefined);
  const fit = (readString(sink, resize, 'fit', RESIZE_FITS) as ResizeFit | undefined) ?? defaults.fit;
  const padValue = readNumber(sink, resize, 'padValue', { min: 0 }) ?? defaults.padValue;
  const spec: ResizeSpec = { library: lib, method: method ?? DEFAULT_RESIZE_METHOD[lib], fit, padValue };
  for (const flag of ['antialias', 'alignCorners', 'halfPixelCenters'] as const) {
    const value = readBoolean(sink, resize, flag);
    if (value === undefined) continue;
    spec[flag] = value;
    if (!FLAG_LIBRARIES[flag].includes(lib)) {
      sink.warning(
        joinPath(resize.path, flag),
        resize.props.get(flag)!.key,
        `"${flag}" has no effect with library "${lib}"; only ${quoteList(FLAG_LIBRARIES[flag])} take it. Remove it.`,
      );
    }
  }
  if (spec.alignCorners === true && spec.halfPixelCenters === true) {
    sink.error(
      joinPath(resize.path, 'alignCorners'),
      resize.props.get('alignCorners')!.value,
      'alignCorners and halfPixelCenters cannot both be true (TensorFlow rejects it). Set one of them to false.',
    );
  }
  if (spec.antialias === true && lib === 'tf' && spec.method === 'nearest') {
    sink.warning(
      joinPath(resize.path, 'antialias'),
      resize.props.get('antialias')!.value,
      'tf.image.resize ignores antialias for method "nearest". Remove it or pick another method.',
    );
  }
  if (resize.props.has('method') && method === undefined) return undefined;
  return spec;
}

function readMethod(sink: ProblemSink, resize: ObjectReader, library: ResizeLibrary, libraryGiven: boolean): string | undefined {
  const entry = resize.props.get('method');
  if (!entry) return undefined;
  const path = joinPath(resize.path, 'method');
  const method = readString(sink, resize, 'method');
  if (method === undefined) return undefined;
  const valid = RESIZE_METHODS[library];
  if (valid.includes(method)) return method;
  const others = (Object.keys(RESIZE_METHODS) as ResizeLibrary[]).filter((l) => RESIZE_METHODS[l].includes(method));
  const elsewhere = others.length > 0 ? ` ("${method}" is a method of ${quoteList(others)}.)` : '';
  const which = libraryGiven ? `library "${library}"` : `library "${library}" (the default; set "library" to choose another)`;
  sink.error(
    path,
    entry.value,
    `"${method}" is not a resize method of ${which}. Valid methods for ${library}: ${valid.join(', ')}.${didYouMean(method, valid)}${elsewhere}`,
  );
  return undefined;
}

function readPerChannel(sink: ProblemSink, input: ObjectReader, key: 'mean' | 'std', channels: number, colorOrder: ColorOrder): number[] | undefined {
  const values = readNumberArray(sink, input, key);
  if (!values) return undefined;
  if (values.length !== channels) {
    const path = joinPath(input.path, key);
    sink.error(
      path,
      input.props.get(key)!.value,
      `"${path}" has ${values.length} value${values.length === 1 ? '' : 's'} but colorOrder "${colorOrder}" has ${channels} channel${channels === 1 ? '' : 's'}; give ${channels} (one per channel, in ${colorOrder} order).`,
    );
    return undefined;
  }
  return values;
}

function checkNoZeroStd(sink: ProblemSink, input: ObjectReader, std: number[]): void {
  const node = input.props.get('std')?.value;
  std.forEach((value, i) => {
    if (value !== 0 || !node) return;
    const path = joinPath(joinPath(input.path, 'std'), i);
    sink.error(
      path,
      node.children?.[i] ?? node,
      `"${path}" is 0, and dividing by 0 gives Infinity. Use the standard deviation your training code divides by (1 leaves values unchanged).`,
    );
  });
}

function parseAlpha(sink: ProblemSink, input: ObjectReader): AlphaSpec {
  const defaults = SPEC_DEFAULTS.input.alpha;
  const alpha = readSection(sink, input, 'alpha');
  if (!alpha) return { mode: defaults.mode, background: [...defaults.background] };
  warnUnknownKeys(sink, alpha, ALPHA_KEYS);
  const mode = (readString(sink, alpha, 'mode', ['drop', 'composite']) as AlphaSpec['mode'] | undefined) ?? defaults.mode;
  let background: [number, number, number] = [...defaults.background];
  const values = readNumberArray(sink, alpha, 'background', { integer: true, min: 0, max: 255 });
  if (values) {
    if (values.length === 3) {
      background = [values[0], values[1], values[2]];
    } else {
      const path = joinPath(alpha.path, 'background');
      sink.error(path, alpha.props.get('background')!.value, `"${path}" must have 3 values [r, g, b] from 0 to 255; got ${values.length}.`);
    }
  }
  if (mode === 'drop' && alpha.props.has('background')) {
    sink.warning(
      joinPath(alpha.path, 'background'),
      alpha.props.get('background')!.key,
      'alpha.background is only used when alpha.mode is "composite"; with "drop" the alpha channel is discarded.',
    );
  }
  return { mode, background };
}
