// `tensor-parity run`: runs the spec's model on images or tensor dumps, prints what it found, writes mask/overlay/npy.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type SharpFn from 'sharp';
import type { BackendName } from '../core/infer/backend';
import { runInference, type InferenceResult } from '../core/infer/engine';
import { saveStages, stageFiles } from '../core/preprocess/stages-io';
import { encodeNpy } from '../core/tensor/npy';
import { EXIT, type CliIO, type Command } from './command';
import { parseCommandArgs, usageMessage } from './args';
import { displayFromTensor, maskImage, overlayImage, type DisplayLike, type Rgba } from './render';
import { formatReport, reportOf, type RunReport, type StageFile } from './run-report';
import { loadCliSpec, locateSpec, type CliSpec } from './spec-lookup';

const TENSOR_EXTENSIONS = new Set(['.npy', '.npz', '.bin', '.raw']);
const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
const USER_ERRORS = new Set(['ModelError', 'SpecError', 'TensorFileError', 'ImageError', 'CliInputError']);

const HELP = `Usage: tensor-parity run <image|tensor...> [options]

Runs the model named in tensorparity.json. Images (PNG, JPEG, ...) are preprocessed exactly as the spec says;
tensor dumps (.npy, .npz, raw .bin/.raw) are fed to the model as they are. Prints the backend, shapes, timings and
the class fractions (segmentation) or top classes (classification), and writes into --out:
  <name>.mask.png     the label map in the spec's colours (segmentation)
  <name>.overlay.png  the mask over the input image (segmentation)
  <name>.output.npy   the raw model output
  <name>.stage-<i>-<stage>.npy  with --stages: each preprocessing stage of an image
                      (0 decoded, 1 color, 2 resized, 3 normalized, 4 layout = the model input)

Options:
  --spec <file>      tensorparity.json to use (default: the nearest one above each input)
  --out <dir>        output folder (default: ./tensorparity-out)
  --backend <name>   tensorflow | wasm | cpu; falls back in that order when one is unavailable
                     (default: the fastest that works; the one used is always printed)
  --stages           also write every preprocessing stage's tensor as .npy (images only; dumps have none)
  --force            overwrite existing output files (otherwise an existing file is an error)
  --json             print the results as JSON on stdout
  -h, --help         show this help

Exit codes: 0 ok, 2 unusable input (the message names the file and the fix), 3 internal error.
`;

/** An input or output problem the CLI itself detects (missing input file, existing output file, bad flag). */
export class CliInputError extends Error {
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message);
    this.name = 'CliInputError';
  }
}

interface RunOptions {
  spec?: string;
  outDir: string;
  backend?: BackendName;
  force: boolean;
  json: boolean;
  stages: boolean;
}

/** The `run` subcommand. */
export const runCommand: Command = {
  name: 'run',
  summary: "run the spec's model on images or tensor dumps; write mask, overlay and output .npy",
  help: HELP,
  run: runMain,
};

async function runMain(args: string[], io: CliIO): Promise<number> {
  let opts: RunOptions;
  let inputs: string[];
  try {
    ({ opts, inputs } = parseRunArgs(args, io.cwd));
  } catch (err) {
    io.stderr(usageMessage('run', err));
    return EXIT.unusableInput;
  }
  const specs = new Map<string, Promise<CliSpec>>();
  const reports: RunReport[] = [];
  let failed = false;
  for (const input of inputs) {
    try {
      const report = await runOne(input, opts, io, specs);
      reports.push(report);
      if (!opts.json) io.stdout(formatReport(report));
    } catch (err) {
      if (!(err instanceof Error) || !USER_ERRORS.has(err.name)) throw err;
      failed = true;
      const file = (err as { file?: unknown }).file;
      reports.push({ input, error: { kind: err.name, message: err.message, ...(typeof file === 'string' ? { file } : {}) } });
      io.stderr(`tensor-parity run: ${input}: ${err.message}\n`);
    }
  }
  if (opts.json) io.stdout(`${JSON.stringify({ results: reports }, null, 2)}\n`);
  return failed ? EXIT.unusableInput : EXIT.ok;
}

function parseRunArgs(args: string[], cwd: string): { opts: RunOptions; inputs: string[] } {
  const { values, positionals } = parseCommandArgs('run', args, {
    spec: { type: 'string' },
    out: { type: 'string' },
    backend: { type: 'string' },
    force: { type: 'boolean' },
    json: { type: 'boolean' },
    stages: { type: 'boolean' },
  });
  if (positionals.length === 0) throw new Error('give at least one image or tensor file, e.g. tensor-parity run photo.jpg');
  const backend = values.backend;
  if (backend !== undefined && !BACKENDS.includes(backend as BackendName)) {
    throw new Error(`--backend "${backend}" is not one of ${BACKENDS.join(', ')}`);
  }
  return {
    inputs: positionals,
    opts: {
      ...(values.spec !== undefined ? { spec: values.spec } : {}),
      ...(backend !== undefined ? { backend: backend as BackendName } : {}),
      outDir: path.resolve(cwd, values.out ?? 'tensorparity-out'),
      force: values.force === true,
      json: values.json === true,
      stages: values.stages === true,
    },
  };
}

async function runOne(input: string, opts: RunOptions, io: CliIO, specs: Map<string, Promise<CliSpec>>): Promise<RunReport> {
  const file = path.resolve(io.cwd, input);
  if (!fs.existsSync(file)) throw new CliInputError(`${file} does not exist. Check the path (it is relative to ${io.cwd}).`, file);
  const specFile = locateSpec(opts.spec, input, io.cwd);
  let specPromise = specs.get(specFile);
  if (!specPromise) {
    specPromise = loadCliSpec(specFile);
    specs.set(specFile, specPromise);
    const loaded = await specPromise;
    for (const w of loaded.warnings) io.stderr(`${w}\n`);
  }
  const { spec, root } = await specPromise;
  const kind = TENSOR_EXTENSIONS.has(path.extname(file).toLowerCase()) ? 'tensor' : 'image';
  const res = await runInference({
    spec,
    workspaceRoot: root,
    specFile,
    input: { kind, file },
    ...(opts.backend ? { backend: opts.backend } : {}),
    onWarning: (w) => io.stderr(`warning: ${w}\n`),
  });
  const { files, stages } = await writeOutputs(file, res, spec.output.colors, spec.input.layout, opts);
  return reportOf(input, specFile, res, spec.output.labels, files, io.cwd, opts.stages ? stages : undefined);
}

/** Writes <name>.mask.png, <name>.overlay.png, <name>.output.npy and (--stages) the stage .npy files; checks every target before writing any. */
async function writeOutputs(
  file: string,
  res: InferenceResult,
  colors: string[],
  layout: 'NHWC' | 'NCHW',
  opts: RunOptions,
): Promise<{ files: string[]; stages: StageFile[] }> {
  const stem = path.basename(file, path.extname(file));
  const planned: { file: string; bytes: () => Promise<Uint8Array> }[] = [];
  if (res.result.kind === 'segmentation') {
    const seg = res.result;
    planned.push({ file: path.join(opts.outDir, `${stem}.mask.png`), bytes: () => encodePng(maskImage(seg, colors)) });
    const display: DisplayLike | undefined = (res.display as DisplayLike | undefined) ?? displayFromTensor(res.inputTensor, layout);
    if (display) planned.push({ file: path.join(opts.outDir, `${stem}.overlay.png`), bytes: () => encodePng(overlayImage(display, seg, colors)) });
  }
  planned.push({ file: path.join(opts.outDir, `${stem}.output.npy`), bytes: async () => encodeNpy(res.output) });
  const stagePaths = opts.stages ? stageFiles(res, opts.outDir, stem) : [];
  if (!opts.force) {
    const existing = [...planned.map((p) => p.file), ...stagePaths].find((f) => fs.existsSync(f));
    if (existing) {
      throw new CliInputError(`${existing} already exists. Pass --force to overwrite it, or choose another --out folder.`, existing);
    }
  }
  try {
    fs.mkdirSync(opts.outDir, { recursive: true });
  } catch (err) {
    throw new CliInputError(`Cannot create the output folder ${opts.outDir} (${(err as Error).message}). Choose another --out folder.`, opts.outDir);
  }
  for (const p of planned) {
    const bytes = await p.bytes();
    try {
      fs.writeFileSync(p.file, bytes, { flag: opts.force ? 'w' : 'wx' });
    } catch (err) {
      const code = (err as { code?: unknown }).code;
      const why =
        code === 'EEXIST'
          ? 'it appeared while writing; pass --force to overwrite it'
          : `${(err as Error).message}; check the folder's permissions or choose another --out`;
      throw new CliInputError(`Cannot write ${p.file}: ${why}.`, p.file);
    }
  }
  const written = opts.stages ? saveStages(res, opts.outDir, stem, { force: opts.force }) : [];
  const stages = (res.stages ?? [])
    .slice(0, written.length)
    .map((s, i) => ({ stage: s.name, file: written[i], shape: [...s.tensor.shape], dtype: s.tensor.dtype, description: s.description }));
  return { files: planned.map((p) => p.file), stages };
}

async function encodePng(img: Rgba): Promise<Uint8Array> {
  // require, not import(): a bundled import() of an external stays an ESM import with different resolution rules.
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
  const sharp = require('sharp') as typeof SharpFn;
  return sharp(Buffer.from(img.data.buffer, img.data.byteOffset, img.data.byteLength), {
    raw: { width: img.width, height: img.height, channels: 4 },
  })
    .png()
    .toBuffer();
}
