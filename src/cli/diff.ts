// `tensor-parity diff a b [--atol --rtol --mode --layout --worst --json]`: compare a dump with a reference tensor.

import { promises as fsp } from 'fs';
import * as path from 'path';
import { loadTensorFile } from '../core/tensor/load';
import type { RawLayout } from '../core/tensor/raw';
import { NdArray, TensorFileError } from '../core/tensor/types';
import { diffTensorsParallel } from '../core/diff/parallel';
import { diffReportToJson, jsonSafe, renderDiffText } from '../core/diff/format';
import { compareClassification, compareSegmentation } from '../core/diff/output-compare';
import type { DiffLayout } from '../core/diff/types';
import type { ToleranceMode } from '../core/spec/types';
import { CliUsageError, numberArg, parseCommandArgs } from './args';
import { EXIT, type Command } from './command';

/** Where a command writes; tests pass collectors, the CLI passes process streams. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Directory relative paths are resolved against (default process.cwd()). */
  cwd?: string;
}

/** Parsed command line: positionals, --key value options and --flags. */
export interface ParsedArgs {
  positionals: string[];
  options: Map<string, string>;
  flags: Set<string>;
}

/** Parses argv with node:util parseArgs into positionals, valued options (`--atol 1e-4` or `--atol=1e-4`) and flags. */
export function parseOptionLists(args: readonly string[], valued: readonly string[], booleans: readonly string[], command: string): ParsedArgs {
  const options = Object.fromEntries([
    ...valued.map((k) => [k, { type: 'string' as const }] as const),
    ...booleans.map((k) => [k, { type: 'boolean' as const }] as const),
  ]);
  const { values, positionals } = parseCommandArgs(command, args, options);
  const out: ParsedArgs = { positionals, options: new Map(), flags: new Set() };
  for (const [k, v] of Object.entries(values)) {
    if (typeof v === 'string') out.options.set(k, v);
    else if (v === true) out.flags.add(k);
  }
  return out;
}

/** A non-negative number option, or the default. */
export function numberOption(p: ParsedArgs, key: string, dflt: number, command: string): number {
  return numberArg(command, key, p.options.get(key), dflt);
}

/** The --mode option: allclose (numpy) or both (Polygraphy). */
export function modeOption(p: ParsedArgs, dflt: ToleranceMode, command: string): ToleranceMode {
  const m = p.options.get('mode') ?? dflt;
  if (m !== 'allclose' && m !== 'both') {
    throw new CliUsageError(`tensor-parity ${command}: --mode ${m} is unknown; use --mode allclose (numpy) or --mode both (Polygraphy).`);
  }
  return m;
}

/** The --layout option. */
export function layoutOption(p: ParsedArgs, command: string): DiffLayout | undefined {
  const l = p.options.get('layout');
  if (l === undefined) return undefined;
  const up = l.toUpperCase();
  if (up !== 'NHWC' && up !== 'NCHW' && up !== 'HWC' && up !== 'CHW') {
    throw new CliUsageError(`tensor-parity ${command}: --layout ${l} is unknown; use NHWC, NCHW, HWC or CHW.`);
  }
  return up;
}

async function exists(p: string): Promise<boolean> {
  try {
    await fsp.stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * Load one tensor; `file.npz:member` picks an archive member. A raw .bin/.raw without a sidecar is read as `rawLayout`
 * (the spec's model input) when given. Errors name the file and the fix.
 */
export async function loadOneTensor(spec: string, cwd: string, rawLayout?: RawLayout): Promise<{ file: string; tensor: NdArray }> {
  let file = path.resolve(cwd, spec);
  let member: string | undefined;
  if (!(await exists(file))) {
    const colon = spec.lastIndexOf(':');
    if (colon > 1) {
      file = path.resolve(cwd, spec.slice(0, colon));
      member = spec.slice(colon + 1);
    }
  }
  const loaded = await loadTensorFile(file, rawLayout ? { rawLayout } : undefined);
  const names = [...loaded.tensors.keys()];
  if (member !== undefined) {
    const t = loaded.tensors.get(member);
    if (!t) throw new TensorFileError(`${file}: has no member '${member}'. Members: ${names.join(', ')}.`, file);
    return { file, tensor: t };
  }
  if (names.length !== 1) {
    throw new TensorFileError(`${file}: holds ${names.length} tensors (${names.join(', ')}); pick one as ${spec}:${names[0] ?? 'name'}.`, file);
  }
  return { file, tensor: loaded.tensors.get(names[0]) as NdArray };
}

/** A command-line argument quoted for a POSIX shell when it needs it. */
function quoteArg(arg: string): string {
  return /^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** Exit code and message for an error thrown while running a command. */
export function reportError(command: string, e: unknown, io: CliIo): number {
  const prefix = `tensor-parity ${command}: `;
  // TensorFileError, SpecError, ImageError, ModelError and CliUsageError carry messages written for the user.
  if (e instanceof Error && e.name !== 'Error' && e.name.endsWith('Error') && !(e instanceof TypeError) && !(e instanceof RangeError)) {
    // Usage errors already start with the command's name.
    io.stderr(`${e.message.startsWith(prefix) ? '' : prefix}${e.message}\n`);
    return EXIT.unusableInput;
  }
  io.stderr(`${prefix}internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT.internal;
}

const DIFF_USAGE =
  'usage: tensor-parity diff <dump> <reference> [--atol 1e-4] [--rtol 1e-3] [--mode allclose|both] ' + '[--layout NHWC|NCHW|HWC|CHW] [--worst 10] [--json]';

const DIFF_HELP = `${DIFF_USAGE}

Compares a tensor dump with a reference (.npy, .npz member as file.npz:name, raw .bin/.raw with a .json sidecar).
Any dtypes (compared in float64); NCHW vs NHWC, squeezed batch dimensions and same-size reshapes are lined up first.
Prints abs/rel error statistics (mean, std, median, p99, min, max with indices), the verdict, the tolerance that
would pass, a log-scaled error histogram, cosine/SNR/PSNR, NaN/Inf counts, the worst elements and per-channel stats.

Options:
  --atol <x>        absolute tolerance (default 1e-4)
  --rtol <x>        relative tolerance (default 1e-3)
  --mode <m>        allclose: fail where |a-b| > atol + rtol*|b| (numpy, default)
                    both: fail only where |a-b| > atol AND |a-b|/|b| > rtol (Polygraphy)
  --layout <l>      NHWC, NCHW, HWC or CHW for per-channel statistics (guessed from the shape otherwise)
  --worst <k>       how many of the largest differences to list (default 10)
  --kind <k>        also compare as a model output: segmentation (argmax agreement, IoU per class, confusion
                    matrix) or classification (top-1/top-k agreement, rank changes; --topk 5)
  --json            print the report as JSON (--spatial adds the H×W error maps)

Exit codes: 0 within tolerance, 1 outside tolerance, 2 unusable input (the message names the file and the fix).
`;

/** Run `tensor-parity diff`; resolves to the exit code (0 within tolerance, 1 outside, 2 unusable input). */
export async function runDiffCommand(args: readonly string[], io: CliIo): Promise<number> {
  try {
    const p = parseOptionLists(args, ['atol', 'rtol', 'mode', 'layout', 'worst', 'kind', 'topk'], ['json', 'help', 'spatial'], 'diff');
    if (p.flags.has('help')) {
      io.stdout(DIFF_HELP);
      return EXIT.ok;
    }
    if (p.positionals.length !== 2) {
      throw new CliUsageError(`tensor-parity diff needs two tensor files (the dump, then the reference); got ${p.positionals.length}.\n${DIFF_USAGE}`);
    }
    const cwd = io.cwd ?? process.cwd();
    const atol = numberOption(p, 'atol', 1e-4, 'diff');
    const rtol = numberOption(p, 'rtol', 1e-3, 'diff');
    const mode = modeOption(p, 'allclose', 'diff');
    const layout = layoutOption(p, 'diff');
    const worstK = numberOption(p, 'worst', 10, 'diff');
    const a = await loadOneTensor(p.positionals[0], cwd);
    const b = await loadOneTensor(p.positionals[1], cwd);
    let report;
    try {
      // Large tensors use both cores (a helper worker thread takes half of each pass).
      report = await diffTensorsParallel(a.tensor, b.tensor, { atol, rtol, mode, worstK, ...(layout ? { layout } : {}) });
    } catch (e) {
      if (e instanceof TensorFileError) throw new TensorFileError(`${a.file} vs ${b.file}: ${e.message}`);
      throw e;
    }
    if (report.alignment.kind === 'incompatible') {
      io.stderr(`tensor-parity diff: ${a.file} vs ${b.file}: ${report.alignment.message}\n`);
      if (p.flags.has('json')) io.stdout(`${JSON.stringify(diffReportToJson(report), null, 2)}\n`);
      return EXIT.unusableInput;
    }
    const kind = p.options.get('kind');
    let output: unknown;
    let outputText = '';
    if (kind === 'segmentation') {
      const seg = compareSegmentation(a.tensor, b.tensor, layout ? { layout } : {});
      output = { ...seg, disagreement: { height: seg.disagreement.height, width: seg.disagreement.width } };
      outputText =
        `segmentation: ${seg.message}\n` +
        seg.perClass
          .map((c) => `  ${c.label}: IoU ${Number.isFinite(c.iou) ? c.iou.toFixed(4) : 'n/a'} (reference ${c.refPixels} px, dump ${c.dumpPixels} px)\n`)
          .join('');
    } else if (kind === 'classification') {
      const cls = compareClassification(a.tensor, b.tensor, { k: numberOption(p, 'topk', 5, 'diff') });
      output = cls;
      outputText = `classification: ${cls.message}\n`;
    } else if (kind !== undefined) {
      throw new CliUsageError(`tensor-parity diff: --kind ${kind} is unknown; use --kind segmentation or --kind classification.`);
    }
    if (p.flags.has('json')) {
      const j = diffReportToJson(report, p.flags.has('spatial')) as Record<string, unknown>;
      io.stdout(`${JSON.stringify(output ? { ...j, output: jsonSafe(output) } : j, null, 2)}\n`);
    } else {
      const why = report.verdict.pass
        ? ''
        : `\nWhy do they differ? tensor-parity diagnose ${quoteArg(p.positionals[0])} --ref ${quoteArg(p.positionals[1])} ranks the likely causes ` +
          '(channel order, layout, scaling, byte order, resize kernel, ...); add --image <file> --spec tensorparity.json to test the preprocessing too.\n';
      io.stdout(`a = ${a.file}\nb = ${b.file}\n${renderDiffText(report)}${outputText}${why}`);
    }
    return report.verdict.pass ? EXIT.ok : EXIT.outsideTolerance;
  } catch (e) {
    return reportError('diff', e, io);
  }
}

/** The `diff` subcommand for the CLI registry. */
export const diffCommand: Command = {
  name: 'diff',
  summary: 'compare a tensor dump with a reference: error statistics, verdict, tolerance that would pass',
  help: DIFF_HELP,
  run: (args, io) => runDiffCommand(args, io),
};
