// Exports frames of a computation without a window: software-rasterised PNG and GIF, vector SVG.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "convarith/frame.hpp"
#include "convarith/timeline.hpp"

namespace convarith {

// An RGBA8 image, row-major, top row first.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4
};

// Draws a frame following the rules in frame.hpp, at cell_px pixels per cell unit.
Image Rasterize(const Frame& frame, int cell_px);

// The frame as a standalone SVG document (text as <text>), at cell_px pixels per cell unit.
std::string SvgDocument(const Frame& frame, int cell_px);

enum class ExportFormat { Gif, Png, Svg };

struct ExportOptions {
  ExportFormat format = ExportFormat::Gif;
  std::string out;             // GIF: the file; PNG/SVG: a directory for frame_000.png ... (or the file, when current_only)
  View view = View::Direct;    // must be one of ViewsOf(op)
  double fps = 1.0;            // GIF delay = 1/fps
  double hold_seconds = 0.0;   // GIF: extra time on the last frame
  bool loop = true;            // GIF: loop forever
  int cell_px = 48;
  int first_step = 0;          // inclusive
  int last_step = -1;          // inclusive; -1 means the last step
  bool current_only = false;   // PNG/SVG: only first_step, written to `out` as a file
  FrameOptions frame;          // numbers, labels, caption, legend, theme (view and step are set per frame)
};

// A failed export: a bad option, an unwritable path, a full disk. Nothing is left behind when it is thrown.
class ExportError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ExportResult {
  std::vector<std::string> files;  // written files
  int frames = 0;
  long long bytes = 0;
};

// Called after each frame with (done, total); return false to cancel (Export then throws ExportError("cancelled")
// and removes everything it wrote).
using ExportProgress = std::function<bool(int done, int total)>;

// Writes the export; each file is written to a temporary name in the same directory, then renamed.
ExportResult Export(const Computation& computation, const ExportOptions& options, const ExportProgress& progress = {});

}  // namespace convarith
