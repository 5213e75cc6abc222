// Writes the hostile-input corpus (#13): small files committed under test/bad-input/files/, and the big ones
// (multi-GB sparse files, a 2 GiB deflate stream) into a temp folder at test time — never commit those.
// Deterministic: `node test/bad-input/make-corpus.mjs` rewrites files/ byte for byte; cases.json says how each file is
// fed to the CLI and which exit code and message words a user must get.
// Usage: node test/bad-input/make-corpus.mjs            (committed corpus)
//        node test/bad-input/make-corpus.mjs --big <dir> (big cases; prints their cases as JSON)
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, ftruncateSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as zlib from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));

// ---- byte helpers -------------------------------------------------------------------------------------------------
function npyBytes(dict, data = Buffer.alloc(0), { version = 1, headerLen } = {}) {
  const prefix = version === 1 ? 10 : 12;
  let text = dict;
  const total = prefix + Buffer.byteLength(text, 'latin1') + 1;
  text += ' '.repeat((64 - (total % 64)) % 64) + '\n';
  const t = Buffer.from(text, version === 3 ? 'utf8' : 'latin1');
  const pre = Buffer.alloc(prefix);
  pre.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) pre.writeUInt16LE(headerLen ?? t.length, 8);
  else pre.writeUInt32LE(headerLen ?? t.length, 8);
  return Buffer.concat([pre, t, data]);
}
const f4 = (n, v = 0.5) => Buffer.from(new Float32Array(n).fill(v).buffer);
const goodNpy = (shape, n) => npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (${shape.join(', ')}${shape.length === 1 ? ',' : ''}), }`, f4(n));

function crc32(buf) { return zlib.crc32(buf) >>> 0; }

/** A zip with the given members (stored or deflated); `tweak` may edit the local/central records before writing. */
function zipBytes(members, { compress = false, tweak } = {}) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  for (const m of members) {
    const name = Buffer.from(m.name);
    const body = m.body ?? (compress ? zlib.deflateRawSync(m.data) : m.data);
    const method = m.method ?? (compress ? 8 : 0);
    const rec = { crc: m.crc ?? crc32(m.data), csize: body.length, usize: m.usize ?? m.data.length, method, flags: m.flags ?? 0 };
    tweak?.(m, rec);
    const lh = Buffer.alloc(30 + name.length);
    lh.writeUInt32LE(0x04034b50, 0); lh.writeUInt16LE(20, 4); lh.writeUInt16LE(rec.flags, 6); lh.writeUInt16LE(rec.method, 8);
    lh.writeUInt32LE(rec.crc, 14); lh.writeUInt32LE(rec.csize, 18); lh.writeUInt32LE(rec.usize, 22); lh.writeUInt16LE(name.length, 26);
    name.copy(lh, 30);
    const cd = Buffer.alloc(46 + name.length);
    cd.writeUInt32LE(0x02014b50, 0); cd.writeUInt16LE(20, 4); cd.writeUInt16LE(20, 6); cd.writeUInt16LE(rec.flags, 8);
    cd.writeUInt16LE(rec.method, 10); cd.writeUInt32LE(rec.crc, 16); cd.writeUInt32LE(rec.csize, 20); cd.writeUInt32LE(rec.usize, 24);
    cd.writeUInt16LE(name.length, 28); cd.writeUInt32LE(offset, 42); name.copy(cd, 46);
    locals.push(lh, body);
    centrals.push(cd);
    offset += lh.length + body.length;
  }
  const cdBuf = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(members.length, 8); end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cdBuf.length, 12); end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

/** Deflate `header` then `zeros` zero bytes in 64 MiB steps; returns the raw stream and the CRC of the whole output. */
function deflateZeros(header, zeros) {
  const block = 64 * 1024 * 1024;
  const parts = [];
  const firstZeros = Math.min(zeros, block - header.length);
  const first = Buffer.concat([header, Buffer.alloc(firstZeros)]);
  parts.push(zlib.deflateRawSync(first, { finishFlush: zlib.constants.Z_FULL_FLUSH }));
  let crc = zlib.crc32(first);
  let left = zeros - firstZeros;
  const full = Buffer.alloc(Math.min(block, Math.max(left, 1)));
  const fullBlock = zlib.deflateRawSync(full, { finishFlush: zlib.constants.Z_FULL_FLUSH });
  while (left >= full.length && left > 0) { parts.push(fullBlock); crc = zlib.crc32(full, crc); left -= full.length; }
  if (left > 0) { const tail = Buffer.alloc(left); parts.push(zlib.deflateRawSync(tail, { finishFlush: zlib.constants.Z_FULL_FLUSH })); crc = zlib.crc32(tail, crc); }
  parts.push(Buffer.from([0x03, 0x00]));
  return { body: Buffer.concat(parts), crc: crc >>> 0, size: header.length + zeros };
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}
function png(width, height, { rows, badCrc = false } = {}) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0); ihdr.writeUInt32BE(height, 4); ihdr[8] = 8; ihdr[9] = 2;
  const raw = rows ?? Buffer.alloc(Math.min(height, 64) * (1 + Math.min(width, 64) * 3));
  let ih = pngChunk('IHDR', ihdr);
  if (badCrc) { ih = Buffer.from(ih); ih[ih.length - 1] ^= 0xff; }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ih, pngChunk('IDAT', zlib.deflateSync(raw)), pngChunk('IEND', Buffer.alloc(0))]);
}
function jpegSof(width, height) {
  // SOI, a baseline SOF0 with the given size, then EOI: a header that lies about a huge image with no data behind it
  const sof = Buffer.from([0xff, 0xc0, 0x00, 0x11, 0x08, height >> 8, height & 255, width >> 8, width & 255, 0x03, 1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
  return Buffer.concat([Buffer.from([0xff, 0xd8]), sof, Buffer.from([0xff, 0xd9])]);
}
function gif(width, height) {
  const b = Buffer.alloc(13);
  b.write('GIF89a', 0, 'latin1'); b.writeUInt16LE(width, 6); b.writeUInt16LE(height, 8);
  const img = Buffer.from([0x2c, 0, 0, 0, 0, width & 255, width >> 8, height & 255, height >> 8, 0, 2, 2, 0x4c, 0x01, 0, 0x3b]);
  return Buffer.concat([b, img]);
}
function bmp(width, height, { bits = 24, truncate = false } = {}) {
  const rowBytes = Math.ceil((Math.abs(width) * bits) / 32) * 4;
  const size = 54 + (truncate ? 16 : rowBytes * Math.abs(height));
  const b = Buffer.alloc(truncate ? 70 : Math.min(size, 54 + 4096));
  b.write('BM', 0, 'latin1'); b.writeUInt32LE(size % 2 ** 32, 2); b.writeUInt32LE(54, 10); b.writeUInt32LE(40, 14);
  b.writeInt32LE(width, 18); b.writeInt32LE(height, 22); b.writeUInt16LE(1, 26); b.writeUInt16LE(bits, 28);
  return b;
}
function tiff(width, height) {
  const b = Buffer.alloc(8 + 2 + 12 * 4 + 4);
  b.write('II', 0, 'latin1'); b.writeUInt16LE(42, 2); b.writeUInt32LE(8, 4); b.writeUInt16LE(4, 8);
  const entry = (i, tag, type, value) => { const o = 10 + i * 12; b.writeUInt16LE(tag, o); b.writeUInt16LE(type, o + 2); b.writeUInt32LE(1, o + 4); b.writeUInt32LE(value, o + 8); };
  entry(0, 256, 4, width); entry(1, 257, 4, height); entry(2, 258, 3, 8); entry(3, 273, 4, 100);
  return b;
}

/** A pickle that would create `marker` if anything ever unpickled it (Tensor Parity never does). */
function pickleThatTouches(marker) {
  const cmd = `touch ${marker}`;
  return Buffer.concat([
    Buffer.from([0x80, 0x02]), Buffer.from('cposix\nsystem\n', 'latin1'),
    Buffer.from([0x58]), (() => { const l = Buffer.alloc(4); l.writeUInt32LE(cmd.length); return l; })(), Buffer.from(cmd, 'latin1'),
    Buffer.from([0x85, 0x52, 0x2e]),
  ]);
}

// ---- the committed corpus -----------------------------------------------------------------------------------------
const PICKLE_MARKER = '/tmp/tensor-parity-was-unpickled';
const big = 2 ** 53 - 1;
const files = {};
const cases = [];
const add = (rel, bytes) => { files[rel] = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes); };
/** One case: `file` is what the message must name; `via` how it reaches the CLI; `expect` words of the message. */
const tensor = (rel, bytes, expect) => { add(`tensors/${rel}`, bytes); cases.push({ file: `tensors/${rel}`, via: 'tensor', exit: [2], expect }); };

tensor('empty.npy', Buffer.alloc(0), ['is empty']);
tensor('magic-only.npy', Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]), ['truncated']);
tensor('text.npy', 'hello, not an array\n', ['not a .npy file']);
tensor('pickle.npy', pickleThatTouches(PICKLE_MARKER), ['never unpickles']);
tensor('truncated-header.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }`).subarray(0, 30), ['truncated']);
tensor('truncated-data.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (1000,), }`, f4(25)), ['truncated']);
tensor('header-len-4gib.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }`, f4(4), { version: 2, headerLen: 0xffffffff }), ['truncated or corrupt']);
tensor('version-9.npy', Buffer.concat([Buffer.from([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 9, 0]), Buffer.alloc(120, 0x20)]), ['version 9.0']);
tensor('shape-overflow-zero.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (${[...Array(21).fill(big), 0].join(', ')}), }`), ['over the 2 GiB limit']);
tensor('shape-overflow.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (${Array(22).fill(big).join(', ')}), }`), ['over the 2 GiB limit']);
tensor('shape-40gb.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (100000, 100000), }`, f4(2)), ['over the 2 GiB limit']);
tensor('shape-beyond-2p53.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (9007199254740993,), }`), ['absurdly large']);
tensor('shape-negative.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (-4, 4), }`), ['negative dimension']);
tensor('shape-float.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (2.5,), }`), ['not a whole number']);
tensor('shape-string.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': 'big', }`), ['not a tuple']);
tensor('descr-object.npy', npyBytes(`{'descr': '|O', 'fortran_order': False, 'shape': (1,), }`, pickleThatTouches(PICKLE_MARKER)), ['object']);
tensor('descr-structured.npy', npyBytes(`{'descr': [('a', '<f4'), ('b', '<i4')], 'fortran_order': False, 'shape': (2,), }`, Buffer.alloc(16)), ['structured']);
tensor('descr-unknown.npy', npyBytes(`{'descr': '<q16', 'fortran_order': False, 'shape': (2,), }`, Buffer.alloc(32)), ['q16']);
tensor('fortran-order-string.npy', npyBytes(`{'descr': '<f4', 'fortran_order': 'yes', 'shape': (2,), }`, f4(2)), ['fortran_order']);
tensor('header-not-dict.npy', npyBytes(`[1, 2, 3]`, f4(2)), ['not a dict']);
tensor('header-python-code.npy', npyBytes(`__import__('os').system('touch ${PICKLE_MARKER}')`, f4(2)), ['not a Python dict literal']);
tensor('header-missing-shape.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, }`, f4(2)), ["no 'shape'"]);
tensor('header-nul.npy', npyBytes('\0'.repeat(100), f4(2)), ['corrupt']);
tensor('header-deep-tuple.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': ${'('.repeat(20000)}1${',)'.repeat(20000)}, }`, f4(1), { version: 2 }), ['corrupt']);
tensor('header-v3-bad-utf8.npy', Buffer.concat([npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }`, Buffer.alloc(0), { version: 3 }).subarray(0, 20), Buffer.from([0xff, 0xfe, 0xfd]), npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }`, f4(2), { version: 3 }).subarray(23)]), ['UTF-8']);
tensor('double-data.npy', npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (8,), }`, Buffer.alloc(64)), ['twice as many']);
tensor('zip-inside.npy', Buffer.concat([Buffer.from('PK\x03\x04', 'latin1'), Buffer.alloc(40)]), ['corrupt']);

const member = goodNpy([4], 4);
tensor('not-a-zip.npz', 'this is not a zip archive\n', ['not a .npz file']);
tensor('truncated.npz', zipBytes([{ name: 'a.npy', data: member }]).subarray(0, 60), ['corrupt or truncated']);
tensor('no-end-record.npz', zipBytes([{ name: 'a.npy', data: member }]).subarray(0, 150), ['end-of-archive record is missing']);
tensor('crc-mismatch.npz', zipBytes([{ name: 'a.npy', data: member, crc: 0x12345678 }]), ['CRC-32']);
tensor('member-not-npy.npz', zipBytes([{ name: 'notes.txt', data: Buffer.from('hello') }]), ["'notes.txt' is not a .npy array"]);
tensor('encrypted.npz', zipBytes([{ name: 'a.npy', data: member, flags: 1 }]), ['encrypted']);
tensor('bzip2-method.npz', zipBytes([{ name: 'a.npy', data: member, method: 12 }]), ['compression method 12']);
tensor('member-pickle.npz', zipBytes([{ name: 'a.npy', data: npyBytes(`{'descr': '|O', 'fortran_order': False, 'shape': (1,), }`, pickleThatTouches(PICKLE_MARKER)) }]), ['object']);
tensor('member-overflow-shape.npz', zipBytes([{ name: 'a.npy', data: npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (${[...Array(21).fill(big), 0].join(', ')}), }`) }], { compress: true }), ['over the 2 GiB limit']);
tensor('member-not-npy-magic.npz', zipBytes([{ name: 'a.npy', data: Buffer.from('plain text') }], { compress: true }), ['not a .npy file']);
tensor('member-size-lie.npz', zipBytes([{ name: 'a.npy', data: member, usize: member.length + 4096 }], { compress: true }), ['corrupt']);
tensor('ratio-lie.npz', zipBytes([{ name: 'a.npy', data: member, usize: 1024 ** 3 }], { compress: true }), ['more than deflate can produce']);
{
  const h = npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (1024, 1024, 1024), }`);
  const bomb = deflateZeros(h, 8 * 1024 * 1024);
  tensor('bomb-header-says-4gib.npz', zipBytes([{ name: 'x.npy', data: h, body: bomb.body, crc: bomb.crc, usize: bomb.size, method: 8 }]), ['over the 2 GiB limit']);
  const h2 = npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (4,), }`);
  const bomb2 = deflateZeros(h2, 128 * 1024 * 1024);
  tensor('bomb-inflates-past-declared.npz', zipBytes([{ name: 'x.npy', data: h2, body: bomb2.body, crc: bomb2.crc, usize: h2.length + 16, method: 8 }]), ['corrupt']);
}
{
  const z = zipBytes([{ name: 'a.npy', data: member }]);
  const spanned = Buffer.from(z); spanned.writeUInt16LE(1, spanned.length - 22 + 4);
  tensor('spanned.npz', spanned, ['multi-part']);
  const count = Buffer.from(z); count.writeUInt16LE(9999, count.length - 22 + 10);
  tensor('entry-count-lie.npz', count, ['corrupt']);
  const offs = Buffer.from(z); offs.writeUInt32LE(0x7fffffff, offs.length - 22 + 16);
  tensor('directory-offset-lie.npz', offs, ['corrupt or truncated']);
}

add('tensors/raw-no-sidecar.bin', Buffer.alloc(64));
cases.push({ file: 'tensors/raw-no-sidecar.bin', via: 'tensor', exit: [2], expect: ['does not say its dtype or shape'] });
const raw = (name, sidecar, data, expect) => {
  add(`tensors/${name}`, data); add(`tensors/${name}.json`, sidecar);
  cases.push({ file: `tensors/${name}`, via: 'tensor', exit: [2], expect });
};
raw('raw-sidecar-not-json.bin', '{"dtype": "float32", "shape": [4', Buffer.alloc(16), ['not valid JSON']);
raw('raw-sidecar-overflow.bin', JSON.stringify({ dtype: 'float32', shape: [...Array(21).fill(big), 0] }), Buffer.alloc(16), ['over the 2 GiB limit']);
raw('raw-sidecar-negative.bin', JSON.stringify({ dtype: 'float32', shape: [-1, 4] }), Buffer.alloc(16), ['shape']);
raw('raw-sidecar-deep.bin', `{"dtype": "float32", "shape": ${'['.repeat(100000)}${']'.repeat(100000)}}`, Buffer.alloc(16), ['nested']);
raw('raw-size-mismatch.bin', JSON.stringify({ dtype: 'float32', shape: [4, 4] }), Buffer.alloc(63), ['needs 64 bytes']);
raw('raw-sidecar-dtype-object.bin', JSON.stringify({ dtype: 'object', shape: [2] }), Buffer.alloc(16), ['dtype']);

// Images: decoded for `diagnose --image` (and Run Inference) with the spec in images/; the message names the image.
const image = (rel, bytes, expect) => { add(`images/${rel}`, bytes); cases.push({ file: `images/${rel}`, via: 'image', exit: [2], expect }); };
image('empty.png', Buffer.alloc(0), ['empty']);
image('text.png', 'not an image at all\n', []);
image('truncated.png', png(64, 64).subarray(0, 60), []);
image('png-bad-ihdr-crc.png', png(32, 32, { badCrc: true }), []);
image('png-100000x100000.png', png(100000, 100000), ['pixels']);
image('png-zero-width.png', png(0, 16), []);
// 64 Mpixel from a 190 KB file: under the 100 Mpixel limit, so it is decoded and diagnosed (exit 1), within 3 GB
add('images/png-idat-bomb.png', png(8000, 8000, { rows: Buffer.alloc(8000 * (1 + 8000 * 3)) }));
cases.push({ file: 'images/png-idat-bomb.png', via: 'image', exit: [1], expect: [] });
image('jpeg-65500x65500.jpg', jpegSof(65500, 65500), ['damaged or truncated']);
image('jpeg-truncated.jpg', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46]), []);
image('gif-65535x65535.gif', gif(65535, 65535), ['pixels']);
image('bmp-huge.bmp', bmp(200000, 200000), ['pixels']);
image('bmp-truncated.bmp', bmp(64, 64, { truncate: true }), []);
image('bmp-negative-width.bmp', bmp(-64, 64), []);
image('tiff-huge.tif', tiff(1000000, 1000000), ['damaged or truncated']);
image('webp-garbage.webp', Buffer.concat([Buffer.from('RIFF\x20\x00\x00\x00WEBPVP8 ', 'latin1'), Buffer.alloc(24, 0xab)]), []);
add('images/tensorparity.json', JSON.stringify({ model: { path: 'model.json' }, input: { width: 8, height: 8, colorOrder: 'RGB', layout: 'NHWC', dtype: 'float32', scale: 1 / 255 } }, null, 2));
add('images/reference.npy', goodNpy([1, 8, 8, 3], 192));

// Models: `run` with a spec whose model is broken; the message names the model file.
const modelJson = (paths) => JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: [{ paths, weights: [{ name: 'w', shape: [4], dtype: 'float32' }] }] });
const model = (dir, fileMap, expect, { modelPath = 'model.json', format } = {}) => {
  for (const [n, b] of Object.entries(fileMap)) add(`models/${dir}/${n}`, b);
  add(`models/${dir}/tensorparity.json`, JSON.stringify({ model: { path: modelPath, ...(format ? { format } : {}) }, input: { width: 2, height: 2, colorOrder: 'RGB', layout: 'NHWC', dtype: 'float32' } }, null, 2));
  cases.push({ file: `models/${dir}/${modelPath}`, via: 'model', spec: `models/${dir}/tensorparity.json`, exit: [2], expect });
};
add('models/input.npy', goodNpy([1, 2, 2, 3], 12));
add('models/secret.bin', f4(4, 7));
model('weights-escape', { 'model.json': modelJson(['..%2F..%2Fsecret.bin']) }, ['leaves the folder']);
model('weights-dotdot', { 'model.json': modelJson(['../secret.bin']) }, ['leaves the folder']);
model('weights-absolute', { 'model.json': modelJson(['/etc/hostname']) }, ['absolute path outside']);
model('weights-bad-escape', { 'model.json': modelJson(['%E0%A4%A']) }, ['malformed %-escape']);
model('weights-nul', { 'model.json': modelJson(['w%00.bin']) }, ['NUL']);
model('weights-missing', { 'model.json': modelJson(['group1-shard1of1.bin']) }, ['not next to it']);
model('weights-truncated', { 'model.json': modelJson(['w.bin']), 'w.bin': f4(2) }, ['needs 16 bytes']);
model('model-not-json', { 'model.json': '{"modelTopology": ' }, ['not valid JSON']);
model('model-hdf5', { 'model.json': Buffer.concat([Buffer.from('\x89HDF\r\n\x1a\n', 'latin1'), Buffer.alloc(64)]) }, ['Keras .h5']);
model('model-no-topology', { 'model.json': '{"weightsManifest": []}' }, ['no "modelTopology"']);
model('model-deep-json', { 'model.json': `{"modelTopology": ${'['.repeat(50000)}${']'.repeat(50000)}}` }, ['nested more than 1000 levels']);
model('manifest-not-list', { 'model.json': JSON.stringify({ format: 'graph-model', modelTopology: { node: [] }, weightsManifest: 'x' }) }, ['malformed weightsManifest']);
model('model-empty', { 'model.json': '' }, []);
model('tflite-garbage', { 'model.tflite': Buffer.alloc(256, 0x5a) }, ['not a valid .tflite model'], { modelPath: 'model.tflite' });
model('tflite-truncated', { 'model.tflite': Buffer.concat([Buffer.from([0x1c, 0, 0, 0]), Buffer.from('TFL3', 'latin1'), Buffer.alloc(24, 0xff)]) }, ['not a valid .tflite model'], { modelPath: 'model.tflite' });
model('savedmodel-not-pb', { 'saved_model.pb': Buffer.from('not a protobuf') }, [], { modelPath: '.', format: 'saved-model' });

// Specs: `lint` against a hostile tensorparity.json; exit 2 with a located message naming the spec.
const spec = (name, text, expect) => { add(`specs/${name}/tensorparity.json`, text); add(`specs/${name}/pre.py`, 'import cv2\n'); cases.push({ file: `specs/${name}/tensorparity.json`, via: 'spec', exit: [2], expect }); };
spec('deep-5000', `{"model": ${'['.repeat(5000)}${']'.repeat(5000)}}`, ['nested too deeply']);
spec('deep-objects', `${'{"a": '.repeat(3000)}1${'}'.repeat(3000)}`, ['nested too deeply']);
spec('not-json', 'model: foo\n', ['JSON syntax error']);
spec('empty', '', ['empty']);
spec('array-root', '[1, 2, 3]', ['JSON object']);
spec('nul-bytes', '{"model": {"path": "a\u0000b"}, "input": \u0000}', []);
spec('huge-number', '{"model": {"path": "m.json"}, "input": {"width": 1e400, "height": 224}}', ['width']);
spec('bom-garbage', '\ufeff\ufeff{"model": {}}', []);
spec('duplicate-keys', `{${Array.from({ length: 20000 }, (_, i) => `"k${i % 3}": ${i}`).join(', ')}}`, []);
spec('long-string', `{"model": {"path": "${'a'.repeat(200_000)}"}}`, []);
spec('java2d-bad-method', '{"model": {"path": "m.json"}, "input": {"width": 32, "height": 32, "resize": {"library": "java2d", "method": "lanczos3"}}}', ['Valid methods for java2d']);

// Pathological source files for the linter: `lint <file>` must finish (exit 0 or 1, or 0 with "skipped") with no crash.
const src = (name, text) => { add(`sources/${name}`, text); cases.push({ file: `sources/${name}`, via: 'source', spec: 'sources/tensorparity.json', exit: [0, 1], expect: [] }); };
add('sources/tensorparity.json', JSON.stringify({ model: { path: 'model.json' }, input: { width: 224, height: 224, colorOrder: 'RGB', layout: 'NHWC', dtype: 'float32', scale: 1 / 255 } }, null, 2));
src('deep-parens.py', `import cv2\nx = ${'('.repeat(5000)}1${')'.repeat(5000)}\nimg = cv2.resize(img, (256, 256))\n`);
src('deep-brackets.py', `import cv2\nx = ${'['.repeat(20000)}${']'.repeat(20000)}\n`);
src('deep-braces.cpp', `#include <opencv2/opencv.hpp>\nvoid f() ${'{'.repeat(10000)} cv::resize(a, b, cv::Size(256, 256)); ${'}'.repeat(10000)}\n`);
src('deep-else-if.java', `class A { void f(int x) { ${Array.from({ length: 3000 }, (_, i) => `if (x == ${i}) { x++; }`).join(' else ')} } }\n`);
src('deep-arrows.js', `const f = ${'(a) => '.repeat(3000)}tf.image.resizeBilinear(a, [256, 256]);\n`);
src('deep-ternary.ts', `const x = ${Array.from({ length: 5000 }, (_, i) => `a == ${i} ? ${i} :`).join(' ')} 0;\n`);
src('long-line.js', `const a = [${Array.from({ length: 120000 }, (_, i) => i % 10).join(',')}]; tf.image.resizeBilinear(x, [256, 256]);\n`);
src('many-resizes.py', `import cv2\n${Array.from({ length: 12000 }, (_, i) => `img${i} = cv2.resize(img, (${i % 500}, 256))`).join('\n')}\n`);
src('binary.py', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) & 255)));
src('nul-bytes.java', `class A { void f() { String s = "\0\0\0"; } }\0\0\0\n`);
src('invalid-utf8.ts', Buffer.concat([Buffer.from('const a = "'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from('"; tf.image.resizeBilinear(x, [256, 256]);\n')]));
src('unterminated.py', `import cv2\nimg = cv2.resize(img, (256, 256)\ns = """never closed\n${'x = 1\n'.repeat(1000)}`);
src('macro-soup.cpp', `${Array.from({ length: 2000 }, (_, i) => `#define M${i + 1} M${i}(M${i})`).join('\n')}\nvoid f() { cv::resize(M2000, b, cv::Size(256, 256)); }\n`);
src('crlf-mixed.py', 'import cv2\r\nimg = cv2.imread(p)\rimg = cv2.resize(img, (256, 256))\n\u2028x = 1\n');
src('emoji-idents.js', `const 𝑖𝑚𝑔 = tf.image.resizeBilinear(x, [256, 256]); ${'🙂'.repeat(5000)}\n`);

// ---- writing ------------------------------------------------------------------------------------------------------
function writeCorpus() {
  const root = join(here, 'files');
  rmSync(root, { recursive: true, force: true });
  for (const [rel, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), bytes);
  }
  const list = cases.map((c) => ({ ...c, sha256: createHash('sha256').update(files[c.file] ?? files[c.spec ?? ''] ?? '').digest('hex').slice(0, 16) }));
  writeFileSync(join(here, 'cases.json'), `${JSON.stringify({ pickleMarker: PICKLE_MARKER, cases: list }, null, 1)}\n`);
  const total = Object.values(files).reduce((n, b) => n + b.length, 0);
  console.log(`wrote ${Object.keys(files).length} files (${(total / 1024).toFixed(0)} KiB), ${cases.length} cases`);
}

/** Big cases, made at test time in `dir`: sparse multi-GB files and a 2 GiB deflate stream that is within the limit. */
export function writeBigCases(dir) {
  mkdirSync(dir, { recursive: true });
  const sparse = (name, size, head) => {
    const fd = openSync(join(dir, name), 'w');
    if (head) writeSync(fd, head, 0, head.length, 0);
    ftruncateSync(fd, size);
    closeSync(fd);
  };
  const out = [];
  sparse('sparse-3gib.npy', 3 * 1024 ** 3, goodNpy([4], 4).subarray(0, 128));
  out.push({ file: 'sparse-3gib.npy', via: 'tensor', exit: [2], expect: ['over the 2 GiB limit'] });
  sparse('sparse-3gib.npz', 3 * 1024 ** 3, Buffer.from('PK\x03\x04', 'latin1'));
  out.push({ file: 'sparse-3gib.npz', via: 'tensor', exit: [2], expect: ['over the 2 GiB limit'] });
  sparse('sparse-2gib-plus-1.bin', 2 * 1024 ** 3 + 1);
  writeFileSync(join(dir, 'sparse-2gib-plus-1.bin.json'), JSON.stringify({ dtype: 'uint8', shape: [2 * 1024 ** 3 + 1] }));
  out.push({ file: 'sparse-2gib-plus-1.bin', via: 'tensor', exit: [2], expect: ['over the 2 GiB limit'] });
  writeFileSync(join(dir, 'over-1mb.py'), `import cv2\n${'# padding padding padding padding padding padding\n'.repeat(22000)}img = cv2.resize(img, (256, 256))\n`);
  out.push({ file: 'over-1mb.py', via: 'source', exit: [0], expect: ['skipped'] });
  // An honest 2 GiB member (just under the limit) made of zeros: it loads, and peak memory stays near 2 GiB.
  const h = npyBytes(`{'descr': '<f4', 'fortran_order': False, 'shape': (${(2 * 1024 ** 3 - 128) / 4},), }`);
  const bomb = deflateZeros(h, 2 * 1024 ** 3 - h.length);
  writeFileSync(join(dir, 'zeros-2gib.npz'), zipBytes([{ name: 'x.npy', data: h, body: bomb.body, crc: bomb.crc, usize: 0xffffffff, method: 8 }], {
    tweak: (_m, rec) => { rec.usize = bomb.size; },
  }));
  out.push({ file: 'zeros-2gib.npz', via: 'tensor', exit: [2], expect: ['cannot be compared'], heavy: true });
  return out;
}

if (process.argv[2] === '--big') console.log(JSON.stringify(writeBigCases(process.argv[3])));
else if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) writeCorpus();
