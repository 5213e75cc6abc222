// Checks that what we are about to feed the model fits it, and explains the mismatch when it does not.
import * as path from 'node:path';
import type { InputSpec } from '../spec/types';
import type { NdArray } from '../tensor/types';
import { ModelError } from './errors';
import type { ModelTensorSig } from './model-load';

/** A shape for messages: [1,256,256,3], with ? for an unknown dimension. */
export function showShape(shape: readonly (number | null)[] | undefined): string {
  return shape ? `[${shape.map((d) => (d === null ? '?' : String(d))).join(',')}]` : '[unknown shape]';
}

/** Picks the model input named by the spec (or the only one); throws a ModelError listing the names otherwise. */
export function pickInput(inputs: ModelTensorSig[], wanted: string | undefined, modelFile: string, specFile: string): ModelTensorSig {
  const clean = wanted?.replace(/:0$/, '');
  const names = inputs.map((i) => i.name).join(', ');
  if (clean) {
    const hit = inputs.find((i) => i.name === clean);
    if (hit) return hit;
    throw new ModelError(
      `${specFile} says model.inputName "${wanted}", but ${path.basename(modelFile)} has no such input (it has: ${names}). Set model.inputName to one of them.`,
      specFile,
    );
  }
  if (inputs.length === 1 && inputs[0]) return inputs[0];
  throw new ModelError(`${path.basename(modelFile)} has ${inputs.length} inputs (${names}); set model.inputName in ${specFile} to the image input.`, specFile);
}

/** Picks the model output named by the spec, else the first; throws a ModelError listing the names when unknown. */
export function pickOutput(outputs: ModelTensorSig[], wanted: string | undefined, modelFile: string, specFile: string): string {
  const clean = wanted?.replace(/:0$/, '');
  if (!clean) {
    const first = outputs[0];
    if (!first) throw new ModelError(`${path.basename(modelFile)} declares no outputs. Re-export the model.`, modelFile);
    return first.name;
  }
  // Graph models can return any node, so an unlisted name is still allowed when the model declares no outputs by name.
  if (outputs.length === 0 || outputs.some((o) => o.name === clean)) return clean;
  throw new ModelError(
    `${specFile} says model.outputName "${wanted}", but ${path.basename(modelFile)} has no such output (it has: ${outputs.map((o) => o.name).join(', ')}). Set model.outputName to one of them.`,
    specFile,
  );
}

/** Checks the spec's input size, channels, layout and dtype against the model's input signature. */
export function checkSpecAgainstModel(sig: ModelTensorSig, input: InputSpec, specFile: string): void {
  const shape = sig.shape;
  const channels = input.colorOrder === 'GRAY' ? 1 : 3;
  const intro = `the model's input ${sig.name} is ${showShape(shape)}`;
  if (shape && shape.length === 4) {
    const nhwc = { h: shape[1], w: shape[2], c: shape[3] };
    const nchw = { h: shape[2], w: shape[3], c: shape[1] };
    const [mine, other] = input.layout === 'NHWC' ? [nhwc, nchw] : [nchw, nhwc];
    const otherLayout = input.layout === 'NHWC' ? 'NCHW' : 'NHWC';
    if (mine.c !== null && mine.c !== channels && other.c === channels) {
      throw new ModelError(
        `${cap(intro)}, which is ${otherLayout}, but ${specFile} says input.layout "${input.layout}". Set input.layout to "${otherLayout}".`,
        specFile,
      );
    }
    if ((mine.w !== null && mine.w !== input.width) || (mine.h !== null && mine.h !== input.height)) {
      const w = mine.w ?? input.width;
      const h = mine.h ?? input.height;
      throw new ModelError(
        `${cap(intro)} but ${specFile} says ${input.width}×${input.height} (input.width/height). Set input.width to ${w} and input.height to ${h}.`,
        specFile,
      );
    }
    if (mine.c !== null && mine.c !== channels) {
      const fix =
        mine.c === 1
          ? 'set input.colorOrder to "GRAY"'
          : mine.c === 3
            ? 'set input.colorOrder to "RGB" or "BGR"'
            : `this model wants ${mine.c} channels, which an image cannot give: feed a tensor dump instead`;
      throw new ModelError(
        `${cap(intro)}, ${mine.c} channel${mine.c === 1 ? '' : 's'}, but ${specFile} says input.colorOrder "${input.colorOrder}" (${channels}); ${fix}.`,
        specFile,
      );
    }
    if (shape[0] !== null && shape[0] !== 1) {
      throw new ModelError(
        `${cap(intro)}: a fixed batch of ${shape[0]}, but an image makes a batch of 1. Feed a tensor dump of shape ${showShape(shape)} instead of an image.`,
        specFile,
      );
    }
  } else if (shape) {
    throw new ModelError(
      `${cap(intro)}, not a 4-D image batch, so ${specFile}'s image preprocessing cannot feed it. Run it on a tensor dump (.npy) of shape ${showShape(shape)} instead.`,
      specFile,
    );
  }
  if (!dtypeAccepts(sig.dtype, input.dtype)) {
    throw new ModelError(
      `${cap(intro)} ${sig.dtype} but ${specFile} says input.dtype "${input.dtype}". Set input.dtype to "${sig.dtype === 'int32' ? 'int32' : 'float32'}".`,
      specFile,
    );
  }
}

/** Checks a tensor dump against the model input and returns it with the batch axis added when it was left out. */
export function fitTensorToModel(arr: NdArray, sig: ModelTensorSig, file: string): NdArray {
  const name = path.basename(file);
  if (!dtypeAccepts(sig.dtype, arr.dtype)) {
    const want = sig.dtype === 'int32' ? 'int32' : 'float32';
    throw new ModelError(
      `${name} holds ${arr.dtype} values but the model's input ${sig.name} is ${sig.dtype}. Save the dump as ${want}: np.save(f, x.astype(np.${want})) in Python, or write ${want} values from C++/Java.`,
      file,
    );
  }
  const want = sig.shape;
  if (!want) return arr;
  let shape = [...arr.shape];
  if (shape.length === want.length - 1 && (want[0] === null || want[0] === 1)) shape = [1, ...shape];
  if (matches(shape, want)) return { dtype: arr.dtype, shape, data: arr.data };
  const msg = `${name} is ${showShape(arr.shape)} but the model's input ${sig.name} is ${showShape(want)}.`;
  if (shape.length === 4 && want.length === 4) {
    if (matches([shape[0], shape[2], shape[3], shape[1]], want)) {
      throw new ModelError(`${msg} It is channels-first (NCHW) and the model wants NHWC: transpose before saving, np.transpose(x, (0, 2, 3, 1)).`, file);
    }
    if (matches([shape[0], shape[3], shape[1], shape[2]], want)) {
      throw new ModelError(`${msg} It is channels-last (NHWC) and the model wants NCHW: transpose before saving, np.transpose(x, (0, 3, 1, 2)).`, file);
    }
    if (matches([shape[0], shape[2], shape[1], shape[3]], want)) {
      throw new ModelError(
        `${msg} Height and width are swapped: the image was resized to width×height the wrong way round (cv2.resize takes (width, height)).`,
        file,
      );
    }
  }
  const known = want.every((d) => d !== null);
  const count = arr.data.length;
  if (known && count === want.reduce<number>((a, d) => a * (d ?? 1), 1)) {
    throw new ModelError(
      `${msg} It has the right number of values, so reshape it before saving: np.reshape(x, ${showShape(want).replace(/\[|\]/g, (c) => (c === '[' ? '(' : ')'))}).`,
      file,
    );
  }
  throw new ModelError(`${msg} Dump the tensor exactly as it enters the model (after preprocessing, with the batch axis).`, file);
}

/** Whether a model input of tfjs dtype `model` can take values of `given` (a spec or numpy dtype) unchanged. */
export function dtypeAccepts(model: string, given: string): boolean {
  if (model === 'float32') return given === 'float32';
  if (model === 'int32') return given === 'int32' || given === 'uint8' || given === 'int8' || given === 'int16' || given === 'uint16';
  if (model === 'bool') return given === 'bool';
  return model === given;
}

function matches(shape: readonly number[], want: readonly (number | null)[]): boolean {
  return shape.length === want.length && shape.every((d, i) => want[i] === null || want[i] === d);
}

function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
