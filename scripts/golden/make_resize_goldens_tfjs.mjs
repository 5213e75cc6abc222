// Reference outputs of tfjs tf.image.resizeBilinear / resizeNearestNeighbor (CPU backend) for the kernel tests.
// Run by make_resize_goldens.py after it writes the inputs and manifest; appends the tfjs cases to the manifest.

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const tf = require('@tensorflow/tfjs');

const ROOT = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');
const DIR = path.join(ROOT, 'test', 'golden', 'resize');

const DTYPES = { '|u1': ['uint8', Uint8Array], '<u2': ['uint16', Uint16Array], '<f4': ['float32', Float32Array] };

function readNpy(file) {
  const buf = readFileSync(file);
  const hlen = buf.readUInt16LE(8);
  const header = buf.subarray(10, 10 + hlen).toString('latin1');
  const descr = /'descr':\s*'([^']+)'/.exec(header)[1];
  const shape = /'shape':\s*\(([^)]*)\)/
    .exec(header)[1]
    .split(',')
    .filter((s) => s.trim())
    .map(Number);
  const [dtype, Ctor] = DTYPES[descr];
  const bytes = buf.subarray(10 + hlen);
  const data = new Ctor(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
  return { dtype, shape, data };
}

function writeNpy(file, descr, shape, data) {
  let header = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`;
  const total = 10 + header.length + 1;
  header += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const pre = Buffer.alloc(10);
  pre.write('\x93NUMPY', 0, 'latin1');
  pre[6] = 1;
  pre[7] = 0;
  pre.writeUInt16LE(header.length, 8);
  writeFileSync(file, Buffer.concat([pre, Buffer.from(header, 'latin1'), Buffer.from(data.buffer, data.byteOffset, data.byteLength)]));
}

await tf.setBackend('cpu');
const manifest = JSON.parse(readFileSync(path.join(DIR, 'manifest.json'), 'utf8'));
manifest.cases = manifest.cases.filter((c) => c.library !== 'tfjs');
manifest.versions.tfjs = tf.version.tfjs;
const seen = new Set();
for (const c of [...manifest.cases]) {
  if (c.library !== 'cv2' || c.method !== 'linear') continue;
  const key = `${c.input}|${c.width}|${c.height}`;
  if (seen.has(key) || c.width * c.height > 32 * 32) continue;
  seen.add(key);
  const inp = readNpy(path.join(DIR, manifest.inputs[c.input].file));
  if (inp.dtype === 'uint16') continue;
  const [h, w] = inp.shape;
  const cn = inp.shape[2] ?? 1;
  const values = inp.dtype === 'uint8' ? Int32Array.from(inp.data) : inp.data;
  const x = tf.tensor4d(values, [1, h, w, cn], inp.dtype === 'uint8' ? 'int32' : 'float32');
  for (const method of ['bilinear', 'nearest']) {
    for (const [align, half] of [
      [false, false],
      [true, false],
      [false, true],
    ]) {
      const y =
        method === 'bilinear'
          ? tf.image.resizeBilinear(x, [c.height, c.width], align, half)
          : tf.image.resizeNearestNeighbor(x, [c.height, c.width], align, half);
      const vals = y.dataSync();
      y.dispose();
      const isFloat = method === 'bilinear' || inp.dtype === 'float32';
      const out = isFloat ? Float32Array.from(vals) : Uint8Array.from(vals);
      const shape = cn === 1 && inp.shape.length === 2 ? [c.height, c.width] : [c.height, c.width, cn];
      const opts = { alignCorners: align, halfPixelCenters: half };
      const id = `${c.input}__tfjs_${method}_alignCorners${+align}_halfPixelCenters${+half}__${c.width}x${c.height}`;
      writeNpy(path.join(DIR, 'out', id + '.npy'), isFloat ? '<f4' : '|u1', shape, out);
      manifest.cases.push({
        id,
        input: c.input,
        library: 'tfjs',
        method,
        width: c.width,
        height: c.height,
        opts,
        file: `out/${id}.npy`,
        dtype: isFloat ? 'float32' : 'uint8',
      });
    }
  }
  x.dispose();
}
writeFileSync(path.join(DIR, 'manifest.json'), JSON.stringify(manifest, null, 1));
console.error(`tfjs: ${manifest.cases.filter((c) => c.library === 'tfjs').length} cases`);
