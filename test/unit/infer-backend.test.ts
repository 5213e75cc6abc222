// Backend selection: lazy loading, the fallback order and the reason reported when tfjs-node is absent.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { findWasmDir, loadTensorflow } from '../../src/core/infer/backend';

test('importing the inference engine does not load TensorFlow.js', () => {
  const entry = path.resolve(__dirname, '../../src/core/infer/index.js');
  const script = `require(${JSON.stringify(entry)}); console.log(Object.keys(require.cache).filter((k) => k.includes('@tensorflow')).length)`;
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.equal(out.stdout.trim(), '0');
});

test('without a preference the fastest working backend is used and a skipped tfjs-node is explained', async () => {
  const rt = await loadTensorflow();
  assert.ok(['tensorflow', 'wasm', 'cpu'].includes(rt.backend));
  let tfjsNodeInstalled = true;
  try {
    require.resolve('@tensorflow/tfjs-node');
  } catch {
    tfjsNodeInstalled = false;
  }
  if (!tfjsNodeInstalled) {
    assert.equal(rt.backend, 'wasm');
    assert.match(rt.detail, /@tensorflow\/tfjs-node is not installed/);
    assert.match(rt.detail, /npm install @tensorflow\/tfjs-node/);
  }
  assert.equal(rt.tf.getBackend(), rt.backend);
});

test('asking for cpu gives cpu, and switching back to wasm restores the wasm backend', async () => {
  const cpu = await loadTensorflow({ prefer: 'cpu' });
  assert.equal(cpu.backend, 'cpu');
  assert.equal(cpu.detail, '');
  assert.equal(cpu.tf.getBackend(), 'cpu');
  const wasm = await loadTensorflow({ prefer: 'wasm' });
  assert.equal(wasm.backend, 'wasm');
  assert.equal(wasm.tf.getBackend(), 'wasm');
  assert.equal(await loadTensorflow({ prefer: 'wasm' }), wasm, 'memoized');
});

test('after a cpu or wasm run, the native backend is switched back on: a "tensorflow" run never runs on cpu', async () => {
  const native = await loadTensorflow({ prefer: 'tensorflow' });
  await loadTensorflow({ prefer: 'cpu' });
  const again = await loadTensorflow({ prefer: 'tensorflow' });
  assert.equal(again.backend, native.backend);
  assert.equal(again.tf.getBackend(), native.backend, 'the global backend follows the runtime handed out');
});

test('the wasm binaries are found in the installed package when not bundled', () => {
  const dir = findWasmDir();
  assert.ok(dir, 'a wasm folder is found');
  assert.ok(fs.existsSync(path.join(dir, 'tfjs-backend-wasm.wasm')));
});
