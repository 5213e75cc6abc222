// End-to-end harness: a real VS Code (code-server) with Tensor Parity loaded, driven by Playwright + Debian's chromium.
// Every wait is on state (an element, a frame, a file, a log line), capped by one generous limit (WAIT_MS) that fails
// with a message naming what did not happen; a per-process watchdog kills what we started if a run hangs. Nothing sleeps
// for a fixed time: on a loaded machine things get slow, and a fixed sleep is then either too short (flaky) or wasted.
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { installUnpackedExtension, installVsix, killAllStartedSync, makeSandbox, removeSandbox, repoRoot, startCodeServer } from './code-server.mjs';

/** Where screenshots and logs go (git-ignored). */
export const resultsDir = join(repoRoot, 'test-results');
export const THEMES = { dark: 'Default Dark Modern', light: 'Default Light Modern', hc: 'Default High Contrast' };
const browsers = new Set();
const sandboxes = new Set(); // removed by close(), or by the watchdog / exit handler

/** The cap for any one wait on state (default 3 min; TP_E2E_WAIT_MS). Generous: it only bounds a hang. */
export const WAIT_MS = Number(process.env.TP_E2E_WAIT_MS ?? 180_000);
/** The cap for one test or hook (default 10 min; TP_E2E_TEST_MS). */
export const TEST_MS = Number(process.env.TP_E2E_TEST_MS ?? 600_000);

/** Rejects with a message naming `what` when `promise` takes longer than `ms`. */
export async function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${ms / 1000}s: ${what}`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `probe` until it returns a truthy value; throws naming `what` after `timeoutMs`. */
export async function pollUntil(probe, { timeoutMs = WAIT_MS, intervalMs = 250, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const v = await probe();
      if (v) return v;
    } catch (e) {
      lastError = e;
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}${lastError ? ` (last error: ${lastError.message})` : ''}`);
}

let watchdog;
/** Kills every browser and code-server this process started and exits 1 if the process is still running after `ms`. */
export function armWatchdog(ms = Number(process.env.TP_E2E_WATCHDOG_MS ?? 1_800_000)) {
  if (watchdog) return;
  watchdog = setTimeout(() => {
    console.error(`e2e watchdog: still running after ${ms / 1000}s; killing code-server and chromium and failing.`);
    killEverythingSync();
    process.exit(1);
  }, ms);
  watchdog.unref();
  process.once('exit', killEverythingSync);
  for (const sig of ['SIGINT', 'SIGTERM'])
    process.once(sig, () => {
      killEverythingSync();
      process.exit(130);
    });
}

function killEverythingSync() {
  killAllStartedSync();
  for (const b of browsers) killBrowserSync(b);
  browsers.clear();
  for (const sb of sandboxes) removeSandbox(sb);
  sandboxes.clear();
}

// Playwright starts chromium in its own process group (pgid = pid): kill that group, else the process.
function killBrowserSync(browser) {
  const pid = browser.process?.()?.pid;
  if (!pid) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
}

/** Resolves after two animation frames in `frame` (a page or a frame): whatever was scheduled has painted. */
export async function nextPaint(frame) {
  await frame.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined)))));
}

/** Waits until `locator` is visible and its box is the same before and after a paint (menus and toasts slide in). */
export async function waitForSteady(locator, { timeoutMs = WAIT_MS, what = 'an element to stop moving' } = {}) {
  await locator.waitFor({ timeout: timeoutMs });
  await pollUntil(
    async () => {
      const a = await locator.boundingBox();
      await locator.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(undefined)))));
      const b = await locator.boundingBox();
      return a && b && a.x === b.x && a.y === b.y && a.width === b.width && a.height === b.height;
    },
    { timeoutMs, intervalMs: 50, what },
  );
}

/**
 * Waits until the workbench and every webview have painted and run no finite CSS animation or transition.
 * For screenshots, which are pictures and not assertions: an endless animation (a progress bar) does not block them.
 */
export async function settle(page, { timeoutMs = WAIT_MS } = {}) {
  const busy = async (f) =>
    f
      .evaluate(
        () =>
          new Promise((r) =>
            requestAnimationFrame(() =>
              requestAnimationFrame(() =>
                r(document.getAnimations().filter((a) => a.playState === 'running' && a.effect?.getTiming().iterations !== Infinity).length),
              ),
            ),
          ),
      )
      .catch(() => 0); // a frame that navigated away or is detached is not animating
  await pollUntil(async () => (await Promise.all(page.frames().map(busy))).every((n) => n === 0), {
    timeoutMs,
    intervalMs: 50,
    what: 'animations to finish',
  });
}

/** Finds chromium: $CHROMIUM_PATH, then Debian's /usr/bin/chromium. */
export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean);
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error('No chromium found: install it (`apt-get install -y --no-install-recommends chromium`) or set CHROMIUM_PATH.');
  return found;
}

/**
 * Starts code-server with the extension and opens the workbench in chromium.
 * options: name (for logs), trust (default true: --disable-workspace-trust), theme ('dark'|'light'),
 * vsix (path: install that instead of the unpacked build), extensionRoot (unpacked source, default $TP_E2E_EXTENSION_ROOT or the repo).
 */
export async function startSession({
  name = 'session',
  trust = true,
  theme = 'dark',
  vsix,
  extensionRoot = process.env.TP_E2E_EXTENSION_ROOT || repoRoot,
} = {}) {
  armWatchdog();
  const sandbox = makeSandbox(`tp-e2e-${name}-`, { theme: THEMES[theme] });
  sandboxes.add(sandbox);
  const logsDir = join(resultsDir, 'logs');
  mkdirSync(logsDir, { recursive: true });
  let server;
  let browser;
  try {
    if (vsix) installVsix(sandbox, vsix);
    else installUnpackedExtension(sandbox.extensionsDir, extensionRoot);
    server = await startCodeServer(sandbox, { trust, logFile: join(logsDir, `${name}-code-server.log`) });
    browser = await withTimeout(
      chromium.launch({
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
      }),
      WAIT_MS,
      'launching chromium',
    );
    browsers.add(browser);
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.setDefaultTimeout(WAIT_MS);
    const session = makeSession({ name, sandbox, server, browser, page });
    await page.goto(`${server.url}?folder=${encodeURIComponent(sandbox.workspace)}`, { timeout: WAIT_MS });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: WAIT_MS });
    return session;
  } catch (e) {
    if (browser) {
      browsers.delete(browser);
      await withTimeout(browser.close(), 15_000, 'closing chromium').catch(() => killBrowserSync(browser));
    }
    await server?.stop();
    removeSandbox(sandbox);
    sandboxes.delete(sandbox);
    throw e;
  }
}

/** Hovers a menu item until the menu marks it focused (once the menu has stopped sliding in), then presses Enter. */
export async function chooseMenuItem(page, item, title) {
  await waitForSteady(item, { what: `the menu with "${title}" to open` });
  await pollUntil(
    async () => {
      await item.hover();
      return item.evaluate((el) => el.closest('.action-item')?.classList.contains('focused') === true);
    },
    { timeoutMs: WAIT_MS, intervalMs: 100, what: `the menu item "${title}" to take the focus` },
  );
  await page.keyboard.press('Enter');
}

function exactText(text) {
  return new RegExp(`^\\s*${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*$`);
}

function makeSession({ name, sandbox, server, browser, page }) {
  let lastContextMenu; // re-opens the last Explorer context menu (see pickContextMenu)
  const s = {
    name,
    sandbox,
    server,
    browser,
    page,

    /** Right-clicks an Explorer row; `path` may contain folders ("images/astronaut.png"), which are expanded first. */
    async rightClickExplorerItem(path, { timeoutMs = WAIT_MS } = {}) {
      const parts = path.split('/').filter(Boolean);
      let row;
      for (const [i, part] of parts.entries()) {
        row = page
          .locator('.explorer-folders-view .monaco-list-row')
          .filter({ has: page.locator('.label-name', { hasText: exactText(part) }) })
          .first();
        await row.waitFor({ timeout: timeoutMs });
        if (i < parts.length - 1 && (await row.getAttribute('aria-expanded')) !== 'true') await row.click();
      }
      const open = async () => {
        await row.click({ button: 'right' });
        await page.locator('.monaco-menu .action-label').first().waitFor({ timeout: timeoutMs });
      };
      await open();
      lastContextMenu = open;
    },

    /**
     * Picks a context-menu entry by title (hover, then Enter: a plain click does not fire in code-server).
     * Extension menu items appear only once the extension host has registered the extension, so while the item is
     * missing the menu is closed and opened again (on the row last right-clicked), until `timeoutMs`.
     */
    async pickContextMenu(title, { timeoutMs = WAIT_MS } = {}) {
      const short = title.includes(': ') ? title.slice(title.indexOf(': ') + 2) : title;
      const items = page.locator('.monaco-menu .action-label');
      const find = async () => {
        for (const t of [title, short]) {
          const hit = items.filter({ hasText: exactText(t) });
          if (await hit.count()) return hit.first();
        }
        return undefined;
      };
      const deadline = Date.now() + timeoutMs;
      let item = await pollUntil(find, { timeoutMs: 3000, what: 'menu' }).catch(() => undefined);
      while (!item && lastContextMenu && Date.now() < deadline) {
        await page.keyboard.press('Escape');
        await page
          .locator('.monaco-menu')
          .first()
          .waitFor({ state: 'hidden', timeout: WAIT_MS })
          .catch(() => {});
        await lastContextMenu();
        item = await pollUntil(find, { timeoutMs: 3000, what: 'menu' }).catch(() => undefined);
      }
      if (!item) {
        const shown = (await items.allInnerTexts().catch(() => [])).filter(Boolean).join(' | ');
        const err = new Error(`Timed out after ${timeoutMs / 1000}s waiting for context menu item "${title}" (menu shows: ${shown})`);
        err.message += `\n${await s.describeState()}`;
        throw err;
      }
      await chooseMenuItem(page, item, title);
      await page
        .locator('.monaco-menu')
        .first()
        .waitFor({ state: 'hidden', timeout: WAIT_MS })
        .catch(() => {});
    },

    /** Runs a command by its palette title ("Tensor Parity: Run Inference"). */
    async runCommandPalette(title, { timeoutMs = WAIT_MS } = {}) {
      await page
        .locator('.monaco-workbench')
        .click({ position: { x: 700, y: 5 } })
        .catch(() => {});
      const input = page.locator('.quick-input-widget input.input');
      const row = page
        .locator('.quick-input-list .monaco-list-row')
        .filter({ has: page.locator('.label-name', { hasText: exactText(title) }) })
        .first();
      // The palette can open with its list still hidden (a page taking focus as it opens): close it and ask again.
      await pollUntil(
        async () => {
          await page.keyboard.press('F1');
          await input.waitFor({ timeout: timeoutMs });
          await input.fill(`>${title}`);
          const shown = await row.waitFor({ timeout: 5000 }).then(
            () => true,
            () => false,
          );
          if (!shown) await page.keyboard.press('Escape');
          return shown;
        },
        { timeoutMs, what: `"${title}" in the command palette` },
      );
      // A page behind the palette (the walkthrough) can keep the row from being clickable: choose it with the keyboard.
      const clicked = await row.click({ timeout: 5000 }).then(
        () => true,
        () => false,
      );
      if (!clicked) {
        const index = Number((await row.getAttribute('data-index')) ?? 0);
        for (let i = 0; i < index; i++) await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
      }
    },

    /** Polls every frame (webviews are nested iframes) until one contains `selector`; returns that frame. */
    async findWebviewFrame(selector, { timeoutMs = WAIT_MS } = {}) {
      try {
        return await pollUntil(
          async () => {
            for (const frame of page.frames()) {
              if (frame === page.mainFrame()) continue;
              try {
                if (await frame.$(selector)) return frame;
              } catch {
                /* frame navigated or detached */
              }
            }
            return undefined;
          },
          { timeoutMs, intervalMs: 300, what: `a webview frame containing ${selector}` },
        );
      } catch (e) {
        e.message += `\n${await s.describeState()}`;
        throw e;
      }
    },

    /** A short description of what is on screen (notifications, webview bodies, status bar) for failure messages. */
    async describeState() {
      const notes = await page
        .locator('.notifications-toasts .notification-list-item')
        .allInnerTexts()
        .catch(() => []);
      const bodies = [];
      for (const frame of page.frames()) {
        if (frame === page.mainFrame() || frame.url().includes('webWorkerExtensionHost')) continue;
        const text = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
        if (text.trim()) bodies.push(text.trim().replace(/\s+/g, ' ').slice(0, 300));
      }
      const shot = await s.screenshot(`${name}-failure`).catch(() => 'none');
      return `  notifications: ${JSON.stringify(notes)}\n  webview text: ${JSON.stringify(bodies)}\n  status bar: ${await s.statusBarText().catch(() => '?')}\n  screenshot: ${shot}`;
    },

    /** Text of all status bar items, joined with " | ". */
    async statusBarText() {
      return (await page.locator('#workbench\\.parts\\.statusbar .statusbar-item').allInnerTexts())
        .map((t) => t.trim())
        .filter(Boolean)
        .join(' | ');
    },

    /** Waits for a notification toast (or dialog) whose text matches `pattern`; returns its text. */
    async waitForNotification(pattern, { timeoutMs = WAIT_MS } = {}) {
      try {
        return await pollUntil(
          async () => {
            const texts = [
              ...(await page.locator('.notifications-toasts .notification-list-item').allInnerTexts()),
              ...(await page.locator('.monaco-dialog-box').allInnerTexts()),
            ];
            return texts.find((t) => pattern.test(t));
          },
          { timeoutMs, what: `a notification matching ${pattern}` },
        );
      } catch (e) {
        e.message += `\n${await s.describeState()}`;
        throw e;
      }
    },

    /** Waits until the status bar text matches `pattern`; returns the whole status bar text. */
    async waitForStatusBar(pattern, { timeoutMs = WAIT_MS } = {}) {
      let last = '';
      try {
        return await pollUntil(
          async () => {
            last = await s.statusBarText();
            return pattern.test(last) && last;
          },
          { timeoutMs, what: `the status bar to match ${pattern}` },
        );
      } catch (e) {
        e.message += ` (it shows: ${last})`;
        throw e;
      }
    },

    /** Switches the colour theme through "Preferences: Color Theme" and waits until the workbench repaints. */
    async setTheme(theme, { timeoutMs = WAIT_MS } = {}) {
      await s.runCommandPalette('Preferences: Color Theme');
      const input = page.locator('.quick-input-widget input.input');
      await input.waitFor({ timeout: timeoutMs });
      await input.fill(THEMES[theme]);
      const row = page.locator(`.quick-input-list .monaco-list-row[aria-label$="${THEMES[theme]}"]`).first();
      await row.waitFor({ timeout: timeoutMs });
      await row.click();
      const cls = theme === 'light' ? /(^|\s)vs(\s|$)/ : theme === 'hc' ? /(^|\s)hc-black(\s|$)/ : /(^|\s)vs-dark(\s|$)/;
      await pollUntil(async () => cls.test((await page.locator('.monaco-workbench').getAttribute('class')) ?? ''), {
        timeoutMs,
        what: `the ${theme} theme to apply`,
      });
      await settle(page);
    },

    /** Saves a screenshot to test-results/screenshots/<name>.png (after transient progress toasts fade) and returns its path. */
    async screenshot(shotName, { settleMs = WAIT_MS } = {}) {
      // A picture, not an assertion: wait for progress toasts and animations, but take it anyway if they never stop.
      await pollUntil(async () => (await page.locator('.notifications-toasts .notification-list-item .monaco-progress-container.active').count()) === 0, {
        timeoutMs: Math.min(settleMs, 30_000),
        what: 'progress notifications to close',
      }).catch(() => {});
      await settle(page, { timeoutMs: settleMs }).catch(() => {});
      const dir = join(resultsDir, 'screenshots');
      mkdirSync(dir, { recursive: true });
      const file = join(dir, `${shotName}.png`);
      await page.screenshot({ path: file, timeout: WAIT_MS });
      return file;
    },

    /** Closes the browser, stops code-server (through its handle) and deletes the sandbox. */
    async close() {
      browsers.delete(browser);
      await withTimeout(browser.close(), 15_000, 'closing chromium').catch(() => killBrowserSync(browser));
      await server.stop();
      // Keep VS Code's logs (extension host, window) next to the screenshots, then delete the sandbox.
      const logs = join(sandbox.userDataDir, 'logs');
      if (existsSync(logs)) {
        const dest = join(resultsDir, 'logs', name);
        rmSync(dest, { recursive: true, force: true });
        cpSync(logs, dest, { recursive: true });
      }
      removeSandbox(sandbox);
      sandboxes.delete(sandbox);
    },
  };
  return s;
}
