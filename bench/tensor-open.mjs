// Bench: open a 64M-element .npy in the tensor viewer to first paint. The host part (read the file, header, the
// strided slice the viewer shows first) runs the viewer's own code from out/; the webview part loads the built
// dist/webview/tensor-panel.js in Chromium (playwright-core) on a standalone page, receives the same messages and is
// timed until the slice canvas is painted. Then the full statistics pass is timed (sent after the first paint).
// Build first: npx tsc -p tsconfig.test.json && npm run build
import { createRequire } from 'node:module';
import { createServer } from 'node:http';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { median, writeResult } from './results.mjs';

const require = createRequire(import.meta.url);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = (p) => path.join(root, 'out', 'src', p);
for (const f of [out('extension/tensor-viewer/preview.js'), path.join(root, 'dist/webview/tensor-panel.js')]) {
  if (!fs.existsSync(f)) {
    console.error(`bench/tensor-open.mjs: ${f} is missing; run \`npx tsc -p tsconfig.test.json && npm run build\` first.`);
    process.exit(2);
  }
}
const { loadTensorFile } = require(out('core/tensor/load.js'));
const { encodeNpyHeader } = require(out('core/tensor/npy.js'));
const { computeSlice, computeStats } = require(out('extension/tensor-viewer/preview.js'));
const { defaultSliceRequest } = require(out('protocol/axes.js'));
const { encodeNonFinite } = require(out('protocol/index.js'));

const SHAPE = [1, 8192, 8192, 1]; // 67,108,864 float32 values, 256 MiB
const RUNS = Number(process.env.TP_BENCH_RUNS ?? 3);

function chromiumPath() {
  for (const p of [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean)) if (fs.existsSync(p)) return p;
  throw new Error('bench/tensor-open.mjs: no chromium found (install it with apt-get install chromium, or set CHROMIUM_PATH).');
}

// ---- the file: a smooth pattern plus noise, written in chunks ----
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-bench-open-'));
const file = path.join(dir, 'big.npy');
{
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, encodeNpyHeader('float32', SHAPE));
  const W = SHAPE[2];
  const rows = 256;
  const chunk = new Float32Array(rows * W);
  for (let y0 = 0; y0 < SHAPE[1]; y0 += rows) {
    for (let r = 0; r < rows; r++) for (let x = 0; x < W; x++) chunk[r * W + x] = Math.sin((y0 + r) / 700) * Math.cos(x / 500) + ((x * 7 + r * 13) % 17) / 170;
    fs.writeSync(fd, new Uint8Array(chunk.buffer));
  }
  fs.closeSync(fd);
}
console.log(`wrote ${file}: float32 [${SHAPE.join(', ')}], ${(fs.statSync(file).size / 2 ** 20).toFixed(0)} MiB`);

// ---- a static server for the page and the slice bytes ----
let sliceBytes = new ArrayBuffer(0);
const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  if (url.pathname === '/') {
    res.setHeader('content-type', 'text/html');
    res.end(`<!DOCTYPE html><html><head><meta charset="utf-8"><script>
window.__posted = [];
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__posted.push(m), getState: () => undefined, setState: () => {} });
</script></head><body style="background:#1e1e1e;color:#ccc">
<div id="tp-app" data-initial-state='{"fileName":"big.npy","path":"/bench/big.npy"}'>Loading big.npy…</div>
<script type="module" src="/dist/webview/tensor-panel.js"></script></body></html>`);
    return;
  }
  if (url.pathname === '/slice.bin') {
    res.setHeader('content-type', 'application/octet-stream');
    res.end(Buffer.from(sliceBytes));
    return;
  }
  const f = path.join(root, url.pathname);
  if (f.startsWith(path.join(root, 'dist')) && fs.existsSync(f)) {
    res.setHeader('content-type', f.endsWith('.js') ? 'text/javascript' : 'application/octet-stream');
    res.end(fs.readFileSync(f));
    return;
  }
  res.statusCode = 404;
  res.end();
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}/`;

const browser = await chromium.launch({
  executablePath: chromiumPath(),
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
const rows = { host: [], webview: [], total: [], stats: [] };
try {
  for (let run = 0; run < RUNS; run++) {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    await page.goto(base);
    await page.waitForFunction(() => window.__posted.some((m) => m.body?.type === 'ready'), null, { timeout: 30_000 });

    // Host: what the viewer does between "ready" and its first tensorSlice message.
    const t0 = performance.now();
    const loaded = await loadTensorFile(file);
    const arr = [...loaded.tensors.values()][0];
    const overview = {
      file: { name: 'big.npy', path: file },
      format: 'npy',
      members: ['big'],
      member: 'big',
      dtype: arr.dtype,
      shape: [...arr.shape],
      byteOrder: 'little',
      fortranOrder: false,
      fileBytes: fs.statSync(file).size,
      guessedLayout: 'NHWC',
    };
    const slice = computeSlice(arr, defaultSliceRequest('big', arr.shape));
    const hostMs = performance.now() - t0;
    sliceBytes = slice.values;

    // Webview: deliver the overview and the slice (its bytes fetched, as an ArrayBuffer arrives), time to painted canvas.
    const { ms } = await page.evaluate(
      async ({ overviewEnv, sliceEnv }) => {
        const start = performance.now();
        const buf = await (await fetch('/slice.bin')).arrayBuffer();
        sliceEnv.body.slice.values = buf;
        window.postMessage(overviewEnv, '*');
        window.postMessage(sliceEnv, '*');
        await new Promise((resolve) => {
          const check = () => (document.querySelector('#tp-slice-canvas[data-painted]') ? resolve() : requestAnimationFrame(check));
          check();
        });
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return { ms: performance.now() - start };
      },
      {
        overviewEnv: encodeNonFinite({ id: 1, body: { type: 'tensorOverview', overview } }),
        sliceEnv: encodeNonFinite({ id: 2, body: { type: 'tensorSlice', slice: { ...slice, values: null } } }),
      },
    );
    const painted = await page.evaluate(() => document.getElementById('tp-slice-canvas')?.dataset.width);
    if (painted !== String(slice.width)) throw new Error(`the viewer did not paint the slice (canvas width ${painted}, expected ${slice.width})`);

    const s0 = performance.now();
    await computeStats(arr);
    const statsMs = performance.now() - s0;
    rows.host.push(hostMs);
    rows.webview.push(ms);
    rows.total.push(hostMs + ms);
    rows.stats.push(statsMs);
    console.log(
      `run ${run + 1}: host (read + header + ${slice.width}×${slice.height} strided slice) ${hostMs.toFixed(0)} ms, webview to first paint ${ms.toFixed(0)} ms, total ${(hostMs + ms).toFixed(0)} ms; full statistics afterwards ${statsMs.toFixed(0)} ms`,
    );
    await page.close();
  }
} finally {
  await browser.close();
  server.close();
  fs.rmSync(dir, { recursive: true, force: true });
}

const m = (xs) => median(xs);
console.log(`median: open to first paint ${m(rows.total).toFixed(0)} ms (target ≤ 2000 ms); statistics ${m(rows.stats).toFixed(0)} ms`);
writeResult('tensor-open', 'Tensor viewer, 64M-element .npy', [
  {
    name: 'open to first paint (host read + slice, webview paint)',
    value: m(rows.total),
    unit: 'ms',
    target: 2000,
    targetKind: 'absolute',
  },
  { name: 'host: read 256 MiB + strided slice', value: m(rows.host), unit: 'ms' },
  { name: 'webview: messages to painted canvas', value: m(rows.webview), unit: 'ms' },
  { name: 'full statistics + histogram (after first paint)', value: m(rows.stats), unit: 'ms' },
]);
