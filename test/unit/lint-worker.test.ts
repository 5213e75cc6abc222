// The lint worker: the same findings as the in-process linter, incremental re-lint of an open document, cancellation,
// files that choke the parser reported per file, a worker that hangs replaced, and a missing grammar folder named.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { createLinter } from '../../src/core/lint/linter';
import type { LintLanguageId } from '../../src/core/lint/types';
import { WorkerLinter } from '../../src/core/lint/worker-client';
import { packOutcome, unpackOutcome } from '../../src/core/lint/worker-tasks';
import { isCancelled } from '../../src/core/worker/errors';
import { CPP_AS_TS, NESTED_ASTYPE } from './lint-patho-inputs';
import { FIXTURES, specWith, WASM_DIR } from './lint-test-helpers';

const spec = specWith({});
const BAD_PY = 'import cv2\n\ndef load(p):\n    img = cv2.imread(p)\n    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)\n    return cv2.resize(img, (256, 256))\n';
const LANG: Record<string, LintLanguageId> = {
  '.py': 'python',
  '.cpp': 'cpp',
  '.java': 'java',
  '.js': 'javascript',
  '.ts': 'typescript',
  '.tsx': 'tsx',
};

function fixtureFiles(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(FIXTURES)) {
    const full = path.join(FIXTURES, dir);
    if (!fs.statSync(full).isDirectory()) continue;
    for (const f of fs.readdirSync(full)) if (LANG[path.extname(f)]) out.push(path.join(full, f));
  }
  return out.sort().slice(0, 12);
}

test('the worker finds what the in-process linter finds, and re-lints an edited document incrementally', async () => {
  const worker = new WorkerLinter({ wasmDir: WASM_DIR });
  const local = await createLinter({ wasmDir: WASM_DIR });
  try {
    assert.ok((await worker.load()) >= 0);
    for (const file of fixtureFiles()) {
      const doc = { uri: file, languageId: LANG[path.extname(file)], text: fs.readFileSync(file, 'utf8') };
      assert.deepEqual((await worker.check(doc, spec)).findings, local.lint(doc, spec), path.basename(file));
      worker.close(file);
    }
    const uri = 'open.py';
    assert.ok((await worker.check({ uri, languageId: 'python', text: BAD_PY }, spec)).findings.some((f) => f.code === 'TP201'));
    const fixed = BAD_PY.replace('(256, 256)', '(224, 224)');
    const after = await worker.check({ uri, languageId: 'python', text: fixed }, spec);
    assert.deepEqual(after.findings, local.lint({ uri: 'fresh.py', languageId: 'python', text: fixed }, spec));
    assert.ok(!after.findings.some((f) => f.code === 'TP201'));
  } finally {
    local.dispose();
    await worker.dispose();
  }
});

test('in the worker, a file over the time budget is reported and the next file is linted', async () => {
  const worker = new WorkerLinter({ wasmDir: WASM_DIR, timeBudgetMs: 100 });
  try {
    const slow = await worker.check({ uri: 'slow.ts', languageId: 'typescript', text: CPP_AS_TS.repeat(5) }, spec);
    assert.equal(slow.skipped?.reason, 'too-slow');
    assert.match(slow.skipped?.message ?? '', /parsing and analysis took longer than the 100 ms budget/);
    const nested = await worker.check({ uri: 'nested.py', languageId: 'python', text: NESTED_ASTYPE.repeat(20) }, spec);
    assert.equal(nested.skipped?.reason, 'too-slow');
    assert.ok((await worker.check({ uri: 'next.py', languageId: 'python', text: BAD_PY }, spec)).findings.some((f) => f.code === 'TP201'));
  } finally {
    await worker.dispose();
  }
});

test('a lint that gives no answer in time is stopped with a message, and a fresh worker lints the next file', async () => {
  const worker = new WorkerLinter({ wasmDir: WASM_DIR, hangMs: 1 });
  try {
    const out = await worker.check({ uri: 'big.ts', languageId: 'typescript', text: CPP_AS_TS }, spec);
    assert.equal(out.skipped?.reason, 'too-slow');
    assert.match(out.skipped?.message ?? '', /linting gave no answer within 0\.0 s, so it was stopped/);
  } finally {
    await worker.dispose();
  }
  const fresh = new WorkerLinter({ wasmDir: WASM_DIR });
  try {
    assert.ok((await fresh.check({ uri: 'next.py', languageId: 'python', text: BAD_PY }, spec)).findings.some((f) => f.code === 'TP201'));
  } finally {
    await fresh.dispose();
  }
});

test('aborting a lint rejects it as cancelled; the worker goes on with the next request', async () => {
  const worker = new WorkerLinter({ wasmDir: WASM_DIR });
  try {
    const ctrl = new AbortController();
    const pending = worker.check({ uri: 'a.ts', languageId: 'typescript', text: CPP_AS_TS }, spec, ctrl.signal);
    ctrl.abort();
    await assert.rejects(pending, (err: unknown) => isCancelled(err));
    const already = new AbortController();
    already.abort();
    await assert.rejects(worker.check({ uri: 'b.py', languageId: 'python', text: BAD_PY }, spec, already.signal), (err: unknown) => isCancelled(err));
    assert.ok((await worker.check({ uri: 'c.py', languageId: 'python', text: BAD_PY }, spec)).findings.some((f) => f.code === 'TP201'));
  } finally {
    await worker.dispose();
  }
});

test('a folder without the tree-sitter files: loading rejects naming the folder and how to fix it', async () => {
  const worker = new WorkerLinter({ wasmDir: path.join(FIXTURES, 'no-such-folder') });
  try {
    await assert.rejects(worker.load(), /tree-sitter files .*tree-sitter\.wasm.* are missing from .*no-such-folder\. Rebuild the extension/);
  } finally {
    await worker.dispose();
  }
});

test('findings cross threads packed: unchanged ones are sent as an index into the last reply and come back as the same objects', async () => {
  const l = await createLinter({ wasmDir: WASM_DIR });
  const two = `${BAD_PY}\ndef other(p):\n    return cv2.resize(cv2.imread(p), (300, 300))\n`;
  const a = l.check({ uri: 'a.py', languageId: 'python', text: two }, spec);
  const b = l.check({ uri: 'b.py', languageId: 'python', text: two.replace('(300, 300)', '(320, 320)') }, spec);
  l.dispose();
  assert.ok(a.findings.length >= 2);
  const first = packOutcome(a, 1, undefined);
  const hostA = unpackOutcome(first.packed, undefined);
  assert.deepEqual(hostA, a);
  const second = packOutcome(b, 2, { seq: 1, json: first.json });
  assert.ok(
    second.packed.items.some((i) => i >= 0),
    'the unchanged finding is sent as an index',
  );
  const hostB = unpackOutcome(second.packed, { seq: 1, outcome: hostA });
  assert.deepEqual(hostB, b);
  assert.ok(
    hostB.findings.some((f) => hostA.findings.includes(f)),
    'and is the object the host already had',
  );
});

test('two lints of the same document in flight both get their own findings', async () => {
  const worker = new WorkerLinter({ wasmDir: WASM_DIR });
  try {
    const fixed = BAD_PY.replace('(256, 256)', '(224, 224)');
    const [bad, good, bad2] = await Promise.all([
      worker.check({ uri: 'same.py', languageId: 'python', text: BAD_PY }, spec),
      worker.check({ uri: 'same.py', languageId: 'python', text: fixed }, spec),
      worker.check({ uri: 'same.py', languageId: 'python', text: BAD_PY }, spec),
    ]);
    assert.ok(bad.findings.some((f) => f.code === 'TP201'));
    assert.ok(!good.findings.some((f) => f.code === 'TP201'));
    assert.deepEqual(bad2, bad);
    const again = await worker.check({ uri: 'same.py', languageId: 'python', text: fixed }, spec);
    assert.deepEqual(again, good);
  } finally {
    await worker.dispose();
  }
});
