// Which unknown calls the data-flow analysis treats as the model (sinks) and which it ignores (logging, drawing,
// display): a value passed to neither "escapes" into the call.

/** Methods that run a model on their argument. */
export const SINK_METHODS =
  /^(predict|predict_on_batch|predictOnBatch|execute|executeAsync|run|set_tensor|setInput|forward|Run|feed|runForMultipleInputsOutputs|infer|__call__|classify|detect|segment)$/;

/** Calls where the finished input tensor is written out or handed to another framework: np.save(path, x), torch.from_numpy(x). */
export const DUMP_CALLEES = /^(np\.(save|savez|savez_compressed)|torch\.(from_numpy|as_tensor|tensor)|onnxruntime\.OrtValue\.ortvalue_from_numpy)$/;

/** Methods that write the finished tensor out: x.tofile(path), Java's FileOutputStream.write / TensorBuffer.loadBuffer. */
export const DUMP_METHODS = /^(tofile|loadBuffer|loadArray)$/;

/** Receivers (or callables) that are a model. */
export const SINK_CALLEES = /(^|\.)(model|net|interpreter|session|sess|classifier|detector|segmenter|predictor|runner|infer)$/i;

// OpenCV drawing and display, with or without the module (cv2., cv., cv:: as "cv.", `using namespace cv`, Java's Imgproc/HighGui/Imgcodecs).
const DRAW =
  '(?:(?:cv2?|Imgproc|HighGui|Imgcodecs)\\.)?(?:imshow|imwrite|imencode|rectangle|putText|circle|line|ellipse|waitKey|destroyAllWindows|namedWindow|drawContours|drawMarker|polylines|fillPoly|arrowedLine)';

/** Calls whose arguments never reach a model: printing, logging, plotting, saving, drawing and display. */
export const IGNORED = new RegExp(
  `^(print|len|str|repr|type|isinstance|hasattr|getattr|id|hash|range|enumerate|zip|format|(?:std\\.|math\\.|Math\\.)?(?:log|log2|log10|log1p|exp|sqrt|pow|abs|fabs|floor|ceil|round|sin|cos|tan|tanh|atan2?|hypot)|console\\.\\w+|logging\\.\\w+|log\\.\\w+|logger\\.\\w+|plt\\.\\w+|${DRAW}|np\\.(savetxt|shape|mean|std|min|max)|assert\\w*|std\\.(cout|cerr)|System\\.out\\.\\w+|Log\\.\\w+|printf|fprintf)$`,
);
