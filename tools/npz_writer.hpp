// npz_writer.hpp: saves float32 arrays from a C++ run as an .npz (a zip of .npy files) named by layer, for
// `tensor-parity compare-models MODEL activations.npz --input input.npy`. Header only, no dependencies (C++11).
//
//   npz::Writer npz("activations.npz");
//   npz.add("conv2d_1/Relu", values.data(), {1, 128, 128, 16});   // name = the tensor you fetched
//   npz.close();                                                  // also done by the destructor
//
// Entries are stored uncompressed; each array and the whole file must stay under 4 GiB (no zip64).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace npz {

class Writer {
 public:
  explicit Writer(const std::string& path) : f_(std::fopen(path.c_str(), "wb")) {
    if (!f_) throw std::runtime_error("npz::Writer: cannot create " + path);
  }
  ~Writer() {
    try {
      close();
    } catch (...) {
    }
  }
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;

  /** Adds one float32 array (C order) under `name`, e.g. the graph tensor it was fetched from. */
  void add(const std::string& name, const float* data, const std::vector<size_t>& shape) {
    if (!f_) throw std::runtime_error("npz::Writer: add after close");
    size_t count = 1;
    std::string dims;
    for (size_t d : shape) {
      count *= d;
      dims += std::to_string(d) + (shape.size() == 1 ? "," : ", ");
    }
    if (shape.size() > 1) dims.resize(dims.size() - 2);
    std::string dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
    size_t total = 10 + dict.size() + 1;
    dict.append((64 - total % 64) % 64, ' ');
    dict += '\n';
    std::vector<uint8_t> npy = {0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    put16(npy, static_cast<uint16_t>(dict.size()));
    npy.insert(npy.end(), dict.begin(), dict.end());
    for (size_t i = 0; i < count; i++) {
      uint32_t bits;
      static_assert(sizeof(float) == 4, "float32 expected");
      std::memcpy(&bits, data + i, 4);
      put32(npy, bits);
    }
    Entry e{name + ".npy", crc32(npy), static_cast<uint32_t>(npy.size()), pos_};
    std::vector<uint8_t> h;
    put32(h, 0x04034b50);
    put16(h, 20);
    put16(h, 0);  // flags
    put16(h, 0);  // stored
    put16(h, 0);  // time
    put16(h, 0x21);  // date: 1980-01-01
    put32(h, e.crc);
    put32(h, e.size);
    put32(h, e.size);
    put16(h, static_cast<uint16_t>(e.name.size()));
    put16(h, 0);
    h.insert(h.end(), e.name.begin(), e.name.end());
    write(h);
    write(npy);
    entries_.push_back(e);
  }

  /** Writes the zip directory and closes the file. */
  void close() {
    if (!f_) return;
    uint32_t start = pos_;
    for (const Entry& e : entries_) {
      std::vector<uint8_t> c;
      put32(c, 0x02014b50);
      put16(c, 20);
      put16(c, 20);
      put16(c, 0);
      put16(c, 0);
      put16(c, 0);
      put16(c, 0x21);
      put32(c, e.crc);
      put32(c, e.size);
      put32(c, e.size);
      put16(c, static_cast<uint16_t>(e.name.size()));
      put16(c, 0);
      put16(c, 0);
      put16(c, 0);
      put16(c, 0);
      put32(c, 0);
      put32(c, e.offset);
      c.insert(c.end(), e.name.begin(), e.name.end());
      write(c);
    }
    std::vector<uint8_t> end;
    put32(end, 0x06054b50);
    put16(end, 0);
    put16(end, 0);
    put16(end, static_cast<uint16_t>(entries_.size()));
    put16(end, static_cast<uint16_t>(entries_.size()));
    put32(end, pos_ - start);
    put32(end, start);
    put16(end, 0);
    write(end);
    int rc = std::fclose(f_);
    f_ = nullptr;
    if (rc != 0) throw std::runtime_error("npz::Writer: could not finish the file");
  }

 private:
  struct Entry {
    std::string name;
    uint32_t crc, size, offset;
  };
  static void put16(std::vector<uint8_t>& b, uint16_t v) {
    b.push_back(v & 0xff);
    b.push_back(v >> 8);
  }
  static void put32(std::vector<uint8_t>& b, uint32_t v) {
    for (int i = 0; i < 4; i++) b.push_back((v >> (8 * i)) & 0xff);
  }
  static uint32_t crc32(const std::vector<uint8_t>& b) {
    uint32_t c = 0xffffffffu;
    for (uint8_t byte : b) {
      c ^= byte;
      for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xedb88320u & (0u - (c & 1u)));
    }
    return ~c;
  }
  void write(const std::vector<uint8_t>& b) {
    if (std::fwrite(b.data(), 1, b.size(), f_) != b.size()) throw std::runtime_error("npz::Writer: write failed");
    pos_ += static_cast<uint32_t>(b.size());
  }

  std::FILE* f_;
  std::vector<Entry> entries_;
  uint32_t pos_ = 0;
};

}  // namespace npz
