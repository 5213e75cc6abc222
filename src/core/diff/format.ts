// Render a DiffReport as terminal text or as JSON-safe data.

import { fmtCount, formatShape } from '../tensor/ndarray';
import type { DiffReport, ErrorStats, IndexedValue } from './types';

/** Compact number text: 4 significant digits, exponent form for very small/large values. */
export function fmtNum(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e-3 && a < 1e5 ? String(Number(v.toPrecision(4))) : v.toExponential(3);
}

function at(v: IndexedValue): string {
  return `${fmtNum(v.value)} at [${v.index.join(', ')}]`;
}

function statsLines(name: string, s: ErrorStats): string[] {
  return [`${name}: mean ${fmtNum(s.mean)}  std ${fmtNum(s.std)}`, `    min ${at(s.min)}   median ${at(s.median)}`, `    p99 ${at(s.p99)}   max ${at(s.max)}`];
}

/** Human-readable multi-line report, as the CLI prints it. */
export function renderDiffText(r: DiffReport): string {
  const L: string[] = [];
  L.push(`a: ${r.a.dtype} ${formatShape(r.a.shape)}   b (reference): ${r.b.dtype} ${formatShape(r.b.shape)}`);
  if (r.dtypeMismatch) L.push(`note: ${r.dtypeMismatch}`);
  if (r.alignment.kind !== 'same') L.push(`shape: ${r.alignment.message}`);
  L.push(r.verdict.message);
  if (r.count === 0) return L.join('\n') + '\n';
  if (r.abs && r.rel) {
    L.push(...statsLines('abs |a-b|', r.abs), ...statsLines('rel |a-b|/|b|', r.rel));
  }
  const finiteOnly = r.finiteCount < r.count ? `on the ${fmtCount(r.finiteCount)} finite pairs of ${fmtCount(r.count)} (NaN/Inf left out): ` : '';
  L.push(
    `${finiteOnly}cosine ${r.cosine.toFixed(8)}   SNR ${fmtNum(r.snrDb)} dB   PSNR ${fmtNum(r.psnrDb)} dB (peak = reference range ${fmtNum(r.peak)})   RMSE ${fmtNum(r.rmse)}`,
  );
  const tp = r.toPass;
  const t = (v: number | null): string => (v === null ? 'none' : fmtNum(v));
  L.push(
    `tolerance that would pass: allclose atol ${t(tp.allclose.atolAtRtol)} (at rtol ${fmtNum(r.tolerance.rtol)}) or rtol ${t(tp.allclose.rtolAtAtol)} (at atol ${fmtNum(r.tolerance.atol)});` +
      ` both-mode atol ${t(tp.both.atolAtRtol)} or rtol ${t(tp.both.rtolAtAtol)}`,
  );
  for (const side of ['a', 'b'] as const) {
    const c = r.nonFinite[side];
    if (c.nan + c.posInf + c.negInf > 0) {
      L.push(
        `${side}: ${fmtCount(c.nan)} NaN, ${fmtCount(c.posInf)} +inf, ${fmtCount(c.negInf)} -inf; first at ` +
          c.first.map((f) => `[${f.index.join(', ')}]=${fmtNum(f.value)}`).join(' '),
      );
    }
  }
  if (r.histogram.length > 0) {
    const max = Math.max(...r.histogram.map((h) => h.count));
    L.push('abs error histogram:');
    for (const h of r.histogram) {
      const label = h.hi === 0 ? '            0' : `[${h.lo.toExponential(0)},${h.hi.toExponential(0)})`.padStart(13);
      const bar = '#'.repeat(max > 0 ? Math.round((h.count / max) * 40) : 0);
      L.push(`  ${label} ${String(h.count).padStart(10)} ${bar}`);
    }
  }
  if (r.worst.length > 0) {
    L.push(`worst ${r.worst.length}:`);
    for (const w of r.worst) {
      const ai = w.aIndex.join(', ') !== w.index.join(', ') ? ` (a[${w.aIndex.join(', ')}])` : '';
      L.push(`  [${w.index.join(', ')}]${ai}  a=${fmtNum(w.a)}  b=${fmtNum(w.b)}  |a-b|=${fmtNum(w.abs)}  rel=${fmtNum(w.rel)}`);
    }
  }
  if (r.channels && r.layout) {
    L.push(`per channel (${r.layout.name}${r.layout.guessed ? ', guessed' : ''}):`);
    for (const c of r.channels) {
      L.push(
        `  c${c.channel}: mean|a-b| ${fmtNum(c.meanAbs)}  rmse ${fmtNum(c.rmse)}  max ${at(c.maxAbs)}  fails ${fmtCount(c.failures)}  mean a ${fmtNum(c.meanA)} b ${fmtNum(c.meanB)}`,
      );
    }
  }
  for (const n of r.notes) L.push(`note: ${n}`);
  return L.join('\n') + '\n';
}

/** True for a typed array (an ArrayBuffer view other than a DataView). */
function isTypedArray(v: unknown): v is ArrayLike<number | bigint> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Replace non-finite numbers by strings ("inf", "-inf", "NaN") and typed arrays by plain arrays, for JSON. */
export function jsonSafe(value: unknown): unknown {
  if (typeof value === 'number') return Number.isFinite(value) ? value : fmtNum(value);
  if (isTypedArray(value)) return Array.from(value, (x) => jsonSafe(x));
  if (Array.isArray(value)) return value.map(jsonSafe);
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) out[k] = jsonSafe(v);
    return out;
  }
  return value;
}

/** The report as JSON-safe data; the H×W spatial maps are left out unless `withSpatial`. */
export function diffReportToJson(r: DiffReport, withSpatial = false): unknown {
  const { spatial, ...rest } = r;
  const out: Record<string, unknown> = { ...rest };
  if (spatial) out.spatial = withSpatial ? spatial : { height: spatial.height, width: spatial.width };
  return jsonSafe(out);
}
