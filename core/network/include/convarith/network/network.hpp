// A network: an ordered stack of layers (convolution, max/avg pooling, transposed convolution) over an input size.
// Shapes through it with the paper's relationship per layer, receptive fields (size, jump, start) per layer and axis,
// the mirror decoder of transposed convolutions that restores every size of an encoder, and the frameworks' padding
// conventions (TensorFlow/Keras and PyTorch 'same'/'valid') translated to explicit per-side padding.
//
// Reading and writing PyTorch and Keras code is in code_io.hpp; the `--layers` spec syntax is ParseLayerSpec below.
#pragma once

#include <array>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/shape/config.hpp"
#include "convarith/base/error.hpp"

namespace convarith {

// How a layer's padding is given. Same is TensorFlow/Keras padding='same': ceil(i/s) outputs for convolution and
// pooling, total padding max((ceil(i/s) - 1)s + d(k - 1) + 1 - i, 0) with the extra cell on the bottom/right; for a
// transposed convolution i·s outputs (padding max(d(k - 1) + 1 - s, 0), output_padding max(s - d(k - 1) - 1, 0)).
// PyTorch's padding='same' (stride 1 only) is the same rule. 'valid' is explicit zero padding.
enum class PaddingRule { Explicit, Same };

struct Layer {
  // Operation, rank, per-axis kernel, stride, padding (unless padding_rule is Same), dilation, output_padding,
  // out_channels, groups, bias, padding mode, ceil_mode, count_include_pad. The axes' input sizes and in_channels are
  // set by propagation (in_channels is checked against the incoming channels when in_channels_given).
  Config config;
  PaddingRule padding_rule = PaddingRule::Explicit;
  bool in_channels_given = false;
  bool out_channels_given = false;  // false: a convolution keeps the incoming channel count
  int line = 0;                     // line of the code or spec it was read from (0: none)
  bool operator==(const Layer&) const = default;
};

// A layer of imported code that keeps the shape (an activation, a normalisation, dropout), written back where it
// stood when the network is written as code again.
struct PassLayer {
  int before = 0;      // the index of the network's layer it stands before (layers.size(): after the last one)
  std::string name;    // its class: ReLU, BatchNorm2d, Dropout, Activation
  std::string code;    // as written, in its own dialect: nn.BatchNorm2d(16), layers.Dropout(0.5)
  bool keras = false;  // the dialect it was written in
  bool operator==(const PassLayer&) const = default;
};

struct Network {
  int rank = 2;
  // The network's input size {depth, height, width} (1 on neutral axes); 0 when not known yet (code without Input).
  std::array<int, 3> input{1, 0, 0};
  int in_channels = 0;  // 0: the first layer's in_channels (after poolings), else 1
  std::vector<Layer> layers;
  // Layers read from code that keep the shape (activations, normalisation, dropout): "line 4: ReLU".
  std::vector<std::string> passed_through;
  std::vector<PassLayer> pass_layers;  // the same layers, where they stand, for writing the network out again
};

// An edit of a network's table of layers: move row up or down, remove it, or insert a copy of it after it. The
// pass-through layers follow the layer they come after (a ReLU after a convolution moves with it; a removed layer's
// ones stay where they stood, after the layer before it).
enum class LayerEdit { Up, Down, Remove, InsertCopy };
// Does nothing when the row (or the one it would swap with) does not exist.
void EditLayers(Network& network, size_t row, LayerEdit edit);

// A size that becomes invalid, a layer that does not fit, a spec or code that can't be read: the layer (1-based,
// 0 for the network itself), its source line (0: none), the parameter and a one-line message naming all three.
// An Error with code ErrorCode::InvalidNetwork.
class NetworkError : public Error {
 public:
  NetworkError(int layer_index, int source_line, std::string parameter_name, const std::string& message)
      : Error(ErrorCode::InvalidNetwork, message), layer(layer_index), line(source_line),
        parameter(std::move(parameter_name)) {}
  int layer = 0;
  int line = 0;
  std::string parameter;
};

// "layer 3 (line 7, Conv2d)" as messages name a layer.
std::string LayerLabel(int index, const Layer& layer);

// Resolves a 'same' padding rule for one axis whose input size is set: explicit pad_before/pad_after (and, for a
// transposed convolution, output_padding).
AxisParams ResolveSamePadding(Op op, AxisParams axis);

// Every layer as computed: input sizes, in_channels and explicit padding set, each valid (Validate). Throws
// NetworkError naming the layer, its line and the parameter at the first size that becomes invalid.
std::vector<Config> Propagate(const Network& network);

// An exact fraction (a jump after transposed layers is one).
struct Fraction {
  long long num = 0, den = 1;
  double value() const { return static_cast<double>(num) / static_cast<double>(den); }
  std::string text() const;  // "2", "1/2"
  bool operator==(const Fraction&) const = default;
};

// The receptive field of one layer's output on one axis, in the network's input cells, as if the input were unbounded.
struct FieldAxis {
  long long receptive_field = 1;  // the most consecutive input cells one output cell depends on (max - min + 1)
  Fraction jump{1, 1};            // distance between neighbouring output cells' fields
  double start = 0;               // centre of output cell 0's field (input cell n has centre n)
  long long period = 1;           // cells n and n + period have the same field, shifted by period·jump
};
// Per layer, per spatial axis (PyTorch order). Dilation, pooling and transposed convolutions (whose output cells can
// depend on fewer inputs, or none, by the residue of their position) are followed exactly.
std::vector<std::vector<FieldAxis>> ReceptiveFields(const std::vector<Config>& layers);

// The input cells (first, last) output cell `cell` of layer `layer` (0-based) depends on along spatial axis `axis`
// (0-based, PyTorch order), as if the input were unbounded; nothing when it depends on no input (only on a bias).
std::optional<std::pair<long long, long long>> FieldOfCell(const std::vector<Config>& layers, int layer, int axis,
                                                           long long cell);

// The decoder that undoes an encoder of convolutions and poolings: one transposed convolution per encoder layer, in
// reverse order, with the encoder layer's kernel, stride, padding and dilation, the channels swapped, and the
// output_padding that restores the encoder layer's input size exactly.
struct MirrorLayer {
  Config config;  // resolved and valid; its output is the encoder layer's input size
  // Per spatial axis: every output size this layer could give (the encoder inputs that share the encoder output),
  // the one picked first; output_padding = size - smallest.
  std::vector<std::vector<int>> choices;
  int encoder_layer = 0;  // 1-based index of the encoder layer it undoes
};
// Throws NetworkError for a transposed layer in the encoder.
std::vector<MirrorLayer> Mirror(const std::vector<Config>& encoder);

// The `--layers` spec: layers separated by ';' (or new lines), each an operation and key=value parameters:
//   conv k=3 s=2 p=1 c=16; maxpool k=2; convT k=4 s=2 p=1 a=0
// operations: conv, convT (also transposed, deconv), maxpool, avgpool; keys: k (kernel), s (stride), p (padding: N,
// HxW, 'same' or 'valid'), pb/pa (padding before/after), d (dilation), a (output_padding), c (out channels), g
// (groups), bias (true/false, default true), mode (zeros|reflect|replicate|circular), ceil (true/false), cip
// (count_include_pad true/false); booleans also as 1/0. A parameter the operation does not take is refused as the
// flags refuse it (CheckParamApplies). Sizes are
// N or HxW / DxHxW for the given rank. Defaults: s = 1 (pooling: s = k), p = 0, d = 1, c = incoming channels.
Network ParseLayerSpec(std::string_view spec, int rank);
// The largest number of sizes any value of the spec gives (1 when all are N): a rank hint.
int SpecRankHint(std::string_view spec);

}  // namespace convarith
