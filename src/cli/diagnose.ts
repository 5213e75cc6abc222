// `tensor-parity diagnose <dump> (--ref <tensor> | --image <img>) [--spec f] [--json]`: why does the dump differ?

import { createHash } from 'crypto';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { diagnose } from '../core/diagnose/diagnose';
import { diagnosisToJson, renderDiagnosisText } from '../core/diagnose/format';
import type { DiagnoseOptions, DiagnoseRef, Diagnosis } from '../core/diagnose/types';
import type { ModelCause } from '../core/model-compare/types';
import type { Spec } from '../core/spec/types';
import { specRawLayout } from '../core/tensor/spec-layout';
import { findSpecUpwards, loadCliSpec, locateSpec } from './spec-lookup';
import { CliUsageError } from './args';
import { EXIT, type Command } from './command';
import { CliIo, layoutOption, loadOneTensor, modeOption, numberOption, parseOptionLists, reportError, type ParsedArgs } from './diff';

const USAGE = 'usage: tensor-parity diagnose <dump> (--ref <tensor> | --image <image>) [--spec tensorparity.json] [--json]';

const HELP = `${USAGE}

Finds out why a tensor dump (from C++, Java, OpenCV, JS...) differs from the reference and ranks the causes by how
much of the error each explains: channel order (BGR/RGB), NCHW/NHWC, transposed images, /255 and [-1,1] scaling,
mean/std, float64/float16/uint8 rounding, byte order, partially filled buffers, batch order and, with an image and
a spec, resize kernels, the fit (stretch, centre crop, letterbox, keep-aspect, padding value), width/height swaps,
EXIF orientation and alpha. Each cause comes with the evidence and the fix.

The reference is either a tensor (--ref) or an image run through the spec's preprocessing (--image). With both, the
tensor is the reference and the image lets the detective re-run preprocessing with other settings.

Options:
  --ref <tensor>          the reference tensor (.npy, .npz member as file.npz:name, raw .bin with a sidecar)
  --image <image>         the image the reference preprocessing starts from
  --spec <file>           tensorparity.json (default: the nearest one above the image, or above the dump)
  --atol, --rtol, --mode  tolerance (default: the spec's, else 1e-4, 1e-3, allclose)
  --layout <l>            layout of the reference when no spec says it (NHWC, NCHW, HWC, CHW)
  --dump-input <tensor>   for output dumps: the input the dump's side fed its model
  --ref-input <tensor>    ... and the input the reference side fed (equal inputs → the model or runtime differs)
  --dump-model <path>     the model file or folder the dump's side ran (its sha256 is compared)
  --ref-model <path>      the model file or folder the reference side ran; with both models and equal inputs, both
                          models run layer by layer on --dump-input and the model-side cause is named
  --fast                  skip re-running preprocessing with other resize kernels
  --json                  print the diagnosis as JSON

Exit codes: 0 identical, numerical noise or within tolerance; 1 outside tolerance; 2 unusable input.
`;

async function hashPath(p: string, h = createHash('sha256')): Promise<ReturnType<typeof createHash>> {
  const st = await fsp.stat(p);
  if (st.isDirectory()) {
    for (const name of (await fsp.readdir(p)).sort()) {
      h.update(name);
      await hashPath(path.join(p, name), h);
    }
  } else {
    h.update(await fsp.readFile(p));
  }
  return h;
}

async function fingerprint(p: string | undefined, cwd: string, flag: string): Promise<string | undefined> {
  if (p === undefined) return undefined;
  const full = path.resolve(cwd, p);
  try {
    return (await hashPath(full)).digest('hex');
  } catch {
    throw new CliUsageError(`${full}: cannot read the model given with --${flag}; check the path.`);
  }
}

async function specFor(
  explicit: string | undefined,
  near: string | undefined,
  dumpFile: string,
  cwd: string,
  required: boolean,
): Promise<{ spec?: Spec; file?: string; warnings: string[] }> {
  if (explicit !== undefined || (required && near !== undefined)) {
    const file = locateSpec(explicit, near ?? dumpFile, cwd);
    const s = await loadCliSpec(file);
    return { spec: s.spec, file, warnings: s.warnings };
  }
  const found = findSpecUpwards(path.dirname(path.resolve(cwd, dumpFile)));
  if (!found) return { warnings: [] };
  const s = await loadCliSpec(found);
  return { spec: s.spec, file: found, warnings: s.warnings };
}

/** How to give the evidence the diagnosis says is missing, in this command's flags. */
function cliHints(d: Diagnosis): string {
  const out: string[] = [];
  const unsure = d.status === 'partially-explained' || d.status === 'unexplained';
  const lookalike = d.notes.some((n) => n.startsWith('only the tensors were compared'));
  if (d.missing.includes('image-and-spec') && (unsure || lookalike))
    out.push('hint: pass --image <the image> --spec tensorparity.json to test resize, fit, EXIF and alpha causes too.');
  if (unsure && d.missing.includes('model-inputs'))
    out.push('hint: for a model output, pass --dump-input and --ref-input (or --dump-model and --ref-model) to test whether the model differs.');
  return out.map((l) => `${l}\n`).join('');
}

/** Run `tensor-parity diagnose`; resolves to the exit code (0 within tolerance, 1 outside, 2 unusable input). */
export async function runDiagnoseCommand(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const p = parseOptionLists(
      args,
      ['ref', 'image', 'spec', 'atol', 'rtol', 'mode', 'layout', 'dump-input', 'ref-input', 'dump-model', 'ref-model'],
      ['json', 'help', 'fast'],
      'diagnose',
    );
    if (p.flags.has('help')) {
      io.stdout(HELP);
      return EXIT.ok;
    }
    if (p.positionals.length !== 1) {
      throw new CliUsageError(`tensor-parity diagnose needs exactly one dump file; got ${p.positionals.length}.\n${USAGE}`);
    }
    const refFile = p.options.get('ref');
    const image = p.options.get('image');
    if (refFile === undefined && image === undefined) {
      throw new CliUsageError(`tensor-parity diagnose needs a reference: --ref <tensor> or --image <image> (with a spec).\n${USAGE}`);
    }
    const cwd = io.cwd ?? process.cwd();
    const dumpArg = p.positionals[0];
    const { spec, file: specFile, warnings } = await specFor(p.options.get('spec'), image, dumpArg, cwd, image !== undefined);
    for (const w of warnings) io.stderr(`warning: ${w}\n`);
    const raw = specRawLayout(spec);
    const dump = await loadOneTensor(dumpArg, cwd, raw);
    const imagePath = image !== undefined ? path.resolve(cwd, image) : undefined;
    if (imagePath !== undefined) {
      try {
        await fsp.access(imagePath);
      } catch {
        throw new CliUsageError(`${imagePath}: image not found; check the --image path.`);
      }
    }
    let ref: DiagnoseRef;
    let refName: string;
    if (refFile !== undefined) {
      const r = await loadOneTensor(refFile, cwd, raw);
      ref = { tensor: r.tensor, ...(imagePath && spec ? { image: imagePath, spec } : spec ? { spec } : {}) };
      refName = r.file;
    } else {
      if (!spec || !imagePath) throw new CliUsageError(`--image needs a spec: pass --spec tensorparity.json.`);
      ref = { image: imagePath, spec };
      refName = `${imagePath} preprocessed per ${specFile ?? 'the spec'}`;
    }
    const opts: DiagnoseOptions = { skipResizeSearch: p.flags.has('fast') };
    if (p.options.has('atol')) opts.atol = numberOption(p, 'atol', 1e-4, 'diagnose');
    if (p.options.has('rtol')) opts.rtol = numberOption(p, 'rtol', 1e-3, 'diagnose');
    if (p.options.has('mode')) opts.mode = modeOption(p, 'allclose', 'diagnose');
    const layout = layoutOption(p, 'diagnose');
    if (layout) opts.layout = layout;
    const di = p.options.get('dump-input');
    const ri = p.options.get('ref-input');
    if ((di === undefined) !== (ri === undefined)) {
      throw new CliUsageError('--dump-input and --ref-input go together: give the input each side fed its model.');
    }
    if (di !== undefined && ri !== undefined) {
      opts.inputs = { dump: (await loadOneTensor(di, cwd, raw)).tensor, ref: (await loadOneTensor(ri, cwd, raw)).tensor };
    }
    const fd = await fingerprint(p.options.get('dump-model'), cwd, 'dump-model');
    const fr = await fingerprint(p.options.get('ref-model'), cwd, 'ref-model');
    if (fd !== undefined || fr !== undefined) opts.fingerprints = { ...(fd ? { dump: fd } : {}), ...(fr ? { ref: fr } : {}) };
    const d = await diagnose(dump.tensor, ref, opts);
    const modelSide = await modelSideCause(d, p, cwd, opts);
    if (p.flags.has('json'))
      io.stdout(`${JSON.stringify({ ...(diagnosisToJson(d) as object), ...(modelSide ? { modelCause: modelSide } : {}) }, null, 2)}
`);
    else io.stdout(renderDiagnosisText(d, { dump: dump.file, ref: refName }) + cliHints(d) + (modelSide ? renderModelCause(modelSide) : ''));
    if (d.status === 'incomparable') {
      io.stderr(`tensor-parity diagnose: ${dump.file} vs ${refName}: ${d.summary}\n`);
      return EXIT.unusableInput;
    }
    return d.status === 'identical' || d.status === 'numeric-noise' || d.status === 'within-tolerance' ? EXIT.ok : EXIT.outsideTolerance;
  } catch (e) {
    return reportError('diagnose', e, io);
  }
}

/**
 * Same input, different output, and both models given: run both on the dump side's input, layer by layer, and name
 * the model-side cause (changed weights, quantization, a runtime difference from layer X, noise) from that evidence.
 */
async function modelSideCause(d: Diagnosis, p: ParsedArgs, cwd: string, opts: DiagnoseOptions): Promise<ModelCause | string | undefined> {
  const dm = p.options.get('dump-model');
  const rm = p.options.get('ref-model');
  const di = p.options.get('dump-input');
  if (d.causes[0]?.id !== 'model-differs' || dm === undefined || rm === undefined || di === undefined) return undefined;
  const { compareModels } = await import('../core/model-compare');
  try {
    const r = await compareModels({
      a: path.resolve(cwd, dm),
      b: path.resolve(cwd, rm),
      input: { kind: 'tensor', file: path.resolve(cwd, di) },
      tolerance: { atol: opts.atol ?? 1e-4, rtol: opts.rtol ?? 1e-3, mode: opts.mode ?? 'allclose' },
    });
    return r.cause;
  } catch (e) {
    if (e instanceof Error && ['ModelError', 'TensorFileError', 'SpecError'].includes(e.name)) return `the two models could not be compared: ${e.message}`;
    throw e;
  }
}

function renderModelCause(c: ModelCause | string): string {
  if (typeof c === 'string') return `\nModel side: ${c}\n`;
  return `\nModel side (both models run layer by layer on the dump's input): ${c.title}\n${c.evidence.map((e) => `  - ${e}\n`).join('')}  Fix: ${c.fix}\n`;
}

/** The `diagnose` subcommand for the CLI registry. */
export const diagnoseCommand: Command = {
  name: 'diagnose',
  summary: 'explain why a dump differs from the reference: ranked causes with evidence and fixes',
  help: HELP,
  run: (args, io) => runDiagnoseCommand(args, io),
};
