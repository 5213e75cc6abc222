// Browser port of preprocess.py: webcam frame → selfie model input with TensorFlow.js.
import * as tf from '@tensorflow/tfjs';

const MODEL_URL = '/models/selfie/selfie.json';

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

/** Runs the model on the current frame and returns the person mask (1 = person). */
export async function segment(video: HTMLVideoElement): Promise<Float32Array> {
  const net = await loadModel();
  const input = preprocess(video);
  const output = net.predict(input) as tf.Tensor;
  const mask = (await output.data()) as Float32Array;
  tf.dispose([input, output]);
  return mask;
}
