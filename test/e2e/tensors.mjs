// Helpers for the diff panel and tensor viewer e2e tests: small .npy writers and Explorer multi-selection.
import { writeFileSync } from 'node:fs';
import { chooseMenuItem, pollUntil, WAIT_MS } from './harness.mjs';

/** Writes a little-endian float32 (or float64) C-order .npy file. */
export function writeNpy(file, shape, values, dtype = 'float32') {
  const descr = dtype === 'float64' ? '<f8' : '<f4';
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': ${shapeText}, }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
  pre.writeUInt16LE(header.length, 8);
  const data = dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer)]));
}

function exact(text) {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

/** The Explorer row of `path` ("dumps/a.npy"), expanding the folders on the way (again, if a refresh collapsed them). */
export async function explorerRow(session, path) {
  const { page } = session;
  const parts = path.split('/').filter(Boolean);
  // Two files of one name (tensorparity.json at the root and in a folder): the row at the path's depth wins.
  const rowOf = async (name, level) => {
    const named = (sel) => page.locator(sel).filter({ has: page.locator('.label-name', { hasText: exact(name) }) });
    const atLevel = named(`.explorer-folders-view .monaco-list-row[aria-level="${level}"]`).first();
    return (await atLevel.count()) ? atLevel : named('.explorer-folders-view .monaco-list-row').first();
  };
  return pollUntil(
    async () => {
      for (const [i, folder] of parts.slice(0, -1).entries()) {
        const row = await rowOf(folder, i + 1);
        if (!(await row.count())) return undefined;
        if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click(); // the next poll sees the children
      }
      const row = await rowOf(parts[parts.length - 1], parts.length);
      return (await row.count()) ? row : undefined;
    },
    { timeoutMs: WAIT_MS, intervalMs: 700, what: `the Explorer row ${path}` },
  );
}

/**
 * Selects two Explorer files (click, then Ctrl-click), right-clicks the selection and picks `title`. Extension menu
 * items appear once the extension is registered, so the menu is reopened until the item shows.
 */
export async function compareSelected(session, first, second, title = 'Tensor Parity: Compare Tensors') {
  const { page } = session;
  const short = title.slice(title.indexOf(': ') + 2);
  const items = page.locator('.monaco-menu .action-label');
  const item = await pollUntil(
    async () => {
      await page.keyboard.press('Escape');
      const a = await explorerRow(session, first);
      const b = await explorerRow(session, second);
      await a.click();
      await b.click({ modifiers: ['Control'] });
      await b.click({ button: 'right' });
      // no menu yet: the next poll reopens it (extension items appear once the extension is registered)
      if (
        !(await items
          .first()
          .waitFor({ timeout: 10_000 })
          .then(
            () => true,
            () => false,
          ))
      )
        return undefined; // a retry interval, not a failure
      for (const t of [title, short]) {
        const hit = items.filter({ hasText: exact(t) });
        if (await hit.count()) return hit.first();
      }
      return undefined;
    },
    { timeoutMs: WAIT_MS, intervalMs: 1500, what: `"${title}" in the context menu of ${first} + ${second}` },
  );
  await chooseMenuItem(page, item, title);
  await page
    .locator('.monaco-menu')
    .first()
    .waitFor({ state: 'hidden', timeout: WAIT_MS })
    .catch(() => {});
}

/** The webview frame whose #tp-app matches `selector` (a frame per open panel; the newest match wins). */
export async function frameMatching(session, selector, { timeoutMs = WAIT_MS } = {}) {
  const { page } = session;
  try {
    return await pollUntil(
      async () => {
        const frames = page
          .frames()
          .filter((f) => f !== page.mainFrame())
          .reverse();
        for (const f of frames) {
          try {
            if (await f.$(selector)) return f;
          } catch {
            /* detached */
          }
        }
        return undefined;
      },
      { timeoutMs, intervalMs: 300, what: `a webview with ${selector}` },
    );
  } catch (e) {
    e.message += `\n${await session.describeState()}`;
    throw e;
  }
}

/** Waits until `fn` evaluated in `frame` returns a truthy value; returns it. */
export async function frameUntil(frame, fn, arg, what, timeoutMs = WAIT_MS) {
  return pollUntil(() => frame.evaluate(fn, arg), { timeoutMs, intervalMs: 300, what });
}

/** Makes the Explorer show files the test wrote after the workbench loaded (clicks its Refresh action). */
export async function refreshExplorer(session) {
  const { page } = session;
  await page.keyboard.press('Escape');
  await page.locator('.explorer-folders-view').hover();
  await page.locator('.action-label[aria-label*="Refresh Explorer"], .action-label.codicon-refresh').first().click();
}

/** Types `text` into the open quick pick and accepts the first match. */
export async function quickPick(session, text, { timeoutMs = WAIT_MS } = {}) {
  const { page } = session;
  const input = page.locator('.quick-input-widget input.input');
  await input.waitFor({ timeout: timeoutMs });
  await input.fill(text);
  // Enter picks the focused row: wait until the list has filtered to the text and focused a match
  await pollUntil(
    async () => {
      const focused = page.locator('.quick-input-list .monaco-list-row.focused').first();
      return (await focused.count()) > 0 && (await focused.innerText()).toLowerCase().includes(text.toLowerCase().split(/[\s/]/).pop() ?? '');
    },
    { timeoutMs, what: `the quick pick to focus a row matching "${text}"` },
  );
  await page.keyboard.press('Enter');
}
