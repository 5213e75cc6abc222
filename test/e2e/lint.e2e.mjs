// Inline preprocessing diagnostics in a real VS Code (code-server): findings in the Problems view, a quick fix that
// rewrites the code, "Lint Workspace" over the C++/Java/TS demo ports, and lint-on-type latency on a 2,000-line file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pollUntil, startSession, WAIT_MS, TEST_MS } from './harness.mjs';

let session;

before(
  async () => {
    session = await startSession({ name: 'lint', theme: 'dark' });
  },
  { timeout: TEST_MS },
);
after(
  async () => {
    await session?.close();
  },
  { timeout: TEST_MS },
);

const QUICK_INPUT = '.quick-input-widget input.input';
const MARKER_ROWS = '.markers-panel .monaco-list-row';

/** Closes whatever popup a failed step left open (menus, quick input). */
async function dismissPopups() {
  for (let i = 0; i < 3; i++) await session.page.keyboard.press('Escape').catch(() => {});
}

/** Opens a workspace file through Quick Open (Ctrl+P) by its name. */
async function openFile(name) {
  const { page } = session;
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 700, y: 5 } })
    .catch(() => {});
  const input = page.locator(QUICK_INPUT);
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) })
    .first();
  // Quick Open may answer from its file cache before the watcher has seen a file the test just wrote: ask again until
  // the file is listed.
  await pollUntil(
    async () => {
      await page.keyboard.press('Control+P');
      await input.waitFor({ timeout: WAIT_MS });
      await input.fill(name);
      const listed = await row.waitFor({ timeout: 5000 }).then(
        () => true,
        () => false,
      );
      if (!listed) await page.keyboard.press('Escape');
      return listed;
    },
    { timeoutMs: WAIT_MS, what: `${name} in Quick Open` },
  );
  await row.click();
  await page.locator(`.tab.active[aria-label*="${name}"], .tab.active:has-text("${name}")`).first().waitFor({ timeout: WAIT_MS });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: WAIT_MS });
}

/** Puts the cursor at a 1-based line and column (Go to Line). */
async function goTo(line, column) {
  const { page } = session;
  await page.keyboard.press('Control+G');
  const input = page.locator(QUICK_INPUT);
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: WAIT_MS });
}

/** Shows the Problems view (Ctrl+Shift+M) and returns the texts of its visible rows. */
async function showProblems() {
  const { page } = session;
  if (
    !(await page
      .locator('.markers-panel')
      .isVisible()
      .catch(() => false))
  ) {
    await page
      .locator('.monaco-editor .view-lines')
      .first()
      .click()
      .catch(() => {});
    await page.keyboard.press('Control+Shift+M');
    await page.locator('.markers-panel').waitFor({ timeout: WAIT_MS });
  }
}

async function problemRows() {
  return (await session.page.locator(MARKER_ROWS).allInnerTexts()).map((t) => t.replace(/\s+/g, ' ').trim());
}

/** Waits until a visible Problems row matches `pattern`; the error lists what the view shows. */
async function waitForProblem(pattern, { timeoutMs = WAIT_MS, absent = false } = {}) {
  let rows = [];
  try {
    await pollUntil(
      async () => {
        rows = await problemRows();
        return absent ? !rows.some((r) => pattern.test(r)) : rows.some((r) => pattern.test(r));
      },
      { timeoutMs, what: `the Problems view to ${absent ? 'no longer list' : 'list'} ${pattern}` },
    );
  } catch (e) {
    e.message += `\n  Problems rows: ${JSON.stringify(rows)}\n${await session.describeState()}`;
    throw e;
  }
  return rows;
}

/** Types into the Problems filter box (matches messages and file names). */
async function filterProblems(text) {
  const input = session.page
    .locator('.markers-panel-container .viewpane-filter input, .pane-header .viewpane-filter input, .panel .viewpane-filter input')
    .first();
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(text);
  // the filter has applied when every file row in the view is one that matches it
  // (file rows are the ones without a "[Ln 6, Col 28]" position)
  let rows = [];
  await pollUntil(
    async () => {
      rows = await problemRows();
      const files = rows.filter((r) => !/\[Ln \d+, Col \d+\]/.test(r));
      return files.length > 0 && files.every((f) => !text || f.includes(text));
    },
    { timeoutMs: WAIT_MS, what: `the Problems filter to show only ${text || 'everything'}` },
  ).catch((e) => {
    e.message += `\n  Problems rows: ${JSON.stringify(rows)}`;
    throw e;
  });
}

/** The Tensor Parity log of this session (a LogOutputChannel file under the user-data logs). */
function readExtensionLog() {
  const found = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir)) {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/Tensor Parity\.log$/.test(name)) found.push(p);
    }
  };
  walk(join(session.sandbox.userDataDir, 'logs'));
  return found.map((p) => readFileSync(p, 'utf8')).join('\n');
}

test('preprocess.py: the resize-size finding shows in Problems and its quick fix rewrites the size to the spec', { timeout: TEST_MS }, async () => {
  const file = join(session.sandbox.workspace, 'src/preprocess.py');
  const before = readFileSync(file, 'utf8');
  const line = before.split('\n').findIndex((l) => l.includes('cv2.resize(img, (224, 224))')) + 1;
  assert.ok(line > 0, 'demo/src/preprocess.py should resize to (224, 224)');
  await openFile('preprocess.py');
  await showProblems();
  await waitForProblem(/cv2\.resize resizes to width 224 × height 224.*TP201/);
  await session.screenshot('lint-problems-python');

  const column = before.split('\n')[line - 1].indexOf('(224, 224)') + 2;
  await goTo(line, column);
  await session.page.keyboard.press('Control+.');
  const fix = session.page
    .locator('.action-widget .monaco-list-row')
    .filter({ hasText: /Resize to \(256, 256\)/ })
    .first();
  await fix.waitFor({ timeout: WAIT_MS });
  const menu = (await session.page.locator('.action-widget .monaco-list-row').allInnerTexts()).map((t) => t.trim());
  await session.screenshot('lint-quick-fix-menu');
  assert.ok(
    menu.some((t) => /Open tensorparity\.json at input\.width/.test(t)),
    `the menu should offer to open the spec field; it shows ${JSON.stringify(menu)}`,
  );
  // A pointer block covers the list in code-server: move the keyboard focus to the fix and apply it with Enter.
  for (let i = 0; i < 8 && !/focused/.test((await fix.getAttribute('class')) ?? ''); i++) await session.page.keyboard.press('ArrowDown');
  assert.match((await fix.getAttribute('class')) ?? '', /focused/, 'the quick fix row should take the keyboard focus');
  await session.page.keyboard.press('Enter');
  await session.page
    .locator('.action-widget')
    .waitFor({ state: 'hidden', timeout: WAIT_MS })
    .catch(() => {});

  await waitForProblem(/resizes to width 224/, { absent: true });
  await session.page.keyboard.press('Control+S');
  const after = await pollUntil(
    () => {
      const t = readFileSync(file, 'utf8');
      return t !== before && t;
    },
    { timeoutMs: WAIT_MS, what: 'preprocess.py to be saved' },
  );
  await session.screenshot('lint-after-quick-fix');
  assert.match(after, /cv2\.resize\(img, \(256, 256\)\)/);
  assert.doesNotMatch(after, /\(224, 224\)/);
  assert.equal(after.replace('(256, 256)', '(224, 224)'), before, 'the quick fix must change only the size');
  const rows = await problemRows();
  assert.ok(
    rows.some((r) => /TP101/.test(r)),
    `other findings (BGR colour order) stay listed; Problems shows ${JSON.stringify(rows)}`,
  );
});

test('Lint Workspace fills Problems with findings from the C++, Java and TypeScript ports', { timeout: TEST_MS }, async () => {
  await dismissPopups();
  await session.runCommandPalette('Tensor Parity: Lint Workspace');
  await session.waitForStatusBar(/linted the workspace: [1-9]\d* finding/, { timeoutMs: WAIT_MS });
  await showProblems();
  for (const name of ['preprocess.cpp', 'Preprocess.java', 'preprocess.ts']) {
    await filterProblems(name);
    const rows = await waitForProblem(/TP\d{3}/, { timeoutMs: WAIT_MS });
    assert.ok(
      rows.some((r) => r.includes(name)),
      `Problems should group findings under ${name}; it shows ${JSON.stringify(rows)}`,
    );
    await session.screenshot(`lint-workspace-${name.replace(/\W+/g, '-')}`);
  }
  await filterProblems('');
  await session.screenshot('lint-workspace');
});

test('typing in a 2,000-line file re-lints incrementally; the host logs the latency', { timeout: TEST_MS }, async () => {
  await dismissPopups();
  const block = readFileSync(join(session.sandbox.workspace, 'src/preprocess.py'), 'utf8').split('\n');
  const lines = [];
  for (let i = 0; lines.length < 2000; i++) lines.push(...block.map((l) => l.replace(/\b(preprocess|segment|load_image|main)\b/g, `$1_${i}`)));
  writeFileSync(join(session.sandbox.workspace, 'src/big_pipeline.py'), `${lines.slice(0, 2000).join('\n')}\n`);
  await openFile('big_pipeline.py');
  await showProblems();
  await waitForProblem(/big_pipeline\.py/);
  await goTo(1000, 1);
  for (const ch of ['x = 1', 'Enter', 'y = 2', 'Enter']) {
    if (ch === 'Enter') await session.page.keyboard.press('Enter');
    else {
      await session.page.keyboard.type(ch, { delay: 60 });
      await pollUntil(
        async () =>
          (await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ').includes(ch),
        { timeoutMs: WAIT_MS, what: `the editor to show "${ch}"` },
      );
    }
  }
  const log = await pollUntil(
    () => {
      const t = readExtensionLog();
      return /Lint on type: big_pipeline\.py/.test(t) && t;
    },
    { timeoutMs: WAIT_MS, what: 'the lint-on-type summary in the Tensor Parity log' },
  );
  const summary = /Lint on type: big_pipeline\.py.*/.exec(log)[0];
  const activation = /activated in [\d.]+ ms/.exec(log)?.[0];
  const load = /Preprocessing linter loaded in [\d.]+ ms/.exec(log)?.[0];
  console.log(`# ${summary}\n# ${activation}\n# ${load}`);
  assert.match(summary, /2,00\d lines/);
  assert.match(summary, /re-lint/);
});
