// The command line: operation flags shared by every subcommand and the app, and the entry point that dispatches.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include <CLI/CLI.hpp>

#include "convarith/shape/config.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith {
struct Computation;
}  // namespace convarith

namespace convarith::cli {

// Exit code for bad arguments or input (the message goes to stderr as one line).
inline constexpr int kExitUsage = 2;

// A bad argument or input file; what() is the one-line message.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The operation flags as typed: -i 5, -i 4x6 ("HxW") or -i 3x4x6 ("DxHxW"), and so on.
struct ConfigFlags {
  std::string preset;
  std::string op;
  std::string input, kernel, stride, padding, dilation, output_padding;
  std::string pad_before, pad_after;
  int dims = 0;  // 0: from the sizes, the preset or the input file (default 2)
  int in_channels = 0, out_channels = 0, groups = 0;  // 0: not given
  std::string padding_mode;
  bool ceil_mode = false;
  std::string count_include_pad;  // "true" | "false" | ""
  bool AnyGiven() const;          // some operation flag (not only --preset) was given
};

// Adds --op, --dims, -i, -k, -s, -p, -d, -a, --pad-before, --pad-after, --in-channels, --out-channels, --groups,
// --padding-mode, --ceil-mode, --count-include-pad (and --preset when with_preset).
void AddConfigFlags(CLI::App& app, ConfigFlags& flags, bool with_preset);

// What an input file says about the configuration: its spatial sizes and, when it has a channel dimension, C_in.
struct InputShape {
  std::vector<int> shape;  // the file's nested-array shape
};

// The configuration the flags describe: the preset (if any), then every flag given overrides it. When `input_file`
// is given and -i was not, i (and C_in) are taken from it; when both, they must agree (messages name the file by
// `source`: --input or --image). Validates; throws UsageError naming the parameter and the rule.
Config ResolveConfig(const ConfigFlags& flags, const std::vector<int>* input_file_shape = nullptr,
                     const std::string& source = "--input");

// Parses "5", "4x6" or "3x4x6" for the named parameter (1 to 3 whole numbers); throws UsageError.
std::vector<int> ParseSizes(const std::string& text, const std::string& parameter);

// The largest JSON file read for --input, --kernel, --bias (a full 4096 x 4096 tensor written with 17 digits a value
// fits); refused before reading.
inline constexpr size_t kMaxJsonFileBytes = size_t{512} << 20;
// Reads a JSON file holding nested arrays of numbers (a scalar is refused; every level rectangular) through the bounded
// reader, streaming: the value count (kMaxElements) and depth (6) are checked while parsing. Throws UsageError naming
// the parameter, the file and the first ragged or non-numeric place.
Tensor ReadTensorFile(const std::string& path, const std::string& parameter);

// Where input, kernel and bias values come from (compute, export).
struct DataFlags {
  std::string input_file, kernel_file, bias_file;
  std::string image_file, image_mode = "gray", image_size;  // a picture as the input
  std::string fill = "ramp", kernel_fill = "ones", bias_fill;
  uint32_t seed = 0;
};
void AddDataFlags(CLI::App& app, DataFlags& flags);

struct ResolvedData {
  Config config;
  Tensor input;   // canonical (C_in, D, H, W)
  Tensor weight;  // canonical; empty for pooling
  Tensor bias;    // (C_out) or empty
  bool channels_in_output = false;  // print tensors with their channel dimension (channels were given or > 1)
  uint32_t seed = 0;                // --seed
};
// The configuration and its values: files, else the preset's numbers, else generated. Throws UsageError.
ResolvedData ResolveData(const ConfigFlags& flags, const DataFlags& data);

// The output gradient of `compute --grad`: a JSON file in the output's shape (--grad-output), or generated
// (--grad-fill ramp|ones|random; ones by default: the gradient of L = the sum of the outputs).
struct GradFlags {
  bool grad = false;
  std::string file, fill;
};
// The output gradient, canonical (C_out, oD, oH, oW). Throws UsageError naming the flag.
Tensor ResolveGradOutput(const ResolvedData& data, const GradFlags& flags);

// What the app needs from the command line when no subcommand is given.
struct AppArgs {
  ConfigFlags flags;
  int step = 0;
  std::string screenshot;  // write the window's pixels as PNG after `frames` frames, then exit
  int frames = 3;
  int bench_frames = 0;    // render N frames and print "median X ms, p95 Y ms"
  bool bench_change = false;  // with bench_frames: change a kernel value every frame rather than the step
  float zoom = 0;          // open zoomed in (or out) by this factor relative to fitting the canvas; 0: fit
  // A picture as the input (--image, --image-mode gray|rgb, --image-size N|HxW) and the kernels' preset
  // (--kernel-fill box, sobel_x, ...) and input fill (--fill), as for `convarith compute`.
  std::string image_file, image_mode = "gray", image_size;
  std::string kernel_fill, fill;
  long long seed = -1;     // --seed: the random fill's seed, as `compute --seed` (-1: not given, the remembered one)
  std::string view;        // direct | equivalent | scatter | associated
  // Classroom and automation: the window's size "WxH", the UI scale in percent, presentation mode. Validated by
  // ParseWindowSize / ParseUiScale (the app reports a bad value in one line naming the flag, exit 2).
  std::string window;
  std::string ui_scale;
  bool presentation = false;
  std::string colour_by;   // role | value (empty: remembered, or the default for what opens)
  std::string channels;    // auto | all | focus | 3d (empty: remembered, or auto)
  bool symbols = false;    // symbols instead of numbers (S)
  std::string pass;        // forward | backward (empty: remembered)
  std::string gradient;    // input | weight | bias: the gradient the backward pass draws (implies backward)
  bool unfold = false;     // open the Convolution matrix window on its Unfolded (im2col) tab
  // The Network window: a preset (encoder-decoder, dilated, transposed) or "open"; a --layers spec and its input
  // size; a PyTorch / Keras file imported as if pasted; a pinned stack cell "LAYER,INDEX"; a layer animated (1-based).
  std::string network, network_layers, network_input, network_import, network_pin;
  int network_layer = 0;
  // The Exercises window: a round from this seed (-1: not asked for); an answer typed and checked; "Show me" pressed.
  long long exercises = -1;
  std::string exercise_kind, exercise_answer;
  bool exercise_show = false;
  // The Upsampling compared window: opened, its input (constant, ramp, picture), 1-D or 2-D, stacked layers.
  bool upsampling = false;
  std::string upsampling_source;
  int upsampling_dims = 0, upsampling_layers = 0;
  bool any_config_flag = false;  // the user gave an operation flag or a preset (overrides the remembered config)
  // --link 'URL or fragment': expanded into the flags it stands for before parsing (core's LinkFlags); a link the
  // app cannot open leaves its message in link_error (shown in the app, which opens without it).
  std::string link, link_error;
};

// --window WxH: both 320 to 16384 pixels. Throws UsageError naming the flag.
std::array<int, 2> ParseWindowSize(const std::string& text);
// --image-size N or HxW: each side 1 to kMaxSize; returns {H, W}, or {N, 0} for N (the longer side N, keeping the
// aspect ratio). Throws UsageError.
std::array<int, 2> ParseImageSize(const std::string& text);
// --ui-scale PERCENT: 50 to 300 (a trailing % is allowed); returns the scale (1.5 for 150). Throws UsageError.
float ParseUiScale(const std::string& text);

// Parses argv; runs a subcommand, or calls run_app when none is given. Returns the process exit code.
int Main(int argc, char** argv, const std::function<int(const AppArgs&)>& run_app);

// Refuses a computation with a non-finite value (an overflow) in its output: UsageError naming the place and value.
void CheckFinite(const Computation& computation);

// Flushes stdout and reports a write error (a full disk, /dev/full, a closed pipe) as UsageError, so that a
// subcommand whose output was lost never exits 0.
void CheckStdout();

// A message as one line: control characters (a newline in a value) written as \n, \r, \t or \xNN.
std::string OneLine(std::string_view message);

// Subcommand registration (each adds itself to root with its own callback).
void AddShapeCommand(CLI::App& root);
void AddComputeCommand(CLI::App& root);
void AddExportCommand(CLI::App& root);
void AddNetCommand(CLI::App& root);
void AddExercisesCommand(CLI::App& root);

}  // namespace convarith::cli
