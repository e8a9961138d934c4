// Reading code into a Network, private to the core: the classes a call can name, its arguments bound to parameter
// names (code_args.cpp), and the Builder that turns calls into layers (code_read.cpp: containers, inputs, padding;
// code_layers.cpp: convolution and pooling layers of PyTorch and Keras).
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "code_parse.hpp"
#include "convarith/network/network.hpp"

namespace convarith::code {

enum class Dialect { PyTorch, Keras };
enum class Kind { Conv, Transposed, MaxPool, AvgPool, Pad, Crop, Input, PassThrough, Container, Unknown };

struct ClassInfo {
  Kind kind = Kind::Unknown;
  int rank = 0;  // from the 1d/2d/3d suffix
  PaddingMode mode = PaddingMode::Zeros;  // pad layers
};

// What the class named `n` (the last part of the call's name) is in the dialect.
ClassInfo Classify(Dialect d, const std::string& n);
// A call names a layer-like class: nn.X, torch.nn.X, layers.X, keras.layers.X with a capitalised X.
bool LooksLikeLayer(const std::string& name);

// The arguments of one call bound to its parameter names, with messages naming the line, layer and parameter.
struct Args {
  const Call* call = nullptr;
  std::string where;  // "line 4 (layer 2, Conv2d)"
  int layer = 0;
  std::map<std::string, Value> values;

  [[noreturn]] void Fail(const std::string& parameter, const std::string& message) const;
  bool Has(const std::string& p) const;  // given and not None
  const Value& Get(const std::string& p) const { return values.at(p); }
  long long Int(const std::string& p, long long lo, long long hi) const;
  bool Bool(const std::string& p) const;
  std::string Str(const std::string& p) const;
  // An int (every axis) or a tuple of `rank` ints, each in [lo, hi].
  std::vector<int> Sizes(const std::string& p, int rank, int lo, int hi = kMaxSize) const;
};

// Binds positional arguments to `names` in order and keywords by name; the first `required` names must be given;
// keywords in `ignored` are dropped. Throws NetworkError naming the argument.
Args Bind(const Call& call, const std::vector<std::string>& names, size_t required, const std::string& where, int layer,
          const std::set<std::string>& ignored);

// A layer of the given operation and rank with neutral axes; SetAxes sets one field of the rank's axes.
Layer Blank(Op op, int rank);
void SetAxes(Config& c, const std::vector<int>& v, int AxisParams::*field);

struct Builder {
  Dialect dialect;
  Network net;
  bool rank_known = false;
  // A padding layer waiting for the convolution or pooling after it: per spatial axis (before, after).
  std::optional<std::vector<std::pair<int, int>>> pad;
  PaddingMode pad_mode = PaddingMode::Zeros;
  int pad_line = 0;
  std::string pad_name;

  std::string Where(const Call& c, int layer) const;
  void SetRank(const Call& c, int rank, int layer);
  // Per-side amounts of a padding or cropping layer, per spatial axis (depth, height, width order).
  std::vector<std::pair<int, int>> Sides(const Args& a, const std::string& p, int rank) const;

  void Element(const Call& c, bool in_container);
  void Flatten(const Value& v);
  void ReadInput(const Call& c, int index);
  void ReadPadding(const Call& c, const ClassInfo& info, int index);
  void FoldPadding(Layer& layer, const Call& c, int index);
  void AddLayer(const Call& c, Layer layer);
  void ReadTorchLayer(const Call& c, const ClassInfo& info, int index);
  void ReadKerasLayer(const Call& c, const ClassInfo& info, int index);
  void Finish();
};

}  // namespace convarith::code
