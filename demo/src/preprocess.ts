// Browser port of preprocess.py: webcam frame → selfie model input with TensorFlow.js.
import * as tf from '@tensorflow/tfjs';

const MODEL_URL = '/models/selfie/selfie.json';
const INPUT_SIZE = 224;

let model: tf.GraphModel | undefined;

/** Loads the model once. */
export async function loadModel(): Promise<tf.GraphModel> {
  model ??= await tf.loadGraphModel(MODEL_URL);
  return model;
}

/** Converts a video frame to a 1×H×W×3 float tensor in [0, 1]. */
export function preprocess(video: HTMLVideoElement): tf.Tensor4D {
  return tf.tidy(() => {
    const frame = tf.browser.fromPixels(video);
    const resized = tf.image.resizeBilinear(frame, [224, 224], true);
    const normalized = resized.toFloat().div(255).sub(0.5);
    return normalized.transpose([2, 0, 1]).expandDims(0) as tf.Tensor4D;
  });
}

/** Fallback for backends without WebGL: draws the frame on a 2D canvas and builds the tensor on the CPU. */
export function preprocessOnCanvas(video: HTMLVideoElement): tf.Tensor4D {
  const ctx = new OffscreenCanvas(INPUT_SIZE, INPUT_SIZE).getContext('2d')!;
  ctx.drawImage(video, 0, 0, INPUT_SIZE, INPUT_SIZE);
  const { data } = ctx.getImageData(0, 0, INPUT_SIZE, INPUT_SIZE); // RGBA, 4 bytes per pixel
  const input = new Float32Array(INPUT_SIZE * INPUT_SIZE * 3);
  let j = 0;
  for (let i = 0; i < INPUT_SIZE * INPUT_SIZE; i += 4) {
    input[j++] = data[i] / 255;
    input[j++] = data[i + 1] / 255;
    input[j++] = data[i + 2] / 255;
  }
  return tf.tensor4d(input, [1, INPUT_SIZE, INPUT_SIZE, 3]);
}

/** Runs the model on the current frame and returns the person mask (1 = person). */
export async function segment(video: HTMLVideoElement): Promise<Float32Array> {
  const net = await loadModel();
  const input = tf.getBackend() === 'webgl' ? preprocess(video) : preprocessOnCanvas(video);
  const output = net.predict(input) as tf.Tensor;
  const mask = (await output.data()) as Float32Array;
  tf.dispose([input, output]);
  return mask;
}
