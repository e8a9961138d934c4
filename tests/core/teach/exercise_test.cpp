// Exercises: the same seed gives the same exercises, every kind's answer agrees with brute-force counting straight
// from the definitions (no formula of the core), and the checker accepts equivalent forms and names malformed ones.
#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <set>
#include <string>

#include "convarith/shape/arithmetic.hpp"
#include "convarith/teach/exercise.hpp"

namespace convarith {
namespace {

// Output size by counting: direct ops slide a window over the padded input (pooling with ceil_mode keeps a last
// window that starts inside the input or the left padding and overhangs the end); transposed ops stamp every tap.
int CountOutputs(const Config& c, const AxisParams& a) {
  const int khat = a.dilation * (a.kernel - 1) + 1;
  if (c.op == Op::Transposed) {
    int last = 0;
    for (int j = 0; j < a.input; ++j)
      for (int t = 0; t < a.kernel; ++t) last = std::max(last, j * a.stride + t * a.dilation);
    return last + 1 + a.output_padding - a.pad_before - a.pad_after;
  }
  // Window n starts at n·s on the padded input. Without ceil_mode it must fit; with it, it is kept while the window
  // before it leaves padded cells unread, as long as it starts inside the input or the left padding.
  const int padded = a.input + a.pad_before + a.pad_after;
  int count = 0;
  for (int n = 0; n < 10000; ++n) {
    const int start = n * a.stride;
    const bool keep = c.ceil_mode ? n == 0 || (start - a.stride + khat < padded && start < a.input + a.pad_before)
                                  : start + khat <= padded;
    if (!keep) break;
    ++count;
  }
  return count;
}

std::vector<int> Counted(const Config& c) {
  std::vector<int> v;
  for (const AxisParams& a : c.spatial()) v.push_back(CountOutputs(c, a));
  return v;
}

// The input cells one output cell of the last layer reads, by following index sets (conv and pooling alike).
int FieldBySets(const std::vector<Config>& layers, int axis) {
  std::set<long long> cells{1000};  // one output cell, far from any border
  for (auto it = layers.rbegin(); it != layers.rend(); ++it) {
    const AxisParams& a = it->spatial()[static_cast<size_t>(axis)];
    std::set<long long> below;
    for (long long n : cells)
      for (int t = 0; t < a.kernel; ++t) below.insert(n * a.stride - a.pad_before + t * a.dilation);
    cells = below;
  }
  return static_cast<int>(*cells.rbegin() - *cells.begin() + 1);
}

std::vector<Exercise> Sheet(uint32_t seed, int count = 60) { return MakeExercises(count, seed); }

TEST(Exercises, SameSeedSameExercisesAndKindsTakeTurns) {
  const auto a = Sheet(7), b = Sheet(7), c = Sheet(8);
  ASSERT_EQ(a.size(), 60u);
  int differ = 0;
  for (size_t n = 0; n < a.size(); ++n) {
    EXPECT_EQ(a[n].question, b[n].question);
    EXPECT_EQ(a[n].answer, b[n].answer);
    EXPECT_EQ(a[n].layers, b[n].layers);
    EXPECT_EQ(a[n].kind, kAllExerciseKinds[n % kAllExerciseKinds.size()]);
    differ += a[n].question != c[n].question;
  }
  EXPECT_GT(differ, 50);
  const auto only = MakeExercises(4, 3, {ExerciseKind::ReceptiveField, ExerciseKind::SamePadding});
  EXPECT_EQ(only[0].kind, ExerciseKind::ReceptiveField);
  EXPECT_EQ(only[3].kind, ExerciseKind::SamePadding);
}

TEST(Exercises, UniformReadsTheEngineItselfOnEveryMachine) {
  // A span dividing 2^32 never rejects: the draws are the engine's words modulo the span.
  ExerciseGenerator g(12345);
  std::mt19937 engine(12345);
  for (int n = 0; n < 100; ++n) EXPECT_EQ(g.Uniform(10, 10 + 255), 10 + static_cast<int>(engine() % 256));
  // The standard fixes mt19937's 10000th word for the default seed: the stream itself is the same everywhere.
  std::mt19937 fixed;
  fixed.discard(9999);
  EXPECT_EQ(fixed(), 4123659995u);
  ExerciseGenerator h(1);
  for (int n = 0; n < 1000; ++n) {
    const int v = h.Uniform(-3, 4);
    EXPECT_GE(v, -3);
    EXPECT_LE(v, 4);
  }
}

TEST(Exercises, AnswersAgreeWithCounting) {
  for (uint32_t seed : {1u, 2u, 3u, 99u}) {
    for (const Exercise& e : Sheet(seed)) {
      SCOPED_TRACE(e.question);
      for (const Config& c : e.layers) EXPECT_FALSE(Validate(c)) << Validate(c)->message;
      const Config& c = e.layers.front();
      switch (e.kind) {
        case ExerciseKind::OutputSize:
          EXPECT_EQ(e.answer, Counted(c));
          break;
        case ExerciseKind::SamePadding: {
          // The padding found gives o = i (stride 1) or ⌈i/s⌉; one cell less padding gives fewer outputs.
          for (size_t a = 0; a < e.answer.size(); ++a) {
            AxisParams x = c.spatial()[a];
            const int want = (x.input + x.stride - 1) / x.stride;
            EXPECT_EQ(CountOutputs(c, x), want);
            if (e.answer[a] > 0) {
              (x.pad_after > 0 ? x.pad_after : x.pad_before) -= 1;
              EXPECT_LT(CountOutputs(c, x), want);
            }
          }
          break;
        }
        case ExerciseKind::OutputPadding:
          for (size_t a = 0; a < e.answer.size(); ++a) {
            const AxisParams& x = c.spatial()[a];
            EXPECT_EQ(x.output_padding, e.answer[a]);
            EXPECT_LT(e.answer[a], x.stride);
            // The direct convolution maps the size the transpose gives back to the transpose's input.
            Config direct = c;
            direct.op = Op::Conv;
            AxisParams d = x;
            d.input = CountOutputs(c, x);
            d.output_padding = 0;
            EXPECT_EQ(CountOutputs(direct, d), x.input);
          }
          break;
        case ExerciseKind::SameOutputInputs: {
          std::vector<int> same;
          const int o = CountOutputs(c, c.width());
          for (int i = 1; i <= 64; ++i) {
            Config at = c;
            at.axes[kWidth].input = i;
            if (!Validate(at) && CountOutputs(at, at.width()) == o) same.push_back(i);
          }
          EXPECT_EQ(e.answer, same);
          break;
        }
        case ExerciseKind::ReceptiveField:
          EXPECT_GE(e.layers.size(), 2u);
          EXPECT_LE(e.layers.size(), 4u);
          for (size_t a = 0; a < e.answer.size(); ++a) EXPECT_EQ(e.answer[a], FieldBySets(e.layers, static_cast<int>(a)));
          break;
      }
      EXPECT_NE(e.explanation.find(AnswerText(e)), std::string::npos) << e.explanation;
      if (e.kind != ExerciseKind::ReceptiveField) {
        EXPECT_NE(e.explanation.find("Relationship"), std::string::npos);
      }
    }
  }
}

Exercise FirstOf(ExerciseKind kind, bool list_of_two = false) {
  for (uint32_t seed = 1; seed < 200; ++seed) {
    for (const Exercise& e : MakeExercises(5, seed, {kind})) {
      if (!list_of_two || e.answer.size() >= 2) return e;
    }
  }
  ADD_FAILURE() << "no exercise found";
  return {};
}

TEST(Exercises, CheckAcceptsEquivalentForms) {
  const Exercise list = FirstOf(ExerciseKind::SameOutputInputs, true);
  std::vector<int> reversed(list.answer.rbegin(), list.answer.rend());
  std::string text;
  for (int v : reversed) text += std::to_string(v) + " ";
  EXPECT_TRUE(CheckAnswer(list, text).correct) << CheckAnswer(list, text).message;
  EXPECT_TRUE(CheckAnswer(list, "[" + AnswerText(list) + "]").correct);
  const std::string run = std::to_string(list.answer.front()) + ".." + std::to_string(list.answer.back());
  EXPECT_EQ(CheckAnswer(list, run).correct, static_cast<int>(list.answer.size()) ==
                                                list.answer.back() - list.answer.front() + 1);
  const AnswerCheck partial = CheckAnswer(list, std::to_string(list.answer.front()));
  EXPECT_TRUE(partial.well_formed);
  EXPECT_FALSE(partial.correct);
  EXPECT_NE(partial.message.find("the answer is " + AnswerText(list)), std::string::npos);

  Exercise two = FirstOf(ExerciseKind::OutputSize, true);
  EXPECT_TRUE(CheckAnswer(two, AnswerText(two)).correct);
  EXPECT_TRUE(CheckAnswer(two, "(" + std::to_string(two.answer[0]) + ", " + std::to_string(two.answer[1]) + ")").correct);
  two.answer[1] = two.answer[0];
  EXPECT_TRUE(CheckAnswer(two, std::to_string(two.answer[0])).correct);  // one number for every axis
}

TEST(Exercises, CheckNamesMalformedAnswers) {
  const Exercise e = FirstOf(ExerciseKind::OutputSize, true);
  for (const char* bad : {"", "abc", "7.5", "3..", "-2", "9..3"}) {
    const AnswerCheck c = CheckAnswer(e, bad);
    EXPECT_FALSE(c.well_formed) << bad;
    EXPECT_FALSE(c.correct);
    EXPECT_EQ(c.message.rfind("answer: ", 0), 0u) << c.message;
    EXPECT_NE(c.message.find("expected"), std::string::npos) << c.message;
    EXPECT_EQ(c.message.find('\n'), std::string::npos);
  }
  const AnswerCheck three = CheckAnswer(e, "1 2 3");
  EXPECT_FALSE(three.well_formed);
  EXPECT_NE(three.message.find("got 3 numbers"), std::string::npos) << three.message;
}

TEST(Exercises, KindsByNameAndCountOutOfRange) {
  for (ExerciseKind k : kAllExerciseKinds) EXPECT_EQ(ParseExerciseKind(ExerciseKindName(k)), k);
  EXPECT_FALSE(ParseExerciseKind("output"));
  try {
    MakeExercises(0, 1);
    ADD_FAILURE() << "count 0 accepted";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::InvalidConfig);
    EXPECT_NE(std::string(e.what()).find("count must be between 1 and 1000"), std::string::npos);
  }
}

}  // namespace
}  // namespace convarith
