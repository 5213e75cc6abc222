// Choosing what to compare with: the file named like the dump first, model weights never offered as references.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { rankByStem, stemMatch, stemOf, weightFilesOf, withoutWeights } from '../../src/extension/compare/baseline';

test('the stem is the name up to the first dot; names that share it match best', () => {
  assert.equal(stemOf('/w/demo/dumps/astronaut.cpp-bgr.npy'), 'astronaut');
  assert.equal(stemMatch('/a/astronaut.cpp-bgr.npy', '/b/astronaut.png'), 3);
  assert.equal(stemMatch('/a/frame_01_cpp.npy', '/b/frame_01.png'), 2);
  assert.equal(stemMatch('/a/frame_010.npy', '/b/frame_01.png'), 0, 'frame_010 is another frame');
  assert.equal(stemMatch('/a/astronaut.npy', '/b/hopper.jpg'), 0);
});

test("the image picker puts the image with the dump's stem first (demo layout)", () => {
  const images = [
    '/w/demo/images/astronaut-exif-rotated.jpg',
    '/w/demo/images/astronaut-wide.jpg',
    '/w/demo/images/hopper.jpg',
    '/w/demo/images/astronaut.png',
  ];
  assert.deepEqual(rankByStem('/w/demo/dumps/astronaut.cpp-bgr.npy', images), [
    '/w/demo/images/astronaut.png',
    '/w/demo/images/astronaut-exif-rotated.jpg',
    '/w/demo/images/astronaut-wide.jpg',
    '/w/demo/images/hopper.jpg',
  ]);
});

test('the reference picker leaves out the weight files a model.json lists and shard-named .bin files', () => {
  const modelJson = JSON.stringify({ modelTopology: {}, weightsManifest: [{ paths: ['selfie.bin'], weights: [] }] });
  assert.deepEqual(weightFilesOf(modelJson), ['selfie.bin']);
  assert.deepEqual(weightFilesOf('{"shape": [1, 3]}'), [], 'a raw dump sidecar lists no weights');
  assert.deepEqual(weightFilesOf('not json'), []);
  const files = ['/w/models/selfie/selfie.bin', '/w/models/other/group1-shard1of2.bin', '/w/dumps/frame.bin', '/w/dumps/astronaut.reference.npy'];
  const kept = withoutWeights(files, (dir) =>
    dir === '/w/models/selfie' ? [modelJson] : dir === '/w/dumps' ? ['{"shape": [1, 256, 256, 3], "dtype": "float32"}'] : [],
  );
  assert.deepEqual(kept, ['/w/dumps/frame.bin', '/w/dumps/astronaut.reference.npy']);
  assert.deepEqual(rankByStem('/w/dumps/astronaut.cpp-bgr.npy', kept), ['/w/dumps/astronaut.reference.npy', '/w/dumps/frame.bin']);
});
