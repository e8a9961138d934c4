// Export(): checks the options, builds each step's frame with core's BuildFrame, and writes GIF, PNG, SVG, PDF or TikZ
// files: every file staged under a temporary name and renamed into place at the end (FileBatch), so a failure or a
// cancellation leaves the files that were there exactly as they were.
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "atomic_file.hpp"
#include "convarith/export.hpp"
#include "gif_writer.hpp"
#include "palette.hpp"
#include "pdf_writer.hpp"
#include "png_writer.hpp"
#include "zip_writer.hpp"

namespace convarith {
namespace {

// Frames kept in memory between the GIF's palette pass and its encoding pass; beyond it they are drawn twice.
constexpr size_t kGifFrameBudgetBytes = size_t{512} << 20;

std::string ViewList(Op op) {
  std::string list;
  for (View v : ViewsOf(op)) list += (list.empty() ? "" : "|") + std::string(ViewName(v));
  return list;
}

// The steps to export, after checking every option that does not depend on the file system.
struct Plan {
  View view = View::Direct;
  int first = 0, last = 0;
  int Count() const { return last - first + 1; }
};

Plan MakePlan(const Computation& c, const ExportOptions& o) {
  Plan plan;
  const std::vector<View> views = ViewsOf(c.config.op);
  plan.view = o.view.value_or(views.front());
  if (std::find(views.begin(), views.end(), plan.view) == views.end()) {
    throw ExportError("view '" + std::string(ViewName(plan.view)) + "' is not available for " +
                      std::string(OpName(c.config.op)) + " (choose " + ViewList(c.config.op) + ")");
  }
  const int steps = StepCount(c, plan.view);
  if (steps <= 0) throw ExportError("the animation has no steps");
  plan.first = o.first_step;
  plan.last = o.last_step < 0 ? steps - 1 : o.last_step;
  if (o.current_only) plan.last = plan.first;
  if (plan.first < 0 || plan.first >= steps || plan.last < plan.first || plan.last >= steps) {
    throw ExportError("steps " + std::to_string(o.first_step) + "-" + std::to_string(plan.last) +
                      " are outside the animation's steps 0-" + std::to_string(steps - 1));
  }
  if (o.cell_px < 1 || o.cell_px > 512) {
    throw ExportError("cell size " + std::to_string(o.cell_px) + " px is outside 1-512");
  }
  if (o.out.empty()) throw ExportError("no output path given");
  // Refuse up front what would run for many minutes (every frame of an i = 100 convolution, say).
  for (View v : o.beside) {
    if (std::find(views.begin(), views.end(), v) == views.end()) {
      throw ExportError("view '" + std::string(ViewName(v)) + "' is not available for " +
                        std::string(OpName(c.config.op)) + " (choose " + ViewList(c.config.op) + ")");
    }
  }
  const Frame f = BuildViews(c, o.frame, plan.view, o.beside, plan.first);
  const double width_px = std::ceil(static_cast<double>(f.width) * o.cell_px);
  const double height_px = std::ceil(static_cast<double>(f.height) * o.cell_px);
  const double total_px = width_px * height_px * plan.Count();
  if (total_px > kMaxExportPixels) {
    char what[160];
    std::snprintf(what, sizeof what, "%d frames of %.0f x %.0f pixels (%.1f gigapixels)", plan.Count(), width_px,
                  height_px, total_px / 1e9);
    throw ExportError("the export would draw " + std::string(what) + ", more than the limit of " +
                      std::to_string(static_cast<int>(kMaxExportPixels / 1e9)) +
                      " gigapixels: export fewer steps (--steps A-B) or use a smaller --cell-px");
  }
  if (o.format == ExportFormat::Gif) {
    if (o.current_only) {
      throw ExportError("a GIF is the whole animation: use png, svg, pdf or tikz for the current frame");
    }
    if (!(o.fps > 0 && o.fps <= 50)) throw ExportError("fps must be in (0, 50], got " + std::to_string(o.fps));
    if (!(o.hold_seconds >= 0 && o.hold_seconds <= 600)) {
      throw ExportError("hold must be 0 to 600 seconds, got " + std::to_string(o.hold_seconds));
    }
  }
  return plan;
}

// Everything the export writes, staged in a batch (the caller's, or its own, committed at the end): until the commit
// no file is in place, and a failure removes only the export's own temporary files and directories.
class Written {
 public:
  ExportResult result;
  explicit Written(FileBatch* batch) : batch_(batch ? *batch : own_) {}
  void File(const std::string& path, std::span<const uint8_t> bytes) {
    batch_.Stage(path, bytes);
    result.files.push_back(path);
    result.bytes += static_cast<long long>(bytes.size());
  }
  void Directory(const std::string& path) {
    batch_.AddCreatedDirectory(path);
    result.directories.push_back(path);
  }
  // Puts the files in place unless the caller's batch does it later.
  void Done() {
    if (&batch_ == &own_) own_.Commit();
  }

 private:
  FileBatch own_;
  FileBatch& batch_;
};

void Report(const ExportProgress& progress, int done, int total) {
  if (progress && !progress(done, total)) throw ExportError("cancelled");
}

std::string FrameName(int index, int count, std::string_view extension) {
  const int digits = std::max(3, static_cast<int>(std::to_string(count - 1).size()));
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "frame_%0*d.", digits, index);
  return buffer + std::string(extension);
}

// Builds the frames of the plan at one size. Core lays out every step of an animation at the same size (its test
// Frame.SizeIsTheSameAtEveryStep), so the first frame sets it; building every frame twice to find a maximum would
// double the work of large exports.
class FrameSource {
 public:
  FrameSource(const Computation& c, const ExportOptions& o, const Plan& plan)
      : c_(c), options_(o.frame), view_(plan.view), beside_(o.beside) {
    const Frame first = Build(plan.first);
    width_ = first.width;
    height_ = first.height;
  }

  Frame Build(int step) {
    Frame f = BuildViews(c_, options_, view_, beside_, step, cache_);
    f.width = std::max(f.width, width_);
    f.height = std::max(f.height, height_);
    return f;
  }

 private:
  const Computation& c_;
  FrameOptions options_;
  View view_;
  std::vector<View> beside_;
  FrameCache cache_;  // the pictures every step shares, the scatter view's sums carried from step to step
  float width_ = 0, height_ = 0;
};

void ExportGif(const Computation& c, const ExportOptions& o, const Plan& plan, const ExportProgress& progress,
               Written& written) {
  FrameSource source(c, o, plan);
  Rasterizer rasterizer;
  auto draw = [&](int step) { return rasterizer.Draw(source.Build(step), o.cell_px); };

  // Pass 1: the colours of every frame make one global palette.
  std::vector<Image> frames;
  ColorHistogram histogram;
  size_t kept_bytes = 0;
  bool keep = true;
  for (int step = plan.first; step <= plan.last; ++step) {
    Image image = draw(step);
    histogram.Add(image);
    kept_bytes += image.rgba.size();
    keep = keep && kept_bytes <= kGifFrameBudgetBytes;
    if (keep) frames.push_back(std::move(image));
    Report(progress, step - plan.first + 1, plan.Count());
  }
  if (!keep) frames.clear();

  // Pass 2: encode (drawing again only when the frames did not fit in memory).
  const std::vector<int> delays = GifDelays(plan.Count(), o.fps, o.hold_seconds);
  std::unique_ptr<GifEncoder> encoder;
  for (int i = 0; i < plan.Count(); ++i) {
    Image redrawn;
    const Image& image = keep ? frames[static_cast<size_t>(i)] : (redrawn = draw(plan.first + i));
    if (!encoder) {
      encoder = std::make_unique<GifEncoder>(image.width, image.height, BuildPalette(histogram, kGifMaxColors), o.loop);
    }
    encoder->AddFrame(image, delays[static_cast<size_t>(i)]);
  }
  const std::vector<uint8_t> bytes = encoder->Finish();
  written.File(o.out, bytes);
}

// One PDF, a page per step: built in memory, then written whole (a cancelled export writes nothing).
void ExportPdf(const Computation& c, const ExportOptions& o, const Plan& plan, const ExportProgress& progress,
               Written& written) {
  FrameSource source(c, o, plan);
  PdfDocumentWriter pdf(o.cell_px, Caption(c.config));
  for (int step = plan.first; step <= plan.last; ++step) {
    pdf.AddPage(source.Build(step), "step " + std::to_string(step + 1));
    Report(progress, step - plan.first + 1, plan.Count());
  }
  const std::vector<uint8_t> bytes = pdf.Finish();
  written.File(o.out, bytes);
}

void ExportFrames(const Computation& c, const ExportOptions& o, const Plan& plan, const ExportProgress& progress,
                  Written& written) {
  const int steps = StepCount(c, plan.view);
  const std::string caption = Caption(c.config);
  const bool zip = o.zip && !o.current_only;
  if (!o.current_only && !zip && EnsureDirectory(o.out)) written.Directory(o.out);
  std::vector<ZipEntry> entries;  // zip: the frames, written as one archive at the end
  FrameSource source(c, o, plan);
  Rasterizer rasterizer;
  for (int step = plan.first; step <= plan.last; ++step) {
    const Frame frame = source.Build(step);
    std::vector<uint8_t> bytes;
    if (o.format == ExportFormat::Png) {
      bytes = EncodePng(rasterizer.Draw(frame, o.cell_px));
    } else {
      const std::string text =
          o.format == ExportFormat::Svg
              ? SvgDocument(frame, o.cell_px)
              : TikzDocument(frame, o.cell_px,
                             caption + ", step " + std::to_string(step + 1) + " of " + std::to_string(steps));
      bytes.assign(text.begin(), text.end());
    }
    const std::string name = FrameName(step - plan.first, plan.Count(), ExportFormatExtension(o.format));
    if (zip) {
      entries.push_back({name, std::move(bytes)});
    } else {
      written.File(o.current_only ? o.out : JoinPath(o.out, name), bytes);
    }
    Report(progress, step - plan.first + 1, plan.Count());
  }
  if (zip) written.File(o.out, StoredZip(entries));
}

}  // namespace

constexpr ExportFormat kFormats[] = {ExportFormat::Gif, ExportFormat::Png, ExportFormat::Svg, ExportFormat::Pdf,
                                     ExportFormat::Tikz};

std::string_view ExportFormatName(ExportFormat format) {
  switch (format) {
    case ExportFormat::Gif: return "gif";
    case ExportFormat::Png: return "png";
    case ExportFormat::Svg: return "svg";
    case ExportFormat::Pdf: return "pdf";
    case ExportFormat::Tikz: return "tikz";
  }
  return "gif";
}

std::string_view ExportFormatExtension(ExportFormat format) {
  return format == ExportFormat::Tikz ? "tex" : ExportFormatName(format);
}

std::optional<ExportFormat> ParseExportFormat(std::string_view name) {
  if (!name.empty() && name.front() == '.') name.remove_prefix(1);
  for (ExportFormat f : kFormats) {
    if (name == ExportFormatName(f) || name == ExportFormatExtension(f)) return f;
  }
  return std::nullopt;
}

std::optional<ExportFormat> ExportFormatOfPath(std::string_view path) {
  for (ExportFormat f : kFormats) {
    const std::string suffix = "." + std::string(ExportFormatExtension(f));
    if (path.size() > suffix.size() && path.substr(path.size() - suffix.size()) == suffix) return f;
  }
  return std::nullopt;
}

bool IsSingleFileFormat(ExportFormat format) { return format == ExportFormat::Gif || format == ExportFormat::Pdf; }

// --max-width: the largest cell size (at most the one asked for, at least 1) at which the picture fits the width.
ExportOptions FitWidth(const Computation& c, ExportOptions o) {
  if (o.max_width <= 0) return o;
  const std::vector<View> views = ViewsOf(c.config.op);
  const View lead = o.view.value_or(views.front());
  if (std::find(views.begin(), views.end(), lead) == views.end()) return o;  // MakePlan names the error
  const Frame f = BuildViews(c, o.frame, lead, o.beside, std::max(o.first_step, 0));
  const int fits = static_cast<int>(std::floor(static_cast<double>(o.max_width) / std::max(1.0f, f.width)));
  o.cell_px = std::clamp(fits, 1, o.cell_px);
  return o;
}

// Compact pictures keep their numbers only where the cells are large enough to read them.
constexpr int kCompactNumbersPx = 24;

ExportResult Export(const Computation& computation, const ExportOptions& requested, const ExportProgress& progress) {
  ExportOptions with_font = requested;
  with_font.frame.measure = ExportTextMeasure();  // the frames laid out for the font they are drawn with
  ExportOptions options = FitWidth(computation, with_font);
  options.frame.compact_numbers = options.frame.compact_numbers && options.cell_px >= kCompactNumbersPx;
  const Plan plan = MakePlan(computation, options);
  Written written(options.batch);
  if (options.format == ExportFormat::Gif) {
    ExportGif(computation, options, plan, progress, written);
  } else if (options.format == ExportFormat::Pdf) {
    ExportPdf(computation, options, plan, progress, written);
  } else {
    ExportFrames(computation, options, plan, progress, written);
  }
  written.result.frames = plan.Count();
  written.Done();
  return written.result;
}

ExportResult ExportPicture(const Frame& frame, ExportFormat format, const std::string& path, int cell_px,
                           const std::string& title) {
  if (format == ExportFormat::Gif) throw ExportError("a single picture is written as png, svg, pdf or tikz, not gif");
  if (cell_px < 1) throw ExportError("cell size must be at least 1 pixel, got " + std::to_string(cell_px));
  const double w = std::ceil(static_cast<double>(frame.width) * cell_px);
  const double h = std::ceil(static_cast<double>(frame.height) * cell_px);
  if (w > kMaxImageSide || h > kMaxImageSide) {
    throw ExportError("the picture would be " + std::to_string(static_cast<long long>(w)) + "x" +
                      std::to_string(static_cast<long long>(h)) + " pixels, more than " + std::to_string(kMaxImageSide) +
                      " on a side: use a smaller cell size");
  }
  std::vector<uint8_t> bytes;
  if (format == ExportFormat::Png) {
    bytes = EncodePng(Rasterize(frame, cell_px));
  } else if (format == ExportFormat::Pdf) {
    bytes = PdfDocument({frame}, cell_px, title);
  } else {
    const std::string text = format == ExportFormat::Svg ? SvgDocument(frame, cell_px) : TikzDocument(frame, cell_px, title);
    bytes.assign(text.begin(), text.end());
  }
  Written written(nullptr);
  written.File(path, bytes);
  written.result.frames = 1;
  written.Done();
  return written.result;
}

void RemoveExported(const ExportResult& result) {
  for (const std::string& file : result.files) ::unlink(file.c_str());
  for (auto it = result.directories.rbegin(); it != result.directories.rend(); ++it) ::rmdir(it->c_str());
}

}  // namespace convarith
