// Lint-on-type timing: collects how long each re-lint took and logs a short summary once typing pauses. Pure.

/** Summary statistics of a list of durations (ms). */
export interface LatencySummary {
  runs: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

/** Median, 95th percentile and maximum of durations; undefined for none. */
export function summarize(ms: readonly number[]): LatencySummary | undefined {
  if (ms.length === 0) return undefined;
  const s = [...ms].sort((a, b) => a - b);
  const at = (q: number): number => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)];
  return { runs: s.length, medianMs: at(0.5), p95Ms: at(0.95), maxMs: s[s.length - 1] };
}

/** Collects per-document lint durations and reports them after `idleMs` without a new one. */
export class LatencyLog {
  private readonly runs = new Map<string, { name: string; lines: number; ms: number[]; timer?: ReturnType<typeof setTimeout> }>();

  constructor(
    private readonly report: (line: string) => void,
    private readonly idleMs = 2000,
  ) {}

  /** Records one re-lint of a document after an edit. */
  record(key: string, name: string, lines: number, ms: number): void {
    let r = this.runs.get(key);
    if (!r) {
      r = { name, lines, ms: [] };
      this.runs.set(key, r);
    }
    r.lines = lines;
    r.ms.push(ms);
    if (r.timer) clearTimeout(r.timer);
    r.timer = setTimeout(() => this.flush(key), this.idleMs);
  }

  /** Logs and forgets the runs of one document. */
  flush(key: string): void {
    const r = this.runs.get(key);
    if (!r) return;
    if (r.timer) clearTimeout(r.timer);
    this.runs.delete(key);
    const s = summarize(r.ms);
    if (!s) return;
    this.report(
      `Lint on type: ${r.name} (${r.lines.toLocaleString('en-US')} lines), ${s.runs} re-lint(s): median ${s.medianMs.toFixed(1)} ms, p95 ${s.p95Ms.toFixed(1)} ms, max ${s.maxMs.toFixed(1)} ms (incremental reparse + analysis).`,
    );
  }

  dispose(): void {
    for (const r of this.runs.values()) if (r.timer) clearTimeout(r.timer);
    this.runs.clear();
  }
}
