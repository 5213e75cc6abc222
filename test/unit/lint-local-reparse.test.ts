// An edit strictly inside one function is re-parsed from that function's text alone (local-reparse.ts), the document's
// tree is brought up to date when the linter is idle (settle), and every lint gives what a fresh lint of the same
// text gives: edits inside functions, edits that break a function's structure, edits between functions, with and
// without idle time between them.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import * as TS from '@vscode/tree-sitter-wasm';
import * as path from 'node:path';
import { createLinter } from '../../src/core/lint/linter';
import { parseChunk } from '../../src/core/lint/local-reparse';
import type { LintLanguageId } from '../../src/core/lint/types';
import { specWith, WASM_DIR } from './lint-test-helpers';

/** Ten functions each, with findings under the spec (224 × 224 RGB, ÷ 255) in some of them. */
const SOURCES: Record<string, (i: number) => string> = {
  python: (i) =>
    `def load_${i}(path, model):\n    img = cv2.imread(path)\n    img = cv2.resize(img, (${200 + i}, 224))\n    x = img.astype(np.float32) / ${i % 2 ? '255.0' : '127.5'}\n    return model.predict(x[None])\n\n`,
  cpp: (i) =>
    `cv::Mat Blob${i}(const cv::Mat& frame, cv::dnn::Net& net) {\n  cv::Mat rgb;\n  cv::cvtColor(frame, rgb, cv::COLOR_BGR2RGB);\n  cv::Mat blob = cv::dnn::blobFromImage(rgb, 1.0 / ${i % 2 ? '255' : '127.5'}, cv::Size(${200 + i}, 224), cv::Scalar(), false, false);\n  net.setInput(blob);\n  return net.forward();\n}\n\n`,
  java: (i) =>
    `  float[][] classify${i}(Bitmap bitmap) {\n    Bitmap scaled = Bitmap.createScaledBitmap(bitmap, ${200 + i}, 224, true);\n    float[][][][] input = new float[1][224][224][3];\n    for (int y = 0; y < 224; ++y) {\n      for (int x = 0; x < 224; ++x) {\n        int p = scaled.getPixel(x, y);\n        input[0][y][x][0] = ((p >> 16) & 0xFF) / ${i % 2 ? '255.0f' : '127.5f'};\n        input[0][y][x][1] = ((p >> 8) & 0xFF) / 255.0f;\n        input[0][y][x][2] = (p & 0xFF) / 255.0f;\n      }\n    }\n    float[][] out = new float[1][10];\n    tflite.run(input, out);\n    return out;\n  }\n\n`,
  typescript: (i) =>
    `function predict${i}(img: HTMLImageElement, model: tf.LayersModel) {\n  const t = tf.browser.fromPixels(img);\n  const r = tf.image.resizeBilinear(t, [224, ${200 + i}]);\n  const x = r.toFloat().div(${i % 2 ? '255' : '127.5'});\n  return model.predict(x.expandDims(0));\n}\n\n`,
};
const HEAD: Record<string, string> = {
  python: 'import cv2\nimport numpy as np\n\n',
  cpp: '#include <opencv2/opencv.hpp>\n\n',
  java: 'import android.graphics.Bitmap;\n\npublic class Classifier {\n  private Interpreter tflite;\n\n',
  typescript: "import * as tf from '@tensorflow/tfjs';\n\n",
};
const TAIL: Record<string, string> = { java: '}\n' };
/** What an edit inserts: digits and names (the function still parses), and text that breaks its structure. */
const INSERTS = ['1', '9', 'x', '\n', ' ', '(', ')', '{', '}', '/*', '"', '# ', '// ', ';'];

function sourceOf(languageId: string): string {
  let text = HEAD[languageId];
  for (let i = 0; i < 10; i++) text += SOURCES[languageId](i);
  return text + (TAIL[languageId] ?? '');
}

for (const languageId of ['python', 'cpp', 'java', 'typescript'] as LintLanguageId[]) {
  test(`${languageId}: 60 edits mostly inside functions, with idle time at random, match a fresh lint after each`, async () => {
    const spec = specWith({});
    const live = await createLinter({ wasmDir: WASM_DIR });
    const fresh = await createLinter({ wasmDir: WASM_DIR });
    let text = sourceOf(languageId);
    live.lint({ uri: 'live', languageId, text }, spec);
    let seed = 4242;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let k = 0; k < 60; k++) {
      // Mostly an edit inside one function's body (after its first line), sometimes anywhere.
      const bodies = [...text.matchAll(/\n {2,4}\S/g)].map((m) => (m.index ?? 0) + 1);
      const start = rnd(4) === 0 || bodies.length === 0 ? rnd(text.length) : bodies[rnd(bodies.length)] + rnd(20);
      const del = rnd(3) === 0 ? Math.min(text.length - start, 1 + rnd(3)) : 0;
      const insert = del > 0 && rnd(2) === 0 ? '' : INSERTS[rnd(INSERTS.length)];
      text = text.slice(0, start) + insert + text.slice(start + del);
      const got = live.lint({ uri: 'live', languageId, text }, spec);
      const want = fresh.lint({ uri: `fresh${k}`, languageId, text }, spec);
      fresh.close(`fresh${k}`);
      assert.deepEqual(got, want, `after edit ${k} (${JSON.stringify(insert)} at ${start}, ${del} deleted)`);
      if (rnd(3) === 0) live.settle();
    }
    live.dispose();
    fresh.dispose();
  });
}

test('an edit inside one function changes that function’s findings only, before and after idle time', async () => {
  const spec = specWith({});
  const l = await createLinter({ wasmDir: WASM_DIR });
  const text = sourceOf('cpp');
  const before = l.lint({ uri: 'u', languageId: 'cpp', text }, spec);
  const at = text.indexOf('cv::Size(205, 224)');
  const edited = text.slice(0, at) + 'cv::Size(224, 224)' + text.slice(at + 'cv::Size(205, 224)'.length);
  const after = l.lint({ uri: 'u', languageId: 'cpp', text: edited }, spec);
  const line = text.slice(0, at).split('\n').length - 1;
  const size = (fs: typeof before): number[] => fs.filter((f) => f.code === 'TP201').map((f) => f.range.start.line);
  assert.deepEqual(
    size(after),
    size(before).filter((l2) => l2 !== line),
  );
  l.settle();
  assert.deepEqual(l.lint({ uri: 'u', languageId: 'cpp', text: edited }, spec), after);
  // An edit elsewhere after idle time: still exact.
  const again = edited.replace('cv::Size(209, 224)', 'cv::Size(224, 224)');
  const want = await createLinter({ wasmDir: WASM_DIR });
  assert.deepEqual(l.lint({ uri: 'u', languageId: 'cpp', text: again }, spec), want.lint({ uri: 'w', languageId: 'cpp', text: again }, spec));
  want.dispose();
  l.dispose();
});

test('parseChunk: one function re-parsed alone keeps the document’s offsets; a range that is not one node gives nothing', async () => {
  await TS.Parser.init({ locateFile: (f: string) => path.join(WASM_DIR, f) });
  const lang = await TS.Language.load(path.join(WASM_DIR, 'tree-sitter-cpp.wasm'));
  const parser = new TS.Parser();
  parser.setLanguage(lang);
  const text = sourceOf('cpp');
  const full = parser.parse(text);
  assert.ok(full);
  const fn = full.rootNode.namedChildren.filter((n) => n?.type === 'function_definition')[3];
  assert.ok(fn);
  const part = parseChunk(parser, text, fn.startIndex, fn.endIndex, 'function_definition', () => false);
  assert.ok(part);
  assert.equal(part.node.startIndex, fn.startIndex);
  assert.equal(part.node.endIndex, fn.endIndex);
  assert.equal(part.tree.rootNode.namedChild(0)?.toString(), fn.toString());
  part.tree.delete();
  // Two functions, a function cut short, and another node type: not one node of the chunk's type.
  const next = full.rootNode.namedChildren.filter((n) => n?.type === 'function_definition')[4];
  assert.ok(next);
  assert.equal(
    parseChunk(parser, text, fn.startIndex, next.endIndex, 'function_definition', () => false),
    undefined,
  );
  assert.equal(
    parseChunk(parser, text, fn.startIndex, fn.endIndex - 2, 'function_definition', () => false),
    undefined,
  );
  assert.equal(
    parseChunk(parser, text, fn.startIndex, fn.endIndex, 'declaration', () => false),
    undefined,
  );
  full.delete();
  parser.delete();
});
