// The flat tree (one cursor walk into arrays) answers every question the extractors ask exactly as tree-sitter's
// Node API does, on every lint fixture, broken code and non-ASCII text, so a full build gives the same IR.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type * as TS from '@vscode/tree-sitter-wasm';
import { readHeapTree, type FlatSink, type HeapLanguage } from '../../src/core/lint/flat-heap';
import { FlatTree, type SyntaxNode } from '../../src/core/lint/flat-tree';
import { loadRuntime } from '../../src/core/lint/parser';
import type { LintLanguageId } from '../../src/core/lint/types';
import { WASM_DIR } from './lint-test-helpers';

const FIXTURES = path.join(__dirname, '../../../test/fixtures/lint');
const LANG_OF: Record<string, LintLanguageId> = { py: 'python', cpp: 'cpp', java: 'java', js: 'javascript', ts: 'typescript', tsx: 'tsx' };

function fixtureFiles(): { file: string; lang: LintLanguageId }[] {
  const out: { file: string; lang: LintLanguageId }[] = [];
  for (const dir of readdirSync(FIXTURES)) {
    for (const f of readdirSync(path.join(FIXTURES, dir))) {
      const lang = LANG_OF[f.slice(f.lastIndexOf('.') + 1)];
      if (lang) out.push({ file: path.join(FIXTURES, dir, f), lang });
    }
  }
  return out;
}

/** Compares the two views node by node; returns how many nodes were compared. */
function compare(real: SyntaxNode, flat: SyntaxNode, fields: readonly string[], where: string): number {
  const at = `${where} ${real.type}@${real.startIndex}`;
  assert.equal(flat.type, real.type, at);
  assert.equal(flat.startIndex, real.startIndex, at);
  assert.equal(flat.endIndex, real.endIndex, at);
  assert.equal(flat.text, real.text, at);
  assert.equal(flat.namedChildCount, real.namedChildCount, at);
  for (const f of fields) {
    const r = real.childForFieldName(f);
    const x = flat.childForFieldName(f);
    assert.equal(
      x === null ? null : `${x.type}@${x.startIndex}-${x.endIndex}`,
      r === null ? null : `${r.type}@${r.startIndex}-${r.endIndex}`,
      `${at} field ${f}`,
    );
    const rs = real.childrenForFieldName(f).map((c) => c && `${c.type}@${c.startIndex}`);
    const xs = flat.childrenForFieldName(f).map((c) => c && `${c.type}@${c.startIndex}`);
    assert.deepEqual(xs, rs, `${at} fields ${f}`);
  }
  let n = 1;
  const rk = real.namedChildren;
  const xk = flat.namedChildren;
  for (let i = 0; i < rk.length; i++) {
    assert.equal(flat.namedChild(i), xk[i], at);
    n += compare(rk[i]!, xk[i]!, fields, where);
  }
  return n;
}

test('a flat tree gives the same types, extents, text, named children and fields as the Node API', async () => {
  const rt = await loadRuntime(WASM_DIR);
  assert.ok(rt.wasm, 'the runtime exposes its wasm module');
  const cases = fixtureFiles().map(({ file, lang }) => ({ name: path.basename(file), lang, text: readFileSync(file, 'utf8') }));
  cases.push(
    { name: 'broken python', lang: 'python', text: 'def f(x:\n  y = cv2.resize(img, (224, 224)\n  return [1, 2,,\nclass' },
    { name: 'broken cpp', lang: 'cpp', text: 'int main() { cv::resize(a, b, cv::Size(1,; float x[] = {1, 2 \n' },
    { name: 'non-ASCII', lang: 'python', text: '# é 日本 😀\nname = "😀 ü"\nx = f("日本", y=1)  # ω\n' },
    { name: 'empty', lang: 'java', text: '' },
  );
  let total = 0;
  for (const c of cases) {
    rt.parser.setLanguage(rt.languages.get(c.lang)!);
    const tree: TS.Tree = rt.parser.parse(c.text)!;
    const fields = tree.language.fields.filter((f): f is string => f !== null);
    const flat = FlatTree.read(rt.wasm!, tree, tree.rootNode, c.text, 16);
    total += compare(tree.rootNode, flat.node(0), [...new Set(fields)], c.name);
    // A subtree reads on its own (the root's last named child and everything under it).
    const last = tree.rootNode.namedChildren.at(-1);
    if (last) compare(last, FlatTree.read(rt.wasm!, tree, last, c.text, 0).node(0), [...new Set(fields)], `${c.name} subtree`);
    tree.delete();
  }
  assert.ok(total > 1000, `compared ${total} nodes`);
});

/** Every entry of two reads of one tree, as one comparable list. */
function entries(ft: FlatTree): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < ft.size; i++) out.push([ft.type[i]!, ft.field[i]!, ft.start[i]!, ft.end[i]!, ft.firstChild[i]!, ft.next[i]!]);
  return out;
}

test('a whole tree read from wasm memory has the entries of a cursor walk (fixtures, broken and mangled code, every language)', async () => {
  const rt = await loadRuntime(WASM_DIR);
  const cases = fixtureFiles().map(({ file, lang }) => ({ name: path.basename(file), lang, text: readFileSync(file, 'utf8') }));
  // Mangled copies (characters dropped, brackets and quotes added) give ERROR and MISSING nodes of every kind.
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  for (const c of cases.slice()) {
    let t = c.text;
    for (let m = 0; m < 6; m++) {
      const at = rnd(t.length + 1);
      t = m % 2 ? t.slice(0, at) + t.slice(at + 1 + rnd(12)) : t.slice(0, at) + '([{"\'/*#é😀\n'[rnd(11)] + t.slice(at);
    }
    cases.push({ name: `${c.name} mangled`, lang: c.lang, text: t });
  }
  cases.push({ name: 'empty', lang: 'python', text: '' }, { name: 'comment only', lang: 'cpp', text: '// x\n/* y */' });
  let nodes = 0;
  for (const c of cases) {
    rt.parser.setLanguage(rt.languages.get(c.lang)!);
    const tree: TS.Tree = rt.parser.parse(c.text)!;
    const heap = FlatTree.readHeap(rt.wasm!, tree, c.text, 16);
    assert.ok(heap, `${c.name}: read from memory`);
    const cursor = FlatTree.readByCursor(rt.wasm!, tree, tree.rootNode, c.text, 16);
    assert.deepEqual(entries(heap), entries(cursor), c.name);
    nodes += heap.size;
    tree.delete();
  }
  assert.ok(nodes > 10000, `compared ${nodes} entries`);
});

test('memory that is not a tree stops the memory walk with a RangeError instead of hanging', () => {
  const lang: HeapLanguage = {
    fieldCount: 3,
    maxAliasLength: 4,
    slices: 64,
    entries: 128,
    publicMap: 256,
    aliases: 512,
    fields: new Uint16Array(12),
    width: 3,
  };
  const sink = (): FlatSink => {
    const s: FlatSink = {
      type: new Uint16Array(8),
      field: new Uint16Array(8),
      start: new Int32Array(8),
      end: new Int32Array(8),
      firstChild: new Int32Array(8),
      next: new Int32Array(8),
      grow() {
        const g = <T extends Uint16Array | Int32Array>(a: T): T => {
          const b = new (a.constructor as new (n: number) => T)(a.length * 2);
          b.set(a);
          return b;
        };
        s.type = g(s.type);
        s.field = g(s.field);
        s.start = g(s.start);
        s.end = g(s.end);
        s.firstChild = g(s.firstChild);
        s.next = g(s.next);
      },
    };
    return s;
  };
  let seed = 11;
  for (let k = 0; k < 200; k++) {
    const words = new Int32Array(1024);
    for (let i = 0; i < words.length; i++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      words[i] = k % 2 ? seed - 0x3fffffff : seed % 4096;
    }
    try {
      const n = readHeapTree(words.buffer, 8 * (k % 64), lang, () => true, sink(), 4096);
      assert.ok(n >= 1 && n <= 4096, `entries ${n}`);
    } catch (err) {
      assert.ok(err instanceof RangeError, String(err));
    }
  }
});
