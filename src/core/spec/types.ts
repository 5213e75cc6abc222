// The project-level spec, tensorparity.json: what the model expects and how inputs are prepared.

/** Libraries whose preprocessing semantics the spec can name. */
export type ResizeLibrary = 'cv2' | 'pil' | 'tf' | 'tfjs' | 'sharp' | 'java2d';
/** Model storage formats the engine loads. */
export type ModelFormat = 'tfjs-graph' | 'tfjs-layers' | 'saved-model' | 'tflite' | 'keras';
/** Channel order of the model input. */
export type ColorOrder = 'RGB' | 'BGR' | 'GRAY';
/** Memory layout of the model input. */
export type Layout = 'NHWC' | 'NCHW';
/** How the image is fitted into width × height ('crop': centre-crop to the input's aspect ratio, then resize). */
export type ResizeFit = 'stretch' | 'keep-aspect' | 'letterbox' | 'crop';
/** What the model output means. */
export type OutputKind = 'segmentation' | 'classification' | 'raw';
/** Activation applied to raw model output before postprocessing. */
export type Activation = 'none' | 'sigmoid' | 'softmax';
/** Elementwise tolerance semantics: numpy allclose, or Polygraphy's fail-only-when-over-both. */
export type ToleranceMode = 'allclose' | 'both';

/** `model`: which model to run and how to call it. */
export interface ModelSpec {
  /** Path relative to the workspace folder: model.json for tfjs, the directory for a SavedModel, the .tflite/.keras/.h5 file. */
  path: string;
  format: ModelFormat;
  inputName?: string;
  outputName?: string;
  signature?: string;
}

/** `input.resize`: the resize library, method and fit, as the reference pipeline does it. */
export interface ResizeSpec {
  library: ResizeLibrary;
  method: string;
  fit: ResizeFit;
  padValue: number;
  antialias?: boolean;
  alignCorners?: boolean;
  halfPixelCenters?: boolean;
}

/** `input.alpha`: what happens to an image's alpha channel. */
export interface AlphaSpec {
  mode: 'drop' | 'composite';
  background: [number, number, number];
}

/** `input`: how an image becomes the model's input tensor (size, colour, resize, normalisation, layout). */
export interface InputSpec {
  width: number;
  height: number;
  colorOrder: ColorOrder;
  resize: ResizeSpec;
  /** value = (pixel * scale - mean[c]) / std[c] */
  scale: number;
  mean: number[];
  std: number[];
  dtype: 'float32' | 'float16' | 'int32' | 'uint8';
  layout: Layout;
  applyExif: boolean;
  alpha: AlphaSpec;
  /** JPEG decoder of the reference pipeline: 'tf' = tf.io.decode_jpeg/decode_image defaults (fast IDCT); absent = the accurate IDCT. */
  decoder?: 'libjpeg' | 'tf';
}

/** `output`: how the model's output is read (classification or segmentation, activation, labels). */
export interface OutputSpec {
  kind: OutputKind;
  activation: Activation;
  threshold: number;
  labels: string[];
  /** CSS hex colours, one per label (#rrggbb or #rrggbbaa). */
  colors: string[];
  topK: number;
}

/** `tolerance`: how close two tensors must be to count as the same. */
export interface ToleranceSpec {
  atol: number;
  rtol: number;
  mode: ToleranceMode;
}

/** A spec with every default filled in. */
export interface Spec {
  model: ModelSpec;
  input: InputSpec;
  output: OutputSpec;
  tolerance: ToleranceSpec;
  limits: { maxPixels: number };
}

/** One problem in a spec file, located for an editor diagnostic. */
export interface SpecProblem {
  message: string;
  /** JSON path of the field, e.g. "input.width". */
  path: string;
  /** Character offsets into the spec text. */
  offset: number;
  length: number;
  severity: 'error' | 'warning';
}
