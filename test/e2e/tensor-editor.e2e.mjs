// Click a .npy in the Explorer → it opens in the Tensor Parity viewer (custom editor): header, statistics, slice image;
// switch the channel; rank 0/1/5, NaN-only and raw-without-sidecar files show readable views; a deleted file greys out.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, startSession, WAIT_MS, TEST_MS } from './harness.mjs';
import { explorerRow, frameMatching, frameUntil, refreshExplorer, writeNpy } from './tensors.mjs';

let session;
let dir;

before(
  async () => {
    session = await startSession({ name: 'tensor-editor', theme: 'dark' });
    dir = join(session.sandbox.workspace, 'viewer');
    mkdirSync(dir, { recursive: true });
    writeNpy(join(dir, 'scalar.npy'), [], [2.5], 'float64');
    writeNpy(
      join(dir, 'vector.npy'),
      [100],
      Array.from({ length: 100 }, (_, i) => Math.sin(i / 10)),
    );
    writeNpy(
      join(dir, 'rank5.npy'),
      [2, 3, 1, 8, 8],
      Array.from({ length: 2 * 3 * 64 }, (_, i) => i),
    );
    writeNpy(join(dir, 'nan.npy'), [1, 4, 4, 1], new Array(16).fill(NaN));
    writeFileSync(join(dir, 'raw.bin'), Buffer.alloc(64));
    writeBigPlane(join(dir, 'big.npy'), 4096);
    // The viewer is the default editor for .npy once the extension is registered (its status bar item shows).
    await session.waitForStatusBar(/TF\.js/, { timeoutMs: WAIT_MS });
    await refreshExplorer(session);
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

/** A size × size uint8 plane whose value at (y, x) is (x + 3y) mod 256, so any scrolled-to cell can be checked. */
function writeBigPlane(file, size) {
  let header = `{'descr': '|u1', 'fortran_order': False, 'shape': (${size}, ${size}), }`;
  header += ' '.repeat((64 - ((10 + header.length + 1) % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  pre.writeUInt16LE(header.length, 8);
  const data = Buffer.alloc(size * size);
  for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) data[y * size + x] = (x + 3 * y) % 256;
  writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), data]));
}

async function openInViewer(path) {
  const row = await explorerRow(session, path);
  await row.click();
  const name = path.split('/').pop();
  return frameMatching(session, `#tp-app[data-initial-state*="${name}"] #tp-main[aria-busy="false"]`, { timeoutMs: WAIT_MS });
}

test('clicking astronaut.reference.npy opens the viewer with its shape, dtype, statistics and an RGB slice', { timeout: TEST_MS }, async () => {
  const frame = await openInViewer('dumps/astronaut.reference.npy');
  const header = await frameUntil(
    frame,
    () => {
      const t = (id) => document.getElementById(id)?.textContent ?? '';
      return document.getElementById('tp-stat-max') && document.querySelector('#tp-slice-canvas[data-painted]')
        ? {
            shape: t('tp-shape'),
            dtype: t('tp-dtype'),
            order: t('tp-byte-order'),
            layout: t('tp-order'),
            min: t('tp-stat-min'),
            max: t('tp-stat-max'),
            channels: document.getElementById('tp-slice-canvas')?.dataset.channels,
            rgb: document.getElementById('tp-channel-rgb')?.getAttribute('aria-pressed'),
          }
        : undefined;
    },
    undefined,
    'header, statistics and slice image',
  );
  assert.equal(header.shape, '[1, 256, 256, 3]');
  assert.equal(header.dtype, 'float32');
  assert.equal(header.order, 'little-endian');
  assert.match(header.layout, /^C \(row-major\)/);
  assert.equal(header.min, '0');
  assert.equal(header.max, '1');
  assert.equal(header.channels, '3');
  assert.equal(header.rgb, 'true');
  await session.screenshot('tensor-editor-dark');

  await frame.click('#tp-channel-2');
  const one = await frameUntil(
    frame,
    () => {
      const c = document.getElementById('tp-slice-canvas');
      return c?.dataset.channels === '1' && document.getElementById('tp-channel-2')?.getAttribute('aria-pressed') === 'true' ? c.dataset.width : undefined;
    },
    undefined,
    'channel 2 alone in the slice image',
  );
  assert.equal(one, '256');
  await frame.click('#tp-layout-nchw');
  const nchw = await frameUntil(
    frame,
    () => document.getElementById('tp-layout-nchw')?.getAttribute('aria-pressed') === 'true' && document.getElementById('tp-slice-canvas')?.dataset.width,
    undefined,
    'the NCHW reading of the same tensor',
  );
  assert.equal(nchw, '3', 'read as NCHW, [1, 256, 256, 3] has 256×3 planes');
  await frame.click('#tp-layout-nhwc');
  await session.setTheme('light');
  await session.screenshot('tensor-editor-light');
});

test('a scalar shows its value and a vector a line plot with indexed values', { timeout: TEST_MS }, async () => {
  const s = await openInViewer('viewer/scalar.npy');
  assert.equal(await frameUntil(s, () => document.getElementById('tp-scalar')?.textContent, undefined, '#tp-scalar'), '2.5');
  const v = await openInViewer('viewer/vector.npy');
  const seen = await frameUntil(
    v,
    () => document.getElementById('tp-line-plot') && document.querySelectorAll('#tp-values li').length,
    undefined,
    'line plot and values',
  );
  assert.equal(seen, 100);
});

test('a rank-5 tensor gets an index slider for each leading axis and a value grid', { timeout: TEST_MS }, async () => {
  const f = await openInViewer('viewer/rank5.npy');
  const seen = await frameUntil(
    f,
    () =>
      document.querySelector('#tp-slice-canvas[data-painted]') && {
        sliders: [...document.querySelectorAll('input[type="range"]')].map((i) => i.id),
        grid: Number(document.getElementById('tp-vgrid')?.dataset.rows),
      },
    undefined,
    'rank-5 controls',
  );
  assert.ok(seen.sliders.includes('tp-axis-0'), JSON.stringify(seen));
  assert.ok(seen.sliders.includes('tp-axis-1'), JSON.stringify(seen));
  assert.equal(seen.grid, 8);
  await session.screenshot('tensor-editor-rank5-light');
});

test(
  'a 4096 × 4096 plane: the value grid renders only the visible cells, scrolls to the far corner, and marks the hovered row and column in the image',
  { timeout: TEST_MS },
  async () => {
    const f = await openInViewer('viewer/big.npy');
    const rows = await frameUntil(f, () => document.getElementById('tp-vgrid')?.dataset.rows, undefined, 'the value grid');
    assert.equal(rows, '4096');
    const corner = await frameUntil(
      f,
      () => {
        // Scroll on every look: the grid may still be sizing itself (or fetching blocks) when the first look happens.
        const g = document.getElementById('tp-vgrid');
        g.scrollTop = g.scrollHeight;
        g.scrollLeft = g.scrollWidth;
        const c = document.querySelector('.tp-vcell[data-at="4095,4095"]');
        return c && c.textContent !== '…' ? { text: c.textContent, rendered: Number(document.getElementById('tp-vgrid').dataset.rendered) } : undefined;
      },
      undefined,
      'the bottom-right cell with its value',
    );
    assert.equal(corner.text, String((4095 + 3 * 4095) % 256));
    assert.ok(corner.rendered > 0 && corner.rendered < 2000, `only the visible cells exist (${corner.rendered} of 16,777,216)`);
    await f.locator('.tp-vcell[data-at="4095,4095"]').hover();
    const markedBy = await frameUntil(
      f,
      () => {
        const s = document.querySelector('.tp-stage-cross');
        return s?.dataset.markRow ? `${s.dataset.markRow},${s.dataset.markCol}` : undefined;
      },
      undefined,
      'the crosshair in the image',
    );
    assert.equal(markedBy, '4095,4095');
    // Clicking the middle of the image brings the grid there and marks that cell's row and column.
    await f.locator('#tp-slice-canvas').click();
    const middle = await frameUntil(
      f,
      () => {
        const s = document.querySelector('.tp-stage-cross');
        const at = `${s?.dataset.markRow},${s?.dataset.markCol}`;
        const cell = document.querySelector(`.tp-vcell[data-at="${at}"]`);
        return cell && cell.textContent !== '…' && s.dataset.markRow !== '4095'
          ? { at, text: cell.textContent, hover: cell.classList.contains('tp-vcell-hover') }
          : undefined;
      },
      undefined,
      'the grid at the clicked image position',
    );
    const [my, mx] = middle.at.split(',').map(Number);
    assert.ok(Math.abs(my - 2048) <= 64 && Math.abs(mx - 2048) <= 64, `the click at the image centre shows cell ${middle.at}`);
    assert.equal(middle.text, String((mx + 3 * my) % 256));
    assert.equal(middle.hover, true);
    for (const theme of ['dark', 'light', 'hc']) {
      await session.setTheme(theme);
      await session.screenshot(`tensor-editor-grid-${theme}`);
    }
    await session.setTheme('dark');
  },
);

test('a NaN-only tensor says there is no finite value; a raw .bin without sidecar says how to add one', { timeout: TEST_MS }, async () => {
  const n = await openInViewer('viewer/nan.npy');
  assert.match(await frameUntil(n, () => document.getElementById('tp-no-finite')?.textContent, undefined, '#tp-no-finite'), /All 16 values are NaN/);
  await (await explorerRow(session, 'viewer/raw.bin')).click();
  await session.runCommandPalette('View: Reopen Editor With...');
  const pick = session.page.locator('.quick-input-list .monaco-list-row', { hasText: 'Tensor Parity Tensor Viewer' }).first();
  await pick.waitFor({ timeout: WAIT_MS });
  await pick.click();
  const raw = await frameMatching(session, '#tp-app[data-initial-state*="raw.bin"] #tp-error-hint');
  const text = await raw.evaluate(() => `${document.getElementById('tp-error')?.textContent}`);
  assert.match(text, /raw\.bin: a raw dump does not say its dtype or shape/);
  assert.match(text, /Create raw\.bin\.json next to the dump, for example \{"dtype": "float32"/);
  writeFileSync(join(dir, 'raw.bin.json'), '{"dtype": "float32", "shape": [4, 4]}');
  const shape = await frameUntil(raw, () => document.getElementById('tp-shape')?.textContent, undefined, 'the raw dump after its sidecar appeared', WAIT_MS);
  assert.equal(shape, '[4, 4]');
});

test('deleting a file while its viewer is open keeps the last view, greyed, with a message', { timeout: TEST_MS }, async () => {
  const v = await openInViewer('viewer/vector.npy');
  unlinkSync(join(dir, 'vector.npy'));
  const state = await pollUntil(
    () =>
      v.evaluate(() => {
        const b = document.getElementById('tp-file-state');
        return b && !b.hidden
          ? {
              text: b.textContent,
              stale: document.getElementById('tp-main')?.classList.contains('tp-stale'),
              plot: !!document.getElementById('tp-line-plot'),
            }
          : undefined;
      }),
    { timeoutMs: WAIT_MS, what: 'the "deleted" banner' },
  );
  assert.match(state.text, /vector\.npy was deleted from disk/);
  assert.equal(state.stale, true);
  assert.equal(state.plot, true);
  await session.screenshot('tensor-editor-deleted-light');
});
