// Select two .npy dumps in the Explorer → "Tensor Parity: Compare Tensors" → the diff panel shows the verdict, the
// metrics, heatmaps and diagnosis cards; a worst element marks the heatmap; a mismatched pair explains the shapes.
// The dumps are demo/dumps/astronaut.reference.npy (TF) and astronaut.cpp-bgr.npy (OpenCV, BGR), made by scripts/golden.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';
import { pollUntil, settle, startSession, WAIT_MS, TEST_MS } from './harness.mjs';
import { compareSelected, explorerRow, frameMatching, frameUntil, quickPick, refreshExplorer, writeNpy } from './tensors.mjs';

let session;
let frame;

before(
  async () => {
    session = await startSession({ name: 'diff-panel', theme: 'dark' });
    writeNpy(join(session.sandbox.workspace, 'dumps', 'astronaut.cpp-224.npy'), [1, 224, 224, 3], new Float32Array(224 * 224 * 3));
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

test('Compare Tensors on the BGR dump and the reference shows FAIL, the metrics and a channel-swap card', { timeout: TEST_MS }, async () => {
  await compareSelected(session, 'dumps/astronaut.cpp-bgr.npy', 'dumps/astronaut.reference.npy');
  frame = await frameMatching(session, '#tp-app[data-verdict]', { timeoutMs: WAIT_MS });
  const verdict = await frame.evaluate(() => {
    const v = document.getElementById('tp-verdict');
    return {
      text: v?.textContent,
      pass: v?.dataset.pass,
      mode: v?.dataset.mode,
      semantics: document.getElementById('tp-verdict-mode')?.textContent,
    };
  });
  assert.equal(verdict.text, 'FAIL');
  assert.equal(verdict.pass, 'false');
  assert.equal(verdict.mode, 'allclose');
  assert.match(verdict.semantics ?? '', /allclose · atol 1e-4 · rtol 0\.001 · from tensorparity\.json/);
  const metrics = await frame.evaluate(() =>
    Object.fromEntries(
      [...document.querySelectorAll('#tp-metrics tr[data-metric]')].map((tr) => [tr.getAttribute('data-metric'), tr.querySelector('td')?.textContent ?? '']),
    ),
  );
  for (const id of ['failures', 'max-abs', 'mean-abs', 'rmse', 'cosine', 'psnr'])
    assert.ok(metrics[id], `#tp-metrics should have a ${id} row: ${JSON.stringify(metrics)}`);
  assert.match(metrics.shapes, /float32 \(1, 256, 256, 3\).*float32 \(1, 256, 256, 3\)/);
  const heat = await frame.evaluate(() => document.querySelectorAll('#tp-heatmaps canvas').length);
  assert.equal(heat, 3, 'one heatmap per channel');
  const cards = await frameUntil(
    frame,
    () => {
      const list = [...document.querySelectorAll('#tp-causes .tp-cause')];
      return list.length
        ? list.map((c) => ({
            cause: c.getAttribute('data-cause'),
            title: c.querySelector('h3')?.textContent,
            buttons: [...c.querySelectorAll('vscode-button')].map((b) => b.id),
          }))
        : undefined;
    },
    undefined,
    'diagnosis cards',
    WAIT_MS,
  );
  assert.equal(cards[0].cause, 'channel-swap', JSON.stringify(cards));
  assert.match(cards[0].title, /BGR vs RGB/);
  assert.ok(cards[0].buttons.includes('tp-cause-0-spec'), `the card should offer to open the spec field: ${JSON.stringify(cards[0])}`);
  assert.match(
    await frame.evaluate(() => document.getElementById('tp-diagnosis-summary')?.textContent ?? ''),
    /^Your dump matches the reference with "BGR vs RGB channel order.*" undone: that leaves the error inside tolerance/,
  );
  // Two tensors and a spec: the panel (not core) offers to diagnose against the image the reference came from.
  assert.equal(await frame.evaluate(() => document.getElementById('tp-diagnose-image')?.textContent ?? ''), 'Diagnose against an image…');
  await session.screenshot('diff-panel-dark');
  await session.setTheme('light');
  await session.screenshot('diff-panel-light');
});

test('clicking a worst element marks its pixel in the heatmap of its channel; Enter does the same from the keyboard', { timeout: TEST_MS }, async () => {
  assert.ok(frame, 'needs the first test to have opened the diff panel');
  const first = await frame.evaluate(() => {
    document.getElementById('tp-worst-0')?.click();
    const m = document.getElementById('tp-heat-marker');
    const row = document.getElementById('tp-worst-0');
    return {
      hidden: m?.hidden,
      channel: m?.dataset.channel,
      row: m?.dataset.row,
      col: m?.dataset.col,
      index: row?.dataset.index,
      where: document.getElementById('tp-heat-location')?.textContent,
    };
  });
  assert.equal(first.hidden, false);
  const [, y, x, c] = JSON.parse(first.index);
  assert.deepEqual([first.channel, first.row, first.col], [String(c), String(y), String(x)]);
  assert.match(first.where, new RegExp(`channel ${c}, row ${y}, column ${x}`));
  await frame.focus('#tp-worst-1');
  await frame.press('#tp-worst-1', 'Enter');
  const second = await frame.evaluate(() => ({
    current: document.getElementById('tp-worst-1')?.getAttribute('aria-current'),
    index: document.getElementById('tp-worst-1')?.dataset.index,
    row: document.getElementById('tp-heat-marker')?.dataset.row,
  }));
  assert.equal(second.current, 'true');
  assert.equal(second.row, String(JSON.parse(second.index)[1]));
  await frameUntil(
    frame,
    () => {
      const r = document.getElementById('tp-heat-marker')?.getBoundingClientRect();
      return !!r && r.top >= 0 && r.bottom <= window.innerHeight;
    },
    undefined,
    'the marked heatmap to scroll into view',
  );
  await session.screenshot('diff-panel-heatmap-light');
});

test("the card's buttons open tensorparity.json and the source line the linter flags (demo/src)", { timeout: TEST_MS }, async () => {
  assert.ok(frame, 'needs the first test to have opened the diff panel');
  const { page } = session;
  const source = await frame.evaluate(() => document.getElementById('tp-cause-0-source')?.textContent ?? '');
  assert.match(source, /^Open preprocess\.\w+:\d+$/, 'the channel-swap card links to the preprocessing code in demo/src');
  await frame.click('#tp-cause-0-source');
  const file = source.slice(5, source.lastIndexOf(':'));
  await page.locator('.tab.active .label-name', { hasText: file }).first().waitFor({ timeout: WAIT_MS });
  await frame.click('#tp-cause-0-spec');
  await page.locator('.tab.active .label-name', { hasText: 'tensorparity.json' }).first().waitFor({ timeout: WAIT_MS });
});

test('a pair of different sizes cannot be compared, and the panel says why', { timeout: TEST_MS }, async () => {
  await compareSelected(session, 'dumps/astronaut.cpp-224.npy', 'dumps/astronaut.reference.npy');
  const f = await frameMatching(session, '#tp-app[data-verdict="incomparable"]', { timeoutMs: WAIT_MS });
  const text = await f.evaluate(() => ({
    badge: document.getElementById('tp-verdict')?.textContent,
    why: document.getElementById('tp-alignment')?.textContent,
  }));
  assert.equal(text.badge, 'CANNOT COMPARE');
  assert.match(text.why ?? '', /150528 values .* 196608 .*cannot be compared element by element/);
  await session.screenshot('diff-panel-mismatch-light');
});

test('"Compare with Reference" → "an image, preprocessed by the spec" diagnoses the dump against astronaut.png', { timeout: TEST_MS }, async () => {
  await session.page.keyboard.press('Escape');
  await (await explorerRow(session, 'dumps/astronaut.cpp-bgr.npy')).click(); // one file selected, not the last pair
  await session.rightClickExplorerItem('dumps/astronaut.cpp-bgr.npy');
  await session.pickContextMenu('Tensor Parity: Compare with Reference');
  await quickPick(session, 'An image, preprocessed');
  await quickPick(session, 'astronaut.png');
  const f = await frameMatching(session, '#tp-app[data-initial-state*="astronaut.png"][data-verdict]', { timeoutMs: WAIT_MS });
  assert.equal(await f.evaluate(() => document.getElementById('tp-verdict')?.textContent), 'FAIL');
  const first = await frameUntil(f, () => document.querySelector('#tp-causes .tp-cause')?.getAttribute('data-cause'), undefined, 'diagnosis cards', WAIT_MS);
  assert.equal(first, 'channel-swap');
  assert.match(await f.evaluate(() => document.getElementById('tp-files')?.textContent ?? ''), /images\/astronaut\.png/);
});

test('a report written by `tensor-parity diff --json` opens in the same panel', { timeout: TEST_MS }, async () => {
  const cli = join(process.env.TP_E2E_EXTENSION_ROOT || repoRoot, 'dist', 'cli.js');
  const dumps = join(session.sandbox.workspace, 'dumps');
  const r = spawnSync(process.execPath, [cli, 'diff', join(dumps, 'astronaut.cpp-bgr.npy'), join(dumps, 'astronaut.reference.npy'), '--json', '--spatial'], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  assert.equal(r.status, 1, `tensor-parity diff should exit 1 (outside tolerance): ${r.stderr}`);
  writeFileSync(join(dumps, 'report.json'), r.stdout);
  await refreshExplorer(session);
  await session.rightClickExplorerItem('dumps/report.json');
  await session.pickContextMenu('Tensor Parity: Open Diff Report (JSON)');
  const f = await frameMatching(session, '#tp-app[data-initial-state*="report.json"][data-verdict]', { timeoutMs: WAIT_MS });
  const seen = await f.evaluate(() => ({
    verdict: document.getElementById('tp-verdict')?.textContent,
    heatmaps: document.querySelectorAll('#tp-heatmaps canvas').length,
    diagnosis: document.getElementById('tp-diagnosis-summary')?.textContent,
  }));
  assert.equal(seen.verdict, 'FAIL');
  assert.equal(seen.heatmaps, 1, 'the --spatial map shows as one heatmap');
  assert.match(seen.diagnosis ?? '', /tensor-parity diagnose/);
});

test('after a window reload the diff panel comes back and recomputes from the two stored paths', { timeout: TEST_MS }, async () => {
  await settle(session.page); // the panel's state message reaches the host before the reload
  // "Developer: Reload Window" is what a user runs; unlike a bare page reload it lets VS Code save webview state first.
  const reloaded = session.page.waitForEvent('load', { timeout: WAIT_MS });
  await session.runCommandPalette('Developer: Reload Window');
  await reloaded;
  await session.page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: WAIT_MS });
  const f = await frameMatching(session, '#tp-app[data-verdict]', { timeoutMs: WAIT_MS });
  assert.ok(['FAIL', 'CANNOT COMPARE'].includes(await f.evaluate(() => document.getElementById('tp-verdict')?.textContent ?? '')));
});

test(
  'Compare Tensors on a broken tensorparity.json: the notice closes itself once the spec is fixed, then offers Compare Again',
  { timeout: TEST_MS },
  async () => {
    for (let i = 0; i < 3; i++) await session.page.keyboard.press('Escape').catch(() => {});
    const { readFileSync } = await import('node:fs');
    const spec = join(session.sandbox.workspace, 'tensorparity.json');
    const good = readFileSync(spec, 'utf8');
    writeFileSync(spec, good.replace('"width": 256', '"width": -5'));
    await compareSelected(session, 'dumps/astronaut.cpp-bgr.npy', 'dumps/astronaut.reference.npy');
    await session.waitForNotification(/fix tensorparity\.json to compare with its tolerance/);
    writeFileSync(spec, good);
    await pollUntil(
      async () => {
        const texts = await session.page.locator('.notifications-toasts .notification-list-item').allInnerTexts();
        return !texts.some((t) => /fix tensorparity\.json/.test(t));
      },
      { timeoutMs: WAIT_MS, what: 'the broken-spec notice to close' },
    );
    const valid = await session.waitForNotification(/tensorparity\.json is valid now/);
    assert.match(valid, /Compare Again/);
  },
);
