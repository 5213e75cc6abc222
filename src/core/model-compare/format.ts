// Plain-text report of a model comparison (the CLI prints it): verdict, cause, weights, architecture, layer table
// and a log-scale plot of how the error grows through the layers.
import { formatShape } from '../tensor/ndarray';
import type { LayerReport, ModelCompareReport } from './types';
import { fmt } from './weights';

const BAR = ' ▁▂▃▄▅▆▇█';

/** The report as text; `allLayers` lists every layer instead of the ones around the first divergence. */
export function formatModelReport(r: ModelCompareReport, opts: { allLayers?: boolean } = {}): string {
  const out: string[] = [];
  out.push(`A (under test): ${r.a.label}  ${r.a.format}  ${r.a.path}  (runs on ${r.a.runtime})`);
  out.push(`B (reference):  ${r.b.label}  ${r.b.format}  ${r.b.path}  (runs on ${r.b.runtime})`);
  out.push(`input: ${r.input.file} ${formatShape(r.input.shape)} ${r.input.dtype}; backend ${r.backend}`);
  out.push('');
  if (r.output) {
    const o = r.output;
    out.push(`Output ${r.outputName?.a ?? ''}: ${o.verdict.message}`);
    out.push(`  max |a-b| ${fmt(o.abs?.max.value ?? 0)}, mean ${fmt(o.abs?.mean ?? 0)}, cosine ${o.cosine.toFixed(6)}`);
  }
  out.push(`Cause: ${r.cause.title}`);
  for (const e of r.cause.evidence) out.push(`  - ${e}`);
  out.push(`  Fix: ${r.cause.fix}`);
  out.push('');
  if (r.weights) {
    out.push(`Weights: ${r.weights.summary}`);
    const shown = r.weights.entries.filter((e) => e.status !== 'identical').slice(0, 10);
    for (const e of shown) {
      const other = e.otherName ? ` ↔ ${e.otherName}` : '';
      const how =
        e.status === 'changed'
          ? ` max |Δ| ${fmt(e.maxAbs ?? 0)} (${fmt((e.relChange ?? 0) * 100)}% of its range)`
          : e.status === 'reshaped'
            ? ` ${formatShape(e.shape)} → ${formatShape(e.otherShape ?? [])}`
            : '';
      out.push(`  ${e.status.padEnd(9)} ${e.name}${other} ${formatShape(e.shape)}${how}`);
    }
  }
  out.push('Architecture:');
  for (const s of r.architecture.summary) out.push(`  ${s}`);
  if (r.architecture.summary.length === 0) out.push('  graphs not compared one by one; the input and output signatures match');
  if (r.layers) out.push('', ...formatLayers(r.layers, opts.allLayers === true));
  if (r.notes.length) out.push('', ...r.notes.map((n) => `Note: ${n}`));
  out.push(`\nTimes: load ${Math.round(r.timingsMs.load)} ms, run ${Math.round(r.timingsMs.run)} ms, compare ${Math.round(r.timingsMs.compare)} ms`);
  return `${out.join('\n')}\n`;
}

/** The layer table and growth plot. */
export function formatLayers(l: LayerReport, all: boolean): string[] {
  const out: string[] = [];
  const first = l.firstDivergent;
  const fl = l.layers[first];
  out.push(
    `Layers: ${l.layers.length} compared (atol ${l.tolerance.atol}, rtol ${l.tolerance.rtol}, ${l.tolerance.mode}); ` +
      (fl ? `first outside tolerance: #${first + 1} ${fl.name} (${fl.op})` : 'every layer within tolerance'),
  );
  if (l.unmatched.length) out.push(`  ${l.unmatched.length} layers had no counterpart in the reference`);
  if (l.unmatchedOther.length) {
    const names = l.unmatchedOther.slice(0, 5).join(', ') + (l.unmatchedOther.length > 5 ? `, … (${l.unmatchedOther.length} in all)` : '');
    out.push(`  ${l.unmatchedOther.length} reference names lined up with no layer (fused away or not run here): ${names}`);
  }
  const rows = all || first < 0 ? l.layers.map((_, i) => i) : window(l.layers.length, first);
  const width = Math.min(40, Math.max(...l.layers.map((x) => x.name.length), 4));
  out.push(`  ${'#'.padStart(4)}  ${'layer'.padEnd(width)}  ${'op'.padEnd(22)} ${'shape'.padEnd(16)} ${'max abs'.padStart(9)} ${'rel'.padStart(9)}  bar`);
  let prev = -1;
  for (const i of rows) {
    if (prev >= 0 && i > prev + 1) out.push('   …');
    prev = i;
    const x = l.layers[i];
    if (!x) continue;
    const mark = i === first ? '>' : x.pass ? ' ' : '!';
    const err = x.shapeMismatch ? `shape differs: ${x.shapeMismatch}` : `${fmt(x.maxAbs).padStart(9)} ${fmt(x.relErr).padStart(9)}  ${bar(x.relErr)}`;
    const w = x.weightsChanged?.length ? `  (weights changed: ${x.weightsChanged.join(', ')})` : '';
    const other = x.otherName !== undefined ? `  ↔ ${x.otherName}` : '';
    out.push(
      `${mark} ${String(i + 1).padStart(4)}  ${x.name.slice(0, width).padEnd(width)}  ${x.op.slice(0, 22).padEnd(22)} ${formatShape(x.shape).padEnd(16)} ${err}${w}${other}`,
    );
  }
  out.push('', `Error growth (relative error per layer, log scale 1e-8 … 1):`, `  ${l.layers.map((x) => bar(x.relErr)).join('')}`);
  if (fl) out.push(`  ${' '.repeat(first)}^ ${fl.name}`);
  if (l.growth !== undefined && Number.isFinite(l.growth))
    out.push(`  from ${fl?.name ?? 'the first divergent layer'} to the last layer the error grows ×${fmt(l.growth)}`);
  return out;
}

/** A spark-bar character for a relative error on a log scale from 1e-8 (blank) to 1 (full). */
export function bar(rel: number): string {
  if (!(rel > 0)) return BAR[0] as string;
  const level = Math.round(((Math.log10(Math.min(rel, 1)) + 8) / 8) * (BAR.length - 1));
  return BAR[Math.max(0, Math.min(BAR.length - 1, level))] as string;
}

function window(n: number, center: number): number[] {
  const idx = new Set<number>();
  for (let i = 0; i < Math.min(3, n); i++) idx.add(i);
  for (let i = Math.max(0, center - 3); i <= Math.min(n - 1, center + 5); i++) idx.add(i);
  for (let i = Math.max(0, n - 3); i < n; i++) idx.add(i);
  return [...idx].sort((x, y) => x - y);
}
