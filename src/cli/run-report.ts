// What `tensor-parity run` reports for each input, as JSON and as text.
import * as path from 'node:path';
import type { InferenceResult } from '../core/infer/engine';
import type { ClassScore } from '../core/infer/postprocess';

/** The result summary in a report: no per-pixel arrays. */
export type ResultSummary =
  | { kind: 'segmentation'; width: number; height: number; numClasses: number; classFractions: { label: string; fraction: number }[] }
  | { kind: 'classification'; numClasses: number; topK: ClassScore[] }
  | {
      kind: 'raw';
      shape: number[];
      count: number;
      min: number;
      max: number;
      mean: number;
      std: number;
      nanCount: number;
      infCount: number;
    };

/** One preprocessing stage written by --stages. */
export interface StageFile {
  stage: string;
  file: string;
  shape: number[];
  dtype: string;
  description: string;
}

/** One input's outcome. */
export type RunReport =
  | {
      input: string;
      spec: string;
      backend: string;
      backendDetail: string;
      model: { path: string; fingerprint: string };
      inputTensor: { name: string; shape: number[]; dtype: string };
      output: { name: string; shape: number[]; dtype: string };
      timingsMs: InferenceResult['timingsMs'];
      result: ResultSummary;
      files: string[];
      /** With --stages: each preprocessing stage's .npy ([] for tensor dumps, which have no stages). */
      stages?: StageFile[];
    }
  | { input: string; error: { kind: string; message: string; file?: string } };

/** Builds the JSON-able report of one inference; paths are shown relative to cwd when inside it. */
export function reportOf(
  input: string,
  specFile: string,
  res: InferenceResult,
  labels: readonly string[],
  files: string[],
  cwd: string,
  stages?: StageFile[],
): RunReport {
  return {
    input,
    spec: rel(cwd, specFile),
    backend: res.backend,
    backendDetail: res.backendDetail,
    model: { path: rel(cwd, res.modelPath), fingerprint: res.modelFingerprint },
    inputTensor: { name: res.inputName, shape: [...res.inputTensor.shape], dtype: res.inputTensor.dtype },
    output: { name: res.outputName, shape: [...res.output.shape], dtype: res.output.dtype },
    timingsMs: roundTimings(res.timingsMs),
    result: summarize(res, labels),
    files: files.map((f) => rel(cwd, f)),
    ...(stages ? { stages: stages.map((s) => ({ ...s, file: rel(cwd, s.file) })) } : {}),
  };
}

/** The human-readable block for one successful report. */
export function formatReport(r: RunReport): string {
  if ('error' in r) return `${r.input}: ${r.error.message}\n`;
  const t = r.timingsMs;
  const lines = [
    `${r.input}  (${r.result.kind}, spec ${r.spec})`,
    row('backend', r.backend + (r.backendDetail ? `  (fallback: ${r.backendDetail})` : '')),
    row('model', `${r.model.path}  fingerprint ${r.model.fingerprint}`),
    row('input', `${r.inputTensor.name} [${r.inputTensor.shape.join(',')}] ${r.inputTensor.dtype}`),
    row('output', `${r.output.name} [${r.output.shape.join(',')}] ${r.output.dtype}`),
    row('time', `load ${t.load} ms, preprocess ${t.preprocess} ms, infer ${t.infer} ms, postprocess ${t.postprocess} ms`),
    ...resultLines(r.result),
  ];
  r.files.forEach((f, i) => lines.push(row(i === 0 ? 'wrote' : '', f)));
  if (r.stages?.length === 0) lines.push(row('stages', 'none: tensor dumps are fed to the model as they are'));
  r.stages?.forEach((s, i) => lines.push(row(i === 0 ? 'stages' : '', `${s.file}  [${s.shape.join(',')}] ${s.dtype}  ${s.description}`)));
  return `${lines.join('\n')}\n\n`;
}

function resultLines(s: ResultSummary): string[] {
  switch (s.kind) {
    case 'segmentation': {
      const sorted = [...s.classFractions].sort((a, b) => b.fraction - a.fraction);
      return [row('classes', sorted.map((c) => `${c.label} ${(c.fraction * 100).toFixed(1)}%`).join(', ')), row('mask', `${s.width}×${s.height}`)];
    }
    case 'classification':
      return s.topK.map((c, i) => row(i === 0 ? `top ${s.topK.length}` : '', `${i + 1}. ${c.label} (#${c.index})  ${c.probability.toFixed(4)}`));
    case 'raw':
      return [
        row(
          'stats',
          `min ${fmt(s.min)}, max ${fmt(s.max)}, mean ${fmt(s.mean)}, std ${fmt(s.std)}${s.nanCount ? `, ${s.nanCount} NaN` : ''}${s.infCount ? `, ${s.infCount} Inf` : ''}`,
        ),
      ];
  }
}

function summarize(res: InferenceResult, labels: readonly string[]): ResultSummary {
  const r = res.result;
  if (r.kind === 'segmentation') {
    return {
      kind: 'segmentation',
      width: r.width,
      height: r.height,
      numClasses: r.numClasses,
      classFractions: r.classFractions.map((fraction, k) => ({ label: labels[k] ?? `class ${k}`, fraction })),
    };
  }
  if (r.kind === 'classification') return { kind: 'classification', numClasses: r.numClasses, topK: r.topK };
  return { ...r };
}

function roundTimings(t: InferenceResult['timingsMs']): InferenceResult['timingsMs'] {
  const r = (v: number): number => Math.round(v * 10) / 10;
  return { load: r(t.load), preprocess: r(t.preprocess), infer: r(t.infer), postprocess: r(t.postprocess) };
}

function row(key: string, value: string): string {
  return `  ${key.padEnd(10)} ${value}`;
}

function fmt(v: number): string {
  return Number.isFinite(v) ? Number(v.toPrecision(6)).toString() : String(v);
}

function rel(cwd: string, file: string): string {
  const r = path.relative(cwd, file);
  return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : file;
}
