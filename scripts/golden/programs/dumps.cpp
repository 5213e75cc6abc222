// Real C++/OpenCV preprocessing mistakes, each writing the float buffer it would hand the model (fwrite, native order).
// Built and run by scripts/golden/make_realdump_programs.py against Debian's libopencv-dev:
//   g++ -O2 dumps.cpp $(pkg-config --cflags --libs opencv4) -o dumps && ./dumps <mode> <image> <out.bin>
#include <opencv2/opencv.hpp>
#include <cstdio>
#include <string>
#include <vector>

static const int W = 32, H = 32;

template <typename T>
static void write(const std::string& path, const std::vector<T>& v) {
  FILE* f = std::fopen(path.c_str(), "wb");
  std::fwrite(v.data(), sizeof(T), v.size(), f);
  std::fclose(f);
}

// What most C++ code does: imread (BGR), cvtColor to RGB, cv::resize INTER_LINEAR, convertTo float /255.
static cv::Mat rgbInput(const std::string& image, bool toRgb) {
  cv::Mat img = cv::imread(image, cv::IMREAD_COLOR);
  if (toRgb) cv::cvtColor(img, img, cv::COLOR_BGR2RGB);
  cv::Mat resized;
  cv::resize(img, resized, cv::Size(W, H));
  return resized;
}

static std::vector<float> interleaved(const cv::Mat& u8) {
  cv::Mat f;
  u8.convertTo(f, CV_32FC3, 1.0 / 255);
  const float* p = f.ptr<float>();
  return std::vector<float>(p, p + f.total() * f.channels());
}

int main(int argc, char** argv) {
  if (argc != 4) { std::fprintf(stderr, "usage: dumps <mode> <image> <out.bin>\n"); return 2; }
  const std::string mode = argv[1], image = argv[2], out = argv[3];
  if (mode == "clean") {
    write(out, interleaved(rgbInput(image, true)));
  } else if (mode == "rotate90") {
    // The frame is rotated for display (sensor orientation) and the rotated Mat is what gets fed.
    cv::Mat in = rgbInput(image, true), rot;
    cv::rotate(in, rot, cv::ROTATE_90_CLOCKWISE);
    write(out, interleaved(rot));
  } else if (mode == "flip") {
    // A selfie preview is mirrored in place before inference.
    cv::Mat in = rgbInput(image, true);
    cv::flip(in, in, 1);
    write(out, interleaved(in));
  } else if (mode == "total-bgr") {
    // No cvtColor, and a loop bounded by img.total() (pixels, not values) over a zero-initialised buffer.
    cv::Mat in = rgbInput(image, false);
    std::vector<float> input(H * W * 3, 0.0f);
    for (size_t i = 0; i < in.total(); ++i) input[i] = in.data[i] / 255.0f;
    write(out, input);
  } else if (mode == "total-double") {
    // The same loop into a double buffer (written as float64).
    cv::Mat in = rgbInput(image, true);
    std::vector<double> input(H * W * 3, 0.0);
    for (size_t i = 0; i < in.total(); ++i) input[i] = in.data[i] / 255.0;
    write(out, input);
  } else if (mode == "box-view") {
    // The detection box is drawn on a Mat header that shares the input's pixels (cv::Mat vis = in; not clone()).
    cv::Mat in = rgbInput(image, true);
    cv::Mat vis = in;
    cv::rectangle(vis, cv::Rect(6, 4, 12, 9), cv::Scalar(0, 255, 0), 1);
    write(out, interleaved(in));
  } else {
    std::fprintf(stderr, "unknown mode %s\n", mode.c_str());
    return 2;
  }
  return 0;
}
