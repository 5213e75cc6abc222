// `npm run test:unit` runs node --test through scripts/run-unit.mjs: every result a test file produces is counted, and
// a run that hangs fails with a message after TP_UNIT_TIMEOUT_MIN minutes instead of holding CI or passing.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';

const ROOT = path.resolve(__dirname, '../../..');
const SCRIPT = path.join(ROOT, 'scripts/run-unit.mjs');
const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-run-unit-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

function run(file: string, body: string, minutes: string): { code: number | null; out: string } {
  // Started as from a shell: without the variable node --test sets for its own test files (it refuses to nest).
  const env: NodeJS.ProcessEnv = { ...process.env, TP_UNIT_TIMEOUT_MIN: minutes };
  delete env.NODE_TEST_CONTEXT;
  const f = path.join(TMP, file);
  fs.writeFileSync(f, `const { test } = require('node:test');\n${body}\n`);
  const r = spawnSync(process.execPath, [SCRIPT, f], { env, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

test('every test of a file is counted, the last ones too, and a passing run exits 0', () => {
  const body = Array.from({ length: 40 }, (_, i) => `test('case ${i}', () => {});`).join('\n');
  const r = run('many.test.js', body, '5');
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /ℹ tests 40\b/);
  assert.match(r.out, /case 39/);
});

test('a failing test fails the run', () => {
  const r = run('failing.test.js', "test('broken', () => { throw new Error('expected failure'); });", '5');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /expected failure/);
});

test('a hung run is stopped by the watchdog and fails with a message naming the limit', () => {
  const r = run('hang.test.js', "test('hangs', () => new Promise(() => { setInterval(() => {}, 1000); }));", '0.02');
  assert.equal(r.code, 1, r.out);
  assert.match(r.out, /did not finish within 0\.02 minutes; stopping them/);
});
