// `convarith export`: writes an animation (or one frame) of a configuration or a paper figure as GIF, PNG, SVG, PDF or
// TikZ, or every figure at once; headless (no display, no GPU).
#include <unistd.h>

#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

#include "convarith/cli/cli.hpp"
#include "convarith/export.hpp"
#include "convarith/ops/backward.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/scene/timeline.hpp"
#include "convarith/scene/value_colours.hpp"
#include "export_compare.hpp"

namespace convarith::cli {
namespace {

// Set by SIGINT/SIGTERM during an export; the progress callback then cancels, so no partial file stays behind.
// A signal handler can only reach a global.
volatile std::sig_atomic_t g_interrupted = 0;

extern "C" void OnInterrupt(int) { g_interrupted = 1; }

// Installs OnInterrupt for the lifetime of an export and restores the previous handlers.
class InterruptGuard {
 public:
  InterruptGuard() {
    g_interrupted = 0;
    struct sigaction action {};
    action.sa_handler = OnInterrupt;
    sigemptyset(&action.sa_mask);
    sigaction(SIGINT, &action, &old_int_);
    sigaction(SIGTERM, &action, &old_term_);
  }
  ~InterruptGuard() {
    sigaction(SIGINT, &old_int_, nullptr);
    sigaction(SIGTERM, &old_term_, nullptr);
  }
  InterruptGuard(const InterruptGuard&) = delete;
  InterruptGuard& operator=(const InterruptGuard&) = delete;

 private:
  struct sigaction old_int_ {}, old_term_ {};
};

struct ExportArgs {
  ConfigFlags flags;
  DataFlags data;
  std::string format;  // empty: from --out's extension, else gif
  std::string out;
  double fps = 1.0;
  double hold = 0.0;
  int cell_px = kDefaultCellPx;
  int max_width = 0;
  std::string steps;
  bool no_numbers = false, labels = false, caption = false, no_legend = false, no_equation = false;
  bool current = false, all_presets = false, no_loop = false, compact = false, zip = false;
  std::string view;
  std::string theme = "light";
  std::string colour_by;  // role | value; empty: DefaultColourBy (value for a picture or maps too large for numbers)
  std::string channels = "auto";  // auto | all | focus (ChannelLayout)
  int focus_channel = -1;
  bool symbols = false;
  std::string convention = "correlation";  // correlation | convolution (KernelConvention)
  bool backward = false;  // the input gradient's computation (ops/backward.hpp), labelled as the gradients
  GradFlags grad;         // its output gradient: --grad-fill (default ones) or --grad-output
  std::string gradient;   // --gradient input|weight|bias: which gradient's computation (implies --backward)
  CompareArgs compare;    // --compare-upsampling: the ways to upsample side by side, one picture
};

ExportFormat ResolveFormat(const ExportArgs& a) {
  if (!a.format.empty()) {
    const auto format = ParseExportFormat(a.format);
    if (!format) throw UsageError("--format: expected gif, png, svg, pdf or tikz, got '" + a.format + "'");
    return *format;
  }
  return ExportFormatOfPath(a.out).value_or(ExportFormat::Gif);
}

// "A-B", "A-" (to the end) or "A", 0-based as the app's --step.
void ParseSteps(const std::string& text, ExportOptions& o) {
  if (text.empty()) return;
  const auto dash = text.find('-');
  auto number = [&](const std::string& part) {
    if (part.empty() || part.find_first_not_of("0123456789") != std::string::npos || part.size() > 9) {
      throw UsageError("--steps: expected A-B, A- or A with 0-based step numbers, got '" + text + "'");
    }
    return std::stoi(part);
  };
  o.first_step = number(text.substr(0, dash));
  if (dash == std::string::npos) {
    o.last_step = o.first_step;
  } else {
    const std::string rest = text.substr(dash + 1);
    o.last_step = rest.empty() ? -1 : number(rest);
    if (o.last_step >= 0 && o.last_step < o.first_step) {
      throw UsageError("--steps: the last step comes before the first in '" + text + "'");
    }
  }
}

// The options every export of this command shares (all but out and view).
ExportOptions BaseOptions(const ExportArgs& a) {
  ExportOptions o;
  o.format = ResolveFormat(a);
  o.fps = a.fps;
  o.hold_seconds = a.hold;
  o.loop = !a.no_loop;
  o.cell_px = a.cell_px;
  o.max_width = a.max_width;
  o.frame.compact_numbers = true;  // slides keep the numbers where the cells are large enough (Export decides)
  o.current_only = a.current;
  ParseSteps(a.steps, o);
  o.zip = a.zip;
  if (a.zip && (IsSingleFileFormat(o.format) || a.current)) {
    throw UsageError("--zip puts the frames of a PNG, SVG or TikZ export in one file: use one of those formats, "
                     "without --current");
  }
  if (a.current && o.format == ExportFormat::Gif) {
    throw UsageError(
        "--current writes one frame: use --format png, svg, pdf or tikz (a GIF is the whole animation)");
  }
  if (a.theme == "light") {
    o.frame.theme = LightTheme();
  } else if (a.theme == "dark") {
    o.frame.theme = DarkTheme();
  } else {
    throw UsageError("--theme: expected light or dark, got '" + a.theme + "'");
  }
  o.frame.numbers = !a.no_numbers;
  o.frame.labels = a.labels;
  o.frame.caption = a.caption;
  o.frame.legend = !a.no_legend;
  o.frame.equation = !a.no_equation;
  o.frame.compact = a.compact;
  if (!a.colour_by.empty()) o.frame.colour_by = *ParseColourBy(a.colour_by);  // checked by CLI11
  o.frame.channel_layout = *ParseChannelLayout(a.channels);                    // checked by CLI11
  o.frame.focus_channel = a.focus_channel;
  o.frame.symbols = a.symbols;
  o.frame.convention = *ParseConvention(a.convention);  // checked by CLI11
  return o;
}

// What a figure of the paper brings to its export: its title over the caption, Figure 1.4's subsampling, the overlap
// map of the transposed examples.
void ApplyPreset(const Preset& p, ExportOptions& o) {
  o.frame.title = FigureTitle(p);
  o.frame.keep_every = p.keep_every;
  o.frame.overlap_panel = o.frame.overlap_panel || p.overlap_panel;
}

// The backward pass's computation: the gradient asked for (ops/backward.hpp), refused in one line when the layer has
// no such gradient.
Computation GradientComputation(const ExportArgs& a, const ResolvedData& d) {
  const GradTarget target = ParseGradTarget(a.gradient).value_or(GradTarget::Input);
  const Tensor gy = ResolveGradOutput(d, a.grad);
  if (target == GradTarget::Bias && !Normalized(d.config).bias) {
    throw UsageError("--gradient bias: the layer has no bias (give --bias FILE or --bias-fill)");
  }
  if (target == GradTarget::Input) return Recompute(InputGradConfig(d.config), gy, d.weight);
  const GradProblem p = target == GradTarget::Weight ? WeightGradProblem(d.config, d.input, gy) : BiasGradProblem(d.config, gy);
  return Recompute(p.config, p.input, p.weight);
}

Computation MakeComputation(const ExportArgs& a, Config* layer) {
  const ResolvedData d = ResolveData(a.flags, a.data);
  *layer = d.config;
  if (!a.backward && (!a.grad.fill.empty() || !a.grad.file.empty())) {
    throw UsageError(std::string(a.grad.file.empty() ? "--grad-fill" : "--grad-output") + " needs --backward");
  }
  if (a.backward) {
    if (d.config.pooling()) {
      throw UsageError("--backward: pooling's gradient is a routing, not a computation to animate; use `convarith "
                       "compute --grad --explain` (conv and transposed conv export their input gradient)");
    }
    // The gradient as a computation of its own: for the input, the output gradient through the same kernel (Cᵀ).
    Computation c = GradientComputation(a, d);
    CheckFinite(c);
    return c;
  }
  Computation c = Recompute(d.config, d.input, d.weight, d.bias);
  CheckFinite(c);  // an overflow is refused, as compute refuses it, rather than drawn
  return c;
}

// --view: one view, several side by side (comma-separated, the first leads) or all; empty: the operation's default.
std::vector<View> ResolveViews(const std::string& text, Op op) {
  std::vector<View> out;
  if (text.empty()) return out;  // the operation's default: transposed shows the equivalent convolution
  const std::vector<View> views = ViewsOf(op);
  if (text == "all") {
    if (views.size() == 1) {
      throw UsageError("--view all: " + std::string(OpName(op)) + " has one view, " + std::string(ViewName(views[0])) +
                       "; the views side by side are transposed convolution's (drop --view)");
    }
    return views;
  }
  size_t start = 0;
  while (start <= text.size()) {
    const size_t comma = text.find(',', start);
    const std::string name = text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    const auto view = ParseView(name);
    if (!view) {
      throw UsageError("--view: expected direct, equivalent, scatter, associated (comma-separated) or all, got '" +
                       name + "'");
    }
    if (std::find(views.begin(), views.end(), *view) == views.end()) {
      std::string names;
      for (View v : views) names += (names.empty() ? "" : ", ") + std::string(ViewName(v));
      throw UsageError("--view " + name + " is not a view of " + std::string(OpName(op)) + " (choose " + names + ")");
    }
    if (std::find(out.begin(), out.end(), *view) == out.end()) out.push_back(*view);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

// Progress on stderr only for a person watching (a terminal); pipes and logs stay clean.
ExportProgress MakeProgress(const std::string& label) {
  const bool tty = ::isatty(STDERR_FILENO) == 1;
  return [tty, label](int done, int total) {
    if (tty) {
      std::fprintf(stderr, "\r%s: frame %d/%d", label.c_str(), done, total);
      if (done == total) std::fputs("\r\033[K", stderr);
      std::fflush(stderr);
    }
    return g_interrupted == 0;
  };
}

ExportResult RunOne(const Computation& c, ExportOptions o, const std::string& label) {
  try {
    return Export(c, o, MakeProgress(label));
  } catch (const ExportError& e) {
    if (::isatty(STDERR_FILENO) == 1) std::fputs("\r\033[K", stderr);
    const std::string what = e.what();
    throw UsageError(what == "cancelled" ? "export interrupted; nothing was written" : "export: " + what);
  }
}

void Summarise(const std::string& out, const ExportResult& r) {
  std::cout << out << ": " << r.frames << (r.frames == 1 ? " frame, " : " frames, ") << r.files.size()
            << (r.files.size() == 1 ? " file, " : " files, ") << r.bytes << " bytes\n";
}

void RunAllPresets(const ExportArgs& a) {
  const ExportFormat format = ResolveFormat(a);
  if (a.current || !a.steps.empty() || !a.view.empty() || a.backward || a.zip) {
    throw UsageError("--all-presets exports every figure whole in its default view: drop --current, --steps, --view, "
                     "--backward, --zip");
  }
  const ConfigFlags& f = a.flags;
  if (!f.preset.empty() || f.AnyGiven() || !a.data.input_file.empty() || !a.data.kernel_file.empty() ||
      !a.data.bias_file.empty()) {
    throw UsageError("--all-presets uses each figure's own parameters and data: drop the operation flags");
  }
  ExportOptions base = BaseOptions(a);
  base.format = format;

  // One batch: every figure's files are staged and renamed into place together at the end; a failure (or Ctrl-C)
  // removes only this run's temporary files (and the directories it made), never a file that was there before.
  FileBatch batch;
  try {
    if (EnsureDirectory(a.out)) batch.AddCreatedDirectory(a.out);
  } catch (const ExportError& e) {
    throw UsageError(std::string("export: ") + e.what());
  }
  std::vector<std::pair<std::string, ExportResult>> done;
  for (const Preset& p : Presets()) {
    const Computation c = Recompute(p.config, p.input, p.weight, p.bias);
    ExportOptions o = base;
    o.batch = &batch;
    // GIF, PDF: a file per figure; PNG, SVG, TikZ: a directory per figure.
    o.out = a.out + (a.out.back() == '/' ? "" : "/") + p.name +
            (IsSingleFileFormat(format) ? "." + std::string(ExportFormatExtension(format)) : "");
    done.emplace_back(o.out, RunOne(c, o, p.name));
  }
  try {
    batch.Commit();
  } catch (const ExportError& e) {
    throw UsageError(std::string("export: ") + e.what());
  }
  for (const auto& [out, result] : done) Summarise(out, result);
}

void Run(const ExportArgs& a) {
  if (a.out.empty()) {
    throw UsageError(
        "--out is required (a .gif or .pdf file, a directory for PNG/SVG/TikZ frames, or a file with --current)");
  }
  InterruptGuard interrupt_guard;
  if (a.all_presets) return RunAllPresets(a);
  if (a.compare.on) {
    return RunCompareExport(a.compare, a.flags, a.data, {a.out, a.format, a.cell_px, a.max_width, a.theme});
  }

  ExportOptions o = BaseOptions(a);
  const std::optional<ExportFormat> named = ExportFormatOfPath(a.out);
  const bool frame_file = named && !IsSingleFileFormat(*named);
  if (!IsSingleFileFormat(o.format) && !o.current_only && !o.zip && frame_file) {
    throw UsageError("--out " + a.out + " names a file, but " + std::string(ExportFormatName(o.format)) +
                     " frames go into a directory (give a directory, or --current for one frame)");
  }
  Config layer;
  const Computation c = MakeComputation(a, &layer);
  if (a.backward) {
    o.frame.pass = Pass::Backward;
    o.frame.grad = ParseGradTarget(a.gradient).value_or(GradTarget::Input);
    o.frame.layer = layer;
    o.frame.labels = !a.compact;  // the grids say they are gradients (a backward picture without them reads as forward)
  }
  if (a.colour_by.empty()) o.frame.colour_by = DefaultColourBy(c, !a.data.image_file.empty());
  const std::vector<View> views = ResolveViews(a.view, c.config.op);
  if (!views.empty()) o.view = views.front();
  if (views.size() > 1) o.beside.assign(views.begin() + 1, views.end());
  if (!a.flags.preset.empty() && !a.flags.AnyGiven()) ApplyPreset(*FindPreset(a.flags.preset), o);
  else if (!a.flags.preset.empty()) o.frame.title = FigureTitle(*FindPreset(a.flags.preset));
  o.out = a.out;
  Summarise(a.out, RunOne(c, o, a.out));
}

}  // namespace

void AddExportCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand(
      "export", "Write the animation as GIF, PDF, or PNG, SVG or TikZ frames (headless: no display or GPU needed)");
  auto args = std::make_shared<ExportArgs>();
  AddConfigFlags(*cmd, args->flags, true);
  AddDataFlags(*cmd, args->data);
  cmd->add_option("--format", args->format,
                  "gif | png | svg | pdf | tikz (default: from --out's extension, .tex for tikz, else gif)");
  cmd->add_option("--out", args->out,
                  "GIF or PDF file (a page per step); PNG/SVG/TikZ: directory for frame_000.png ... (created if "
                  "missing); with --current: the file; with --all-presets: the directory for one file (or "
                  "subdirectory) per figure");
  cmd->add_option("--fps", args->fps, "GIF frames per second (default 1, as the paper's animations)")
      ->check(CLI::Range(0.01, 50.0));
  cmd->add_option("--hold", args->hold, "GIF: seconds added to the last frame's delay (default 0)")
      ->check(CLI::Range(0.0, 600.0));
  cmd->add_flag("--no-loop", args->no_loop, "GIF: play once instead of looping forever");
  cmd->add_option("--cell-px", args->cell_px,
                  "Pixels per cell (default " + std::to_string(kDefaultCellPx) +
                      "; SVG: user units per cell; PDF, TikZ: points per cell)")
      ->check(CLI::Range(4, 512));
  cmd->add_option("--max-width", args->max_width,
                  "Slides: the picture at most PX pixels wide (points for PDF, TikZ): the cells shrink to fit it")
      ->check(CLI::Range(16, 65535));
  cmd->add_option("--steps", args->steps, "Steps to export, 0-based: A-B, A- or A (default: all)");
  cmd->add_flag("--current", args->current,
                "Only the first step of --steps (default 0): PNG/SVG/TikZ: --out is the file; PDF: one page");
  cmd->add_flag("--zip", args->zip,
                "PNG/SVG/TikZ frames: one .zip file at --out (frame_000.png ..., stored uncompressed) instead of a "
                "directory");
  cmd->add_option("--view", args->view,
                  "Transposed: equivalent (default), scatter or associated, several side by side in one picture "
                  "(equivalent,scatter) or all; conv and pooling: direct");
  cmd->add_flag("--compact", args->compact,
                "Slides: the grids alone (no labels, legend or equation; the numbers only with --cell-px 24 and up), "
                "readable when shrunk to a column");
  cmd->add_option("--colour-by", args->colour_by,
                  "Cell colours: role (the paper's colours; default for its figures) or value (each cell its value: "
                  "gray, or blue-white-red centred on 0 for signed maps, a colour bar per map in the legend; default "
                  "for --image and maps over 64x64)")
      ->check(CLI::IsMember({"role", "value"}));
  cmd->add_option("--channels", args->channels,
                  "Many channels: focus (the maps the step joins large, the others as thumbnails beside them), all "
                  "(every map full size), 3d (each side a box of stacked slices, the kernel a block through the "
                  "slices it reads) or auto (default: focus above 4 channels)")
      ->check(CLI::IsMember({"auto", "all", "focus", "3d"}));
  cmd->add_flag("--symbols", args->symbols,
               "Symbols instead of numbers: cells named x₁₂, w₁₁, y₁₁ (channels as superscripts) and the step as the "
               "current output's formula, ready for slides (PDF, TikZ)");
  cmd->add_option("--convention", args->convention,
                  "With --symbols: correlation (default; what deep learning calls convolution) or convolution (the "
                  "kernel flipped: a transposed convolution's formula then shows the kernel's own indices)")
      ->check(CLI::IsMember({"correlation", "convolution"}));
  cmd->add_option("--focus-channel", args->focus_channel,
                  "Focus layout: the channel drawn large where the step reads several (default: the first it reads)")
      ->check(CLI::Range(0, 1 << 20));
  cmd->add_option("--theme", args->theme, "light (the paper's colours, default) or dark");
  cmd->add_flag("--no-numbers", args->no_numbers, "Hide the values in the cells");
  cmd->add_flag("--labels", args->labels, "Label the grids (input, output, kernel)");
  cmd->add_flag("--caption", args->caption, "Write the parameters and the output size above the grids");
  cmd->add_flag("--no-legend", args->no_legend, "Leave out the colour legend");
  cmd->add_flag("--no-equation", args->no_equation, "Leave out the written-out step below the grids");
  cmd->add_flag("--backward", args->backward,
                "The backward pass: conv and transposed conv draw the input gradient, the output gradient dL/dy "
                "through the same kernel (a conv's as a transposed conv: scatter, equivalent with the kernel rotated "
                "180°), labelled as gradients (--labels implied)");
  cmd->add_option("--gradient", args->gradient,
                  "The gradient drawn (implies --backward): input (default), weight (the input correlated with dL/dy: "
                  "dL/dy slides with stride d and dilation s) or bias (each map of dL/dy summed)")
      ->check(CLI::IsMember({"input", "weight", "bias"}));
  cmd->add_option("--grad-fill", args->grad.fill,
                  "With --backward: the output gradient, ones (default: L = the sum of the outputs), ramp or random "
                  "(--seed)");
  cmd->add_option("--grad-output", args->grad.file,
                  "With --backward: JSON file with the output gradient dL/dy, in the output's shape");
  cmd->add_flag("--compare-upsampling", args->compare.on,
                "One picture of the ways to upsample by -s (default 2) side by side on one input (-i, default 8): "
                "transposed conv (-k 3, -p 1), nearest and bilinear resize + conv, pixel shuffle, max unpooling, each "
                "with its output and overlap count map; --fill ones|ramp or --image; --dims 1|2");
  cmd->add_option("--compare-layers", args->compare.layers, "--compare-upsampling: 1 to 3 stacked layers (default 1)");
  cmd->add_flag("--all-presets", args->all_presets, "Export every preset (the paper's figures and the examples) into the --out directory");
  cmd->callback([args]() {
    if (!args->gradient.empty()) args->backward = true;  // --gradient implies --backward
    Run(*args);
  });
}

}  // namespace convarith::cli
