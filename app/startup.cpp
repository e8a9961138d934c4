// From the command line to the app's first state: remembered settings, then --preset and the operation flags,
// --view and --step on top.
#include "startup.hpp"

#include <algorithm>
#include <iostream>
#include <string>

#include "app.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith::app {
namespace {

// The configuration the flags describe without validating it (so the app can show what is wrong); throws
// cli::UsageError for what cannot even be parsed.
Config UnvalidatedConfig(const cli::ConfigFlags& flags) {
  Config config;
  if (!flags.preset.empty()) {
    const Preset* preset = FindPreset(flags.preset);
    if (preset == nullptr) throw cli::UsageError("unknown preset '" + flags.preset + "'");
    config = preset->config;
  }
  if (!flags.op.empty()) {
    const auto op = ParseOp(flags.op);
    if (!op) throw cli::UsageError("unknown operation '" + flags.op + "' (conv, maxpool, avgpool, transposed)");
    config.op = *op;
  }
  const struct {
    const std::string& text;
    const char* name;
    int AxisParams::*field;
  } fields[] = {
      {flags.input, "input", &AxisParams::input},       {flags.kernel, "kernel_size", &AxisParams::kernel},
      {flags.stride, "stride", &AxisParams::stride},    {flags.padding, "padding", &AxisParams::pad_before},
      {flags.padding, "padding", &AxisParams::pad_after}, {flags.pad_before, "pad_before", &AxisParams::pad_before},
      {flags.pad_after, "pad_after", &AxisParams::pad_after}, {flags.dilation, "dilation", &AxisParams::dilation},
      {flags.output_padding, "output_padding", &AxisParams::output_padding},
  };
  // The rank: --dims, else the longest size list, else the preset's (or 2).
  int rank = flags.dims;
  if (rank == 0) {
    for (const auto& f : fields) {
      if (!f.text.empty()) rank = std::max(rank, static_cast<int>(cli::ParseSizes(f.text, f.name).size()));
    }
    if (rank <= 1) rank = 0;
  }
  if (rank >= 1 && rank <= kMaxRank && rank != config.rank) SetRank(config, rank);
  for (const auto& f : fields) {
    if (f.text.empty()) continue;
    const std::vector<int> v = cli::ParseSizes(f.text, f.name);
    for (int a = 0; a < config.rank; ++a) {
      const size_t from = v.size() == 1 ? 0 : std::min(static_cast<size_t>(a), v.size() - 1);
      config.axes[static_cast<size_t>(config.first_axis() + a)].*f.field = v[from];
    }
  }
  if (config.pooling() && flags.stride.empty() && flags.preset.empty()) {  // PyTorch: stride defaults to the window
    for (AxisParams& a : config.spatial()) a.stride = a.kernel;
  }
  if (flags.in_channels != 0) config.in_channels = flags.in_channels;
  if (flags.out_channels != 0) {
    config.out_channels = flags.out_channels;
  } else if (flags.in_channels != 0 && flags.preset.empty()) {
    config.out_channels = config.in_channels;
  }
  if (flags.groups != 0) config.groups = flags.groups;
  if (auto mode = ParsePaddingMode(flags.padding_mode)) config.padding_mode = *mode;
  if (flags.ceil_mode) config.ceil_mode = true;
  if (flags.count_include_pad == "false") config.count_include_pad = false;
  if (flags.count_include_pad == "true") config.count_include_pad = true;
  return config;
}

void ApplyConfig(App& app, const Config& config, const std::string& preset_name) {
  if (!preset_name.empty()) {
    app.LoadPreset(preset_name);  // the figure's numbers (resized by Recompute if the flags changed the shapes)
  } else {
    app.params.fill = Fill::Ramp;
    app.params.kernel_preset = KernelPreset::Ones;
    app.params.input = Tensor();  // refilled at the configured shapes by Recompute
    app.params.weight = Tensor();
    app.params.bias = Tensor();
    app.params.input_custom = false;
    app.params.kernel_custom = false;
    app.params.input_source.clear();
    app.params.kernel_source.clear();
    app.params.input_edited = app.params.kernel_edited = false;
    app.params.input_resized = app.params.kernel_resized = false;
  }
  const std::string loaded = app.params.preset;
  app.params.config = config;
  const auto sp = config.spatial();
  app.params.link_axes = std::all_of(sp.begin(), sp.end(), [&](const AxisParams& a) { return a == sp[0]; });
  app.params.asymmetric = std::any_of(sp.begin(), sp.end(), [](const AxisParams& a) { return !a.symmetric(); });
  const Preset* preset = loaded.empty() ? nullptr : FindPreset(loaded);
  app.params.preset = preset != nullptr && preset->config == config ? loaded : std::string{};
  app.playback.step = 0;
  app.dirty = true;
}

// --view NAME[,NAME...] or --view all: the transposed views to show side by side, the first one leading.
std::optional<int> ApplyView(App& app, const std::string& names, bool automation) {
  if (names.empty()) return std::nullopt;
  // Backward: the views of the gradient's computation (a convolution's input gradient is a transposed convolution).
  const bool backward = app.params.backward && BackwardDrawable(app.params.config);
  const Op op = !backward ? app.params.config.op
                : DrawnGrad(app.params.config, app.params.grad) != GradTarget::Input ? Op::Conv
                : app.params.config.op == Op::Conv                                 ? Op::Transposed
                                                                                   : Op::Conv;
  const std::vector<View> allowed = ViewsOf(op);
  std::vector<View> chosen;
  if (names == "all") {
    chosen = allowed;
  } else {
    std::string_view rest = names;
    while (!rest.empty()) {
      const size_t comma = rest.find(',');
      const std::string name(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      const auto view = ParseView(name);
      if (!view || std::find(allowed.begin(), allowed.end(), *view) == allowed.end()) {
        std::string list;
        for (View v : allowed) list += (list.empty() ? "" : ", ") + std::string(ViewName(v));
        std::cerr << "convarith: --view " << name << " is not a view of " << OpTitle(op)
                  << " (views: " << list << ", or all)\n";
        if (automation) return cli::kExitUsage;
        return std::nullopt;
      }
      chosen.push_back(*view);
    }
  }
  if (op == Op::Transposed && !chosen.empty()) {
    auto has = [&](View v) { return std::find(chosen.begin(), chosen.end(), v) != chosen.end(); };
    app.display.show_equivalent = has(View::Equivalent);
    app.display.show_scatter = has(View::Scatter);
    app.display.show_associated = has(View::Associated);
    app.display.lead_view = chosen.front();
  }
  return std::nullopt;
}

// The data flags: an input fill and its seed, a kernel preset (made at the configured shape by Recompute).
void ApplyDataFlags(App& app, const cli::AppArgs& args) {
  if (!args.fill.empty()) {
    if (const auto fill = ParseFill(args.fill)) {
      app.params.fill = *fill;
      app.params.input = Tensor();
      app.params.input_custom = app.params.input_edited = app.params.input_resized = false;
      app.params.input_source.clear();
    }
  }
  if (!args.kernel_fill.empty()) {
    if (const auto kernel = ParseKernelPreset(args.kernel_fill)) {
      app.params.kernel_preset = *kernel;
      app.params.weight = Tensor();
      app.params.kernel_custom = app.params.kernel_edited = app.params.kernel_resized = false;
      app.params.kernel_source.clear();
      app.params.preset.clear();
    }
  }
  if (args.seed >= 0) {  // checked by cli::Main (0 to 2^32 - 1)
    app.params.seed = static_cast<uint32_t>(args.seed);
    if (app.params.fill == Fill::Random && !app.params.input_custom) app.params.input = Tensor();  // made again
  }
}

}  // namespace

std::optional<int> ApplyCommandLine(App& app, const cli::AppArgs& args, bool automation) {
  // The classroom flags (their values were checked by cli::Main before the app started).
  if (!args.ui_scale.empty()) app.display.ui_scale = cli::ParseUiScale(args.ui_scale);
  if (args.presentation) app.display.presentation = true;
  if (args.any_config_flag) {
    Config config;
    // A picture gives i itself: the other operation flags need no -i with --image.
    cli::ConfigFlags flags = args.flags;
    if (!args.image_file.empty() && flags.input.empty() && flags.preset.empty()) flags.input = "16";
    try {
      config = cli::ResolveConfig(flags);
    } catch (const cli::UsageError& e) {
      std::cerr << "convarith: " << e.what() << "\n";
      if (automation) return cli::kExitUsage;
      try {
        config = UnvalidatedConfig(flags);  // open anyway, with the message beside the control
      } catch (const cli::UsageError&) {
        return cli::kExitUsage;
      }
    }
    ApplyConfig(app, config, args.flags.preset);
  }
  if (const auto pass = ParsePass(args.pass)) app.params.backward = *pass == Pass::Backward;  // checked by cli::Main
  if (const auto grad = ParseGradTarget(args.gradient)) {  // checked by cli::Main
    app.params.grad = *grad;
    app.params.backward = true;
  }
  if (args.unfold) {
    app.windows.matrix = true;
    app.matrix.unfolded = true;
  }
  if (auto code = ApplyView(app, args.view, automation)) return code;
  ApplyDataFlags(app, args);
  if (!args.image_file.empty()) {
    ImageRead how;
    how.rgb = args.image_mode == "rgb";
    if (!args.image_size.empty()) {
      const auto size = cli::ParseImageSize(args.image_size);  // checked by cli::Main
      how.height = size[1] > 0 ? size[0] : 0;
      how.width = size[1];
      how.longer = size[1] > 0 ? 0 : size[0];
    }
    app.Recompute();  // the configuration the picture goes into (its tensors at their shapes)
    const std::string error = app.OpenImage(args.image_file, how);
    if (!error.empty()) {
      std::cerr << "convarith: --image: " << error << "\n";
      if (automation) return cli::kExitUsage;  // interactive: the app opens with the message in the Data section
    }
  }
  if (auto code = ApplyNetworkCommandLine(app, args, automation)) return code;
  if (auto code = ApplyExerciseCommandLine(app, args, automation)) return code;
  if (auto code = ApplyUpsampleCommandLine(app, args, automation)) return code;
  if (const auto layout = ParseChannelLayout(args.channels)) app.display.channel_layout = *layout;  // checked
  if (args.symbols) app.display.symbols = true;
  if (const auto mode = ParseColourBy(args.colour_by)) {  // checked by cli::Main
    app.display.colour_by = *mode;
    app.display.colour_chosen = true;
  }
  app.Recompute();
  if (args.zoom > 0) {
    app.canvas.zoom = args.zoom;
    app.canvas.auto_fit = false;
  }
  if (automation && app.derived.error) {
    std::cerr << "convarith: " << app.derived.error->message << "\n";
    return cli::kExitUsage;
  }
  // A picture opens on its last step (OpenImage), unless --step says otherwise.
  if (args.step > 0 || (args.any_config_flag && app.params.image_path.empty())) {
    const int count = app.StepCount();
    if (args.step >= count && count > 0) {
      std::cerr << "convarith: --step " << args.step << " is past the last step (" << count - 1 << ")\n";
      if (automation) return cli::kExitUsage;
    }
    app.SetStep(args.step);
  }
  return std::nullopt;
}

}  // namespace convarith::app
