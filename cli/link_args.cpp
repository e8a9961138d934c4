// --link: a shared link's configuration, view and step as the app's flags (core's ParseLink reads the link).
#include <iostream>

#include "convarith/cli/cli.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/scene/fragment.hpp"

namespace convarith::cli {
namespace {

// The link's fields over the flags already given (the link wins where both say something).
ConfigFlags FlagsOf(const LinkFields& f, ConfigFlags flags) {
  const auto set = [](std::string& flag, const std::string& value) {
    if (!value.empty()) flag = value;
  };
  set(flags.preset, f.preset);
  set(flags.op, f.op);
  set(flags.input, f.input);
  set(flags.kernel, f.kernel);
  set(flags.stride, f.stride);
  set(flags.padding, f.padding);
  set(flags.pad_before, f.pad_before);
  set(flags.pad_after, f.pad_after);
  set(flags.dilation, f.dilation);
  set(flags.output_padding, f.output_padding);
  set(flags.padding_mode, f.padding_mode);
  if (f.dims > 0) flags.dims = f.dims;
  if (f.in_channels > 0) flags.in_channels = f.in_channels;
  if (f.out_channels > 0) flags.out_channels = f.out_channels;
  if (f.groups > 0) flags.groups = f.groups;
  return flags;
}

}  // namespace

std::optional<int> ApplyLink(AppArgs& args) {
  if (args.link.empty()) return std::nullopt;
  const LinkParse parsed = ParseLink(args.link);
  std::string error = parsed.error;
  ConfigFlags flags;
  if (error.empty()) {
    flags = FlagsOf(parsed.fields, args.flags);
    try {
      ResolveConfig(flags);  // the configuration must be valid, or the app opens on its default
    } catch (const UsageError& e) {
      error = std::string("link: ") + e.what();
    } catch (const InvalidConfig& e) {
      error = std::string("link: ") + e.what();
    }
  }
  if (!error.empty()) {
    std::cerr << "convarith: " << OneLine(error) << "\n";
    if (!args.screenshot.empty() || args.bench_frames > 0) return kExitUsage;
    args.link_error = error + " (opened the default instead)";
    return std::nullopt;
  }
  args.flags = flags;
  if (!parsed.fields.view.empty()) args.view = parsed.fields.view;
  if (parsed.fields.step > 0) args.step = parsed.fields.step - 1;
  return std::nullopt;
}

}  // namespace convarith::cli
