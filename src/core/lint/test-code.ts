// Test code that runs no model. A library's or an app's tests resize, scale and convert images to check results
// (Pillow's test suite resizes in almost every file); none of that is a model's input, and none of it is deployed.
// Such files get no findings. A test that runs a model itself (test_onnx.py with onnxruntime, a JUnit test of a TFLite
// classifier) mentions its runtime and is linted as any other file.

/** Test files by their name (not their folder: a workspace may itself sit in a folder named `test`). */
const TEST_FILE =
  /(^|[\\/])test_[^\\/]*\.py$|_tests?\.py$|Tests?\.java$|\.(test|spec)\.[cm]?[jt]sx?$|(_test|_unittest)\.(cc|cpp|cxx)$|(^|[\\/])test_[^\\/]*\.(cc|cpp|cxx)$/;

/** Any mention of a model runtime or model format: the file may run a model, so it is linted. */
const MODEL_RUNTIME =
  /tensorflow|tflite|TfLite|litert|keras|onnx|Ort::|InferenceSession|\bdnn\b|torch|ncnn|MNN|openvino|\bov::|InferenceEngine|NvInfer|tensorrt|trt\.|rknn|paddle|tfjs|ml5|face-api|mediapipe|\bInterpreter\b|\bdjl\b|pytorch|snpe|coreml|tritonclient|edgetpu|pycoral|ultralytics|transformers|timm\b|caffe|\bjax\b|mxnet|\.predict\(|\.forward\(|\.infer\(/i;

/** True for a test file (by its name) whose text mentions no model runtime: nothing in it feeds a model. */
export function isTestCodeWithoutModel(uri: string, text: string): boolean {
  return TEST_FILE.test(uri) && !MODEL_RUNTIME.test(text);
}
