// Incremental linting reuses what building the name tables did for each unchanged function (its scopes, calls,
// `self.x` fields, imports) instead of walking it again. These scripted edits change what an unchanged function depends
// on — a field set in another method, the constant every call site passes, a global another function assigns — and
// check after each edit that the live document's findings are exactly a fresh lint's.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createLinter } from '../../src/core/lint/linter';
import type { Finding, LintLanguageId } from '../../src/core/lint/types';
import { specWith, WASM_DIR } from './lint-test-helpers';

const PYTHON = `import cv2
import numpy as np

SIZE = 224


class Pre:
    def __init__(self):
        self.size = 256
        self.mean = 127.5

    def run(self, path, model):
        img = cv2.imread(path)
        img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
        img = cv2.resize(img, (self.size, self.size))
        x = img.astype(np.float32) / 255.0
        return model.predict(x[None])


def prep(path, size=(300, 300), model=None):
    img = cv2.imread(path)
    img = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)
    img = cv2.resize(img, size)
    x = img.astype(np.float32) / 255.0
    return model.predict(x[None])


def main(model):
    prep("a.jpg", (256, 256), model)
    prep("b.jpg", (256, 256), model)
`;

const CPP = `#include <opencv2/opencv.hpp>

int gW = 256;

void setW(int w) { gW = w; }

cv::Mat prep(const cv::Mat& frame, cv::dnn::Net& net) {
  cv::Mat blob = cv::dnn::blobFromImage(frame, 1.0 / 255, cv::Size(gW, gW), cv::Scalar(), true, false);
  net.setInput(blob);
  return net.forward();
}

class P {
 public:
  int size = 300;
  cv::Mat run(const cv::Mat& f, cv::dnn::Net& net) {
    cv::Mat b = cv::dnn::blobFromImage(f, 1.0 / 255, cv::Size(size, size), cv::Scalar(), true, false);
    net.setInput(b);
    return net.forward();
  }
};
`;

/** Replaces the `nth` occurrence (0-based) of `from`; fails the test when it is missing. */
function replace(text: string, from: string, to: string, nth = 0): string {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(from, at + 1);
    assert.ok(at >= 0, `the test source has no ${JSON.stringify(from)} #${nth}`);
  }
  return text.slice(0, at) + to + text.slice(at + from.length);
}

function codes(fs: Finding[]): string[] {
  return fs.map((f) => `${f.range.start.line + 1} ${f.code}`);
}

async function script(languageId: LintLanguageId, start: string, steps: [string, (t: string) => string][]): Promise<string[][]> {
  const spec = specWith();
  const live = await createLinter({ wasmDir: WASM_DIR });
  const fresh = await createLinter({ wasmDir: WASM_DIR });
  let text = start;
  const seen = [codes(live.lint({ uri: 'live', languageId, text }, spec))];
  for (const [what, edit] of steps) {
    text = edit(text);
    const got = live.lint({ uri: 'live', languageId, text }, spec);
    const want = fresh.lint({ uri: `fresh-${seen.length}`, languageId, text }, spec);
    assert.deepEqual(got, want, `after "${what}" the live document differs from a fresh lint`);
    seen.push(codes(got));
  }
  live.dispose();
  fresh.dispose();
  return seen;
}

test('python: editing a field, a call site, an import or the layout re-checks the unchanged functions that depend on it', async () => {
  const seen = await script('python', PYTHON, [
    ['self.size set to the spec size in __init__', (t) => replace(t, 'self.size = 256', 'self.size = 224')],
    ['one call site passes another size', (t) => replace(t, '(256, 256), model)', '(320, 320), model)', 1)],
    ['both call sites agree again', (t) => replace(t, '(320, 320), model)', '(256, 256), model)')],
    ['an import inside a function', (t) => replace(t, '    img = cv2.imread(path)\n', '    from PIL import Image\n    img = cv2.imread(path)\n', 1)],
    ['a function added above the class', (t) => replace(t, 'class Pre:', 'def helper(x):\n    return x / 255.0\n\n\nclass Pre:')],
    ['the field set back to 256', (t) => replace(t, 'self.size = 224', 'self.size = 256')],
    ['a module constant changed', (t) => replace(t, 'SIZE = 224', 'SIZE = 225')],
    ['main renamed: prep has no callers', (t) => replace(t, 'prep("a.jpg"', 'other("a.jpg"')],
  ]);
  // run() is never edited: its resize finding follows the field __init__ sets.
  assert.ok(seen[0].includes('15 TP201') && !seen[1].includes('15 TP201'), JSON.stringify(seen));
  // prep() is never edited: its size is the constant both call sites pass, and unknown while they disagree.
  assert.ok(seen[1].includes('23 TP201') && !seen[2].includes('23 TP201') && seen[3].includes('23 TP201'), JSON.stringify(seen));
});

test('cpp: a function that assigns a global, and class members, stay exact across edits', async () => {
  const seen = await script('cpp', CPP, [
    ['the global is no longer assigned', (t) => replace(t, '{ gW = w; }', '{ (void)w; }')],
    ['the member set to the spec size', (t) => replace(t, 'int size = 300;', 'int size = 224;')],
    ['the global assigned again', (t) => replace(t, '{ (void)w; }', '{ gW = w; }')],
    ['a line inserted at the top', (t) => `// preprocessing\n${t}`],
    ['a method added to the class', (t) => replace(t, ' public:\n', ' public:\n  void set(int s) { size = s; }\n')],
  ]);
  // prep() is never edited: gW is its constant only while no function assigns it.
  assert.ok(!seen[0].includes('8 TP201') && seen[1].includes('8 TP201') && !seen[3].includes('8 TP201'), JSON.stringify(seen));
  // run() is never edited: its blob size follows the member's initializer.
  assert.ok(seen[1].includes('17 TP201') && !seen[2].includes('17 TP201'), JSON.stringify(seen));
});

test('cpp: functions nested by an unclosed brace keep their findings when an edit above moves them', async () => {
  const fn = (i: number): string => `tensorflow::Tensor Pre${i}(const std::string& path) {
  cv::Mat img = cv::imread(path);
  cv::resize(img, img, cv::Size(320, kHeight));
  tensorflow::Tensor tensor(tensorflow::DT_FLOAT, {1, kHeight, 320, 3});
  return tensor;
}
`;
  const start = `#include <opencv2/opencv.hpp>\n\nconst int kHeight = 224;\n\n${[0, 1, 2, 3].map(fn).join('\n')}`;
  const seen = await script('cpp', start, [
    // The rest of the file now parses as functions nested in Broken().
    ['an unclosed function header', (t) => replace(t, 'tensorflow::Tensor Pre2(', 'cv::Mat Broken(const cv::Mat& f) {\ntensorflow::Tensor Pre2(')],
    ['a line deleted above it', (t) => replace(t, '  return tensor;\n', '')],
    ['a line inserted above it', (t) => `// top\n${t}`],
  ]);
  assert.ok(
    seen.every((s) => s.filter((c) => c.endsWith('TP402')).length === 4),
    JSON.stringify(seen),
  );
});
