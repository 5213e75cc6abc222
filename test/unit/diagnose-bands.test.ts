// Padding bands from the tensors alone: with no image, a letterboxed dump (YOLOv5's grey 114 bars) against a
// stretched reference gets a note naming the bands and what would test the fit; picture edges and explained dumps do not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { bandsNote, paddingBands } from '../../src/core/diagnose/bands';
import { diagnose } from '../../src/core/diagnose/diagnose';
import { loadTensorFile } from '../../src/core/tensor/load';
import { parseSpec } from '../../src/core/spec/parse';

const DIR = path.resolve(__dirname, '../../../test/golden/realdumps/heldout');
const dims = { name: 'NHWC' as const, batch: 1, height: 6, width: 6, channels: 3, channelsLast: true };

async function tensor(f: string) {
  return [...(await loadTensorFile(path.join(DIR, f))).tensors.values()][0];
}

function picture(): Float64Array {
  return Float64Array.from({ length: 6 * 6 * 3 }, (_, i) => (i * 37) % 101);
}

test('a YOLOv5 letterbox dump against the stretched reference tensor: the grey bars are named, the fit is left to the image', async () => {
  const spec = parseSpec(fs.readFileSync(path.join(DIR, 'spec-yolo-stretch.json'), 'utf8'), 'spec-yolo-stretch.json').spec;
  assert.ok(spec);
  const d = await diagnose(await tensor('py-yolov5.npy'), { tensor: await tensor('ref-yolo-stretch.npy'), spec });
  assert.notEqual(d.status, 'explained');
  assert.ok(d.missing.includes('image-and-spec'));
  const note = d.notes.find((n) => n.includes('bands of one colour'));
  assert.ok(note, d.notes.join('\n'));
  assert.match(note, /rows 0–5, rows 42–47; every value \[0\.447, 0\.447, 0\.447\]\).*letterbox/);
});

test('bands: top and bottom rows of one colour where the reference has picture', () => {
  const ref = picture();
  const dump = picture();
  for (const y of [0, 5]) for (let i = y * 18; i < (y + 1) * 18; i++) dump[i] = 0.5;
  const b = paddingBands(dump, ref, dims);
  assert.deepEqual(b, { top: 1, bottom: 1, left: 0, right: 0, value: [0.5, 0.5, 0.5] });
  assert.match(bandsNote(b, dims), /rows 0, rows 5; every value \[0\.5, 0\.5, 0\.5\]/);
});

test('no bands: a dump whose edges hold picture, or a reference that is flat there too', () => {
  assert.equal(paddingBands(picture(), picture(), dims), undefined);
  const flat = new Float64Array(6 * 6 * 3).fill(0.25);
  assert.equal(paddingBands(flat, flat, dims), undefined);
});
