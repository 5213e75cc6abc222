// Test models made from the demo model: one weight tensor changed, or another input shape.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { float16BitsToFloat32, float32ToFloat16Bits } from '../../src/core/tensor/ndarray';

/** The demo model (MediaPipe selfie segmentation, a TFJS graph model with float16-quantized weights). */
export const SELFIE = path.resolve(__dirname, '../../../demo/models/selfie/selfie.json');
/** The preprocessed demo image the goldens were made from. */
export const ASTRONAUT_INPUT = path.resolve(__dirname, '../../../test/golden/model/astronaut.input.npy');

interface Weight {
  name: string;
  shape: number[];
  dtype: string;
  quantization?: { dtype: string };
}
interface ModelJson {
  modelTopology: { node: { name: string; op: string; attr?: Record<string, unknown> }[] };
  weightsManifest: { paths: string[]; weights: Weight[] }[];
  signature?: unknown;
}

const BYTES: Record<string, number> = { float32: 4, int32: 4, float16: 2, uint8: 1, uint16: 2 };

/** A fresh folder holding a copy of the demo model; `edit` may change model.json and the weight bytes. */
export function copySelfie(edit: (json: ModelJson, bin: Buffer) => void): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tp-model-'));
  const json = JSON.parse(fs.readFileSync(SELFIE, 'utf8')) as ModelJson;
  const bin = fs.readFileSync(path.join(path.dirname(SELFIE), 'selfie.bin'));
  edit(json, bin);
  fs.writeFileSync(path.join(dir, 'selfie.json'), JSON.stringify(json));
  fs.writeFileSync(path.join(dir, 'selfie.bin'), bin);
  return path.join(dir, 'selfie.json');
}

/** The demo model with every value of one float16-stored weight tensor multiplied by `factor`. */
export function selfieWithChangedWeight(weight: string, factor: number): string {
  return copySelfie((json, bin) => {
    let offset = 0;
    for (const w of json.weightsManifest.flatMap((g) => g.weights)) {
      const storage = w.quantization?.dtype ?? w.dtype;
      const n = w.shape.reduce((x, y) => x * y, 1);
      if (w.name === weight) {
        if (storage !== 'float16') throw new Error(`${weight} is stored as ${storage}, not float16`);
        for (let i = 0; i < n; i++) {
          const at = offset + 2 * i;
          bin.writeUInt16LE(float32ToFloat16Bits(float16BitsToFloat32(bin.readUInt16LE(at)) * factor), at);
        }
        return;
      }
      offset += (BYTES[storage] ?? 4) * n;
    }
    throw new Error(`no weight ${weight} in the demo model`);
  });
}

/** The demo model declared with another input size (the Placeholder's shape and the signature). */
export function selfieWithInputSize(size: number): string {
  return copySelfie((json) => {
    const text = JSON.stringify(json).replace(/\{"size":"256"\},\{"size":"256"\},\{"size":"3"\}/g, `{"size":"${size}"},{"size":"${size}"},{"size":"3"}`);
    Object.assign(json, JSON.parse(text) as ModelJson);
  });
}
