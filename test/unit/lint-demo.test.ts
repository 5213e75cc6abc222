// The demo workspace's four ports against demo/tensorparity.json: the findings a user sees first, their messages,
// and that applying every quick fix of a file at once gives code the linter accepts for those rules.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import type { Finding, LintLanguageId } from '../../src/core/lint/types';
import { parseSpec } from '../../src/core/spec/parse';
import { applyAllFixes, lintText, ROOT } from './lint-test-helpers';

const spec = parseSpec(fs.readFileSync(path.join(ROOT, 'demo/tensorparity.json'), 'utf8')).spec!;
const DEMO: Record<string, LintLanguageId> = {
  'preprocess.py': 'python',
  'reference.py': 'python',
  'preprocess.ts': 'typescript',
  'preprocess.cpp': 'cpp',
  'Preprocess.java': 'java',
};

function demo(file: string): string {
  return fs.readFileSync(path.join(ROOT, 'demo/src', file), 'utf8');
}

function lineOf(text: string, needle: string): number {
  const i = text.split('\n').findIndex((l) => l.includes(needle));
  assert.ok(i >= 0, `demo line "${needle}" is missing`);
  return i;
}

function at(findings: readonly Finding[], code: string, line: number): Finding[] {
  return findings.filter((f) => f.code === code && f.range.start.line === line);
}

test('no demo finding prints a placeholder callee or value', async () => {
  for (const [file, lang] of Object.entries(DEMO)) {
    for (const f of await lintText(lang, demo(file), spec)) {
      assert.doesNotMatch(f.message, /\?\(|\s\?\s|\(\?\)/, `${file}:${f.range.start.line + 1} ${f.code}: ${f.message}`);
    }
  }
});

test('preprocess.py: TP101 names the model call the BGR image reaches and the way it took', async () => {
  const text = demo('preprocess.py');
  const [f] = at(await lintText('python', text, spec), 'TP101', lineOf(text, 'cv2.imread(path)'));
  assert.ok(f);
  assert.match(f.message, /reaches model\(\) still in BGR/);
  assert.match(f.message, /load_image\(\): cv2\.imread → preprocess\(\): cv2\.resize, astype\(np\.float32\), \/ 255\.0 → segment\(\): model\(\)/);
});

test('a BGR image passed to a local function variable names that variable', async () => {
  const code = 'import cv2\nimport numpy as np\n\ndef run(path, fn):\n    img = cv2.imread(path).astype(np.float32) / 255.0\n    return fn(img)\n';
  const [f] = (await lintText('python', code, spec)).filter((x) => x.code === 'TP101');
  assert.ok(f);
  assert.match(f.message, /goes into fn\(\) still in BGR \(run\(\): cv2\.imread, astype\(np\.float32\), \/ 255\.0, fn\(\)\)/);
});

test('preprocess.ts: both resize-flag findings carry one fix that sets alignCorners=false and halfPixelCenters=true', async () => {
  const text = demo('preprocess.ts');
  const line = lineOf(text, 'tf.image.resizeBilinear(frame');
  const flags = at(await lintText('typescript', text, spec), 'TP205', line);
  assert.equal(flags.length, 2);
  assert.deepEqual(flags[0].fix, flags[1].fix);
  assert.equal(flags[0].fix?.title, 'Set alignCorners to false and halfPixelCenters to true');
});

test("preprocess.cpp, the program that wrote dumps/astronaut.cpp-bgr.npy: its findings are the dump's two causes (BGR imread, cv::resize instead of tf.image.resize)", async () => {
  const text = demo('preprocess.cpp');
  const findings = await lintText('cpp', text, spec);
  assert.deepEqual(findings.map((f) => f.code).sort(), ['TP101', 'TP204'], findings.map((f) => `${f.code} ${f.message}`).join('\n'));
  assert.equal(at(findings, 'TP101', lineOf(text, 'cv::Mat frame = cv::imread(argv[i]);')).length, 1);
  assert.equal(at(findings, 'TP204', lineOf(text, 'cv::resize(frame, resized')).length, 1);
  // What the dump script runs is what the code says: size, kernel and scale.
  const script = fs.readFileSync(path.join(ROOT, 'scripts/golden/make_demo_dumps.py'), 'utf8');
  assert.match(text, /constexpr int kInputWidth = 256;/);
  assert.match(text, /cv::INTER_LINEAR\);/);
  assert.match(text, /convertTo\(as_float, CV_32FC3, 1\.0 \/ 255\);/);
  assert.match(script, /cv2\.resize\(frame, \(SIZE, SIZE\), interpolation=cv2\.INTER_LINEAR\)/);
  assert.match(script, /SIZE = 256/);
});

test('reference.py, the program that wrote dumps/astronaut.reference.npy, matches the spec: no finding', async () => {
  assert.deepEqual(await lintText('python', demo('reference.py'), spec), []);
});

test('Preprocess.java: one TP301 for the three channels of the [-1, 1] buffer (one deviation), TP401 on the channel-plane array', async () => {
  const text = demo('Preprocess.java');
  const findings = await lintText('java', text, spec);
  assert.deepEqual(
    findings.filter((f) => f.code === 'TP301').map((f) => f.range.start.line),
    [lineOf(text, 'float r =')],
  );
  const [layout] = at(findings, 'TP401', lineOf(text, 'values[i] = Color.red'));
  assert.ok(layout);
  assert.match(layout.message, /values\[i\], values\[plane \+ i\], values\[2 \* plane \+ i\]/);
});

test('preprocess.ts: the canvas fallback stepping by 4 over the pixel count is TP503 (a quarter of the pixels)', async () => {
  const text = demo('preprocess.ts');
  const [fill] = at(await lintText('typescript', text, spec), 'TP503', lineOf(text, 'i += 4'));
  assert.ok(fill);
  assert.match(fill.message, /fills only 1\/4/);
});

for (const [file, lang] of Object.entries(DEMO).filter(([f]) => f !== 'reference.py')) {
  test(`${file}: applying every fix at once removes those findings and adds none`, async () => {
    const text = demo(file);
    const before = await lintText(lang, text, spec);
    const fixedCodes = new Set(before.filter((f) => f.fix).map((f) => `${f.code}:${f.specPath}`));
    assert.ok(fixedCodes.size > 0, `${file} has no fixes`);
    const fixed = applyAllFixes(text, before);
    const after = await lintText(lang, fixed, spec);
    const left = after.filter((f) => fixedCodes.has(`${f.code}:${f.specPath}`) && f.fix);
    assert.deepEqual(
      left.map((f) => `${f.range.start.line + 1} ${f.code} ${f.message}`),
      [],
      `${file}: fixed findings remain`,
    );
    const count = (fs: readonly Finding[]): Map<string, number> => {
      const m = new Map<string, number>();
      for (const f of fs) m.set(f.code, (m.get(f.code) ?? 0) + 1);
      return m;
    };
    const [b, a] = [count(before), count(after)];
    for (const [code, n] of a) assert.ok(n <= (b.get(code) ?? 0), `${file}: fixing added ${code} (${n} after, ${b.get(code) ?? 0} before)\n${fixed}`);
    if (file === 'preprocess.ts') assert.match(fixed, /tf\.image\.resizeBilinear\(frame, \[256, 256\], false, true\)/);
    if (file === 'preprocess.cpp') {
      assert.match(fixed, /resized\.convertTo\(as_float, CV_32FC3, 1\.0 \/ 255\);/);
      assert.match(fixed, /i < as_float\.total\(\) \* as_float\.channels\(\); \+\+i/);
      // After the check that imread worked (the `continue` block), not between imread and the check.
      assert.match(fixed, /continue;\n    \}\n    cv::cvtColor\(frame, frame, cv::COLOR_BGR2RGB\);\n    FillInput/);
    }
  });
}
