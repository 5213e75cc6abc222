// `npm run test:electron`: runs test/electron/suite inside a real desktop VS Code via @vscode/test-electron.
// That downloads VS Code (update.code.visualstudio.com) the first time, so it needs internet; where that host is
// unreachable it prints one line, "test:electron: skipped: no VS Code download (...)", and exits 0 (nothing ran, nothing
// failed). Not part of `npm test` (the e2e suite uses code-server, which works offline).
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const totalTimeoutMs = Number(process.env.TP_ELECTRON_TIMEOUT_MS ?? 600_000);
const fail = (msg) => {
  console.error(`test:electron: ${msg}`);
  process.exit(1);
};

const watchdog = setTimeout(() => fail(`still running after ${totalTimeoutMs / 1000}s; giving up.`), totalTimeoutMs);
watchdog.unref();

// A VS Code downloaded earlier (in .vscode-test/) can run offline; otherwise check the download host first.
if (!existsSync(join(repoRoot, '.vscode-test')))
  try {
    const res = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(15_000) });
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
  } catch (e) {
    console.log(
      `test:electron: skipped: no VS Code download (update.code.visualstudio.com unreachable: ${e.cause?.code ?? e.message}; npm run test:e2e runs offline)`,
    );
    process.exit(0);
  }

const workspace = mkdtempSync(join(tmpdir(), 'tp-electron-'));
cpSync(join(repoRoot, 'demo'), join(workspace, 'demo'), { recursive: true });
try {
  const code = await runTests({
    version: process.env.TP_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: join(repoRoot, 'test/electron/suite/index.cjs'),
    launchArgs: [join(workspace, 'demo'), '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    extensionTestsEnv: { TP_ELECTRON_WORKSPACE: join(workspace, 'demo') },
  });
  process.exitCode = code;
} catch (e) {
  fail(`VS Code tests failed: ${e instanceof Error ? e.message : String(e)}`);
} finally {
  rmSync(workspace, { recursive: true, force: true });
}
