// Runs the demo model once and keeps every node's output (shared by the tests that need our own activations).
import * as fs from 'node:fs';
import { loadTensorflow } from '../../src/core/infer/backend';
import { openSide, runSide } from '../../src/core/model-compare/sources';
import { parseNpy } from '../../src/core/tensor/npy';
import type { NdArray } from '../../src/core/tensor/types';

const cache = new Map<string, Promise<Map<string, NdArray>>>();

/** Every layer's output of a graph model on the .npy input, by node name. */
export function runLayers(model: string, inputNpy: string): Promise<Map<string, NdArray>> {
  const key = `${model}|${inputNpy}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = (async () => {
      const rt = await loadTensorflow();
      const side = await openSide(rt, model);
      try {
        const x = parseNpy(fs.readFileSync(inputNpy), inputNpy);
        const names = (side.layers ?? []).map((l) => l.name);
        return (await runSide(rt, side, x, side.outputs[0]?.name ?? '', names)).layers;
      } finally {
        side.dispose();
      }
    })();
    cache.set(key, hit);
  }
  return hit;
}
