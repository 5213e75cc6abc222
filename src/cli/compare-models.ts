// `tensor-parity compare-models a b --input x.npy|--image img`: two models (or a model and an activations dump) on
// the same input: outputs, weights, architecture, layer by layer, and the model-side cause.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BackendName } from '../core/infer/backend';
import { diffReportToJson, jsonSafe } from '../core/diff/format';
import { compareModels, formatModelReport, type CompareInput, type ModelCompareReport } from '../core/model-compare';
import type { ToleranceMode } from '../core/spec/types';
import { numberArg, parseCommandArgs, usageMessage } from './args';
import { EXIT, type CliIO, type Command } from './command';
import { loadCliSpec, locateSpec } from './spec-lookup';

const USER_ERRORS = new Set(['ModelError', 'SpecError', 'TensorFileError', 'ImageError', 'CliInputError']);
const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];

const HELP = `Usage: tensor-parity compare-models <model-a> <model-b> (--input x.npy | --image photo.jpg) [options]

Runs both models on the same input and compares them: the outputs (the diff metrics and verdict), the weights
(identical / changed / added / removed, per tensor), the architecture (ops and nodes added, removed, reordered; input
and output signatures) and every layer in execution order, naming the first layer whose output leaves tolerance.
Then it names the model-side cause (changed weights, quantization, architecture, a runtime difference starting at
one layer, or float noise).

A model is a TensorFlow.js model.json, a .tflite (run on LiteRT.js), a SavedModel folder, or an activations .npz
from your own run (tools/dump_activations.py writes one, named by layer, from a .keras/.h5 file or a SavedModel).
A Keras .keras/.h5 file itself needs Python: the error gives the commands that convert it. A is the model under
test, B the reference.

Options:
  --input <file>     the input tensor (.npy, or .npz with one array), fed to both models as is
  --image <file>     an image, preprocessed as tensorparity.json says (needs a spec)
  --spec <file>      tensorparity.json for --image and the default tolerance (default: the nearest one above the input)
  --atol <x>         absolute tolerance per element (default: the spec's, else 1e-4)
  --rtol <x>         relative tolerance per element (default: the spec's, else 1e-3)
  --mode <m>         allclose (numpy, default) or both (Polygraphy)
  --backend <name>   tensorflow | wasm | cpu (default: the fastest that works)
  --all-layers       list every layer, not only those around the first divergence
  --json             print the report as JSON
  -h, --help         show this help

Exit codes: 0 the outputs agree, 1 they differ beyond tolerance, 2 unusable input (the message names the file and
the fix), 3 internal error.
`;

/** The `compare-models` subcommand. */
export const compareModelsCommand: Command = {
  name: 'compare-models',
  summary: 'compare two models on one input: outputs, weights, architecture, layer by layer',
  help: HELP,
  run: compareModelsMain,
};

interface Parsed {
  a: string;
  b: string;
  input: string;
  image: boolean;
  spec?: string;
  atol?: number;
  rtol?: number;
  mode: ToleranceMode;
  backend?: BackendName;
  json: boolean;
  allLayers: boolean;
}

async function compareModelsMain(args: string[], io: CliIO): Promise<number> {
  let p: Parsed;
  try {
    p = parse(args);
  } catch (err) {
    io.stderr(usageMessage('compare-models', err));
    return EXIT.unusableInput;
  }
  try {
    const inputFile = path.resolve(io.cwd, p.input);
    if (!fs.existsSync(inputFile)) {
      io.stderr(`tensor-parity compare-models: ${inputFile} does not exist. Check the --${p.image ? 'image' : 'input'} path (it is relative to ${io.cwd}).\n`);
      return EXIT.unusableInput;
    }
    let tol = { atol: p.atol ?? 1e-4, rtol: p.rtol ?? 1e-3, mode: p.mode };
    let input: CompareInput = { kind: 'tensor', file: inputFile };
    if (p.image || p.spec) {
      const specFile = locateSpec(p.spec, p.input, io.cwd);
      const { spec, warnings } = await loadCliSpec(specFile);
      for (const w of warnings) io.stderr(`${w}\n`);
      tol = { atol: p.atol ?? spec.tolerance.atol, rtol: p.rtol ?? spec.tolerance.rtol, mode: p.mode };
      if (p.image) input = { kind: 'image', file: inputFile, spec };
    }
    const report = await compareModels({
      a: path.resolve(io.cwd, p.a),
      b: path.resolve(io.cwd, p.b),
      input,
      tolerance: tol,
      ...(p.backend ? { backend: p.backend } : {}),
    });
    io.stdout(p.json ? `${JSON.stringify(reportToJson(report), null, 2)}\n` : formatModelReport(report, { allLayers: p.allLayers }));
    return report.output && !report.output.verdict.pass ? EXIT.outsideTolerance : EXIT.ok;
  } catch (err) {
    if (!(err instanceof Error) || !USER_ERRORS.has(err.name)) throw err;
    io.stderr(`tensor-parity compare-models: ${err.message}\n`);
    return EXIT.unusableInput;
  }
}

function parse(args: string[]): Parsed {
  const { values, positionals } = parseCommandArgs('compare-models', args, {
    input: { type: 'string' },
    image: { type: 'string' },
    spec: { type: 'string' },
    atol: { type: 'string' },
    rtol: { type: 'string' },
    mode: { type: 'string' },
    backend: { type: 'string' },
    json: { type: 'boolean' },
    'all-layers': { type: 'boolean' },
  });
  if (positionals.length !== 2) {
    throw new Error(`give two models (got ${positionals.length}), e.g. tensor-parity compare-models deployed/model.json reference/model.json --input x.npy`);
  }
  if ((values.input === undefined) === (values.image === undefined)) throw new Error('give exactly one of --input <tensor.npy> or --image <photo>');
  const num = (key: 'atol' | 'rtol'): number | undefined => (values[key] === undefined ? undefined : numberArg('compare-models', key, values[key], 0));
  const mode = values.mode ?? 'allclose';
  if (mode !== 'allclose' && mode !== 'both') throw new Error(`--mode ${mode} is unknown; use allclose (numpy) or both (Polygraphy)`);
  if (values.backend !== undefined && !BACKENDS.includes(values.backend as BackendName))
    throw new Error(`--backend "${values.backend}" is not one of ${BACKENDS.join(', ')}`);
  const atol = num('atol');
  const rtol = num('rtol');
  return {
    a: positionals[0] as string,
    b: positionals[1] as string,
    input: (values.input ?? values.image) as string,
    image: values.image !== undefined,
    ...(values.spec !== undefined ? { spec: values.spec } : {}),
    ...(atol !== undefined ? { atol } : {}),
    ...(rtol !== undefined ? { rtol } : {}),
    mode,
    ...(values.backend !== undefined ? { backend: values.backend as BackendName } : {}),
    json: values.json === true,
    allLayers: values['all-layers'] === true,
  };
}

/** The report as plain JSON (the output diff without its per-pixel map). */
export function reportToJson(r: ModelCompareReport): unknown {
  const { output, ...rest } = r;
  return jsonSafe({ ...rest, ...(output ? { output: diffReportToJson(output) } : {}) });
}
