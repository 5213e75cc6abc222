// Selfie segmentation on a desktop camera feed: C++ port of preprocess.py (OpenCV + TensorFlow Lite).
// Build: g++ -std=c++17 preprocess.cpp $(pkg-config --cflags --libs opencv4) -ltensorflowlite

#include <opencv2/opencv.hpp>
#include <tensorflow/lite/interpreter.h>
#include <tensorflow/lite/kernels/register.h>
#include <tensorflow/lite/model.h>

#include <cstdio>
#include <memory>
#include <vector>

namespace {

constexpr int kInputWidth = 256;
constexpr int kInputHeight = 256;

// Fills the interpreter's input tensor with the frame, scaled to [0, 1]. This is the code that wrote
// ../dumps/astronaut.cpp-bgr.npy (scripts/golden/make_demo_dumps.py runs the same OpenCV calls).
void FillInput(const cv::Mat& frame, float* input) {
  cv::Mat resized;
  cv::resize(frame, resized, cv::Size(kInputWidth, kInputHeight), 0, 0, cv::INTER_LINEAR);

  cv::Mat as_float;
  resized.convertTo(as_float, CV_32FC3, 1.0 / 255);

  const float* pixels = as_float.ptr<float>(0);
  for (size_t i = 0; i < as_float.total() * as_float.channels(); ++i) {
    input[i] = pixels[i];
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s model.tflite image...\n", argv[0]);
    return 2;
  }
  auto model = tflite::FlatBufferModel::BuildFromFile(argv[1]);
  tflite::ops::builtin::BuiltinOpResolver resolver;
  std::unique_ptr<tflite::Interpreter> interpreter;
  tflite::InterpreterBuilder(*model, resolver)(&interpreter);
  interpreter->AllocateTensors();

  for (int i = 2; i < argc; ++i) {
    cv::Mat frame = cv::imread(argv[i]);
    if (frame.empty()) {
      std::fprintf(stderr, "cannot read %s\n", argv[i]);
      continue;
    }
    FillInput(frame, interpreter->typed_input_tensor<float>(0));
    interpreter->Invoke();
    const float* mask = interpreter->typed_output_tensor<float>(0);
    int person = 0;
    for (int p = 0; p < kInputWidth * kInputHeight; ++p) person += mask[p] > 0.5f;
    std::printf("%s: %d%% person\n", argv[i], person * 100 / (kInputWidth * kInputHeight));
  }
  return 0;
}
