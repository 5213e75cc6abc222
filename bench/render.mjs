// Bench: the result panel's overlay rendering in Chromium. Bundles bench/render/entry.ts (which uses the panel's own
// webview/src/overlay*.ts modules) with esbuild, runs it in Debian's chromium through playwright-core, and reports
// the median of several runs for a 2048×2048 image + mask: first paint, recolour (colour picker), and redraw.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { chromium } from 'playwright-core';
import { median, writeResult } from './results.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const SIZE = 2048;
const RUNS = 15;
const WARMUP = 3;
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean).find((p) => existsSync(p));
if (!executablePath) {
  console.error('bench/render.mjs: no chromium found; install it (apt-get install -y chromium) or set CHROMIUM_PATH.');
  process.exit(2);
}

const bundle = await esbuild.build({
  entryPoints: [join(root, 'bench/render/entry.ts')],
  bundle: true,
  write: false,
  format: 'iife',
  target: 'es2022',
  minify: true,
  logLevel: 'error',
});
const browser = await chromium.launch({
  executablePath,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-dev-shm-usage',
  ],
});
try {
  const page = await browser.newPage();
  await page.setContent('<!DOCTYPE html><html><body></body></html>');
  await page.addScriptTag({ content: bundle.outputFiles[0].text });
  await page.evaluate((n) => window.setupRender(n), SIZE);
  const runs = [];
  let cold;
  for (let i = 0; i < WARMUP + RUNS; i++) {
    const t = await page.evaluate((run) => window.renderOnce(run), i);
    if (i === 0) cold = t.firstPaint;
    if (i >= WARMUP) runs.push(t);
  }
  const med = (k) => median(runs.map((r) => r[k]));
  const rows = [
    {
      name: `${SIZE}×${SIZE} overlay, first paint (image + mask layers + compose)`,
      value: med('firstPaint'),
      unit: 'ms',
      target: 50,
      targetKind: 'absolute',
    },
    {
      name: `${SIZE}×${SIZE} overlay, recolour after a colour pick (mask layer + compose)`,
      value: med('recolour'),
      unit: 'ms',
      target: 50,
      targetKind: 'absolute',
    },
    {
      name: `${SIZE}×${SIZE} overlay, redraw for zoom/pan/opacity (compose)`,
      value: med('redraw'),
      unit: 'ms',
      target: 50,
      targetKind: 'absolute',
    },
    // The very first result of a panel: nothing to reuse yet, and the code is not yet optimised by the JIT.
    { name: `${SIZE}×${SIZE} overlay, first paint of a new panel (cold, one run)`, value: cold, unit: 'ms' },
  ];
  for (const r of rows) {
    console.log(
      r.target === undefined
        ? `${r.name}: ${r.value.toFixed(1)} ms`
        : `${r.name}: ${r.value.toFixed(1)} ms median of ${RUNS} (target ≤ ${r.target} ms) ${r.value <= r.target ? 'met' : 'MISSED'}`,
    );
  }
  const all = (k) => runs.map((r) => r[k].toFixed(1)).join(' ');
  console.log(`  first paint runs: ${all('firstPaint')}\n  recolour runs: ${all('recolour')}\n  redraw runs: ${all('redraw')}`);
  writeResult('render', 'Result panel', rows);
} finally {
  await browser.close();
}
