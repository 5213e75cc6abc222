// Bounded, seedable fuzz harnesses for the parsers that read untrusted files (#13): .npy, .npz, raw sidecars,
// tensorparity.json, model.json, source files for the linter and JPEG files for TF's decoder (jpeg). Each input is a mutation of a valid one; the only
// allowed outcomes are a result or the capability's own error (TensorFileError, SpecError/problems, ModelError).
// Anything else (RangeError, TypeError, a stack overflow, a wrong-length array) is a finding: it is printed with its
// seed and iteration and saved to test-results/fuzz/, and the run exits 1.
// Usage: node test/fuzz/run.mjs [--seed 1] [--count 2000 | --time 60] [--only npy,npz,...]   (needs `npm run compile-tests`)
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const out = (p) => join(root, 'out/src', p);
const { values } = parseArgs({
  options: { seed: { type: 'string', default: '1' }, count: { type: 'string' }, time: { type: 'string' }, only: { type: 'string' } },
});
const seed = Number(values.seed);
const count = values.count !== undefined ? Number(values.count) : values.time !== undefined ? Infinity : 2000;
const deadline = values.time !== undefined ? Date.now() + Number(values.time) * 1000 : Infinity;

let npyMod, npzMod, rawMod, typesMod, specMod, modelIo, inferErrors, linterMod, ndarray, jpegMod;
try {
  npyMod = require(out('core/tensor/npy.js'));
  npzMod = require(out('core/tensor/npz.js'));
  rawMod = require(out('core/tensor/raw.js'));
  typesMod = require(out('core/tensor/types.js'));
  ndarray = require(out('core/tensor/ndarray.js'));
  specMod = require(out('core/spec/parse.js'));
  modelIo = require(out('core/infer/model-io.js'));
  inferErrors = require(out('core/infer/errors.js'));
  linterMod = require(out('core/lint/linter.js'));
  jpegMod = require(out('core/preprocess/jpeg/decode.js'));
} catch (e) {
  console.error(`fuzz: cannot load the compiled sources (${e.message}). Run \`npm run compile-tests\` first.`);
  process.exit(2);
}
const { TensorFileError } = typesMod;
const { ModelError } = inferErrors;

/** mulberry32: a small seedable PRNG, so a finding is reproduced from its seed and iteration. */
function rng(s) {
  let a = s >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const pick = (r, list) => list[Math.floor(r() * list.length)];
const int = (r, n) => Math.floor(r() * n);

const INTERESTING = [
  '0',
  '-1',
  '1e309',
  '9007199254740993',
  '18446744073709551616',
  'NaN',
  'None',
  '()',
  '((((((',
  '\\x00',
  "'",
  '2.5',
  '99999999999999999999',
];

/** Byte-level mutations: flips, random bytes, interesting numbers in text, truncation, duplication. */
function mutateBytes(r, src) {
  let b = Buffer.from(src);
  const n = 1 + int(r, 4);
  for (let i = 0; i < n; i++) {
    const op = int(r, 7);
    if (b.length === 0) {
      b = Buffer.from([int(r, 256)]);
      continue;
    }
    const at = int(r, b.length);
    if (op === 0) b[at] ^= 1 << int(r, 8);
    else if (op === 1) b[at] = int(r, 256);
    else if (op === 2) b = b.subarray(0, at);
    else if (op === 3) b = Buffer.concat([b.subarray(0, at), Buffer.from(pick(r, INTERESTING), 'latin1'), b.subarray(at)]);
    else if (op === 4) {
      const len = int(r, 16);
      b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + len), b.subarray(at)]);
    } else if (op === 5) b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + int(r, 8)))]);
    else {
      const v = [0, 0xff, 0x7f, 0x80][int(r, 4)];
      for (let k = 0; k < 4 && at + k < b.length; k++) b[at + k] = v;
    }
  }
  return b;
}

/** Text-level mutations for JSON-ish inputs: brackets, deletions, interesting values, deep nesting. */
function mutateText(r, src) {
  let t = src;
  const n = 1 + int(r, 3);
  for (let i = 0; i < n; i++) {
    const at = int(r, t.length + 1);
    const op = int(r, 6);
    if (op === 0) t = t.slice(0, at) + pick(r, ['[', ']', '{', '}', ',', ':', '"', '\\', '/*', '\u0000', '\ufeff']) + t.slice(at);
    else if (op === 1) t = t.slice(0, at) + t.slice(at + 1 + int(r, 10));
    else if (op === 2)
      t = t.slice(0, at) + pick(r, ['1e400', '-0', 'null', 'true', '""', '[]', '{}', '9007199254740993', '"../../x"', '"%E0%A4%A"']) + t.slice(at);
    else if (op === 3) {
      const d = 1 + int(r, 3000);
      t = t.slice(0, at) + '['.repeat(d) + ']'.repeat(int(r, 2) ? d : 0) + t.slice(at);
    } else if (op === 4) t = t.slice(0, at) + t.slice(int(r, t.length));
    else t = t + t.slice(0, int(r, t.length));
  }
  return t;
}

const findings = [];
function finding(target, iteration, input, err) {
  const dir = join(root, 'test-results/fuzz');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${target}-seed${seed}-${iteration}.bin`);
  writeFileSync(file, input);
  findings.push(
    `${target} #${iteration} (seed ${seed}): ${err instanceof Error ? `${err.name}: ${err.message.slice(0, 200)}` : String(err)} — input saved to ${file}`,
  );
}

function validArrays(r) {
  const dtypes = ['float32', 'float64', 'int32', 'uint8', 'int64', 'float16', 'bool', 'int16'];
  const dtype = pick(r, dtypes);
  const rank = int(r, 4);
  const shape = Array.from({ length: rank }, () => int(r, 5));
  const n = ndarray.numel(shape);
  const data = ndarray.allocTypedArray(dtype, n);
  return { dtype, shape, data };
}

const harnesses = {
  npy(r) {
    const input = mutateBytes(r, npyMod.encodeNpy(validArrays(r), { fortranOrder: r() < 0.3, bigEndian: r() < 0.3, version: pick(r, [1, 2, 3]) }));
    return [
      input,
      () => {
        try {
          const a = npyMod.parseNpy(input, 'fuzz.npy', { maxBytes: 1 << 20 });
          if (a.data.length !== ndarray.numel(a.shape)) throw new Error(`parsed ${a.data.length} values for shape ${a.shape}`);
        } catch (e) {
          if (!(e instanceof TensorFileError) || !e.message.includes('fuzz.npy')) throw e;
        }
      },
    ];
  },
  npz(r) {
    const entries = { a: validArrays(r), b: validArrays(r) };
    const input = mutateBytes(r, npzMod.encodeNpz(entries, { compress: r() < 0.6, forceZip64: r() < 0.2 }));
    return [
      input,
      () => {
        try {
          for (const a of npzMod.parseNpz(input, 'fuzz.npz', { maxBytes: 1 << 20 }).values()) {
            if (a.data.length !== ndarray.numel(a.shape)) throw new Error(`parsed ${a.data.length} values for shape ${a.shape}`);
          }
        } catch (e) {
          if (!(e instanceof TensorFileError) || !e.message.includes('fuzz.npz')) throw e;
        }
      },
    ];
  },
  sidecar(r) {
    const text = mutateText(r, JSON.stringify({ dtype: pick(r, ['float32', 'uint8', '<f4', 'int64']), shape: [1, 3, 4, 4], byteOrder: 'little' }));
    return [
      Buffer.from(text),
      () => {
        try {
          const layout = rawMod.parseSidecar(text, 'fuzz.bin.json');
          rawMod.parseRaw(new Uint8Array(64), layout, 'fuzz.bin', { maxBytes: 1 << 20 });
        } catch (e) {
          if (!(e instanceof TensorFileError)) throw e;
        }
      },
    ];
  },
  spec(r) {
    const base = JSON.stringify({
      model: { path: 'm/model.json', format: 'tfjs-graph' },
      input: {
        width: 224,
        height: 224,
        colorOrder: 'RGB',
        resize: { library: 'cv2', method: 'linear', fit: 'crop' },
        scale: 0.0039,
        mean: [0.5, 0.5, 0.5],
        std: [0.5, 0.5, 0.5],
        layout: 'NHWC',
      },
      output: { kind: 'segmentation', labels: ['a', 'b'] },
      tolerance: { atol: 1e-4 },
    });
    const text = mutateText(r, base);
    return [
      Buffer.from(text),
      () => {
        const res = specMod.parseSpec(text, 'fuzz/tensorparity.json'); // never throws
        if (!Array.isArray(res.problems)) throw new Error('no problem list');
        for (const p of res.problems)
          if (typeof p.offset !== 'number' || p.offset < 0 || p.offset > text.length) throw new Error(`problem offset ${p.offset} outside the text`);
      },
    ];
  },
  modeljson(r, ctx) {
    const base = JSON.stringify({
      format: 'graph-model',
      modelTopology: { node: [{ name: 'x', op: 'Placeholder' }] },
      weightsManifest: [{ paths: ['w.bin'], weights: [{ name: 'w', shape: [4], dtype: 'float32' }] }],
    });
    const text = mutateText(r, base);
    return [
      Buffer.from(text),
      () => {
        writeFileSync(join(ctx.dir, 'model.json'), text);
        try {
          modelIo.readTfjsModel(join(ctx.dir, 'model.json'));
        } catch (e) {
          if (!(e instanceof ModelError)) throw e;
        }
      },
    ];
  },
  jpeg(r) {
    // Golden JPEGs: baseline 4:2:0 with restart markers, progressive, 4:2:2, grey progressive with restarts.
    const names = ['cv-420-rst.jpg', 'cv-420-progressive.jpg', 'pil-422-q95.jpg', 'cv-grey-progressive-rst.jpg', 'cv-411-q85.jpg'];
    const input = mutateBytes(r, new Uint8Array(readFileSync(join(root, 'test/golden/jpeg-tf/jpeg', pick(r, names)))));
    return [
      input,
      () => {
        try {
          const px = jpegMod.decodeJpegTf(input, { idct: r() < 0.5 ? 'fast' : 'accurate', maxPixels: 1 << 22 });
          if (px.data.length !== px.width * px.height * px.channels)
            throw new Error(`decoded ${px.data.length} samples for ${px.width}×${px.height}×${px.channels}`);
        } catch (e) {
          if (!(e instanceof jpegMod.JpegFormatError)) throw e;
        }
      },
    ];
  },
  lint(r, ctx) {
    const sources = [
      ['python', 'import cv2\nimg = cv2.imread(p)\nimg = cv2.cvtColor(img, cv2.COLOR_BGR2RGB)\nimg = cv2.resize(img, (256, 256)) / 255.0\n'],
      ['cpp', '#include <opencv2/opencv.hpp>\nvoid f(cv::Mat a) { cv::Mat b; cv::resize(a, b, cv::Size(256, 256)); b.convertTo(b, CV_32F, 1.0 / 255); }\n'],
      ['java', 'class P { void f(Bitmap b) { Bitmap s = Bitmap.createScaledBitmap(b, 256, 256, true); } }\n'],
      ['javascript', 'const t = tf.image.resizeBilinear(tf.browser.fromPixels(img), [256, 256]).div(255);\n'],
    ];
    const [languageId, text0] = pick(r, sources);
    const text = mutateText(r, text0);
    return [
      Buffer.from(text),
      () => {
        const doc = { uri: `fuzz://${ctx.i}`, languageId, text };
        const f = ctx.linter.lint(doc, ctx.spec);
        ctx.linter.close(doc.uri);
        if (!Array.isArray(f)) throw new Error('lint did not return findings');
      },
    ];
  },
};

const only = values.only ? values.only.split(',') : Object.keys(harnesses);
const dir = mkdtempSync(join(tmpdir(), 'tp-fuzz-'));
const ctx = { dir, i: 0, linter: undefined, spec: undefined };
if (only.includes('lint')) {
  ctx.linter = await linterMod.createLinter({ wasmDir: join(root, 'node_modules/@vscode/tree-sitter-wasm/wasm') });
  ctx.spec = specMod.parseSpec(
    JSON.stringify({
      model: { path: 'm.json' },
      input: { width: 224, height: 224, colorOrder: 'RGB', resize: { library: 'cv2', method: 'linear' }, scale: 1 / 255 },
    }),
  ).spec;
}
const started = Date.now();
const done = {};
for (const name of only) {
  const harness = harnesses[name];
  if (!harness) {
    console.error(`fuzz: unknown harness ${name}; have ${Object.keys(harnesses).join(', ')}`);
    process.exit(2);
  }
  // each harness gets its share of the time bound
  const stop = deadline === Infinity ? Infinity : started + ((deadline - started) * (only.indexOf(name) + 1)) / only.length;
  let i = 0;
  for (; i < count && Date.now() < stop; i++) {
    const r = rng(seed * 1_000_003 + i * 7919 + name.length);
    ctx.i = i;
    const [input, run] = harness(r, ctx);
    try {
      run();
    } catch (e) {
      finding(name, i, input, e);
    }
  }
  done[name] = i;
}
ctx.linter?.dispose();
rmSync(dir, { recursive: true, force: true });
console.log(
  `fuzz (seed ${seed}): ${Object.entries(done)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ')} inputs in ${((Date.now() - started) / 1000).toFixed(1)} s; ${findings.length} finding(s)`,
);
for (const f of findings.slice(0, 20)) console.log(`  ${f}`);
process.exit(findings.length ? 1 : 0);
