// What a new user meets first: commands under one category, translatable strings, .raw treated like .bin, the
// walkthrough, keybindings, the backend setting in the User tab, the spec-for-your-model questions and the backend advice.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ModelError } from '../../src/core/infer/errors';
import { nativeSetupCommand, tfjsNodeInstalled, whyNotNative } from '../../src/core/infer/native-advice';
import { guessImageInput, readModelSignature, specFromAnswers } from '../../src/core/spec/from-model';
import { parseSpec } from '../../src/core/spec/parse';

const ROOT = path.resolve(__dirname, '../../..');
type Json = Record<string, unknown>;
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Json;
const nls = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8')) as Record<string, string>;
const contributes = pkg.contributes as Json;
const commands = contributes.commands as { command: string; title: string; category?: string }[];
const commandIds = new Set(commands.map((c) => c.command));

test('every command is in the "Tensor Parity" category with a translatable title that does not repeat the category', () => {
  for (const c of commands) {
    assert.equal(c.category, '%category%', c.command);
    assert.match(c.title, /^%[\w.]+%$/, c.command);
    const title = nls[c.title.slice(1, -1)];
    assert.ok(title, `${c.title} is missing from package.nls.json`);
    assert.doesNotMatch(title, /^Tensor Parity/, `${c.command}: the category already says Tensor Parity`);
  }
  assert.equal(nls.category, 'Tensor Parity');
});

test('package.nls.json names each key once (JSON.parse would keep only the last of two)', () => {
  const keys = [...fs.readFileSync(path.join(ROOT, 'package.nls.json'), 'utf8').matchAll(/^\s*"([^"]+)":/gm)].map((m) => m[1]);
  assert.deepEqual(
    keys.filter((k, i) => keys.indexOf(k) !== i),
    [],
  );
});

test('every %key% in package.json has a string in package.nls.json', () => {
  const keys = [...JSON.stringify(pkg).matchAll(/"%([\w.-]+)%"/g)].map((m) => m[1]);
  assert.ok(keys.length > 30);
  assert.deepEqual(
    keys.filter((k) => !(k in nls)),
    [],
  );
});

test('every string a user reads in the contributions (titles, labels, descriptions, display names) is a %key%', () => {
  const readable =
    /^(title|shortTitle|label|displayName|description|markdownDescription|enumDescriptions|markdownEnumDescriptions|deprecationMessage|markdownDeprecationMessage|altText)$/;
  const plain: string[] = [];
  const walk = (v: unknown, where: string, key: string): void => {
    if (typeof v === 'string') {
      if (readable.test(key) && !/^%[\w.-]+%$/.test(v)) plain.push(`${where}: ${v}`);
    } else if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${where}[${i}]`, key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, `${where}.${k}`, k);
  };
  walk(contributes, 'contributes', '');
  assert.deepEqual(plain, []);
});

test('.raw dumps get every menu .bin dumps get', () => {
  const menus = contributes.menus as Record<string, { command: string; when?: string }[]>;
  for (const [where, items] of Object.entries(menus)) {
    for (const m of items) {
      if (m.when && /\bbin\b/.test(m.when)) assert.match(m.when, /\braw\b/, `${where} ${m.command}: ${m.when}`);
    }
  }
});

test('keybindings run contributed commands, each with a when clause', () => {
  const kb = contributes.keybindings as { command: string; key: string; when?: string }[];
  assert.ok(kb.length >= 4);
  for (const k of kb) {
    assert.ok(commandIds.has(k.command), k.command);
    assert.ok(k.when, `${k.command} ${k.key} needs a when clause`);
  }
});

test('the walkthrough: five steps with existing media, command links to contributed commands, completion events', () => {
  const [w] = contributes.walkthroughs as {
    steps: { id: string; description: string; media: { markdown: string }; completionEvents: string[] }[];
  }[];
  assert.deepEqual(
    w.steps.map((s) => s.id),
    ['openDemoSpec', 'runInference', 'compareDump', 'seeLint', 'ownModel'],
  );
  for (const s of w.steps) {
    assert.ok(fs.existsSync(path.join(ROOT, s.media.markdown)), s.media.markdown);
    const text = nls[s.description.slice(1, -1)];
    for (const m of text.matchAll(/\(command:([\w.]+)\)/g)) assert.ok(commandIds.has(m[1]), `${s.id} links to unknown ${m[1]}`);
    assert.ok(s.completionEvents.length > 0);
  }
  assert.ok(fs.existsSync(path.join(ROOT, 'demo/dumps/astronaut.cpp-bgr.npy')), 'the compare step names this demo dump');
});

test('the backend setting is shown in the User settings tab (not machine-scoped)', () => {
  const props = (contributes.configuration as Json).properties as Record<string, { scope?: string }>;
  assert.ok(!['machine', 'machine-overridable'].includes(props['tensorParity.backend'].scope ?? ''));
});

test("the demo model's signature gives a 256 × 256 RGB NHWC input and a spec that parses cleanly", () => {
  const sig = readModelSignature(path.join(ROOT, 'demo/models/selfie/selfie.json'));
  assert.equal(sig.format, 'tfjs-graph');
  assert.deepEqual(sig.inputs, [{ name: 'input_1', shape: [1, 256, 256, 3], dtype: 'float' }]);
  assert.deepEqual(guessImageInput(sig.inputs[0]), { height: 256, width: 256, channels: 3, layout: 'NHWC' });
  const text = specFromAnswers({
    modelPath: 'models/selfie/selfie.json',
    signature: sig,
    inputName: 'input_1',
    colorOrder: 'RGB',
    width: 256,
    height: 256,
    normalisation: '-1..1',
    library: 'cv2',
  });
  const { spec, problems } = parseSpec(text);
  assert.deepEqual(problems, []);
  assert.ok(spec);
  assert.equal(spec.model.outputName, 'activation_10');
  assert.equal(spec.input.resize.library, 'cv2');
  assert.equal(spec.input.resize.method, 'linear');
  assert.equal(spec.input.scale * 255 - spec.input.mean[0], 1, 'pixel 255 maps to 1');
});

test('an NCHW input and a layers model with an unfixed size are read as such', () => {
  assert.deepEqual(guessImageInput({ name: 'x', shape: [1, 3, 224, 224], dtype: 'float32' }), {
    channels: 3,
    height: 224,
    width: 224,
    layout: 'NCHW',
  });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-sig-'));
  const file = path.join(dir, 'model.json');
  fs.writeFileSync(
    file,
    JSON.stringify({
      format: 'layers-model',
      modelTopology: {
        class_name: 'Sequential',
        config: {
          layers: [{ class_name: 'Conv2D', config: { name: 'conv', batch_input_shape: [null, null, null, 1], dtype: 'float32' } }],
        },
      },
    }),
  );
  const sig = readModelSignature(file);
  assert.equal(sig.format, 'tfjs-layers');
  assert.deepEqual(sig.inputs[0].shape, [-1, -1, -1, 1]);
  assert.deepEqual(guessImageInput(sig.inputs[0]), { channels: 1, layout: 'NHWC' });
  const gray = parseSpec(
    specFromAnswers({
      modelPath: 'model.json',
      signature: sig,
      colorOrder: 'GRAY',
      width: 28,
      height: 28,
      normalisation: '0..1',
      library: 'pil',
    }),
  );
  assert.deepEqual(gray.problems, []);
  assert.deepEqual(gray.spec?.input.mean, [0]);
});

test('bad model files: the error names the file and the fix', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-sig-'));
  const cases: [string, string, RegExp][] = [
    ['missing.json', '', /missing\.json could not be read .*Pick the model\.json/],
    ['broken.json', '{"modelTopology": ', /broken\.json is not valid JSON\. Pick the model\.json that tensorflowjs_converter wrote/],
    ['tensorparity.json', '{"model": {}}', /tensorparity\.json has no "modelTopology", so it is not a TensorFlow\.js model/],
    ['empty.json', '{"modelTopology": {"node": []}}', /empty\.json declares no inputs/],
    ['m.tflite', 'x', /m\.tflite: reading the input signature needs a TensorFlow\.js model\.json\. Convert the model with tensorflowjs_converter/],
  ];
  for (const [name, content, message] of cases) {
    const file = path.join(dir, name);
    if (content) fs.writeFileSync(file, content);
    assert.throws(
      () => readModelSignature(file),
      (e: unknown) => e instanceof ModelError && message.test(e.message) && e.message.includes(dir),
    );
  }
});

test('the command that enables the native backend: setup script in a source checkout, npm install elsewhere', () => {
  const src = nativeSetupCommand('/x/tp', (p) => p.endsWith('setup-tfjs-node.sh') || p.endsWith('package.json'));
  assert.equal(src.command, 'npm run setup:tfjs-node');
  const installed = nativeSetupCommand('/ext/tensor-parity-0.1.0', () => false);
  assert.match(installed.command, /^npm install --no-save @tensorflow\/tfjs-node@4\.22\.0$/);
  assert.equal(installed.cwd, '/ext/tensor-parity-0.1.0');
  assert.equal(nativeSetupCommand(ROOT).command, 'npm run setup:tfjs-node', 'this repository is a source checkout');
  assert.equal(tfjsNodeInstalled('/nowhere'), false);
});

test("why the native backend is not active, in the user's terms", () => {
  assert.match(whyNotNative({ preference: 'wasm', installed: true }), /tensorParity\.backend is "wasm", so the native backend is not tried/);
  assert.match(
    whyNotNative({
      backend: 'wasm',
      preference: 'auto',
      installed: false,
      detail: '@tensorflow/tfjs-node is not installed (optional: `npm install @tensorflow/tfjs-node` enables the native backend)',
    }),
    /^The native backend could not start: @tensorflow\/tfjs-node is not installed\.$/,
  );
  assert.match(whyNotNative({ preference: 'auto', installed: false }), /loads on the first inference; @tensorflow\/tfjs-node is not installed/);
  assert.match(whyNotNative({ backend: 'tensorflow', preference: 'auto', installed: true }), /is in use/);
});
