// The five kinds of exercise: numbers drawn from the generator, answers from the core's arithmetic (shape and
// network), explanations from the paper's relationships with the numbers substituted.
#include <algorithm>
#include <optional>
#include <string>

#include "convarith/network/network.hpp"
#include "convarith/shape/arithmetic.hpp"
#include "exercise_build.hpp"

namespace convarith::teach {

namespace {

std::string S(long long v) { return std::to_string(v); }

std::vector<int> DrawInputs(ExerciseGenerator& rng, int rank, int lo, int hi) {
  std::vector<int> v;
  for (int a = 0; a < rank; ++a) v.push_back(rng.Uniform(lo, hi));
  return v;
}

// The relationship of every axis (one line when the axes are alike).
std::string AllRelationships(const Config& c) {
  if (AxesAlike(c)) return RelationshipLines(c, 0) + (c.rank > 1 ? "\n    (the same on every axis)" : "");
  std::string s;
  for (int a = 0; a < c.rank; ++a) s += (a ? "\n" : "") + RelationshipLines(c, a);
  return s;
}

// A convolution, a pooling with ceil_mode, a transposed convolution with output padding, or a dilated convolution.
std::optional<Exercise> TryOutputSize(ExerciseGenerator& rng) {
  const int rank = rng.Uniform(1, 2);
  const int variant = rng.Uniform(0, 3);
  AxisParams p;
  Op op = Op::Conv;
  bool ceil = false;
  std::vector<int> inputs;
  if (variant == 1) {
    op = rng.Uniform(0, 1) ? Op::MaxPool : Op::AvgPool;
    p.kernel = rng.Uniform(2, 4);
    p.stride = rng.Uniform(1, p.kernel);
    p.SetPadding(rng.Uniform(0, p.kernel / 2));
    ceil = rng.Uniform(0, 3) != 0;
    inputs = DrawInputs(rng, rank, 5, 16);
  } else if (variant == 2) {
    op = Op::Transposed;
    p.kernel = rng.Uniform(2, 5);
    p.stride = rng.Uniform(1, 3);
    p.SetPadding(rng.Uniform(0, p.kernel - 1));
    p.output_padding = rng.Uniform(0, p.stride - 1);
    inputs = DrawInputs(rng, rank, 2, 8);
  } else {
    p.kernel = rng.Uniform(1, 5);
    p.stride = rng.Uniform(1, 3);
    p.SetPadding(rng.Uniform(0, 2));
    p.dilation = variant == 3 ? rng.Uniform(2, 3) : 1;
    inputs = DrawInputs(rng, rank, 5, 16);
  }
  const Config c = MakeLayer(op, rank, inputs, p, ceil);
  if (!Usable(c)) return std::nullopt;
  Exercise e;
  e.kind = ExerciseKind::OutputSize;
  e.layers = {c};
  e.answer = OutputSpatial(c);
  const char* o = op == Op::Transposed ? "o'" : "o";
  e.question = "What is the output size " + std::string(o) + " of " + Code(c) + " on an input of " +
               SizesText(c, inputs) + "?";
  e.explanation = AllRelationships(c) + "\nSo " + o + " = " + AnswerText(e) + ".";
  return e;
}

// Stride 1 with an odd dilated kernel: PyTorch's padding='same', p on each side. Stride > 1: TensorFlow's 'same',
// ⌈i/s⌉ outputs, the total padding (the odd cell at the bottom/right).
std::optional<Exercise> TrySamePadding(ExerciseGenerator& rng) {
  const int rank = rng.Uniform(1, 2);
  const bool strided = rng.Uniform(0, 2) == 0;
  AxisParams p;
  p.kernel = rng.Uniform(2, 7);
  p.stride = strided ? rng.Uniform(2, 3) : 1;
  p.dilation = rng.Uniform(0, 2) == 0 ? rng.Uniform(2, 3) : 1;
  if (!strided && (p.dilation * (p.kernel - 1)) % 2 != 0) return std::nullopt;
  const std::vector<int> inputs = DrawInputs(rng, rank, 5, 16);
  const Config question = MakeLayer(Op::Conv, rank, inputs, p);
  Config solved = question;
  for (AxisParams& a : solved.spatial()) a = ResolveSamePadding(Op::Conv, a);
  if (!Usable(question) || !Usable(solved)) return std::nullopt;
  Exercise e;
  e.kind = ExerciseKind::SamePadding;
  e.layers = {solved};
  const std::string layer = Code(question) + " on an input of " + SizesText(question, inputs);
  if (!strided) {
    for (const AxisParams& a : solved.spatial()) e.answer.push_back(a.pad_before);
    e.question = "What padding p on each side makes " + layer +
                 " keep the input's size (PyTorch's padding='same')?";
    e.explanation = "o = i needs p on each side with 2p = d(k - 1), half the dilated kernel's extent:";
    for (int a = 0; a < (AxesAlike(solved) ? 1 : rank); ++a) {
      const AxisParams& x = solved.spatial()[static_cast<size_t>(a)];
      e.explanation += "\n" + AxisPrefix(solved, a) + "p = " + S(x.dilation) + "·(" + S(x.kernel) + " - 1)/2 = " +
                       S(x.pad_before);
    }
  } else {
    for (const AxisParams& a : solved.spatial()) e.answer.push_back(a.total_padding());
    e.question = "TensorFlow's padding='same' makes " + layer + " give ⌈i/s⌉ outputs. What total padding p_b + p_a "
                 "does it add (the odd cell goes to the bottom/right)?";
    e.explanation = "o = ⌈i/s⌉; the last window must end at the padded input's end: p_b + p_a = "
                    "max((o - 1)s + d(k - 1) + 1 - i, 0):";
    const std::vector<int> out = OutputSpatial(solved);
    for (int a = 0; a < (AxesAlike(solved) ? 1 : rank); ++a) {
      const AxisParams& x = solved.spatial()[static_cast<size_t>(a)];
      e.explanation += "\n" + AxisPrefix(solved, a) + "o = ⌈" + S(x.input) + "/" + S(x.stride) + "⌉ = " +
                       S(out[static_cast<size_t>(a)]) + ", p_b + p_a = max((" + S(out[static_cast<size_t>(a)]) +
                       " - 1)·" + S(x.stride) + " + " + S(x.dilation) + "·(" + S(x.kernel) + " - 1) + 1 - " +
                       S(x.input) + ", 0) = " + S(x.total_padding()) + " (p_b = " + S(x.pad_before) +
                       ", p_a = " + S(x.pad_after) + ")";
    }
  }
  e.explanation += "\nCheck: " + AllRelationships(solved) + "\nSo the answer is " + AnswerText(e) + ".";
  return e;
}

// The transposed convolution that undoes a strided convolution: which output_padding restores the input's size.
std::optional<Exercise> TryOutputPadding(ExerciseGenerator& rng) {
  const int rank = rng.Uniform(1, 2);
  AxisParams p;
  p.kernel = rng.Uniform(2, 5);
  p.stride = rng.Uniform(2, 3);
  p.SetPadding(rng.Uniform(0, p.kernel / 2));
  const std::vector<int> targets = DrawInputs(rng, rank, 5, 16);
  const Config encoder = MakeLayer(Op::Conv, rank, targets, p);
  if (!Usable(encoder)) return std::nullopt;
  const std::vector<MirrorLayer> mirror = Mirror({encoder});  // the core's decoder: output_padding per axis
  Config solved = mirror.front().config;
  solved.bias = true;
  Config without = solved;
  for (AxisParams& a : without.spatial()) a.output_padding = 0;
  if (!Usable(solved) || OutputSpatial(solved) != targets) return std::nullopt;
  Exercise e;
  e.kind = ExerciseKind::OutputPadding;
  e.layers = {solved};
  for (const AxisParams& a : solved.spatial()) e.answer.push_back(a.output_padding);
  const std::vector<int> mid = Inputs(solved), base = OutputSpatial(without);
  e.question = Code(encoder) + " takes an input of " + SizesText(encoder, targets) + " to " +
               SizesText(encoder, mid, false) + ". Its transpose " + Code(without) + " on " +
               SizesText(without, mid, false) + " should give back " + SizesText(encoder, targets, false) +
               ": what output_padding a does it need?";
  e.explanation = "Without output padding the transpose gives back " + SizesText(without, base, false) +
                  ": the stride dropped (i + 2p - k) mod s input cells the transpose can't see, and a adds them back:";
  for (int a = 0; a < (AxesAlike(solved) ? 1 : rank); ++a) {
    const auto n = static_cast<size_t>(a);
    e.explanation += "\n" + AxisPrefix(solved, a) + "a = " + S(targets[n]) + " - " + S(base[n]) + " = " +
                     S(e.answer[n]);
  }
  e.explanation += "\nCheck: " + AllRelationships(solved) + "\nSo a = " + AnswerText(e) + ".";
  return e;
}

// The input sizes a strided convolution or pooling maps to the same output (1-D).
std::optional<Exercise> TrySameOutputInputs(ExerciseGenerator& rng) {
  AxisParams p;
  const bool pool = rng.Uniform(0, 2) == 0;
  const Op op = pool ? (rng.Uniform(0, 1) ? Op::MaxPool : Op::AvgPool) : Op::Conv;
  p.kernel = rng.Uniform(2, pool ? 4 : 5);
  p.stride = rng.Uniform(2, pool ? std::max(2, p.kernel) : 4);
  p.SetPadding(rng.Uniform(0, pool ? p.kernel / 2 : 2));
  if (!pool && rng.Uniform(0, 3) == 0) p.dilation = 2;
  const bool ceil = pool && rng.Uniform(0, 1) == 1;
  const Config c = MakeLayer(op, 1, {rng.Uniform(6, 16)}, p, ceil);
  if (!Usable(c)) return std::nullopt;
  Exercise e;
  e.kind = ExerciseKind::SameOutputInputs;
  e.answer_is_list = true;
  e.layers = {c};
  e.answer = InputsWithSameOutput(op, c.width(), c.ceil_mode);
  const int o = OutputSpatial(c).front();
  e.question = Code(c) + " gives an output of length " + S(o) + " on an input of length " + S(c.width().input) +
               ". Which input lengths give an output of length " + S(o) + "? Name them all.";
  e.explanation = std::string(c.ceil_mode ? "With ceil_mode the division rounds up" : "The division rounds down") +
                  ", so every input length whose (i + 2p - k̂) falls in the same multiple of s gives the same o:";
  const Relationship first = FindRelationship(c, kWidth);
  e.explanation += "\nRelationship " + S(first.number) + " (" + first.conditions + "): " + first.formula;
  for (int i : e.answer) {
    Config at = c;
    at.axes[kWidth].input = i;
    const Relationship r = FindRelationship(at, kWidth);
    e.explanation += "\n    " + r.substituted + (c.ceil_mode ? " (" + r.note + ")" : "");
  }
  for (int i : {e.answer.front() - 1, e.answer.back() + 1}) {  // the neighbours outside the set
    Config at = c;
    at.axes[kWidth].input = i;
    if (!Validate(at)) e.explanation += "\n    " + FindRelationship(at, kWidth).substituted + " (i = " + S(i) + " differs)";
  }
  e.explanation += "\nSo i = " + AnswerText(e) + ".";
  return e;
}

// A stack of 2 to 4 convolutions and poolings; the receptive field of the last layer's outputs.
std::optional<Exercise> TryReceptiveField(ExerciseGenerator& rng) {
  const int rank = rng.Uniform(1, 2);
  const int count = rng.Uniform(2, 4);
  Network net;
  net.rank = rank;
  net.in_channels = 1;
  for (int a = 3 - rank; a < 3; ++a) net.input[static_cast<size_t>(a)] = 64;
  for (int n = 0; n < count; ++n) {
    const bool pool = rng.Uniform(0, 3) == 0;
    AxisParams p;
    p.kernel = rng.Uniform(2, pool ? 3 : 5);
    p.stride = pool ? p.kernel : rng.Uniform(1, 2);
    if (!pool && rng.Uniform(0, 3) == 0) p.dilation = rng.Uniform(2, 3);
    p.SetPadding(rng.Uniform(0, p.kernel / 2));
    Layer layer;
    layer.config = MakeLayer(pool ? Op::MaxPool : Op::Conv, rank, std::vector<int>(static_cast<size_t>(rank), 64), p);
    net.layers.push_back(layer);
  }
  std::vector<Config> layers;
  try {
    layers = Propagate(net);
  } catch (const NetworkError&) {
    return std::nullopt;
  }
  const auto fields = ReceptiveFields(layers);
  Exercise e;
  e.kind = ExerciseKind::ReceptiveField;
  e.layers = layers;
  for (const FieldAxis& f : fields.back()) e.answer.push_back(static_cast<int>(f.receptive_field));
  e.question = "In the stack";
  for (size_t n = 0; n < layers.size(); ++n) {
    e.question += "\n  (" + S(static_cast<long long>(n) + 1) + ") " + Code(layers[n]);
  }
  e.question += "\nhow many consecutive input cells does one output cell of the last layer see on " +
                std::string(rank == 1 ? "the input" : "each axis") + " (its receptive field)?";
  e.explanation = "Each layer widens the field by (k - 1)·d input steps of the previous jump, and multiplies the "
                  "jump by s: r = r_prev + (k - 1)·d·j_prev, j = j_prev·s (from r = 1, j = 1):";
  long long r_prev = 1;
  Fraction j_prev{1, 1};
  for (size_t n = 0; n < layers.size(); ++n) {
    const AxisParams& x = layers[n].spatial()[0];
    const FieldAxis& f = fields[n][0];
    e.explanation += "\n(" + S(static_cast<long long>(n) + 1) + ") " + TorchClassName(layers[n]) + " k=" +
                     S(x.kernel) + " s=" + S(x.stride) + " d=" + S(x.dilation) + ": r = " + S(r_prev) + " + (" +
                     S(x.kernel) + " - 1)·" + S(x.dilation) + "·" + j_prev.text() + " = " + S(f.receptive_field) +
                     ", j = " + j_prev.text() + "·" + S(x.stride) + " = " + f.jump.text();
    r_prev = f.receptive_field;
    j_prev = f.jump;
  }
  e.explanation += "\nSo the receptive field is " + AnswerText(e) + (rank > 1 ? " (every axis alike)." : ".");
  return e;
}

}  // namespace

Exercise OutputSizeExercise(ExerciseGenerator& rng) { return Draw([&] { return TryOutputSize(rng); }); }
Exercise SamePaddingExercise(ExerciseGenerator& rng) { return Draw([&] { return TrySamePadding(rng); }); }
Exercise OutputPaddingExercise(ExerciseGenerator& rng) { return Draw([&] { return TryOutputPadding(rng); }); }
Exercise SameOutputInputsExercise(ExerciseGenerator& rng) { return Draw([&] { return TrySameOutputInputs(rng); }); }
Exercise ReceptiveFieldExercise(ExerciseGenerator& rng) { return Draw([&] { return TryReceptiveField(rng); }); }

}  // namespace convarith::teach
