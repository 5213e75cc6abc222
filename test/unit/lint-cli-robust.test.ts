// `tensor-parity lint` on files that choke the parser: each is reported (too slow / not linted) and the run goes on.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../src/cli/main';
import { BASE_SPEC } from './lint-test-helpers';
import { CPP_AS_TS, NESTED_ASTYPE, randomText } from './lint-patho-inputs';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lint-cli-robust-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

const BAD_PY = 'import cv2\n\ndef load(p):\n    img = cv2.imread(p)\n    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)\n    return cv2.resize(img, (256, 256))\n';

async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['lint', ...args], {
    stdout: (s) => {
      stdout += s;
    },
    stderr: (s) => {
      stderr += s;
    },
    cwd,
  });
  return { code, stdout, stderr };
}

function workspace(name: string, files: Record<string, string>): string {
  const dir = path.join(TMP, name);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tensorparity.json'), JSON.stringify(BASE_SPEC));
  for (const [f, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), text);
  return dir;
}

test('pathological files (nested .astype(, C++ in a .ts file, random bytes) are linted or reported, and the rest is linted', async () => {
  const dir = workspace('patho', {
    'a_nested.py': NESTED_ASTYPE,
    'b_cpp.ts': CPP_AS_TS,
    'c_random.py': randomText(3, 40000, 255).replace(/\0/g, ' '),
    'd_random.java': randomText(4, 40000, 0xffff).replace(/\0/g, ' '),
    'e_load.py': BAD_PY,
  });
  const r = await cli(['--format', 'json'], dir);
  assert.equal(r.code, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { files: { path: string; skipped?: { reason: string }; findings: { code: string }[] }[] };
  assert.deepEqual(report.files.map((f) => f.path).sort(), ['a_nested.py', 'b_cpp.ts', 'c_random.py', 'd_random.java', 'e_load.py']);
  for (const f of report.files) if (f.skipped) assert.equal(f.skipped.reason, 'too-slow', f.path);
  assert.ok(report.files.find((f) => f.path === 'e_load.py')?.findings.some((x) => x.code === 'TP201'));
});

test('--time-limit: a file over it is reported as skipped, with the limit and the fix, and the next file is linted', async () => {
  const dir = workspace('limit', { 'a_slow.ts': CPP_AS_TS.repeat(5), 'b_load.py': BAD_PY });
  const r = await cli(['--time-limit', '100'], dir);
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /a_slow\.ts: not linted: parsing and analysis took longer than the 100 ms budget .*Split the file, or exclude it from linting\./);
  assert.match(r.stdout, /b_load\.py:6:\d+: error TP201/);
  assert.match(r.stdout, /1 skipped/);
});

test('--time-limit must be a positive number of milliseconds', async () => {
  for (const bad of ['0', '-5', 'soon']) {
    const r = await cli(['--time-limit', bad], TMP);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--time-limit is a time in milliseconds greater than 0, e\.g\. --time-limit 5000/);
  }
});
