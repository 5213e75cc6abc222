// A file the parser chokes on cannot hurt the rest: a time budget per file ("skipped: took too long"), a crashed
// tree-sitter runtime is replaced, and the next file is linted as usual (core linter and lintFiles).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { lintFiles } from '../../src/core/lint/files';
import { createLinter, createLinterWith } from '../../src/core/lint/linter';
import { loadRuntime, wasmTrap, type Runtime } from '../../src/core/lint/parser';
import type { LintLanguageId } from '../../src/core/lint/types';
import { CPP_AS_TS, NESTED_ASTYPE, randomText } from './lint-patho-inputs';
import { specWith, WASM_DIR } from './lint-test-helpers';

const TMP = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-lint-budget-'));
after(() => fs.rmSync(TMP, { recursive: true, force: true }));

const BAD_PY = 'import cv2\n\ndef load(p):\n    img = cv2.imread(p)\n    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)\n    return cv2.resize(img, (256, 256))\n';

const spec = specWith({});

function codes(findings: { code: string }[]): string[] {
  return findings.map((f) => f.code);
}

test('pathological files lint without throwing, and the next file is linted as usual', async () => {
  const l = await createLinter({ wasmDir: WASM_DIR });
  const cases: [string, LintLanguageId, string][] = [
    ['nested .astype(', 'python', NESTED_ASTYPE],
    ['C++ as TypeScript', 'typescript', CPP_AS_TS],
    ...(['python', 'cpp', 'java', 'javascript', 'typescript', 'tsx'] as LintLanguageId[]).flatMap((id, i): [string, LintLanguageId, string][] => [
      [`random bytes as ${id}`, id, randomText(i + 1, 20000, 255)],
      [`random UTF-16 as ${id}`, id, randomText(i + 101, 20000, 0xffff)],
    ]),
  ];
  for (const [name, languageId, text] of cases) {
    const out = l.check({ uri: name, languageId, text }, spec);
    assert.ok(Array.isArray(out.findings), name);
    if (out.skipped) assert.equal(out.skipped.reason, 'too-slow', `${name}: ${out.skipped.message}`);
    l.close(name);
    await l.ready();
    assert.ok(codes(l.lint({ uri: 'next.py', languageId: 'python', text: BAD_PY }, spec)).includes('TP201'), `after ${name}`);
    l.close('next.py');
  }
  l.dispose();
});

test('a file over the time budget is skipped with a message naming the budget and the fix', async () => {
  const l = await createLinter({ wasmDir: WASM_DIR, timeBudgetMs: 1 });
  for (const [languageId, text] of [
    ['typescript', CPP_AS_TS],
    ['python', NESTED_ASTYPE],
  ] as [LintLanguageId, string][]) {
    const out = l.check({ uri: 'slow', languageId, text }, spec);
    assert.deepEqual(out.findings, []);
    assert.equal(out.skipped?.reason, 'too-slow');
    assert.match(out.skipped?.message ?? '', /took longer than the 1 ms budget/);
    assert.match(out.skipped?.message ?? '', /exclude it from linting/);
  }
  l.dispose();
});

test('an edit that makes an open document too slow drops its tree; the next lint reports it, then recovers', async () => {
  const l = await createLinter({ wasmDir: WASM_DIR, timeBudgetMs: 100 });
  const small = 'import cv2\nimg = cv2.resize(img, (1, 1))\n';
  assert.ok(codes(l.lint({ uri: 'doc.ts', languageId: 'python', text: small }, spec)).includes('TP201'));
  const big = small + NESTED_ASTYPE.repeat(20);
  const out = l.check({ uri: 'doc.ts', languageId: 'python', text: big }, spec);
  assert.equal(out.skipped?.reason, 'too-slow');
  assert.ok(codes(l.lint({ uri: 'doc.ts', languageId: 'python', text: small }, spec)).includes('TP201'));
  l.dispose();
});

/** A loader whose first runtime traps (as a wasm out-of-bounds access does) when it parses text containing CRASH. */
function crashingLoader(): { loader: (dir: string) => Promise<Runtime>; loads: () => number } {
  let loads = 0;
  return {
    loads: () => loads,
    loader: async (dir: string) => {
      const rt = await loadRuntime(dir);
      if (loads++ === 0) {
        const parse = rt.parser.parse.bind(rt.parser);
        rt.parser.parse = (input, old, options) => {
          if (typeof input === 'string' && input.includes('CRASH')) {
            rt.parser.delete(); // the runtime is unusable from here on, as after a real trap
            throw wasmTrap('memory access out of bounds');
          }
          return parse(input, old, options);
        };
      }
      return rt;
    },
  };
}

test('a crash inside the tree-sitter runtime: that file is reported, the runtime is re-created, open documents re-lint', async () => {
  const { loader, loads } = crashingLoader();
  const l = await createLinterWith(loader, { wasmDir: WASM_DIR });
  const before = codes(l.lint({ uri: 'open.py', languageId: 'python', text: BAD_PY }, spec));
  assert.ok(before.includes('TP201'));
  const out = l.check({ uri: 'bad.py', languageId: 'python', text: `# CRASH\n${BAD_PY}` }, spec);
  assert.deepEqual(out.findings, []);
  assert.equal(out.skipped?.reason, 'parser-crash');
  assert.match(out.skipped?.message ?? '', /parser crashed on this file \(memory access out of bounds\)/);
  assert.match(out.skipped?.message ?? '', /restarted/);
  await l.ready();
  assert.equal(loads(), 2, 'a second runtime was loaded');
  assert.deepEqual(codes(l.lint({ uri: 'open.py', languageId: 'python', text: BAD_PY }, spec)), before, 'the open document is parsed again in the new runtime');
  const edited = BAD_PY.replace('256, 256', '224, 224');
  l.update(
    'open.py',
    {
      startIndex: 0,
      oldEndIndex: 0,
      newEndIndex: 0,
      startPosition: { row: 0, column: 0 },
      oldEndPosition: { row: 0, column: 0 },
      newEndPosition: { row: 0, column: 0 },
    },
    BAD_PY,
  );
  assert.ok(!codes(l.lint({ uri: 'open.py', languageId: 'python', text: edited }, spec)).includes('TP201'), 'incremental edits work on the new runtime');
  l.dispose();
});

test('lintFiles reports a too-slow file and a parser crash per file and lints the others', async () => {
  const dir = path.join(TMP, 'ws');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'a_slow.ts'), CPP_AS_TS.repeat(5));
  fs.writeFileSync(path.join(dir, 'b_crash.py'), `# CRASH\n${BAD_PY}`);
  fs.writeFileSync(path.join(dir, 'c_good.py'), BAD_PY);
  fs.writeFileSync(path.join(dir, 'd_random.py'), randomText(7, 30000, 255).replace(/\0/g, ' '));
  const { loader } = crashingLoader();
  const linter = await createLinterWith(loader, { wasmDir: WASM_DIR, timeBudgetMs: 100 });
  const results = await lintFiles(['.'], spec, { wasmDir: WASM_DIR, cwd: dir, linter });
  const by = new Map(results.map((r) => [r.path, r]));
  assert.equal(by.get('a_slow.ts')?.skipped?.reason, 'too-slow');
  assert.match(by.get('a_slow.ts')?.skipped?.message ?? '', /^a_slow\.ts: not linted: parsing and analysis took longer than the 100 ms budget/);
  assert.equal(by.get('b_crash.py')?.skipped?.reason, 'parser-crash');
  assert.match(by.get('b_crash.py')?.skipped?.message ?? '', /^b_crash\.py: not linted: the tree-sitter parser crashed/);
  assert.ok(codes(by.get('c_good.py')?.findings ?? []).includes('TP201'), 'the file after the crash is linted');
  assert.ok(by.has('d_random.py'));
  linter.dispose();
  const normal = await lintFiles(['c_good.py', 'd_random.py'], spec, { wasmDir: WASM_DIR, cwd: dir });
  assert.ok(codes(normal[0].findings).includes('TP201'));
  assert.equal(normal[1].skipped, undefined);
});

/** A C hash function (nothings/stb's stb_hash_fast): a branched parameter mixed with itself line after line. */
function hashMixing(lines: number): string {
  const mix = Array.from({ length: lines }, (_, i) => `   hash ${i % 2 ? '+=' : '^='} hash ${i % 2 ? '>>' : '<<'} ${(i % 25) + 1};`);
  return [
    'unsigned int stb_hash_fast(void *p, int len) {',
    '   unsigned int hash = len;',
    '   if (len > 3) { hash += len >> 1; } else { hash ^= len << 2; }',
    '   switch (len) {',
    '      case 3: hash += 3; hash ^= hash << 16; break;',
    '      case 2: hash += 2; hash ^= hash << 11; break;',
    '      case 1: hash += 1; hash ^= hash << 10; break;',
    '   }',
    ...mix,
    '   return hash;',
    '}',
  ].join('\n');
}

test('a value with alternatives mixed with itself stays bounded (it once doubled per line and ran out of memory)', async () => {
  const l = await createLinter({ wasmDir: WASM_DIR });
  // 60 lines of mixing: 2^60 alternatives without the bound.
  const r = l.check({ uri: 'hash.cpp', languageId: 'cpp', text: hashMixing(60) }, spec);
  assert.deepEqual(r, { findings: [] });
  l.dispose();
});

test('the value-flow analysis stops at the deadline with OverBudget (the linter reports it like a slow parse)', async () => {
  const { analyzeModule } = await import('../../src/core/lint/analyze');
  const { OverBudget } = await import('../../src/core/lint/linter-build');
  // 600 statements `x = img / k` as IR.
  const ch = { base: 0 };
  const sp = { ch, s: 0, e: 1 };
  const module = Array.from({ length: 600 }, (_, i) => ({
    k: 'assign' as const,
    t: { k: 'name' as const, n: `x${i}`, sp },
    v: {
      k: 'bin' as const,
      op: '/',
      l: { k: 'name' as const, n: 'img', sp },
      r: { k: 'num' as const, v: i + 1, raw: String(i + 1), float: false, f32: false, sp },
      sp,
    },
    sp,
  }));
  assert.throws(() => analyzeModule('python', module, spec, 'x', undefined, undefined, undefined, performance.now() - 1), OverBudget);
  assert.doesNotThrow(() => analyzeModule('python', module, spec, 'x'));
});
