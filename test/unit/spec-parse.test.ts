import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { findNodeAtOffset, parseTree } from 'jsonc-parser';
import { formatSpecProblem, nodePath, parseSpec, specTemplate, type SpecProblem } from '../../src/core/spec';

const ROOT = path.resolve(__dirname, '../../..');

function spec(input: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ model: { path: 'm/model.json' }, input: { width: 224, height: 224, ...input }, ...extra }, null, 2);
}

function only(problems: SpecProblem[], p: string): SpecProblem {
  const found = problems.filter((x) => x.path === p);
  assert.equal(found.length, 1, `expected one problem at ${p}, got ${JSON.stringify(problems)}`);
  return found[0];
}

/** The text a problem points at. */
function span(text: string, p: SpecProblem): string {
  return text.slice(p.offset, p.offset + p.length);
}

test('the demo spec parses without problems and keeps its values', () => {
  const text = readFileSync(path.join(ROOT, 'demo/tensorparity.json'), 'utf8');
  const { spec: s, problems } = parseSpec(text);
  assert.deepEqual(problems, []);
  assert.ok(s);
  assert.equal(s.model.format, 'tfjs-graph');
  assert.equal(s.model.inputName, 'input_1');
  assert.equal(s.input.width, 256);
  assert.equal(s.input.resize.antialias, false);
  assert.deepEqual(s.output.labels, ['background', 'person']);
});

test('the template is a valid spec with no warnings', () => {
  const { spec: s, problems } = parseSpec(specTemplate());
  assert.deepEqual(problems, []);
  assert.ok(s);
  assert.doesNotThrow(() => JSON.parse(specTemplate()));
});

test('a minimal spec gets every default filled', () => {
  const { spec: s, problems } = parseSpec('{"model":{"path":"m/model.json"},"input":{"width":3,"height":4}}');
  assert.deepEqual(problems, []);
  assert.deepEqual(s, {
    model: { path: 'm/model.json', format: 'tfjs-graph' },
    input: {
      width: 3,
      height: 4,
      colorOrder: 'RGB',
      resize: { library: 'tf', method: 'bilinear', fit: 'stretch', padValue: 0 },
      scale: 1 / 255,
      mean: [0, 0, 0],
      std: [1, 1, 1],
      dtype: 'float32',
      layout: 'NHWC',
      applyExif: true,
      alpha: { mode: 'drop', background: [255, 255, 255] },
    },
    output: { kind: 'raw', activation: 'none', threshold: 0.5, labels: [], colors: [], topK: 5 },
    tolerance: { atol: 1e-4, rtol: 1e-3, mode: 'allclose' },
    limits: { maxPixels: 100_000_000 },
  });
});

test('GRAY defaults mean and std to one channel; a directory path defaults to saved-model', () => {
  const { spec: s } = parseSpec('{"model":{"path":"exported"},"input":{"width":3,"height":4,"colorOrder":"GRAY"}}');
  assert.ok(s);
  assert.deepEqual(s.input.mean, [0]);
  assert.deepEqual(s.input.std, [1]);
  assert.equal(s.model.format, 'saved-model');
});

test("a library without a method gets that library's own default method", () => {
  const { spec: s } = parseSpec(spec({ resize: { library: 'pil' } }));
  assert.equal(s?.input.resize.method, 'bicubic');
  assert.equal(parseSpec(spec({ resize: { library: 'cv2' } })).spec?.input.resize.method, 'linear');
});

test('malformed JSON gives located syntax problems, never a throw', () => {
  const cases = ['{"model": {"path": "a"}', '{"model": {"path": "a",}, "input": {}}', '{"model" {"path": 1}}', 'nul', '{"a": "unterminated}'];
  for (const text of cases) {
    const { spec: s, problems } = parseSpec(text, 'tensorparity.json');
    assert.equal(s, undefined, text);
    const syntax = problems.filter((p) => p.message.startsWith('JSON syntax error in tensorparity.json'));
    assert.ok(syntax.length > 0, `${text}: ${JSON.stringify(problems)}`);
    for (const p of syntax) {
      assert.equal(p.severity, 'error');
      assert.ok(p.offset >= 0 && p.offset <= text.length && p.length >= 1);
    }
  }
  const trailing = '{"model": {"path": "a",}, "input": {"width": 1, "height": 1}}';
  const p = parseSpec(trailing).problems.find((x) => x.message.includes('trailing comma'));
  assert.ok(p);
  assert.equal(span(trailing, p), '}');
});

test('empty text and a non-object root are errors', () => {
  assert.match(parseSpec('').problems[0].message, /empty/);
  assert.match(parseSpec('  [1, 2]').problems[0].message, /must be a JSON object/);
});

test('comments are accepted', () => {
  const { spec: s, problems } = parseSpec('// spec\n{"model":{"path":"m.json"}, /* size */ "input":{"width":1,"height":1}}');
  assert.deepEqual(problems, []);
  assert.ok(s);
});

test('missing required fields point at the parent key', () => {
  const text = '{"model": {"format": "tfjs-graph"}, "input": {"width": 10}}';
  const { spec: s, problems } = parseSpec(text);
  assert.equal(s, undefined);
  assert.equal(span(text, only(problems, 'model.path')), '"model"');
  const h = only(problems, 'input.height');
  assert.equal(span(text, h), '"input"');
  assert.match(h.message, /Missing required field "input.height"/);
  const root = parseSpec('{}').problems;
  assert.equal(only(root, 'model').offset, 0);
  assert.equal(only(root, 'input').length, 1);
});

test('sizes of 0, negative, fractional or over 16384 are errors naming the limit', () => {
  for (const bad of [0, -5, 2.5, 16385, 100000]) {
    const text = spec({ width: bad });
    const p = only(parseSpec(text).problems, 'input.width');
    assert.equal(p.severity, 'error');
    assert.match(p.message, /from 1 to 16384/);
    assert.equal(span(text, p), String(bad));
  }
  assert.ok(parseSpec(spec({ width: 16384, height: 1 })).spec);
});

test('wrong types are errors with the node located', () => {
  const text = spec({ height: '224', applyExif: 'yes', scale: null });
  const problems = parseSpec(text).problems;
  assert.match(only(problems, 'input.height').message, /must be an integer, not the string "224"/);
  assert.equal(span(text, only(problems, 'input.applyExif')), '"yes"');
  assert.match(only(problems, 'input.scale').message, /not null/);
  assert.match(only(parseSpec('{"model": "m.json", "input": {"width":1,"height":1}}').problems, 'model').message, /must be an object/);
});

test('a method the library lacks lists the valid methods of that library', () => {
  const text = spec({ resize: { library: 'tfjs', method: 'area' } });
  const p = only(parseSpec(text).problems, 'input.resize.method');
  assert.equal(p.severity, 'error');
  assert.match(p.message, /Valid methods for tfjs: bilinear, nearest\./);
  assert.match(p.message, /"area" is a method of "cv2", "tf"/);
  assert.equal(span(text, p), '"area"');
  const cv2 = only(parseSpec(spec({ resize: { library: 'cv2', method: 'bilinear' } })).problems, 'input.resize.method');
  assert.match(cv2.message, /nearest, nearest-exact, linear, linear-exact, area, cubic, lanczos4/);
  const typo = only(parseSpec(spec({ resize: { method: 'bilnear' } })).problems, 'input.resize.method');
  assert.match(typo.message, /library "tf" \(the default/);
  assert.match(typo.message, /Did you mean "bilinear"\?/);
});

test('unknown libraries and enum values suggest the closest choice', () => {
  const p = only(parseSpec(spec({ resize: { library: 'opencv' } })).problems, 'input.resize.library');
  assert.match(p.message, /"cv2", "pil", "tf", "tfjs", "sharp"/);
  const layout = only(parseSpec(spec({ layout: 'NWHC' })).problems, 'input.layout');
  assert.match(layout.message, /Did you mean "NHWC"\?/);
});

test('fit "crop" is accepted for every library; an unknown fit lists "crop" among the choices', () => {
  for (const library of ['cv2', 'pil', 'tf', 'tfjs', 'sharp']) {
    const { spec: s, problems } = parseSpec(spec({ resize: { library, fit: 'crop' } }));
    assert.deepEqual(problems, []);
    assert.equal(s?.input.resize.fit, 'crop');
  }
  const p = only(parseSpec(spec({ resize: { fit: 'cover' } })).problems, 'input.resize.fit');
  assert.match(p.message, /"stretch", "keep-aspect", "letterbox", "crop"/);
});

test('mean and std must have one value per channel', () => {
  const text = spec({ mean: [0.5, 0.5] });
  const p = only(parseSpec(text).problems, 'input.mean');
  assert.match(p.message, /2 values but colorOrder "RGB" has 3 channels/);
  assert.equal(span(text, p), '[\n      0.5,\n      0.5\n    ]');
  const gray = only(parseSpec(spec({ colorOrder: 'GRAY', std: [1, 1, 1] })).problems, 'input.std');
  assert.match(gray.message, /colorOrder "GRAY" has 1 channel; give 1/);
  assert.ok(parseSpec(spec({ colorOrder: 'BGR', mean: [103.9, 116.8, 123.7], scale: 1 })).spec);
  assert.match(only(parseSpec(spec({ mean: [0, 'x', 0] })).problems, 'input.mean[1]').message, /must be a number/);
});

test('a zero std is an error at the element', () => {
  const text = spec({ std: [0.229, 0, 0.225] });
  const p = only(parseSpec(text).problems, 'input.std[1]');
  assert.match(p.message, /dividing by 0/);
  assert.equal(span(text, p), '0');
});

test('alignCorners with halfPixelCenters is an error; flags a library ignores are warnings', () => {
  const both = parseSpec(spec({ resize: { alignCorners: true, halfPixelCenters: true } }));
  assert.equal(both.spec, undefined);
  assert.match(only(both.problems, 'input.resize.alignCorners').message, /cannot both be true/);
  const ignored = parseSpec(spec({ resize: { library: 'cv2', method: 'area', antialias: true } }));
  assert.ok(ignored.spec);
  const w = only(ignored.problems, 'input.resize.antialias');
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /no effect with library "cv2"/);
});

test('unknown keys are warnings with "did you mean", and the spec still parses', () => {
  const text = spec({ widht: 3, resize: { libary: 'cv2' } }, { tolerence: {} });
  const { spec: s, problems } = parseSpec(text);
  assert.ok(s);
  const w = only(problems, 'input.widht');
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /Did you mean "width"\?/);
  assert.equal(span(text, w), '"widht"');
  assert.match(only(problems, 'input.resize.libary').message, /Did you mean "library"\?/);
  assert.match(only(problems, 'tolerence').message, /top level.*Did you mean "tolerance"\?/);
  assert.doesNotMatch(only(parseSpec(spec({ zzzzzz: 1 })).problems, 'input.zzzzzz').message, /Did you mean/);
});

test('segmentation labels and colours of different lengths are a warning', () => {
  const text = spec({}, { output: { kind: 'segmentation', labels: ['bg', 'person'], colors: ['#000000'] } });
  const { spec: s, problems } = parseSpec(text);
  assert.ok(s);
  const w = only(problems, 'output.colors');
  assert.equal(w.severity, 'warning');
  assert.match(w.message, /1 colour but "output.labels" has 2 labels/);
  const bad = only(parseSpec(spec({}, { output: { colors: ['red'] } })).problems, 'output.colors[0]');
  assert.match(bad.message, /#rrggbb/);
});

test('tolerance, limits and output ranges are checked', () => {
  const problems = parseSpec(spec({}, { tolerance: { atol: -1, mode: 'close' }, limits: { maxPixels: 0 }, output: { topK: 0 } })).problems;
  assert.match(only(problems, 'tolerance.atol').message, /at least 0/);
  assert.match(only(problems, 'tolerance.mode').message, /"allclose", "both"/);
  assert.match(only(problems, 'limits.maxPixels').message, /integer from 1/);
  assert.match(only(problems, 'output.topK').message, /at least 1/);
  const { spec: s } = parseSpec(spec({}, { limits: { maxPixels: 1000 } }));
  assert.equal(s?.limits.maxPixels, 1000);
});

test('a duplicate key is a warning and the last one wins', () => {
  const { spec: s, problems } = parseSpec('{"model":{"path":"m.json"},"input":{"width":1,"width":2,"height":1}}');
  assert.equal(s?.input.width, 2);
  assert.equal(only(problems, 'input.width').severity, 'warning');
});

test('model format and path mismatches are warnings', () => {
  const w = only(parseSpec(JSON.stringify({ model: { path: 'model', format: 'tfjs-graph' }, input: { width: 1, height: 1 } })).problems, 'model.path');
  assert.match(w.message, /does not end in \.json/);
});

test('problems format as file:line:col and nodePath names nested fields', () => {
  const text = '{\n  "model": {"path": "m.json"},\n  "input": {"width": 0, "height": 1}\n}';
  const p = only(parseSpec(text).problems, 'input.width');
  assert.match(formatSpecProblem(p, text, 'tensorparity.json'), /^tensorparity\.json:3:22: error: .*\[input\.width\]$/);
  const json = '{"input":{"mean":[1,2,3],"resize":{"method":"x"}}}';
  const tree = parseTree(json);
  assert.ok(tree);
  assert.equal(nodePath(findNodeAtOffset(tree, json.indexOf('2'))!), 'input.mean[1]');
  assert.equal(nodePath(findNodeAtOffset(tree, json.indexOf('"x"'))!), 'input.resize.method');
});

test('input.decoder names the JPEG decoder of the reference pipeline: "tf" or "libjpeg" (absent: the accurate IDCT)', () => {
  assert.equal(parseSpec(spec({ decoder: 'tf' })).spec?.input.decoder, 'tf');
  assert.equal(parseSpec(spec({})).spec?.input.decoder, undefined);
  const { problems } = parseSpec(spec({ decoder: 'tensorflow' }));
  const p = only(problems, 'input.decoder');
  assert.match(p.message, /"libjpeg".*"tf"|"tf"/);
});
