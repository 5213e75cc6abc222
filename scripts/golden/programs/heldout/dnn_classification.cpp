// Held-out diagnosis round: OpenCV's dnn classification sample, its preprocessing only (re-typed), writing the blob
// it feeds to net.setInput as raw float32 (NCHW).
// Source: https://github.com/opencv/opencv/blob/4.x/samples/dnn/classification.cpp
//   blobFromImage(frame, blob, scale, Size(inpWidth, inpHeight), mean, swapRB, crop);
// with the googlenet entry of samples/dnn/models.yml: mean [104, 117, 123], scale 1.0, rgb false (swapRB false).
// Build: g++ -O2 dnn_classification.cpp $(pkg-config --cflags --libs opencv4) -o dnn_classification
// Run:   dnn_classification IMAGE SIZE OUT.bin
#include <opencv2/dnn.hpp>
#include <opencv2/imgcodecs.hpp>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  if (argc != 4) { std::fprintf(stderr, "usage: dnn_classification IMAGE SIZE OUT.bin\n"); return 2; }
  cv::Mat frame = cv::imread(argv[1]);
  int inp = std::atoi(argv[2]);
  double scale = 1.0;
  cv::Scalar mean(104, 117, 123);
  bool swapRB = false, crop = false;
  cv::Mat blob;
  cv::dnn::blobFromImage(frame, blob, scale, cv::Size(inp, inp), mean, swapRB, crop);
  FILE* f = std::fopen(argv[3], "wb");
  if (!f) return 1;
  std::fwrite(blob.ptr<float>(), sizeof(float), blob.total(), f);
  std::fclose(f);
  return 0;
}
