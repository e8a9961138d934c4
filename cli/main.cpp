// The convarith entry point: subcommands run headless; no subcommand hands over to the app.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <optional>
#include <string>
#include <vector>

#include "convarith/base/error.hpp"
#include "convarith/cli/cli.hpp"
#include "convarith/link/link.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith::cli {

namespace {

// The app's display flags: window, UI scale, colours, channels, pass, presentation mode.
void AddDisplayFlags(CLI::App& root, AppArgs& app_args) {
  root.add_option("--window", app_args.window, "Open the window at WxH pixels (e.g. 1024x768; capped to the screen)");
  root.add_option("--ui-scale", app_args.ui_scale, "UI scale in percent, 50 to 300 (projectors: 150)");
  root.add_option("--link", app_args.link,
                  "Open a shared link (Edit > Copy link, the browser build's address): a URL or its fragment, e.g. "
                  "'#preset=fig2.6&step=4' or '#op=transposed&i=3&k=3&s=2&p=1&a=1&view=all&step=7' (keys: the flags "
                  "without dashes; the step counted from 1)");
  root.add_option("--colour-by", app_args.colour_by,
                  "Cell colours: role (the paper's colours; default for its figures) or value (gray, or blue-white-red "
                  "for signed maps; default for pictures and maps too large for numbers). V toggles it")
      ->check(CLI::IsMember({"role", "value"}));
  root.add_option("--channels", app_args.channels,
                  "Many channels: focus (the maps the step joins large, the others as thumbnails), all, 3d (each "
                  "side a box of stacked slices) or auto (default: focus above 4 channels). C switches focus, D the "
                  "3-D view; a click on a thumbnail or a slice brings it into focus")
      ->check(CLI::IsMember({"auto", "all", "focus", "3d"}));
  root.add_flag("--symbols", app_args.symbols,
                "Symbols instead of numbers: x₁₂, w₁₁, y₁₁ in the cells and the current output's formula. S toggles it");
  root.add_option("--pass", app_args.pass,
                  "forward, or backward: conv and transposed conv draw the input gradient (the output gradient "
                  "through the same kernel, ones), pooling says where its gradient goes. B toggles it")
      ->check(CLI::IsMember({"forward", "backward"}));
  root.add_option("--gradient", app_args.gradient,
                  "The gradient the backward pass draws: input (dL/dx), weight (dL/dw: the input correlated with dL/dy, "
                  "stride and dilation swapped) or bias (dL/db: each map of dL/dy summed). Implies --pass backward; G "
                  "cycles it")
      ->check(CLI::IsMember({"input", "weight", "bias"}));
  root.add_flag("--unfold", app_args.unfold,
                "Open the Convolution matrix window on its Unfolded (im2col) tab: F.unfold's columns, the flattened "
                "kernels and their product");
  root.add_flag("--presentation", app_args.presentation,
                "Presentation mode: full screen, canvas only, large step text (P toggles it)");
}

// The app's windows opened from the command line: Network, Upsampling compared, Exercises.
void AddWindowFlags(CLI::App& root, AppArgs& app_args) {
  root.add_option("--network", app_args.network,
                  "Open the Network window on a preset: encoder-decoder, dilated, transposed (or open)");
  root.add_option("--network-layers", app_args.network_layers, "Network window: layers as a spec (see `net --layers`)");
  root.add_option("--network-input", app_args.network_input, "Network window: the input size (N or HxW)");
  root.add_option("--network-import", app_args.network_import, "Network window: import a PyTorch / Keras file");
  root.add_option("--network-pin", app_args.network_pin, "Network window: pin stack cell LAYER,INDEX (0: input)");
  root.add_option("--network-layer", app_args.network_layer, "Network window: animate layer N (1-based) on the canvas")
      ->check(CLI::Range(1, 1000000));
  root.add_flag("--upsampling", app_args.upsampling,
                "Open the Upsampling compared window (U): the ways to upsample by s for the layer's k, s, p");
  root.add_option("--upsampling-source", app_args.upsampling_source,
                  "Upsampling compared: its input, constant, ramp or picture (the opened --image)")
      ->check(CLI::IsMember({"constant", "ramp", "picture"}));
  root.add_option("--upsampling-dims", app_args.upsampling_dims, "Upsampling compared: 1-D or 2-D")
      ->check(CLI::Range(1, 2));
  root.add_option("--upsampling-layers", app_args.upsampling_layers, "Upsampling compared: 1 to 3 stacked layers")
      ->check(CLI::Range(1, 3));

  root.add_option("--exercises", app_args.exercises, "Open the Exercises window on a round from this seed (X toggles it)")
      ->check(CLI::Range(0LL, 4294967295LL));
  root.add_option("--exercise-kind", app_args.exercise_kind, "Exercises window: the first question's kind");
  root.add_option("--exercise-answer", app_args.exercise_answer, "Exercises window: answer the first question with TEXT");
  root.add_flag("--exercise-show", app_args.exercise_show, "Exercises window: press Show me (the layer on the canvas)");
}

// The command line with each `--link URL` (or `--link=URL`) replaced by the flags the link stands for, in its place.
std::vector<std::string> ExpandLinks(int argc, char** argv) {
  std::vector<std::string> out;
  for (int n = 0; n < argc; ++n) {
    const std::string arg = argv[n];
    std::optional<std::string> link;
    if (arg == "--link") {
      if (n + 1 >= argc) throw UsageError("--link: expected a link or its fragment, like '#preset=fig2.6&step=4'");
      link = argv[++n];
    } else if (arg.rfind("--link=", 0) == 0) {
      link = arg.substr(7);
    }
    if (!link) {
      out.push_back(arg);
      continue;
    }
    try {
      for (std::string& flag : LinkFlags(ParseLink(*link))) out.push_back(std::move(flag));
    } catch (const Error& e) {
      throw UsageError("--" + std::string(e.what()));
    }
  }
  return out;
}

std::vector<std::string> WithoutLinks(int argc, char** argv) {
  std::vector<std::string> out;
  for (int n = 0; n < argc; ++n) {
    const std::string arg = argv[n];
    if (arg == "--link") {
      ++n;
    } else if (arg.rfind("--link=", 0) != 0) {
      out.push_back(arg);
    }
  }
  return out;
}

// Whether the command line opens the app for a person (no subcommand, no --screenshot or --bench-frames run).
bool ForAPerson(const std::vector<std::string>& args) {
  for (size_t n = 1; n < args.size(); ++n) {
    const std::string& a = args[n];
    if (a == "shape" || a == "compute" || a == "export" || a == "net" || a == "exercises") return false;
    if (a.rfind("--screenshot", 0) == 0 || a.rfind("--bench-frames", 0) == 0) return false;
  }
  return true;
}

// The app's own flags, checked before any window opens. Throws UsageError naming the flag.
void CheckAppFlags(const AppArgs& app_args) {
  if (!app_args.window.empty()) ParseWindowSize(app_args.window);
  if (!app_args.ui_scale.empty()) ParseUiScale(app_args.ui_scale);
  if (!app_args.image_size.empty()) ParseImageSize(app_args.image_size);
  if (!app_args.kernel_fill.empty() && !ParseKernelPreset(app_args.kernel_fill)) {
    throw UsageError("--kernel-fill: expected ones, fig1.1, identity, box, sobel_x, sobel_y or sharpen, got '" +
                     app_args.kernel_fill + "'");
  }
  if (!app_args.fill.empty() && !ParseFill(app_args.fill)) {
    throw UsageError("--fill: expected ramp, ones or random, got '" + app_args.fill + "'");
  }
}

void Parse(CLI::App& root, std::vector<std::string> args) {
  std::vector<char*> pointers;
  for (std::string& a : args) pointers.push_back(a.data());
  root.parse(static_cast<int>(pointers.size()), pointers.data());
}

// Parses the command line with its links expanded. A link the app cannot open, when a person opens the app (the
// browser page too): its message in app_args.link_error, and the command line parsed again without it (never a blank
// page); otherwise its error goes on as any flag's would (exit 2).
void ParseCommandLine(CLI::App& root, int argc, char** argv, AppArgs& app_args) {
  const std::vector<std::string> plain = WithoutLinks(argc, argv);
  const bool may_fall_back = plain.size() < static_cast<size_t>(argc) && ForAPerson(plain);
  std::string error;
  try {
    Parse(root, ExpandLinks(argc, argv));
    if (root.get_subcommands().empty()) CheckAppFlags(app_args);
    return;
  } catch (const CLI::CallForHelp&) {
    throw;
  } catch (const CLI::CallForAllHelp&) {
    throw;
  } catch (const CLI::CallForVersion&) {
    throw;
  } catch (const CLI::ParseError& e) {
    if (!may_fall_back) throw;
    error = e.what();
  } catch (const UsageError& e) {
    if (!may_fall_back) throw;
    error = e.what();
  }
  root.clear();
  app_args = AppArgs{};
  Parse(root, plain);
  CheckAppFlags(app_args);
  const std::string what = OneLine(error);
  app_args.link_error = (what.rfind("--link", 0) == 0 ? "" : "link: ") + what + " (opened without it)";
  std::cerr << "convarith: " << app_args.link_error << "\n";
}

}  // namespace

int Main(int argc, char** argv, const std::function<int(const AppArgs&)>& run_app) {
  CLI::App root{"convarith: see and check convolution arithmetic (Dumoulin & Visin, 2016)", "convarith"};
  root.require_subcommand(0, 1);
  root.set_version_flag("--version", "convarith " CONVARITH_VERSION);

  AppArgs app_args;
  AddConfigFlags(root, app_args.flags, true);
  root.add_option("--step", app_args.step, "Open on this animation step (0-based)")->check(CLI::Range(0, 1000000000));
  root.add_option("--view", app_args.view, "Transposed views to show: equivalent, scatter, associated (comma-separated, side by side) or all");
  root.add_option("--screenshot", app_args.screenshot, "Render, write the window as PNG to PATH, exit");
  root.add_option("--frames", app_args.frames, "Frames to render before --screenshot")->check(CLI::Range(1, 100000));
  root.add_option("--bench-frames", app_args.bench_frames, "Render N frames, print median and p95 frame time")
      ->check(CLI::Range(1, 1000000));
  root.add_flag("--bench-change", app_args.bench_change,
                "With --bench-frames: change a kernel value every frame (recompute and redraw) instead of the step");
  root.add_option("--zoom", app_args.zoom, "Open zoomed by this factor relative to fitting the canvas (0.1 to 40)")
      ->check(CLI::Range(0.1f, 40.0f));
  root.add_option("--image", app_args.image_file,
                  "Picture as the input (PNG, JPEG, ...): gray (ITU-R 601-2 luma) or R, G, B with --image-mode rgb");
  root.add_option("--image-mode", app_args.image_mode, "gray (default, one channel) or rgb (three channels)")
      ->check(CLI::IsMember({"gray", "rgb"}));
  root.add_option("--image-size", app_args.image_size, "Resize the picture: N makes its longer side N (keeping the aspect ratio), HxW sets both (area averaging)");
  root.add_option("--kernel-fill", app_args.kernel_fill,
                  "Kernel preset: ones, fig1.1, identity, box, sobel_x, sobel_y, sharpen");
  root.add_option("--fill", app_args.fill, "Input fill: ramp, ones, random");
  root.add_option("--seed", app_args.seed, "Seed of --fill random, as `compute --seed` (default: the remembered one)")
      ->check(CLI::Range(0LL, 4294967295LL));

  AddDisplayFlags(root, app_args);

  AddWindowFlags(root, app_args);

  AddShapeCommand(root);
  AddComputeCommand(root);
  AddExportCommand(root);
  AddNetCommand(root);
  AddExercisesCommand(root);

  try {
    ParseCommandLine(root, argc, argv, app_args);
    if (!root.get_subcommands().empty()) CheckStdout();
  } catch (const CLI::CallForHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return root.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "convarith: " << OneLine(e.what()) << " (see convarith --help)\n";
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << "convarith: " << OneLine(e.what()) << "\n";
    return kExitUsage;
  } catch (const InvalidConfig& e) {
    std::cerr << "convarith: " << OneLine(e.what()) << "\n";
    return kExitUsage;
  } catch (const std::bad_alloc&) {
    std::cerr << "convarith: out of memory\n";
    return 1;
  } catch (const std::exception& e) {
    std::cerr << "convarith: " << OneLine(e.what()) << "\n";
    return 1;
  }
  if (!root.get_subcommands().empty()) {
    return 0;  // the subcommand's callback did the work
  }
  app_args.any_config_flag = !app_args.flags.preset.empty() || app_args.flags.AnyGiven();
  return run_app(app_args);
}

std::string OneLine(std::string_view message) {
  std::string out;
  out.reserve(message.size());
  for (const char ch : message) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '\n') {
      out += "\\n";
    } else if (ch == '\r') {
      out += "\\r";
    } else if (ch == '\t') {
      out += "\\t";
    } else if (u < 0x20 || u == 0x7f) {
      static const char* hex = "0123456789abcdef";
      out += std::string("\\x") + hex[u >> 4] + hex[u & 15];
    } else {
      out += ch;
    }
  }
  return out;
}

void CheckStdout() {
  std::cout.flush();
  errno = 0;
  const bool flushed = std::fflush(stdout) == 0;
  const int err = errno;
  if (flushed && std::cout.good() && !std::ferror(stdout)) return;
  throw UsageError(std::string("cannot write the output to stdout: ") +
                   (err != 0 ? std::strerror(err) : "write error"));
}

std::array<int, 2> ParseWindowSize(const std::string& text) {
  constexpr int kMin = 320, kMax = 16384;
  const std::string rule = "--window " + text + ": expected WxH with both " + std::to_string(kMin) + " to " +
                           std::to_string(kMax) + " pixels (e.g. 1024x768)";
  const size_t x = text.find_first_of("xX");
  if (x == std::string::npos || x == 0 || x + 1 >= text.size()) throw UsageError(rule);
  std::array<int, 2> size{};
  const std::string parts[2] = {text.substr(0, x), text.substr(x + 1)};
  for (int n = 0; n < 2; ++n) {
    const std::string& part = parts[n];
    if (part.empty() || part.size() > 6 || part.find_first_not_of("0123456789") != std::string::npos) {
      throw UsageError(rule);
    }
    size[static_cast<size_t>(n)] = std::stoi(part);
    if (size[static_cast<size_t>(n)] < kMin || size[static_cast<size_t>(n)] > kMax) throw UsageError(rule);
  }
  return size;
}

std::array<int, 2> ParseImageSize(const std::string& text) {
  const std::vector<int> size = ParseSizes(text, "--image-size");
  if (size.size() > 2) throw UsageError("--image-size: a picture has two axes, give N or HxW, got '" + text + "'");
  const std::array<int, 2> hw{size[0], size.size() == 2 ? size[1] : 0};
  if (hw[0] < 1 || (size.size() == 2 && hw[1] < 1) || hw[0] > kMaxSize || hw[1] > kMaxSize) {
    throw UsageError("--image-size: each side must be between 1 and " + std::to_string(kMaxSize) + ", got '" + text + "'");
  }
  return hw;
}

float ParseUiScale(const std::string& text) {
  const std::string rule = "--ui-scale " + text + ": expected a percentage from 50 to 300 (e.g. 150)";
  std::string digits = text;
  if (!digits.empty() && digits.back() == '%') digits.pop_back();
  if (digits.empty() || digits.size() > 4 || digits.find_first_not_of("0123456789") != std::string::npos) {
    throw UsageError(rule);
  }
  const int percent = std::stoi(digits);
  if (percent < 50 || percent > 300) throw UsageError(rule);
  return static_cast<float>(percent) / 100.0f;
}

}  // namespace convarith::cli
