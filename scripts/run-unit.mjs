// Runs the unit tests (`node --test` over out/test/unit/) under a watchdog: a run that has not finished after
// TP_UNIT_TIMEOUT_MIN minutes (default 30) is stopped and fails with a message, so a hang can never look like a pass
// or hold CI until its own limit. Each test also has a 4-minute limit (--test-timeout).
// `--test-force-exit` is not used: it ends a test file's process while its last results may still be in the pipe to
// the runner, and those tests then vanish from the count instead of being reported.
import { spawn } from 'node:child_process';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const minutes = Number(process.env.TP_UNIT_TIMEOUT_MIN ?? 30);
const args = ['--test', '--test-reporter=spec', '--test-timeout=240000', ...process.argv.slice(2)];
if (!process.argv.slice(2).some((a) => !a.startsWith('-'))) args.push(join(root, 'out/test/unit/'));
const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit', detached: process.platform !== 'win32' });
const kill = () => {
  try {
    if (process.platform === 'win32') child.kill('SIGKILL');
    else process.kill(-child.pid, 'SIGKILL'); // the runner and every test file it started
  } catch {
    child.kill('SIGKILL');
  }
};
const timer = setTimeout(() => {
  console.error(`\nrun-unit: the unit tests did not finish within ${minutes} minutes; stopping them. The last test file above is the one that hung.`);
  kill();
  process.exitCode = 1;
}, minutes * 60_000);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (kill(), process.exit(1)));
child.on('exit', (code, signal) => {
  clearTimeout(timer);
  if (process.exitCode !== 1) process.exitCode = code ?? (signal ? 1 : 0);
});
