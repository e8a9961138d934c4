// Shapes and receptive fields through a stack of layers, the mirror decoder, framework padding rules, --layers specs.
#include "convarith/network/network.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <numeric>

#include "convarith/shape/arithmetic.hpp"

namespace convarith {

namespace {

std::string SizeText(const Config& c, const std::array<int, 3>& size) {
  std::string s;
  for (int a = c.first_axis(); a < 3; ++a) s += (s.empty() ? "" : "x") + std::to_string(size[static_cast<size_t>(a)]);
  return s;
}

long long FloorDiv(long long a, long long b) {
  long long q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}

long long CeilDiv(long long a, long long b) { return -FloorDiv(-a, b); }

}  // namespace

std::string LayerLabel(int index, const Layer& layer) {
  std::string s = "layer " + std::to_string(index) + " (";
  if (layer.line > 0) s += "line " + std::to_string(layer.line) + ", ";
  return s + TorchClassName(layer.config) + ")";
}

AxisParams ResolveSamePadding(Op op, AxisParams a) {
  const int khat = DilatedKernel(a);
  int total = 0;
  if (op == Op::Transposed) {
    total = std::max(khat - a.stride, 0);
    a.output_padding = std::max(a.stride - khat, 0);
  } else {
    const long long o = CeilDiv(a.input, a.stride);
    total = static_cast<int>(std::max<long long>((o - 1) * a.stride + khat - a.input, 0));
  }
  a.pad_before = total / 2;
  a.pad_after = total - a.pad_before;
  return a;
}

std::vector<Config> Propagate(const Network& net) {
  if (net.rank < 1 || net.rank > kMaxRank) {
    throw NetworkError(0, 0, "dims", "the network's rank must be 1, 2 or 3, got " + std::to_string(net.rank));
  }
  Config probe;
  SetRank(probe, net.rank);
  std::array<int, 3> size = net.input;
  for (int a = 0; a < 3; ++a) {
    int& s = size[static_cast<size_t>(a)];
    if (a < probe.first_axis()) {
      s = 1;
    } else if (s < 1 || s > kMaxSize) {
      throw NetworkError(0, 0, "input_size",
                         s == 0 ? std::string("the network's input size is not given (-i SIZE)")
                                : "the network's input size must be between 1 and " + std::to_string(kMaxSize) +
                                      " on " + std::string(AxisName(probe, a)) + ", got " + std::to_string(s));
    }
  }
  if (net.layers.empty()) throw NetworkError(0, 0, "layers", "the network has no layers");
  int channels = net.in_channels;
  if (channels == 0) {
    // The first layer that names its in_channels, when only poolings (which keep the channels) come before it.
    channels = 1;
    for (const Layer& l : net.layers) {
      if (l.in_channels_given) channels = l.config.in_channels;
      if (!l.config.pooling()) break;
    }
  }
  if (channels < 1 || channels > kMaxChannels) {
    throw NetworkError(0, 0, "in_channels", "the network's in_channels must be between 1 and " +
                                                std::to_string(kMaxChannels) + ", got " + std::to_string(channels));
  }
  std::vector<Config> out;
  out.reserve(net.layers.size());
  for (size_t n = 0; n < net.layers.size(); ++n) {
    const Layer& layer = net.layers[n];
    const int index = static_cast<int>(n) + 1;
    const std::string label = LayerLabel(index, layer);
    Config c = layer.config;
    if (c.rank != net.rank) {
      throw NetworkError(index, layer.line, "dims", label + ": a " + std::to_string(c.rank) + "-D layer in a " +
                                                        std::to_string(net.rank) + "-D network");
    }
    if (layer.in_channels_given && c.in_channels != channels) {
      throw NetworkError(index, layer.line, "in_channels",
                         label + ": in_channels = " + std::to_string(c.in_channels) + " but " +
                             std::to_string(channels) + " channel(s) come in" +
                             (n == 0 ? " (--in-channels)" : " from layer " + std::to_string(index - 1)));
    }
    c.in_channels = channels;
    if (!layer.out_channels_given || c.pooling()) c.out_channels = channels;
    for (int a = c.first_axis(); a < 3; ++a) {
      AxisParams& ax = c.axes[static_cast<size_t>(a)];
      ax.input = size[static_cast<size_t>(a)];
      if (layer.padding_rule == PaddingRule::Same) ax = ResolveSamePadding(c.op, ax);
    }
    c = Normalized(c);
    if (auto e = Validate(c)) {
      throw NetworkError(index, layer.line, e->parameter,
                         label + ": " + e->message + " (its input is " + SizeText(c, size) + ")");
    }
    size = OutputShape(c);
    channels = c.out_channels;
    out.push_back(c);
  }
  return out;
}

std::string Fraction::text() const {
  return den == 1 ? std::to_string(num) : std::to_string(num) + "/" + std::to_string(den);
}

namespace {

struct Span {
  long long lo = 0, hi = -1;  // empty when hi < lo
  bool empty() const { return hi < lo; }
  void Add(const Span& s) {
    if (s.empty()) return;
    if (empty()) {
      *this = s;
    } else {
      lo = std::min(lo, s.lo);
      hi = std::max(hi, s.hi);
    }
  }
};

// The fields of one layer's output cells on one axis, periodic: cell n = q·period + r has base[r] shifted by q·shift.
struct PeriodicFields {
  long long period = 1;
  long long shift = 1;  // period · jump, an integer
  Fraction jump{1, 1};
  std::vector<Span> base{Span{0, 0}};
  Span At(long long n) const {
    const long long q = FloorDiv(n, period);
    Span s = base[static_cast<size_t>(n - q * period)];
    if (!s.empty()) {
      s.lo += q * shift;
      s.hi += q * shift;
    }
    return s;
  }
};

constexpr long long kMaxPeriod = 1 << 20;
constexpr long long kMaxJump = 1LL << 40;

long long CheckedMul(long long a, long long b, int index, const Config& c) {
  long long r = 0;
  if (__builtin_mul_overflow(a, b, &r) || r > kMaxJump || r < -kMaxJump) {
    throw NetworkError(index, 0, "stride", "layer " + std::to_string(index) + " (" + TorchClassName(c) +
                                               "): the strides multiply to more than 2^40 input cells per output cell;"
                                               " receptive fields are not followed that far");
  }
  return r;
}

// The next layer's fields from the previous layer's, on axis `a` of config c (layer `index`, 1-based).
PeriodicFields Next(const PeriodicFields& prev, const Config& c, int a, int index) {
  const AxisParams& ax = c.axes[static_cast<size_t>(a)];
  const long long s = ax.stride, k = ax.kernel, d = ax.dilation, pb = ax.pad_before;
  PeriodicFields f;
  if (c.op == Op::Transposed) {
    const long long g = std::gcd(prev.jump.num, s);
    f.jump = {prev.jump.num / g, CheckedMul(prev.jump.den, s / g, index, c)};
    f.period = CheckedMul(prev.period, s, index, c);
  } else {
    const long long g = std::gcd(prev.jump.den, s);
    f.jump = {CheckedMul(prev.jump.num, s / g, index, c), prev.jump.den / g};
    f.period = prev.period / std::gcd(prev.period, s);
  }
  if (f.period > kMaxPeriod) {
    throw NetworkError(index, 0, "stride", "layer " + std::to_string(index) + " (" + TorchClassName(c) +
                                               "): the transposed strides repeat only every " +
                                               std::to_string(f.period) + " cells; receptive fields are not followed");
  }
  f.shift = CheckedMul(f.period, f.jump.num, index, c) / f.jump.den;
  f.base.assign(static_cast<size_t>(f.period), Span{});
  for (long long n = 0; n < f.period; ++n) {
    Span& out = f.base[static_cast<size_t>(n)];
    for (long long t = 0; t < k; ++t) {
      if (c.op == Op::Transposed) {
        const long long m = n + pb - t * d;  // out[n] += in[(n + p - t·d)/s] when it divides
        if (FloorDiv(m, s) * s == m) out.Add(prev.At(FloorDiv(m, s)));
      } else {
        out.Add(prev.At(n * s - pb + t * d));
      }
    }
  }
  return f;
}

}  // namespace

std::vector<std::vector<FieldAxis>> ReceptiveFields(const std::vector<Config>& layers) {
  if (layers.empty()) return {};
  const int rank = layers.front().rank;
  std::vector<std::vector<FieldAxis>> out(layers.size(), std::vector<FieldAxis>(static_cast<size_t>(rank)));
  for (int axis = 0; axis < rank; ++axis) {
    PeriodicFields f;
    for (size_t n = 0; n < layers.size(); ++n) {
      const Config& c = layers[n];
      f = Next(f, c, c.first_axis() + axis, static_cast<int>(n) + 1);
      FieldAxis& r = out[n][static_cast<size_t>(axis)];
      r.jump = f.jump;
      r.period = f.period;
      r.receptive_field = 0;
      for (const Span& s : f.base)
        if (!s.empty()) r.receptive_field = std::max(r.receptive_field, s.hi - s.lo + 1);
      const Span& first = f.base.front();
      if (!first.empty()) {
        r.start = (static_cast<double>(first.lo) + static_cast<double>(first.hi)) / 2;
      } else {
        // Cell 0 reads no input (only a bias): the centre its kernel would have.
        const AxisParams& ax = c.axes[static_cast<size_t>(c.first_axis() + axis)];
        const double centre = (DilatedKernel(ax) - 1) / 2.0;
        const double prev_start = n == 0 ? 0.0 : out[n - 1][static_cast<size_t>(axis)].start;
        const double prev_jump = n == 0 ? 1.0 : out[n - 1][static_cast<size_t>(axis)].jump.value();
        r.start = prev_start + prev_jump * (ax.pad_before - centre) / ax.stride;
      }
    }
  }
  return out;
}

std::optional<std::pair<long long, long long>> FieldOfCell(const std::vector<Config>& layers, int layer, int axis,
                                                           long long cell) {
  PeriodicFields f;
  for (int n = 0; n <= layer && n < static_cast<int>(layers.size()); ++n) {
    const Config& c = layers[static_cast<size_t>(n)];
    f = Next(f, c, c.first_axis() + axis, n + 1);
  }
  const Span s = f.At(cell);
  if (s.empty()) return std::nullopt;
  return std::make_pair(s.lo, s.hi);
}

std::vector<MirrorLayer> Mirror(const std::vector<Config>& encoder) {
  std::vector<MirrorLayer> out;
  for (size_t n = encoder.size(); n-- > 0;) {
    const Config& e = encoder[n];
    const int index = static_cast<int>(n) + 1;
    if (e.op == Op::Transposed) {
      throw NetworkError(index, 0, "op", "layer " + std::to_string(index) + " (" + TorchClassName(e) +
                                             "): the mirror undoes convolutions and poolings; this layer is already "
                                             "a transposed convolution");
    }
    MirrorLayer m;
    m.encoder_layer = index;
    Config t = e;
    t.op = Op::Transposed;
    t.in_channels = e.out_channels;
    t.out_channels = e.in_channels;
    t.groups = e.pooling() ? 1 : e.groups;
    t.bias = e.pooling() ? true : e.bias;
    t.padding_mode = PaddingMode::Zeros;
    t.ceil_mode = false;
    t.count_include_pad = true;
    const auto o = OutputShape(e);
    for (int a = e.first_axis(); a < 3; ++a) {
      const AxisParams& ea = e.axes[static_cast<size_t>(a)];
      AxisParams& ta = t.axes[static_cast<size_t>(a)];
      ta.input = o[static_cast<size_t>(a)];
      ta.output_padding = 0;
      const int base = OutputSize(Op::Transposed, ta);
      const int target = ea.input;
      if (target >= base && target - base < std::max(ta.stride, ta.dilation)) {
        ta.output_padding = target - base;
      } else if (target < base) {
        ta.pad_after += base - target;  // ceil_mode pooling: the last window hung over the end; crop it
      } else {
        throw NetworkError(index, 0, "output_padding",
                           "layer " + std::to_string(index) + " (" + TorchClassName(e) + "): no output_padding below " +
                               "max(s, d) restores size " + std::to_string(target) + " on " +
                               std::string(AxisName(e, a)));
      }
      std::vector<int> choices = InputsWithSameOutput(e.op, ea, e.ceil_mode);
      if (choices.empty()) choices.push_back(target);
      m.choices.push_back(std::move(choices));
    }
    t = Normalized(t);
    if (auto err = Validate(t)) {
      throw NetworkError(index, 0, err->parameter, "the decoder layer undoing layer " + std::to_string(index) + " (" +
                                                       TorchClassName(e) + "): " + err->message);
    }
    m.config = t;
    out.push_back(std::move(m));
  }
  return out;
}

// ---- the --layers spec ----

namespace {

std::string Lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  return out;
}

std::vector<std::string_view> Words(std::string_view s) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (std::isspace(static_cast<unsigned char>(s[i])) || s[i] == ',')) ++i;
    size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j])) && s[j] != ',') ++j;
    if (j > i) out.push_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

std::optional<std::vector<int>> Numbers(std::string_view v) {
  std::vector<int> out;
  size_t start = 0;
  while (true) {
    const size_t x = v.find_first_of("xX", start);
    const std::string_view part = v.substr(start, x == std::string_view::npos ? std::string_view::npos : x - start);
    int value = 0;
    auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (part.empty() || ec != std::errc() || ptr != part.data() + part.size()) return std::nullopt;
    out.push_back(value);
    if (x == std::string_view::npos) return out;
    start = x + 1;
  }
}

}  // namespace

int SpecRankHint(std::string_view spec) {
  int rank = 1;
  for (std::string_view w : Words(spec)) {
    const size_t eq = w.find('=');
    if (eq == std::string_view::npos) continue;
    if (auto n = Numbers(w.substr(eq + 1))) rank = std::max(rank, static_cast<int>(n->size()));
  }
  return std::min(rank, kMaxRank);
}

namespace {

// One layer of the spec: its operation word, then each key=value applied in order.
struct SpecLayer {
  Layer layer;
  int index = 0;
  int rank = 2;
  std::string name;  // "layer 2 (line 3) (conv)" as messages name it
  bool stride_given = false;

  [[noreturn]] void Fail(const std::string& parameter, const std::string& message) const {
    throw NetworkError(index, layer.line, parameter, name + ": " + message);
  }
  // The flags' rule (CheckParamApplies): a parameter the operation does not take is refused with the same words.
  void CheckApplies(OpOnlyParam param, bool given) const {
    if (!given) return;
    if (const auto e = CheckParamApplies(layer.config.op, param)) Fail(e->parameter, e->message);
  }
  void Apply(std::string_view word);
  void ApplyWord(std::string_view key, std::string_view value);
  void ApplyNumber(const std::string& key, std::string_view value);
};

void SpecLayer::Apply(std::string_view word) {
  const size_t eq = word.find('=');
  const std::string key = Lower(word.substr(0, eq));
  const std::string_view value = eq == std::string_view::npos ? std::string_view() : word.substr(eq + 1);
  if (eq == std::string_view::npos || value.empty()) Fail(key, "expected key=value, got '" + std::string(word) + "'");
  if (key == "p" && (Lower(value) == "same" || Lower(value) == "valid")) {
    layer.padding_rule = Lower(value) == "same" ? PaddingRule::Same : PaddingRule::Explicit;
  } else if (key == "bias" || key == "ceil" || key == "cip" || key == "mode") {
    ApplyWord(key, value);
  } else {
    ApplyNumber(key, value);
  }
}

// The keys whose values are words: booleans and the padding mode.
void SpecLayer::ApplyWord(std::string_view key, std::string_view value) {
  Config& c = layer.config;
  if (key == "mode") {
    auto mode = ParsePaddingMode(Lower(value));
    if (!mode) Fail("padding_mode", "mode must be zeros, reflect, replicate or circular, got '" + std::string(value) + "'");
    CheckApplies(OpOnlyParam::PaddingMode, *mode != PaddingMode::Zeros);
    c.padding_mode = *mode;
    return;
  }
  const auto flag = ParseBool(Lower(value));
  if (!flag) Fail(std::string(key), std::string(key) + " expects true or false, got '" + std::string(value) + "'");
  const OpOnlyParam param = key == "bias" ? OpOnlyParam::Bias : key == "ceil" ? OpOnlyParam::CeilMode
                                                                              : OpOnlyParam::CountIncludePad;
  CheckApplies(param, true);
  (key == "bias" ? c.bias : key == "ceil" ? c.ceil_mode : c.count_include_pad) = *flag;
}

// The keys whose values are sizes (N or HxW) or counts.
void SpecLayer::ApplyNumber(const std::string& key, std::string_view value) {
  Config& c = layer.config;
  const auto nums = Numbers(value);
  if (!nums) {
    Fail(key, key + " expects a whole number" + (key == "p" ? ", HxW, 'same' or 'valid'" : " or HxW") + ", got '" +
                  std::string(value) + "'");
  }
  auto scalar = [&]() {
    if (nums->size() != 1) Fail(key, key + " takes one number, got '" + std::string(value) + "'");
    return nums->front();
  };
  auto per_axis = [&](int AxisParams::*field) {
    if (nums->size() != 1 && static_cast<int>(nums->size()) != rank) {
      Fail(key, key + "=" + std::string(value) + " has " + std::to_string(nums->size()) + " sizes for a " +
                    std::to_string(rank) + "-D network");
    }
    for (int a = 0; a < rank; ++a) {
      c.axes[static_cast<size_t>(3 - rank + a)].*field = nums->size() == 1 ? nums->front() : (*nums)[static_cast<size_t>(a)];
    }
  };
  if (key == "k") {
    per_axis(&AxisParams::kernel);
  } else if (key == "s") {
    per_axis(&AxisParams::stride);
    stride_given = true;
  } else if (key == "p") {
    per_axis(&AxisParams::pad_before);
    per_axis(&AxisParams::pad_after);
  } else if (key == "pb") {
    per_axis(&AxisParams::pad_before);
  } else if (key == "pa") {
    per_axis(&AxisParams::pad_after);
  } else if (key == "d") {
    per_axis(&AxisParams::dilation);
  } else if (key == "a") {
    CheckApplies(OpOnlyParam::OutputPadding, std::any_of(nums->begin(), nums->end(), [](int x) { return x != 0; }));
    per_axis(&AxisParams::output_padding);
  } else if (key == "c") {
    CheckApplies(OpOnlyParam::OutChannels, true);
    c.out_channels = scalar();
    layer.out_channels_given = true;
  } else if (key == "g") {
    CheckApplies(OpOnlyParam::Groups, true);
    c.groups = scalar();
  } else {
    Fail(key, "unknown parameter '" + key + "' (k, s, p, pb, pa, d, a, c, g, bias, mode, ceil, cip)");
  }
}

// The layer one part of the spec (between ';' or new lines) describes.
Layer ReadSpecLayer(const std::vector<std::string_view>& words, int index, int line, bool multiline, int rank) {
  SpecLayer l;
  l.index = index;
  l.rank = rank;
  l.layer.line = multiline ? line : 0;
  Config& c = l.layer.config;
  const std::string op = Lower(words[0]);
  const std::string where = "layer " + std::to_string(index) + (multiline ? " (line " + std::to_string(line) + ")" : "");
  if (op == "convt" || op == "conv_t" || op == "tconv") {
    c.op = Op::Transposed;
  } else if (auto parsed = ParseOp(op)) {
    c.op = *parsed;
  } else {
    throw NetworkError(index, l.layer.line, "op", where + ": unknown operation '" + std::string(words[0]) +
                                                      "' (conv, convT, maxpool, avgpool)");
  }
  c.rank = rank;
  c.axes = {kNeutralAxis, kNeutralAxis, kNeutralAxis};
  c.bias = !c.pooling();  // PyTorch's default
  l.name = where + " (" + std::string(OpName(c.op)) + ")";
  for (size_t w = 1; w < words.size(); ++w) l.Apply(words[w]);
  if (c.pooling() && !l.stride_given) {
    for (int a = c.first_axis(); a < 3; ++a) c.axes[static_cast<size_t>(a)].stride = c.axes[static_cast<size_t>(a)].kernel;
  }
  if (c.op == Op::Transposed && l.layer.padding_rule == PaddingRule::Same) {
    for (AxisParams& ax : c.axes) ax.output_padding = 0;
  }
  return l.layer;
}

}  // namespace

Network ParseLayerSpec(std::string_view spec, int rank) {
  Network net;
  net.rank = rank;
  const bool multiline = spec.find('\n') != std::string_view::npos;
  int line = 1;
  size_t pos = 0;
  while (pos <= spec.size()) {
    size_t end = spec.find_first_of(";\n", pos);
    if (end == std::string_view::npos) end = spec.size();
    const std::string_view part = spec.substr(pos, end - pos);
    const int part_line = line;
    if (end < spec.size() && spec[end] == '\n') ++line;
    pos = end + 1;
    const auto words = Words(part);
    if (words.empty()) continue;
    net.layers.push_back(ReadSpecLayer(words, static_cast<int>(net.layers.size()) + 1, part_line, multiline, rank));
  }
  if (net.layers.empty()) throw NetworkError(0, 0, "layers", "the layer spec holds no layer");
  return net;
}

void EditLayers(Network& n, size_t row, LayerEdit edit) {
  auto& L = n.layers;
  if (row >= L.size()) return;
  // A pass-through layer stands before layer `before`: after layer before - 1, which it follows.
  auto swap_followers = [&](size_t a, size_t b) {  // the layers following a and b change places with them
    for (PassLayer& p : n.pass_layers) {
      const size_t after = static_cast<size_t>(p.before);
      if (after == a + 1) p.before = static_cast<int>(b + 1);
      else if (after == b + 1) p.before = static_cast<int>(a + 1);
    }
  };
  switch (edit) {
    case LayerEdit::Up:
      if (row == 0) return;
      std::swap(L[row], L[row - 1]);
      swap_followers(row - 1, row);
      break;
    case LayerEdit::Down:
      if (row + 1 >= L.size()) return;
      std::swap(L[row], L[row + 1]);
      swap_followers(row, row + 1);
      break;
    case LayerEdit::Remove:
      L.erase(L.begin() + static_cast<std::ptrdiff_t>(row));
      for (PassLayer& p : n.pass_layers)
        if (static_cast<size_t>(p.before) > row) --p.before;
      break;
    case LayerEdit::InsertCopy:
      L.insert(L.begin() + static_cast<std::ptrdiff_t>(row) + 1, L[row]);
      for (PassLayer& p : n.pass_layers)
        if (static_cast<size_t>(p.before) > row + 1) ++p.before;
      break;
  }
}

}  // namespace convarith
