// Networks as code: reading a PyTorch model as written (nn.Sequential(...) of nn.Conv1d/2d/3d, nn.ConvTranspose*,
// nn.MaxPool*, nn.AvgPool*, with positional and keyword arguments) or Keras layer lines (layers.Conv2D(...), ...), and
// writing a layer or a network as PyTorch and as Keras code.
//
// Reading: activations, normalisation and dropout layers pass through (they keep the shape and are listed in
// Network::passed_through); a padding layer (nn.ZeroPad2d, nn.ConstantPad2d(..., 0), nn.ReflectionPad2d, ...,
// layers.ZeroPadding2D) folds into the convolution or pooling right after it, a crop (negative padding,
// layers.Cropping2D) into the transposed convolution right before it; anything else is refused with its line number.
// Errors are NetworkError with the line, the layer number and the parameter; malformed code never crashes.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "convarith/network/network.hpp"

namespace convarith {

// The largest code file read (checked before reading it).
inline constexpr size_t kMaxCodeBytes = size_t{4} << 20;

// A PyTorch or Keras file as text, through the bounded reader: a regular file of at most kMaxCodeBytes, with no NUL
// byte. Throws ReadError naming `what` (the option: "--pytorch", "network import") and the path.
std::string ReadCodeFile(const std::string& path, std::string_view what);

// x = torch.zeros(1, C, H, W) (or randn, rand, ones, empty) sets the network's input size and channels.
Network ReadPyTorch(std::string_view code);
// keras.Input(shape=(H, W, C)) (or input_shape=) sets the network's input size and channels.
Network ReadKeras(std::string_view code);

// One layer as PyTorch code: "nn.Conv2d(3, 16, kernel_size=3, stride=2, padding=1)"; padding PyTorch can't express on
// the layer itself (one side only, TF's 'same' with stride > 1) comes as a padding layer before it (a crop after a
// transposed convolution), on lines of their own. `config` must be resolved (Propagate) or valid.
std::string PyTorchLayerCode(const Config& config, PaddingRule rule = PaddingRule::Explicit);
// The same layer in Keras (channels last): "layers.Conv2D(16, 3, strides=2, padding='same')", with
// layers.ZeroPadding2D / layers.Cropping2D where needed and a comment for what Keras has no argument for.
std::string KerasLayerCode(const Config& config, PaddingRule rule = PaddingRule::Explicit);

// A whole network as a runnable module definition: `model = nn.Sequential(...)` (or `keras.Sequential([...])` with
// keras.Input). `rules` (optional, one per layer) keeps 'same' where the network was given it. `name` is the variable.
// `pass` (an imported network's Network::pass_layers) puts its shape-keeping layers back where they stood: as written
// in the same dialect, ReLU / Sigmoid / Tanh in the other one, else a comment naming the layer.
std::string WritePyTorch(const std::vector<Config>& layers, const std::vector<PaddingRule>& rules = {},
                         std::string_view name = "model", const std::vector<PassLayer>& pass = {});
std::string WriteKeras(const std::vector<Config>& layers, const std::vector<PaddingRule>& rules = {},
                       std::string_view name = "model", const std::vector<PassLayer>& pass = {});

}  // namespace convarith
