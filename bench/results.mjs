// Shared helpers for benchmarks: medians and the JSON result files bench/run.mjs collects into the README.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');

/** Median of a list of numbers. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Writes bench/results/<name>.json: rows of {name, value, unit, reference?, referenceName?, ratio?, target?, targetKind?}. */
export function writeResult(name, title, rows) {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.json`), JSON.stringify({ title, rows }, null, 2));
}
