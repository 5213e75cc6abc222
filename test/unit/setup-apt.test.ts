// `npm start` and `.ci/run` install system packages through scripts/setup-apt.sh (#13): only chromium, libkrb5-dev and
// ripgrep, with --no-install-recommends (the recommends pulled in 111 packages: systemd, avahi, …), and only when
// missing. Run against stand-ins for dpkg-query, apt-get and id that record what they were asked.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/setup-apt.sh');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-setup-apt-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

/** Runs the script with stand-in commands: `installed` packages are reported installed, `uid` is what `id -u` says. */
function runSetup(name: string, installed: string[], uid: number): { code: number | null; stderr: string; aptCalls: string[] } {
  const bin = path.join(TMP, name);
  fs.mkdirSync(bin);
  const log = path.join(bin, 'apt-calls.log');
  const stub = (file: string, body: string): void => fs.writeFileSync(path.join(bin, file), `#!/usr/bin/env bash\n${body}\n`, { mode: 0o755 });
  stub('dpkg-query', `case "\${@: -1}" in ${installed.length ? installed.join('|') : '__none__'}) printf 'install ok installed' ;; *) exit 1 ;; esac`);
  stub('apt-get', `echo "$*" >> '${log}'`);
  stub('id', `echo ${uid}`);
  const r = spawnSync('bash', [SCRIPT], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
  });
  return { code: r.status, stderr: r.stderr, aptCalls: fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n') : [] };
}

test('as root, the missing packages are installed without recommends, and nothing else', () => {
  const r = runSetup('root-missing', ['libkrb5-dev'], 0);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.aptCalls.length, 2, r.aptCalls.join('\n'));
  assert.match(r.aptCalls[0], /^update\b/);
  const install = r.aptCalls[1].split(' ');
  assert.equal(install[0], 'install');
  assert.ok(install.includes('--no-install-recommends'), r.aptCalls[1]);
  assert.deepEqual(
    install.filter((a) => !a.startsWith('-') && a !== 'install'),
    ['chromium', 'ripgrep'],
  );
});

test('when everything is installed, apt-get is not run', () => {
  const r = runSetup('all-there', ['chromium', 'libkrb5-dev', 'ripgrep'], 0);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(r.aptCalls, []);
});

test('without root, it prints the command to run (without recommends) and exits 2', () => {
  const r = runSetup('user', [], 1000);
  assert.equal(r.code, 2);
  assert.deepEqual(r.aptCalls, []);
  assert.match(r.stderr, /sudo apt-get install -y --no-install-recommends chromium libkrb5-dev ripgrep/);
});
