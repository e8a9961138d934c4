// Exports frames of a computation without a window: software-rasterised PNG and GIF, vector SVG and PDF (cairo), and
// TikZ for LaTeX.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <stdexcept>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/scene/frame.hpp"
#include "convarith/scene/timeline.hpp"

namespace convarith {

// An RGBA8 image, row-major, top row first.
struct Image {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> rgba;  // width * height * 4

  Rgba At(int x, int y) const {
    const uint8_t* p = &rgba[(static_cast<size_t>(y) * width + x) * 4];
    return {p[0], p[1], p[2], p[3]};
  }
};

// Default pixels per cell unit: the paper's Figure 2.6 (padding_strides) comes out near its 395 x 381 pixels.
inline constexpr int kDefaultCellPx = 32;
// Largest exported image side in pixels (GIF allows 65535; 8192 keeps one RGBA frame under 256 MiB).
inline constexpr int kMaxImageSide = 8192;
// Most pixels one export may draw, over all its frames (about a minute of work here); beyond it Export refuses.
inline constexpr double kMaxExportPixels = 4e9;

class Font;

// Draws frames following the rules in frame.hpp, at cell_px pixels per cell unit. Keeps the embedded DejaVu Sans and
// a cache of glyph bitmaps per (size, codepoint) between frames; not thread-safe (use one per thread).
class Rasterizer {
 public:
  Rasterizer();
  ~Rasterizer();
  Rasterizer(Rasterizer&&) noexcept;
  Rasterizer& operator=(Rasterizer&&) noexcept;

  Image Draw(const Frame& frame, int cell_px);

 private:
  std::unique_ptr<Font> font_;
};

// Draws one frame (a fresh Rasterizer: prefer one Rasterizer for many frames).
Image Rasterize(const Frame& frame, int cell_px);

// The frame as a standalone SVG document (text as <text>, dashed borders as stroke-dasharray), at cell_px pixels per
// cell unit. Cells carry class="cell <role>" so tools can find them.
std::string SvgDocument(const Frame& frame, int cell_px);

// The frame as PDF pages (vector boxes, real text in the embedded DejaVu Sans, through cairo), one page per frame, each
// cell_px points per cell unit: the page is as many points as the PNG is pixels. `title` goes into the metadata.
std::vector<uint8_t> PdfDocument(const std::vector<Frame>& frames, int cell_px, const std::string& title = {});

// The frame as a TikZ picture for LaTeX (\input it; needs only \usepackage{tikz}): named colours (\definecolor) and a
// style per kind of cell and text so an author can restyle it, coordinates in cell units (x = cell_px pt, y down),
// text in \sffamily with LaTeX's specials escaped, padding dashed. `title` becomes the file's first comment.
std::string TikzDocument(const Frame& frame, int cell_px, const std::string& title = {});

// A paragraph of a text document (an exercise sheet): wrapped to the page's width, lines kept whole across pages.
struct TextParagraph {
  std::string text;          // UTF-8; '\n' starts a new line within the paragraph
  float size = 11;           // line height in points
  float indent = 0;          // points from the left margin (wrapped lines too)
  float space_before = 0;    // points above the paragraph (none at the top of a page)
  bool new_page = false;     // starts on a new page
  float keep = 0;            // starts on a new page unless this many points are left (a question with its answer)
  Rgba color{0, 0, 0, 255};
};
// The paragraphs flowed onto A4 pages (595 x 842 points, 50-point margins, "page N of M" at the foot) as a PDF through
// the same cairo writer and embedded font as the frames. `title` goes into the metadata. Throws ExportError.
std::vector<uint8_t> TextDocumentPdf(const std::vector<TextParagraph>& paragraphs, const std::string& title);

enum class ExportFormat { Gif, Png, Svg, Pdf, Tikz };
std::string_view ExportFormatName(ExportFormat format);       // gif | png | svg | pdf | tikz
std::string_view ExportFormatExtension(ExportFormat format);  // gif | png | svg | pdf | tex
// A format name, or a file extension with or without its dot (".tex" and "tex" mean tikz).
std::optional<ExportFormat> ParseExportFormat(std::string_view name);
// The format a path's extension names (a.pdf, frames.tex), if any.
std::optional<ExportFormat> ExportFormatOfPath(std::string_view path);
// Whether the format writes one file for the whole export (GIF, PDF) rather than one file per frame.
bool IsSingleFileFormat(ExportFormat format);

class FileBatch;

struct ExportOptions {
  ExportFormat format = ExportFormat::Gif;
  std::string out;             // GIF/PDF: the file; PNG/SVG/TikZ: a directory for frame_000.png ... (or the file, when
                               // current_only)
  std::optional<View> view;    // must be one of ViewsOf(op); empty: ViewsOf(op)[0] (transposed: equivalent)
  std::vector<View> beside;    // transposed: more views drawn to the right of `view` in the same picture, each at the
                               // step linked to the lead's by meaning (LinkStep) with the linked cell marked
  double fps = 1.0;            // GIF delay = 1/fps (the paper: one frame a second)
  double hold_seconds = 0.0;   // GIF: extra time on the last frame, added to its delay (no extra frame)
  bool loop = true;            // GIF: loop forever (NETSCAPE2.0 extension); false plays once
  int cell_px = kDefaultCellPx;
  int max_width = 0;           // > 0: the picture at most this many pixels (points) wide: cell_px made smaller to fit
  int first_step = 0;          // inclusive
  int last_step = -1;          // inclusive; -1 means the last step
  bool current_only = false;   // PNG/SVG/TikZ/PDF: only first_step (PNG/SVG/TikZ: written to `out` as a file)
  bool zip = false;            // PNG/SVG/TikZ frames (not current_only): one .zip file at `out` holding frame_000.png
                               // ... stored uncompressed (the browser's one download), instead of a directory
  FrameOptions frame;          // numbers, labels, caption, legend, theme (view and step are set per frame); with
                               // compact, compact_numbers keeps the numbers only at cell_px 24 and up; its measure
                               // is always the embedded font's (ExportTextMeasure)
  FileBatch* batch = nullptr;  // stage the files into this batch and leave the commit to its owner (several exports
                               // that appear together, as --all-presets); null: the export commits its own files
};

// A failed export: a bad option, an unwritable path, a full disk. Nothing is left behind when it is thrown.
// The core's Error with code ErrorCode::Export.
class ExportError : public Error {
 public:
  explicit ExportError(const std::string& message) : Error(ErrorCode::Export, message) {}
};

struct ExportResult {
  std::vector<std::string> files;        // written files
  std::vector<std::string> directories;  // directories the export created (PNG/SVG/TikZ frame directories)
  int frames = 0;
  long long bytes = 0;
};

// Called after each frame with (done, total); return false to cancel (Export then throws ExportError("cancelled")
// and removes everything it wrote).
using ExportProgress = std::function<bool(int done, int total)>;

// Writes the export; each file is written to a temporary name in the same directory, then renamed. A PNG/SVG/TikZ frame
// directory is created when missing (its parent must exist). Throws ExportError naming the path and the reason.
ExportResult Export(const Computation& computation, const ExportOptions& options, const ExportProgress& progress = {});

// One picture (not an animation, e.g. the upsampling comparison) as a PNG, SVG, PDF or TikZ file at `path`, written
// atomically (a failure leaves whatever was at `path` untouched). Throws ExportError for GIF, a picture over
// kMaxImageSide pixels on a side at cell_px, or a failed write.
ExportResult ExportPicture(const Frame& frame, ExportFormat format, const std::string& path, int cell_px,
                           const std::string& title = {});

// The embedded DejaVu Sans's metrics, the font every export draws its text with: Export lays its frames out with it
// (FrameOptions::measure), and a caller that builds a frame for ExportPicture passes it too, so that each text has
// the room it takes when drawn.
TextMeasure ExportTextMeasure();

// Creates the directory `path` when it is missing (not its parents). Returns true when it created it; throws
// ExportError naming the path when it cannot, or when `path` exists and is not a directory.
bool EnsureDirectory(const std::string& path);

// Removes what an export wrote (files, then the directories it created, when empty): undoes a batch of exports.
void RemoveExported(const ExportResult& result);

// Files that appear together or not at all. Stage() writes each file under a temporary name in its target's directory
// (checking the target: a directory in its place fails at once); Commit() renames them all into place. When anything
// fails, before or during Commit, the batch removes its own temporary files and the directories it created, and puts
// back every file that was at a target before (moved aside by a hard link, never copied or truncated): a failed export
// leaves the user's files exactly as they were. An uncommitted batch cleans up when destroyed.
class FileBatch {
 public:
  FileBatch() = default;
  ~FileBatch();
  FileBatch(const FileBatch&) = delete;
  FileBatch& operator=(const FileBatch&) = delete;

  // Throws ExportError("cannot write PATH: reason"). A non-regular target (a device such as /dev/null, a FIFO) can't
  // be replaced and is written directly.
  void Stage(const std::string& path, std::span<const uint8_t> data);
  // A directory created for this batch: removed again (when empty) unless the batch commits.
  void AddCreatedDirectory(const std::string& path);
  // Renames every staged file into place; throws ExportError after undoing the renames done so far.
  void Commit();
  size_t staged() const { return entries_.size(); }

 private:
  struct Entry {
    std::string shown, target, temp;
  };
  void Abandon();
  // The hidden staging directory (".convarith-staging-PID-N") of a target directory, made on first use: temporaries
  // and the links to replaced files live there, so an export killed mid-way leaves one directory, which the next
  // export into that directory removes (its process is gone).
  std::string Staging(const std::string& shown, const std::string& dir);
  std::vector<Entry> entries_;
  std::map<std::string, std::string> staging_;
  std::vector<std::string> directories_;
  bool committed_ = false;
};

// Test hook: makes the writes of staged files fail with ENOSPC ("No space left on device") once this many bytes in all
// have been written, as a full file system would (-1: off, the default).
void FailWritesAfterBytesForTesting(long long bytes);

}  // namespace convarith
