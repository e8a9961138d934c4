// GIF encoding with giflib: screen descriptor and global palette, NETSCAPE2.0 loop, graphics control delays, and
// frames cut down to their changed rectangle.
#include "gif_writer.hpp"

#include <gif_lib.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace convarith {
namespace {

int AppendToVector(GifFileType* gif, const GifByteType* data, int length) {
  auto* out = static_cast<std::vector<uint8_t>*>(gif->UserData);
  out->insert(out->end(), data, data + length);
  return length;
}

int BitsFor(size_t colors) {
  int bits = 1;
  while ((size_t{1} << bits) < colors) ++bits;
  return bits;
}

}  // namespace

std::vector<int> GifDelays(int count, double fps, double hold_seconds) {
  std::vector<int> delays(static_cast<size_t>(std::max(count, 0)));
  auto start = [fps](int n) { return std::llround(100.0 * n / fps); };
  for (int n = 0; n < count; ++n) {
    delays[static_cast<size_t>(n)] = static_cast<int>(std::clamp<long long>(start(n + 1) - start(n), 2, 65535));
  }
  if (count > 0) {
    const long long last = delays.back() + std::llround(std::max(hold_seconds, 0.0) * 100.0);
    delays.back() = static_cast<int>(std::min<long long>(last, 65535));
  }
  return delays;
}

GifEncoder::GifEncoder(int width, int height, std::vector<uint32_t> palette, bool loop)
    : width_(width), height_(height), map_(std::move(palette)) {
  const std::vector<uint32_t>& colors = map_.Palette();
  if (colors.size() < 256) transparent_ = static_cast<int>(colors.size());
  // GIF colour tables have a power-of-two size; the padding slot doubles as the transparent index.
  const int bits = BitsFor(colors.size() + (transparent_ >= 0 ? 1 : 0));
  std::vector<GifColorType> table(size_t{1} << bits, GifColorType{0, 0, 0});
  for (size_t i = 0; i < colors.size(); ++i) {
    table[i] = {static_cast<GifByteType>(colors[i] >> 16), static_cast<GifByteType>(colors[i] >> 8),
                static_cast<GifByteType>(colors[i])};
  }

  int error = 0;
  gif_ = EGifOpen(&bytes_, AppendToVector, &error);
  if (gif_ == nullptr) throw ExportError(std::string("GIF encoder: ") + GifErrorString(error));
  try {
    WriteHeader(width, height, table, bits, loop);
  } catch (...) {
    EGifCloseFile(gif_, nullptr);  // the destructor does not run for a throwing constructor
    gif_ = nullptr;
    throw;
  }
}

void GifEncoder::WriteHeader(int width, int height, std::vector<GifColorType>& table, int bits, bool loop) {
  EGifSetGifVersion(gif_, true);  // GIF89a: needed for delays, transparency and looping
  ColorMapObject* map = GifMakeMapObject(1 << bits, table.data());
  if (map == nullptr) throw ExportError("GIF encoder: out of memory");
  const int screen = EGifPutScreenDesc(gif_, width, height, 8, 0, map);
  GifFreeMapObject(map);
  Check(screen, "screen descriptor");

  if (loop) {
    // NETSCAPE2.0 application extension: sub-block 1, loop count 0 = forever.
    static constexpr GifByteType kAppId[] = {'N', 'E', 'T', 'S', 'C', 'A', 'P', 'E', '2', '.', '0'};
    static constexpr GifByteType kLoopForever[] = {1, 0, 0};
    Check(EGifPutExtensionLeader(gif_, APPLICATION_EXT_FUNC_CODE), "loop extension");
    Check(EGifPutExtensionBlock(gif_, sizeof kAppId, kAppId), "loop extension");
    Check(EGifPutExtensionBlock(gif_, sizeof kLoopForever, kLoopForever), "loop extension");
    Check(EGifPutExtensionTrailer(gif_), "loop extension");
  }
}

GifEncoder::~GifEncoder() {
  if (gif_ != nullptr) EGifCloseFile(gif_, nullptr);
}

void GifEncoder::Check(int result, const char* what) {
  if (result == GIF_OK) return;
  const int code = gif_ != nullptr ? gif_->Error : 0;
  throw ExportError(std::string("GIF encoder failed writing the ") + what + ": " + GifErrorString(code));
}

void GifEncoder::AddFrame(const Image& image, int delay_cs) {
  if (image.width != width_ || image.height != height_) {
    throw ExportError("GIF frames must all have the same size (" + std::to_string(width_) + "x" +
                      std::to_string(height_) + "), got " + std::to_string(image.width) + "x" +
                      std::to_string(image.height));
  }
  map_.Map(image, current_);

  // The rectangle that differs from what is on screen (the whole screen for the first frame).
  int x0 = 0, y0 = 0, x1 = width_, y1 = height_;
  const bool first = frames_ == 0;
  if (!first) {
    x0 = width_, y0 = height_, x1 = 0, y1 = 0;
    for (int y = 0; y < height_; ++y) {
      const uint8_t* a = &current_[static_cast<size_t>(y) * width_];
      const uint8_t* b = &previous_[static_cast<size_t>(y) * width_];
      int first_diff = 0;
      while (first_diff < width_ && a[first_diff] == b[first_diff]) ++first_diff;
      if (first_diff == width_) continue;
      int last_diff = width_ - 1;
      while (a[last_diff] == b[last_diff]) --last_diff;
      x0 = std::min(x0, first_diff), x1 = std::max(x1, last_diff + 1);
      y0 = std::min(y0, y), y1 = y + 1;
    }
    if (x1 <= x0) x0 = 0, y0 = 0, x1 = 1, y1 = 1;  // nothing changed: one pixel keeps the frame and its delay
  }

  GraphicsControlBlock gcb{};
  gcb.DisposalMode = DISPOSE_DO_NOT;  // each frame paints over the previous one
  gcb.UserInputFlag = false;
  gcb.DelayTime = delay_cs;
  gcb.TransparentColor = first ? NO_TRANSPARENT_COLOR : transparent_;
  GifByteType extension[4];
  const size_t length = EGifGCBToExtension(&gcb, extension);
  Check(EGifPutExtension(gif_, GRAPHICS_EXT_FUNC_CODE, static_cast<int>(length), extension), "frame delay");
  Check(EGifPutImageDesc(gif_, x0, y0, x1 - x0, y1 - y0, false, nullptr), "frame descriptor");

  line_.resize(static_cast<size_t>(x1 - x0));
  for (int y = y0; y < y1; ++y) {
    const uint8_t* cur = &current_[static_cast<size_t>(y) * width_];
    for (int x = x0; x < x1; ++x) {
      const bool same = !first && transparent_ >= 0 && cur[x] == previous_[static_cast<size_t>(y) * width_ + x];
      line_[static_cast<size_t>(x - x0)] = same ? static_cast<uint8_t>(transparent_) : cur[x];
    }
    Check(EGifPutLine(gif_, line_.data(), x1 - x0), "frame pixels");
  }
  std::swap(previous_, current_);
  ++frames_;
}

std::vector<uint8_t> GifEncoder::Finish() {
  int error = 0;
  GifFileType* gif = gif_;
  gif_ = nullptr;
  if (EGifCloseFile(gif, &error) != GIF_OK) throw ExportError(std::string("GIF encoder: ") + GifErrorString(error));
  return std::move(bytes_);
}

}  // namespace convarith
