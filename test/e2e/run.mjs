// Runs the end-to-end suite: installs code-server if needed, builds + packages the extension, then runs every
// test/e2e/*.e2e.mjs with node's test runner (one file at a time: each starts its own code-server + chromium).
// Usage: node test/e2e/run.mjs [file.e2e.mjs ...]   Env: TP_E2E_SKIP_BUILD=1 reuses dist/, TP_E2E_TOTAL_TIMEOUT_MS.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './code-server.mjs';
import { chromiumPath } from './harness.mjs';

const here = join(repoRoot, 'test/e2e');
const totalTimeoutMs = Number(process.env.TP_E2E_TOTAL_TIMEOUT_MS ?? 5_400_000);

function step(title, cmd, args) {
  console.log(`\n[e2e] ${title}: ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { cwd: repoRoot, stdio: ['ignore', 'inherit', 'inherit'], timeout: 1_800_000 });
  if (r.status !== 0) {
    console.error(`[e2e] ${title} failed (exit ${r.status}${r.error ? `, ${r.error.message}` : ''}${r.signal ? `, signal ${r.signal}` : ''}).`);
    process.exit(1);
  }
}

try {
  chromiumPath();
} catch (e) {
  console.error(`[e2e] ${e.message}`);
  process.exit(1);
}
step('code-server', 'bash', [join(repoRoot, 'scripts/setup-code-server.sh')]);
if (process.env.TP_E2E_SKIP_BUILD !== '1') {
  step('build and package (dist/ + dist/tensor-parity.vsix, linux-x64)', 'npm', ['run', '--silent', 'package', '--', 'linux-x64']);
} else if (!existsSync(join(repoRoot, 'dist/extension.js'))) {
  console.error('[e2e] TP_E2E_SKIP_BUILD=1 but dist/extension.js is missing: run `npm run package`.');
  process.exit(1);
}

// Fresh screenshots and logs for this run (test-results/ is git-ignored).
for (const sub of ['screenshots', 'logs']) rmSync(join(repoRoot, 'test-results', sub), { recursive: true, force: true });
const requested = process.argv.slice(2);
const files = requested.length
  ? requested
  : readdirSync(here)
      .filter((f) => f.endsWith('.e2e.mjs'))
      .sort()
      .map((f) => join(here, f));
console.log(`\n[e2e] running ${files.length} file(s) with node --test (watchdog ${totalTimeoutMs / 1000}s)`);
const child = spawn(process.execPath, ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: repoRoot,
  stdio: ['ignore', 'inherit', 'inherit'],
  detached: true,
});
const killChild = (signal) => {
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
};
const watchdog = setTimeout(() => {
  console.error(`[e2e] watchdog: the suite ran longer than ${totalTimeoutMs / 1000}s; stopping it.`);
  killChild('SIGTERM');
  setTimeout(() => killChild('SIGKILL'), 5000).unref();
}, totalTimeoutMs);
for (const sig of ['SIGINT', 'SIGTERM'])
  process.on(sig, () => {
    killChild('SIGTERM');
    setTimeout(() => {
      killChild('SIGKILL');
      process.exit(130);
    }, 3000).unref();
  });
child.on('exit', (code, signal) => {
  clearTimeout(watchdog);
  killChild('SIGKILL'); // anything a test file left behind in the group
  process.exit(code ?? (signal ? 1 : 0));
});
