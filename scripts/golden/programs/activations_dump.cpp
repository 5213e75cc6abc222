// A C++ run's activations saved with tools/npz_writer.hpp. The tensors come from raw float32 files listed in
// DIR/list.txt ("name<TAB>d0,d1,...<TAB>file" per line), standing in for the outputs of
// session->Run(feeds, {names...}, {}, &outputs) (no TensorFlow C++ library on this machine); the writer is what a
// user's program would call. Built and run by scripts/golden/make_activation_writers.py.
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "npz_writer.hpp"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: activations_dump OUT.npz DIR\n";
    return 2;
  }
  std::string dir = argv[2];
  std::ifstream list(dir + "/list.txt");
  npz::Writer npz(argv[1]);
  std::string line;
  while (std::getline(list, line)) {
    std::istringstream fields(line);
    std::string name, dims, file;
    std::getline(fields, name, '\t');
    std::getline(fields, dims, '\t');
    std::getline(fields, file, '\t');
    std::vector<size_t> shape;
    std::istringstream ds(dims);
    size_t count = 1;
    for (std::string d; std::getline(ds, d, ',');) {
      shape.push_back(std::stoul(d));
      count *= shape.back();
    }
    std::vector<float> values(count);
    std::ifstream raw(dir + "/" + file, std::ios::binary);
    raw.read(reinterpret_cast<char*>(values.data()), static_cast<std::streamsize>(count * sizeof(float)));
    if (!raw) {
      std::cerr << "short read: " << file << "\n";
      return 1;
    }
    npz.add(name, values.data(), shape);
  }
  npz.close();
  return 0;
}
