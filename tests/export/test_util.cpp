// Test helpers: scratch directories, PNG decoding with stb_image, GIF decoding and compositing with giflib.
#include "test_util.hpp"

#include <dirent.h>
#include <gif_lib.h>
#include <stb_image.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace convarith::test {

TempDir::TempDir() {
  char pattern[] = "/tmp/convarith_export_test_XXXXXX";
  if (::mkdtemp(pattern) == nullptr) throw std::runtime_error("mkdtemp failed");
  path_ = pattern;
}

TempDir::~TempDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::vector<uint8_t> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string ReadText(const std::string& path) {
  const std::vector<uint8_t> bytes = ReadFile(path);
  return {bytes.begin(), bytes.end()};
}

bool Exists(const std::string& path) {
  struct stat st {};
  return ::lstat(path.c_str(), &st) == 0;
}

std::vector<std::string> ListDir(const std::string& path) {
  std::vector<std::string> names;
  DIR* dir = ::opendir(path.c_str());
  if (dir == nullptr) return names;
  while (const dirent* entry = ::readdir(dir)) {
    const std::string name = entry->d_name;
    if (name != "." && name != "..") names.push_back(name);
  }
  ::closedir(dir);
  std::sort(names.begin(), names.end());
  return names;
}

Image DecodePng(const std::string& path) {
  const std::vector<uint8_t> bytes = ReadFile(path);
  int w = 0, h = 0, channels = 0;
  unsigned char* data = stbi_load_from_memory(bytes.data(), static_cast<int>(bytes.size()), &w, &h, &channels, 4);
  if (data == nullptr) throw std::runtime_error("not a PNG: " + path + " (" + stbi_failure_reason() + ")");
  Image image{w, h, std::vector<uint8_t>(data, data + static_cast<size_t>(w) * h * 4)};
  stbi_image_free(data);
  return image;
}

DecodedGif DecodeGif(const std::string& path) {
  int error = 0;
  GifFileType* gif = DGifOpenFileName(path.c_str(), &error);
  if (gif == nullptr) throw std::runtime_error("cannot open GIF " + path + ": " + GifErrorString(error));
  if (DGifSlurp(gif) != GIF_OK) {
    const std::string message = GifErrorString(gif->Error);
    DGifCloseFile(gif, &error);
    throw std::runtime_error("cannot decode GIF " + path + ": " + message);
  }
  DecodedGif out;
  out.width = gif->SWidth;
  out.height = gif->SHeight;
  out.global_colors = gif->SColorMap != nullptr ? gif->SColorMap->ColorCount : 0;
  Image canvas{out.width, out.height, std::vector<uint8_t>(static_cast<size_t>(out.width) * out.height * 4, 0)};
  for (int i = 0; i < gif->ImageCount; ++i) {
    const SavedImage& frame = gif->SavedImages[i];
    for (int e = 0; e + 1 < frame.ExtensionBlockCount; ++e) {
      const ExtensionBlock& block = frame.ExtensionBlocks[e];
      if (block.Function == APPLICATION_EXT_FUNC_CODE && block.ByteCount == 11 &&
          std::memcmp(block.Bytes, "NETSCAPE2.0", 11) == 0) {
        const ExtensionBlock& data = frame.ExtensionBlocks[e + 1];
        out.loops_forever = data.ByteCount == 3 && data.Bytes[0] == 1 && data.Bytes[1] == 0 && data.Bytes[2] == 0;
      }
    }
    GraphicsControlBlock gcb{};
    gcb.TransparentColor = NO_TRANSPARENT_COLOR;
    DGifSavedExtensionToGCB(gif, i, &gcb);
    out.delays_cs.push_back(gcb.DelayTime);
    out.disposal.push_back(gcb.DisposalMode);
    const GifImageDesc& d = frame.ImageDesc;
    out.rects.push_back({d.Left, d.Top, d.Width, d.Height});
    const ColorMapObject* map = d.ColorMap != nullptr ? d.ColorMap : gif->SColorMap;
    for (int y = 0; y < d.Height; ++y) {
      for (int x = 0; x < d.Width; ++x) {
        const int index = frame.RasterBits[static_cast<size_t>(y) * d.Width + x];
        if (index == gcb.TransparentColor) continue;
        const int cx = d.Left + x, cy = d.Top + y;
        if (cx >= out.width || cy >= out.height || index >= map->ColorCount) continue;
        uint8_t* p = &canvas.rgba[(static_cast<size_t>(cy) * out.width + cx) * 4];
        p[0] = map->Colors[index].Red, p[1] = map->Colors[index].Green, p[2] = map->Colors[index].Blue, p[3] = 255;
      }
    }
    out.frames.push_back(canvas);
  }
  DGifCloseFile(gif, &error);
  return out;
}

long long CountDifferences(const Image& a, const Image& b, std::string* where) {
  if (a.width != b.width || a.height != b.height) return -1;
  long long count = 0;
  for (int y = 0; y < a.height; ++y) {
    for (int x = 0; x < a.width; ++x) {
      if (a.At(x, y) == b.At(x, y)) continue;
      if (count++ == 0 && where != nullptr) {
        const Rgba p = a.At(x, y), q = b.At(x, y);
        *where = "(" + std::to_string(x) + "," + std::to_string(y) + "): " + std::to_string(p.r) + "," +
                 std::to_string(p.g) + "," + std::to_string(p.b) + "," + std::to_string(p.a) + " vs " +
                 std::to_string(q.r) + "," + std::to_string(q.g) + "," + std::to_string(q.b) + "," +
                 std::to_string(q.a);
      }
    }
  }
  return count;
}

std::string ConvarithExe() {
  const char* exe = std::getenv("CONVARITH_EXE");
  return exe != nullptr ? exe : "";
}

}  // namespace convarith::test
