// A large new document is parsed in two halves at once (split-scan.ts plans them, split-parse.ts merges them,
// parse-helper.ts runs the second half on a helper thread). The merged tree must be the whole parse's, node for node;
// halves that do not meet cleanly are refused, and the linter then parses the document whole. Lints with the helper
// give exactly what lints without it give, before and after edits.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildModule, extractAhead, type CachedChunk } from '../../src/core/lint/chunks';
import { createLinter } from '../../src/core/lint/linter';
import { ChunkExtractor, EXTRACTORS } from '../../src/core/lint/linter-build';
import { FlatTree } from '../../src/core/lint/flat-tree';
import { loadRuntime, type Runtime } from '../../src/core/lint/parser';
import { familyOf } from '../../src/core/lint/scope-names';
import { mergeHalves, parseHalf } from '../../src/core/lint/split-parse';
import { planSplit, SPLIT_MIN_CHARS } from '../../src/core/lint/split-scan';
import type { LintLanguageId } from '../../src/core/lint/types';
import { specWith, WASM_DIR } from './lint-test-helpers';

/** One function or method each; `i` varies sizes so findings differ. Braces in strings and comments on purpose. */
const PART: Record<string, (i: number) => string> = {
  python: (i) =>
    `def load_${i}(path, model):\n    """Load {image} ${i}: def fake():"""\n    img = cv2.imread(path)  # {\n    img = cv2.resize(img, (${200 + (i % 40)}, 224))\n    x = img.astype(np.float32) / ${i % 2 ? '255.0' : '127.5'}\n    s = "}" + '{'\n    return model.predict(x[None])\n\n`,
  cpp: (i) =>
    `cv::Mat Blob${i}(const cv::Mat& frame, cv::dnn::Net& net) {\n  const char* s = "}{"; char c = '{'; // }\n  /* { */ std::string raw = R"x(})x";\n  cv::Mat blob = cv::dnn::blobFromImage(frame, 1.0 / ${i % 2 ? '255' : '127.5'}, cv::Size(${200 + (i % 40)}, 224), cv::Scalar(), true, false);\n  net.setInput(blob);\n  return net.forward();\n}\n\n`,
  java: (i) =>
    `  float[][] classify${i}(Bitmap bitmap) {\n    String s = "} {"; char c = '}'; // {\n    Bitmap scaled = Bitmap.createScaledBitmap(bitmap, ${200 + (i % 40)}, 224, true);\n    float[][][][] input = new float[1][224][224][3];\n    for (int y = 0; y < 224; ++y) {\n      for (int x = 0; x < 224; ++x) {\n        int p = scaled.getPixel(x, y);\n        input[0][y][x][0] = ((p >> 16) & 0xFF) / ${i % 2 ? '255.0f' : '127.5f'};\n        input[0][y][x][1] = ((p >> 8) & 0xFF) / 255.0f;\n        input[0][y][x][2] = (p & 0xFF) / 255.0f;\n      }\n    }\n    float[][] out = new float[1][10];\n    tflite.run(input, out);\n    return out;\n  }\n\n`,
  javascript: (i) =>
    `function predict${i}(img, model) {\n  const s = \`size \${ {a: ${i}}.a } }\`; // {\n  const t = tf.browser.fromPixels(img);\n  const r = tf.image.resizeBilinear(t, [224, ${200 + (i % 40)}]);\n  const x = r.toFloat().div(${i % 2 ? '255' : '127.5'});\n  return model.predict(x.expandDims(0));\n}\n\n`,
  typescript: (i) =>
    `  predict${i}(img: HTMLImageElement): tf.Tensor {\n    const t = tf.browser.fromPixels(img);\n    const r = tf.image.resizeBilinear(t, [224, ${200 + (i % 40)}]);\n    return this.model.predict(r.toFloat().div(${i % 2 ? '255' : '127.5'}).expandDims(0)) as tf.Tensor;\n  }\n\n`,
};
const HEAD: Record<string, string> = {
  python: 'import cv2\nimport numpy as np\n\n',
  cpp: '#include <opencv2/opencv.hpp>\n#define OPEN {\n\nnamespace app {\n\n',
  java: 'import android.graphics.Bitmap;\n\npublic class Classifier {\n  private Interpreter tflite;\n\n',
  javascript: "const tf = require('@tensorflow/tfjs-node');\n\n",
  typescript: "import * as tf from '@tensorflow/tfjs';\n\nexport class Classifier {\n  constructor(private readonly model: tf.LayersModel) {}\n\n",
};
const TAIL: Record<string, string> = { cpp: '}  // namespace app\n', java: '}\n', typescript: '}\n' };

/** A document of `n` parts (about 200–500 characters each). */
function sourceOf(languageId: string, n: number): string {
  let text = HEAD[languageId]!;
  for (let i = 0; i < n; i++) text += PART[languageId]!(i);
  return text + (TAIL[languageId] ?? '');
}

let runtime: Promise<Runtime> | undefined;

/** Node-for-node equality below entries i and j; the first difference is returned. */
function difference(a: FlatTree, i: number, b: FlatTree, j: number): string | undefined {
  if (a.type[i] !== b.type[j] || a.field[i] !== b.field[j] || a.start[i] !== b.start[j] || a.end[i] !== b.end[j])
    return `${a.typeOf(i)}@${a.start[i]}-${a.end[i]} vs ${b.typeOf(j)}@${b.start[j]}-${b.end[j]}`;
  let x = a.firstChild[i]!;
  let y = b.firstChild[j]!;
  for (; x !== -1 && y !== -1; x = a.next[x]!, y = b.next[y]!) {
    const d = difference(a, x, b, y);
    if (d) return d;
  }
  return x !== -1 || y !== -1 ? `children of ${a.typeOf(i)}@${a.start[i]}` : undefined;
}

/** The merged two-half tree of `text` compared with its whole parse: 'same', a difference, or why the halves were refused. */
async function compare(languageId: LintLanguageId, text: string, minChars = SPLIT_MIN_CHARS): Promise<string> {
  const rt = await (runtime ??= loadRuntime(WASM_DIR));
  const plan = planSplit(text, familyOf(languageId), minChars);
  if (!plan) return 'no plan';
  const wasm = rt.wasm!;
  rt.parser.setLanguage(rt.languages.get(languageId)!);
  const read = (t: NonNullable<ReturnType<typeof parseHalf>>): FlatTree => FlatTree.read(wasm, t, t.rootNode, text, 1024);
  const whole = rt.parser.parse(text)!;
  const a = parseHalf(rt.parser, text, plan.first, () => false);
  const b = parseHalf(rt.parser, text, plan.second, () => false);
  try {
    if (!a || !b) return 'refused: syntax error';
    const merged = mergeHalves(read(a), read(b), plan);
    if (!merged) return 'refused: halves do not meet';
    return difference(read(whole), 0, merged, 0) ?? 'same';
  } finally {
    whole.delete();
    a?.delete();
    b?.delete();
  }
}

for (const languageId of Object.keys(PART) as LintLanguageId[]) {
  test(`${languageId}: the two halves of a large document merge into the whole parse, node for node`, async () => {
    const text = sourceOf(languageId, 150);
    assert.ok(text.length >= SPLIT_MIN_CHARS);
    const plan = planSplit(text, familyOf(languageId))!;
    assert.ok(plan.mid > text.length * 0.3 && plan.mid < text.length * 0.7);
    // The second half starts a function or method (not a string, comment or statement).
    assert.match(text.slice(plan.mid, plan.mid + 30), /^\s*(def |cv::Mat Blob|float\[\]\[\] classify|function predict|predict)/);
    assert.equal(await compare(languageId, text), 'same');
  });
}

test('small documents are parsed whole', () => {
  assert.equal(planSplit(sourceOf('python', 10), 'python'), undefined);
  assert.equal(planSplit(sourceOf('java', 10), 'java'), undefined);
});

test('a document that is one long function (or a switch) is not split between statements', () => {
  const body = Array.from({ length: 800 }, (_, i) => `  int v${i} = f(${i});\n`).join('');
  assert.equal(planSplit(`int main() {\n${body}}\n`, 'cpp'), undefined);
  const cases = Array.from({ length: 800 }, (_, i) => `    case ${i}: g(${i}); break;\n`).join('');
  assert.equal(planSplit(`class A {\n  void f(int x) {\n    switch (x) {\n${cases}    }\n  }\n}\n`, 'java'), undefined);
  const py = `def main():\n${Array.from({ length: 1500 }, (_, i) => `    v${i} = f(${i})\n`).join('')}`;
  assert.equal(planSplit(py, 'python'), undefined);
});

test('Python: a class member splits the class (never its first member, never between a decorator and its def)', async () => {
  const methods = Array.from({ length: 500 }, (_, i) => `    @staticmethod\n    def m${i}(x):\n        return x * ${i}\n\n`).join('');
  const text = `class Model:\n    SIZE = 224\n\n${methods}\nprint(Model.m1(2))\n`;
  const plan = planSplit(text, 'python')!;
  assert.equal(plan.block, 'block');
  assert.match(text.slice(plan.mid), /^ {4}@staticmethod\n/);
  assert.equal(await compare('python', text), 'same');
});

test('a brace the scan cannot see through (a regex literal) gives no split or halves that merge exactly', async () => {
  let text = sourceOf('javascript', 30) + 'const re = /[{]/;\n' + sourceOf('javascript', 120);
  assert.ok(['same', 'no plan'].includes(await compare('javascript', text)));
  text = sourceOf('javascript', 120) + 'const re = /[}]/;\n' + sourceOf('javascript', 30);
  assert.ok(['same', 'no plan', 'refused: syntax error', 'refused: halves do not meet'].includes(await compare('javascript', text)));
});

test('a half with a syntax error is refused (the document is then parsed whole)', async () => {
  const text = sourceOf('java', 150);
  const plan = planSplit(text, 'java')!;
  const broken = text.slice(0, plan.mid + 40) + '(((' + text.slice(plan.mid + 40);
  assert.equal(await compare('java', broken), 'refused: syntax error');
  const early = text.slice(0, 400) + ')' + text.slice(400);
  assert.equal(await compare('java', early), 'refused: syntax error');
});

test('split plans over many sizes and cut points: every merged tree is the whole parse or refused', async () => {
  for (const languageId of Object.keys(PART) as LintLanguageId[]) {
    const full = sourceOf(languageId, 40);
    for (let cut = 2000; cut < full.length; cut += 997) {
      const r = await compare(languageId, full.slice(0, cut), 0);
      assert.ok(!/@|children/.test(r), `${languageId} cut at ${cut}: ${r}`);
    }
  }
});

test('with the helper thread, large documents are linted in halves and give the same findings, before and after edits', async () => {
  const spec = specWith({});
  // The lints wait for the helper as long as it takes (by default a lint waits briefly, then parses whole).
  const two = await createLinter({ wasmDir: WASM_DIR, parallelParse: 'always' });
  const one = await createLinter({ wasmDir: WASM_DIR });
  try {
    assert.equal(await two.helperReady(60_000), true);
    for (const languageId of Object.keys(PART) as LintLanguageId[]) {
      let text = sourceOf(languageId, 150);
      const before = two.parseCounts().halves;
      for (let k = 0; k < 2; k++) assert.deepEqual(two.lint({ uri: `d${k}`, languageId, text }, spec), one.lint({ uri: `d${k}`, languageId, text }, spec));
      assert.equal(two.parseCounts().halves, before + 2);
      // Edits after the first lint, with and without idle time (settle parses the whole document).
      for (let e = 0; e < 6; e++) {
        const at = text.indexOf('224', Math.floor((text.length * (e + 1)) / 8));
        text = text.slice(0, at) + (e % 2 ? '225' : '230') + text.slice(at + 3);
        if (e % 3 === 1) two.settle();
        assert.deepEqual(two.lint({ uri: 'd0', languageId, text }, spec), one.lint({ uri: `fresh${e}`, languageId, text }, spec));
        one.close(`fresh${e}`);
      }
    }
  } finally {
    two.dispose();
    one.dispose();
  }
});

test('without a working helper thread (its script is missing) every document is parsed whole and linted', async () => {
  const spec = specWith({});
  const l = await createLinter({ wasmDir: WASM_DIR, parallelParse: true, parseHelperScript: '/nonexistent/parse-helper.js' });
  try {
    assert.equal(await l.helperReady(10_000), false);
    const text = sourceOf('java', 150);
    assert.ok(l.lint({ uri: 'a', languageId: 'java', text }, spec).length > 0);
    assert.deepEqual(l.parseCounts(), { halves: 0, whole: 1 });
  } finally {
    l.dispose();
  }
});

test('hostile large documents (random bytes, thousands of unclosed calls) lint with the helper as without it', async () => {
  const spec = specWith({});
  const two = await createLinter({ wasmDir: WASM_DIR, parallelParse: 'always' });
  const one = await createLinter({ wasmDir: WASM_DIR });
  try {
    assert.equal(await two.helperReady(60_000), true);
    let seed = 99;
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const noise = Array.from({ length: 40_000 }, () => String.fromCharCode(Math.floor(rnd() * 256))).join('');
    const nested = sourceOf('java', 60) + 'x'.repeat(10) + '.astype('.repeat(3000) + sourceOf('java', 60);
    const halfGood = sourceOf('cpp', 80) + noise.slice(0, 3000) + sourceOf('cpp', 80);
    for (const [languageId, text] of [
      ['python', noise],
      ['java', nested],
      ['cpp', halfGood],
    ] as [LintLanguageId, string][]) {
      assert.deepEqual(two.check({ uri: 'h', languageId, text }, spec), one.check({ uri: 'h', languageId, text }, spec), languageId);
      two.close('h');
      one.close('h');
    }
  } finally {
    two.dispose();
    one.dispose();
  }
});

test("the first half's chunks, extracted while the second half is parsed, are the whole tree's and the first build reuses them", async () => {
  const rt = await (runtime ??= loadRuntime(WASM_DIR));
  for (const languageId of Object.keys(PART) as LintLanguageId[]) {
    const text = sourceOf(languageId, 150);
    const family = familyOf(languageId);
    const plan = planSplit(text, family)!;
    rt.parser.setLanguage(rt.languages.get(languageId)!);
    const whole = rt.parser.parse(text)!;
    const a = parseHalf(rt.parser, text, plan.first, () => false)!;
    try {
      const ex = EXTRACTORS[family];
      const ahead = new Map<string, CachedChunk[]>();
      extractAhead(
        ahead,
        FlatTree.read(rt.wasm!, a, a.rootNode, text, 1024).node(0),
        text,
        plan.mid,
        ex.container,
        new ChunkExtractor(ex.extract, text, Infinity),
      );
      const entries = [...ahead.values()].flat();
      assert.ok(entries.length >= 50 && entries.length <= 100, `${languageId}: ${entries.length} chunks ahead`);
      const root = FlatTree.read(rt.wasm!, whole, whole.rootNode, text, 1024).node(0);
      const fresh = buildModule({ chunks: new Map() }, root, text, ex.container, 1, new ChunkExtractor(ex.extract, text, Infinity));
      const reused = buildModule({ chunks: ahead }, root, text, ex.container, 1, new ChunkExtractor(ex.extract, text, Infinity));
      assert.deepEqual(reused, fresh, languageId);
      assert.ok(
        entries.every((e) => e.gen === 1),
        `${languageId}: every chunk extracted ahead is used by the build`,
      );
    } finally {
      whole.delete();
      a.delete();
    }
  }
});
