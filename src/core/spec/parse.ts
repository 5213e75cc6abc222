// Parses tensorparity.json into a Spec with defaults filled, reporting located problems and never throwing.

import { parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { SPEC_DEFAULTS } from './defaults';
import { MAX_JSON_DEPTH, findExcessiveNesting } from './depth';
import { parseInput } from './parse-input';
import {
  ProblemSink,
  joinPath,
  readNumber,
  readObject,
  readSection,
  readString,
  readStringArray,
  reportMissing,
  warnUnknownKeys,
  type ObjectReader,
} from './reader';
import type { ModelFormat, ModelSpec, OutputSpec, Spec, SpecProblem, ToleranceSpec } from './types';
import { formatFromPath, MODEL_FORMAT_NAMES } from './model-format';

const ROOT_KEYS = ['$schema', 'model', 'input', 'output', 'tolerance', 'limits'];
const MODEL_KEYS = ['path', 'format', 'inputName', 'outputName', 'signature'];
const OUTPUT_KEYS = ['kind', 'activation', 'threshold', 'labels', 'colors', 'topK'];
const TOLERANCE_KEYS = ['atol', 'rtol', 'mode'];
const LIMITS_KEYS = ['maxPixels'];
const MODEL_FORMATS: readonly ModelFormat[] = MODEL_FORMAT_NAMES;
const HEX_COLOR = /^#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{8})$/;

const SYNTAX_HINTS: Record<string, string> = {
  InvalidSymbol: 'Unexpected character.',
  InvalidNumberFormat: 'Malformed number.',
  PropertyNameExpected: 'Expected a property name in double quotes (a trailing comma before "}" is not allowed in JSON).',
  ValueExpected: 'Expected a value (a trailing comma before "]" or "}" is not allowed in JSON).',
  ColonExpected: 'Expected ":" after the property name.',
  CommaExpected: 'Expected "," between items.',
  CloseBraceExpected: 'Expected "}" to close the object.',
  CloseBracketExpected: 'Expected "]" to close the array.',
  EndOfFileExpected: 'Unexpected text after the end of the JSON value.',
  InvalidCommentToken: 'Malformed comment.',
  UnexpectedEndOfComment: 'Unterminated /* comment.',
  UnexpectedEndOfString: 'Unterminated string: add the closing double quote.',
  UnexpectedEndOfNumber: 'Unterminated number.',
  InvalidUnicode: 'Invalid \\u escape in a string.',
  InvalidEscapeCharacter: 'Invalid escape character in a string.',
  InvalidCharacter: 'Invalid character in a string (control characters must be escaped).',
};

/** Parses and validates spec text; `spec` is set only when there are no errors (warnings allowed). */
export function parseSpec(text: string, file?: string): { spec?: Spec; problems: SpecProblem[] } {
  const sink = new ProblemSink();
  const deep = findExcessiveNesting(text);
  if (deep) {
    const name = file ? ` in ${file}` : '';
    sink.error(
      '',
      { offset: deep.offset, length: 1 },
      `JSON nested too deeply${name}: more than ${MAX_JSON_DEPTH} levels of [ or { at this point. A spec needs only a few levels; remove the extra brackets.`,
    );
    return { problems: sink.problems };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false, allowEmptyContent: true });
  for (const e of errors) {
    const code = printParseErrorCode(e.error);
    const name = file ? ` in ${file}` : '';
    sink.error('', { offset: e.offset, length: Math.max(1, e.length) }, `JSON syntax error${name}: ${SYNTAX_HINTS[code] ?? code}`);
  }
  if (!tree) {
    if (errors.length === 0)
      sink.error('', { offset: 0, length: 0 }, 'The spec file is empty. Start from the template: it needs at least "model" and "input".');
    return { problems: sink.problems };
  }
  if (tree.type !== 'object') {
    sink.error('', tree, 'The spec must be a JSON object ({ "model": ..., "input": ... }).');
    return { problems: sink.problems };
  }
  const root = readObject(sink, tree, '', { offset: tree.offset, length: 1 });
  warnUnknownKeys(sink, root, ROOT_KEYS);
  const model = parseModel(sink, root);
  const input = parseInput(sink, root);
  const output = parseOutput(sink, root);
  const tolerance = parseTolerance(sink, root);
  const limits = parseLimits(sink, root);
  if (sink.hasErrors() || !model || !input) return { problems: sink.problems };
  return { spec: { model, input, output, tolerance, limits }, problems: sink.problems };
}

function parseModel(sink: ProblemSink, root: ObjectReader): ModelSpec | undefined {
  const model = readSection(sink, root, 'model');
  if (!model) {
    if (!root.props.has('model')) reportMissing(sink, root, 'model', 'add "model": { "path": "path/to/model.json" } relative to the workspace folder.');
    return undefined;
  }
  warnUnknownKeys(sink, model, MODEL_KEYS);
  const path = readString(sink, model, 'path');
  if (!model.props.has('path'))
    reportMissing(sink, model, 'path', 'the model file (model.json for tfjs) or SavedModel directory, relative to the workspace folder.');
  if (path !== undefined && path.trim() === '') {
    sink.error('model.path', model.props.get('path')!.value, '"model.path" is empty; give the model file or directory relative to the workspace folder.');
    return undefined;
  }
  const format = readString(sink, model, 'format', MODEL_FORMATS) as ModelFormat | undefined;
  if (path === undefined || (model.props.has('format') && format === undefined)) return undefined;
  const isJson = /\.json$/i.test(path);
  const resolved: ModelFormat = format ?? formatFromPath(path);
  if ((format === 'tflite' && !/\.tflite$/i.test(path)) || (format === 'keras' && !/\.(keras|h5|hdf5)$/i.test(path))) {
    const want = format === 'tflite' ? 'a .tflite file' : 'a .keras or .h5 file';
    sink.warning(
      'model.path',
      model.props.get('path')!.value,
      `Format "${format}" expects ${want}, but "model.path" is ${JSON.stringify(path)}. Check the path or the format.`,
    );
  }
  if ((format === 'tfjs-graph' || format === 'tfjs-layers') && !isJson) {
    sink.warning(
      'model.path',
      model.props.get('path')!.value,
      `A ${format} model is loaded from its model.json, but "model.path" does not end in .json. Point it at model.json.`,
    );
  }
  if (format === 'saved-model' && isJson) {
    sink.warning(
      'model.path',
      model.props.get('path')!.value,
      'A SavedModel is a directory (with saved_model.pb), but "model.path" ends in .json. Use format "tfjs-graph" or "tfjs-layers" for model.json.',
    );
  }
  const spec: ModelSpec = { path, format: resolved };
  for (const key of ['inputName', 'outputName', 'signature'] as const) {
    const value = readString(sink, model, key);
    if (value !== undefined) spec[key] = value;
  }
  return spec;
}

function parseOutput(sink: ProblemSink, root: ObjectReader): OutputSpec {
  const d = SPEC_DEFAULTS.output;
  const output = readSection(sink, root, 'output');
  if (!output) return { kind: d.kind, activation: d.activation, threshold: d.threshold, labels: [], colors: [], topK: d.topK };
  warnUnknownKeys(sink, output, OUTPUT_KEYS);
  const kind = (readString(sink, output, 'kind', ['segmentation', 'classification', 'raw']) as OutputSpec['kind'] | undefined) ?? d.kind;
  const activation = (readString(sink, output, 'activation', ['none', 'sigmoid', 'softmax']) as OutputSpec['activation'] | undefined) ?? d.activation;
  const threshold = readNumber(sink, output, 'threshold') ?? d.threshold;
  const labels = readStringArray(sink, output, 'labels') ?? [];
  const colors = readStringArray(sink, output, 'colors', HEX_COLOR, 'a hex colour "#rrggbb" or "#rrggbbaa"') ?? [];
  const topK = readNumber(sink, output, 'topK', { integer: true, min: 1 }) ?? d.topK;
  if (activation !== 'none' && (threshold < 0 || threshold > 1) && output.props.has('threshold')) {
    sink.warning(
      'output.threshold',
      output.props.get('threshold')!.value,
      `After ${activation} the output is between 0 and 1, so threshold ${threshold} never splits it. Use a value between 0 and 1.`,
    );
  }
  if (kind === 'segmentation' && labels.length > 0 && colors.length > 0 && labels.length !== colors.length) {
    sink.warning(
      'output.colors',
      output.props.get('colors')!.value,
      `"output.colors" has ${colors.length} colour${colors.length === 1 ? '' : 's'} but "output.labels" has ${labels.length} label${labels.length === 1 ? '' : 's'}; give one colour per label.`,
    );
  }
  if (kind === 'classification' && labels.length > 0 && topK > labels.length && output.props.has('topK')) {
    sink.warning(
      'output.topK',
      output.props.get('topK')!.value,
      `"output.topK" is ${topK} but there are only ${labels.length} labels; at most ${labels.length} are shown.`,
    );
  }
  return { kind, activation, threshold, labels, colors, topK };
}

function parseTolerance(sink: ProblemSink, root: ObjectReader): ToleranceSpec {
  const d = SPEC_DEFAULTS.tolerance;
  const tol = readSection(sink, root, 'tolerance');
  if (!tol) return { ...d };
  warnUnknownKeys(sink, tol, TOLERANCE_KEYS);
  const nonNegative = { min: 0 };
  return {
    atol: readNumber(sink, tol, 'atol', nonNegative) ?? d.atol,
    rtol: readNumber(sink, tol, 'rtol', nonNegative) ?? d.rtol,
    mode: (readString(sink, tol, 'mode', ['allclose', 'both']) as ToleranceSpec['mode'] | undefined) ?? d.mode,
  };
}

function parseLimits(sink: ProblemSink, root: ObjectReader): { maxPixels: number } {
  const d = SPEC_DEFAULTS.limits;
  const limits = readSection(sink, root, 'limits');
  if (!limits) return { ...d };
  warnUnknownKeys(sink, limits, LIMITS_KEYS);
  const maxPixels = readNumber(sink, limits, 'maxPixels', { integer: true, min: 1, max: Number.MAX_SAFE_INTEGER });
  return { maxPixels: maxPixels ?? d.maxPixels };
}

/** The JSON path of a jsonc-parser node, e.g. "input.resize.method" or "input.mean[2]". */
export function nodePath(node: Node): string {
  const parts: (string | number)[] = [];
  let current: Node | undefined = node;
  while (current?.parent) {
    const parent: Node = current.parent;
    if (parent.type === 'property') {
      const key = parent.children?.[0];
      if (key && typeof key.value === 'string') parts.unshift(key.value);
      current = parent.parent;
    } else if (parent.type === 'array') {
      parts.unshift(parent.children?.indexOf(current) ?? 0);
      current = parent;
    } else {
      current = parent;
    }
  }
  return parts.reduce<string>((acc, part) => joinPath(acc, part), '');
}
