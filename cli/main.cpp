// The convarith entry point: subcommands run headless; no subcommand hands over to the app.
#include <cstdio>
#include <iostream>

#include "convarith/cli/cli.hpp"
#include "convarith/compute.hpp"

namespace convarith::cli {

int Main(int argc, char** argv, const std::function<int(const AppArgs&)>& run_app) {
  CLI::App root{"convarith: see and check convolution arithmetic (Dumoulin & Visin, 2016)", "convarith"};
  root.require_subcommand(0, 1);
  root.set_version_flag("--version", "convarith 0.1.0");

  AppArgs app_args;
  AddConfigFlags(root, app_args.flags, true);
  root.add_option("--step", app_args.step, "Open on this animation step (0-based)")->check(CLI::NonNegativeNumber);
  root.add_option("--view", app_args.view, "Transposed views to show: equivalent, scatter, associated (comma-separated, side by side) or all");
  root.add_option("--screenshot", app_args.screenshot, "Render, write the window as PNG to PATH, exit");
  root.add_option("--frames", app_args.frames, "Frames to render before --screenshot")->check(CLI::Range(1, 100000));
  root.add_option("--bench-frames", app_args.bench_frames, "Render N frames, print median and p95 frame time")
      ->check(CLI::Range(1, 1000000));

  AddShapeCommand(root);
  AddComputeCommand(root);
  AddExportCommand(root);
  AddNetCommand(root);

  try {
    root.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return root.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return root.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "convarith: " << e.what() << " (see convarith --help)\n";
    return kExitUsage;
  } catch (const UsageError& e) {
    std::cerr << "convarith: " << e.what() << "\n";
    return kExitUsage;
  } catch (const InvalidConfig& e) {
    std::cerr << "convarith: " << e.what() << "\n";
    return kExitUsage;
  } catch (const std::exception& e) {
    std::cerr << "convarith: " << e.what() << "\n";
    return 1;
  }
  if (!root.get_subcommands().empty()) {
    return 0;  // the subcommand's callback did the work
  }
  app_args.any_config_flag = !app_args.flags.preset.empty() || app_args.flags.AnyGiven();
  return run_app(app_args);
}

}  // namespace convarith::cli
