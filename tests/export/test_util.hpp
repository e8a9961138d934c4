// Helpers for the export tests: a scratch directory, file reading, and PNG/GIF decoding (stb_image, giflib) so tests
// check what a viewer would show, not what the encoder meant to write.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "convarith/export.hpp"

namespace convarith::test {

// A fresh directory under /tmp, removed with everything in it when the object goes.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

std::vector<uint8_t> ReadFile(const std::string& path);
std::string ReadText(const std::string& path);
bool Exists(const std::string& path);
// Every entry of a directory (hidden ones too), sorted; empty when it does not exist.
std::vector<std::string> ListDir(const std::string& path);

Image DecodePng(const std::string& path);

struct DecodedGif {
  int width = 0, height = 0;
  std::vector<Image> frames;       // composited as a viewer shows them
  std::vector<int> delays_cs;
  std::vector<int> disposal;
  std::vector<std::array<int, 4>> rects;  // stored rectangle of each frame: left, top, width, height
  bool loops_forever = false;      // NETSCAPE2.0 with loop count 0
  int global_colors = 0;
};
DecodedGif DecodeGif(const std::string& path);

// Number of pixels that differ; the first difference (if any) in `where`.
long long CountDifferences(const Image& a, const Image& b, std::string* where = nullptr);

// The path of the convarith executable (CONVARITH_EXE), or empty.
std::string ConvarithExe();

}  // namespace convarith::test
