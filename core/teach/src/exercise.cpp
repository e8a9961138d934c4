// Exercise kinds by name, the seeded generator, answers as text, and the checker of a student's typed answer.
#include "convarith/teach/exercise.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "exercise_build.hpp"

namespace convarith {

namespace {

struct KindNames {
  ExerciseKind kind;
  std::string_view name, title;
};
constexpr KindNames kKindNames[] = {
    {ExerciseKind::OutputSize, "output_size", "Output size"},
    {ExerciseKind::SamePadding, "same_padding", "Padding for 'same'"},
    {ExerciseKind::OutputPadding, "output_padding", "Output padding"},
    {ExerciseKind::SameOutputInputs, "same_output_inputs", "Inputs with the same output"},
    {ExerciseKind::ReceptiveField, "receptive_field", "Receptive field"},
};

std::string Joined(const std::vector<int>& v, const char* sep) {
  std::string s;
  for (int x : v) s += (s.empty() ? "" : sep) + std::to_string(x);
  return s;
}

// The numbers of a typed answer, or why it can't be read. "9..11" and "9-11" expand to 9, 10, 11.
struct Parsed {
  std::vector<int> numbers;
  std::string error;
};

Parsed ParseNumbers(std::string_view text) {
  constexpr int kMaxNumber = 1000000;
  Parsed out;
  std::string t;
  for (char ch : text) t += (ch == '[' || ch == ']' || ch == '(' || ch == ')' || ch == '{' || ch == '}') ? ' ' : ch;
  size_t at = 0;
  bool range_open = false;
  auto fail = [&](const std::string& why) {
    out.numbers.clear();
    out.error = why;
    return out;
  };
  while (at < t.size()) {
    const char ch = t[at];
    if (ch == ' ' || ch == '\t' || ch == ',' || ch == ';' || ch == 'x' || ch == 'X') {
      ++at;
    } else if (ch == '-' || (ch == '.' && at + 1 < t.size() && t[at + 1] == '.')) {
      if (out.numbers.empty() || range_open) return fail("a range needs a number on each side (e.g. 9..11)");
      range_open = true;
      at += ch == '-' ? 1 : 2;
    } else if (std::isdigit(static_cast<unsigned char>(ch))) {
      long long value = 0;
      while (at < t.size() && std::isdigit(static_cast<unsigned char>(t[at]))) {
        value = std::min<long long>(value * 10 + (t[at] - '0'), kMaxNumber + 1LL);
        ++at;
      }
      if (value > kMaxNumber) return fail("numbers must be at most " + std::to_string(kMaxNumber));
      if (range_open) {
        const int from = out.numbers.back();
        if (value < from || value - from > 1000) return fail("a range must go up, by at most 1000 (e.g. 9..11)");
        for (int n = from + 1; n <= value; ++n) out.numbers.push_back(n);
        range_open = false;
      } else {
        out.numbers.push_back(static_cast<int>(value));
      }
    } else {
      return fail("'" + std::string(1, ch) + "' is not part of a whole number");
    }
  }
  if (range_open) return fail("a range needs a number on each side (e.g. 9..11)");
  if (out.numbers.empty()) out.error = "the answer is empty";
  return out;
}

std::string Expected(const Exercise& e) {
  if (e.answer_is_list) return "whole numbers separated by commas, e.g. 7, 8, 9";
  if (e.answer.size() == 1) return "one whole number, e.g. 7";
  return std::to_string(e.answer.size()) + " whole numbers, one per axis (e.g. 7x5), or one number for every axis";
}

}  // namespace

std::string_view ExerciseKindName(ExerciseKind kind) {
  for (const KindNames& k : kKindNames)
    if (k.kind == kind) return k.name;
  return "output_size";
}

std::string_view ExerciseKindTitle(ExerciseKind kind) {
  for (const KindNames& k : kKindNames)
    if (k.kind == kind) return k.title;
  return "Output size";
}

std::optional<ExerciseKind> ParseExerciseKind(std::string_view name) {
  for (const KindNames& k : kKindNames)
    if (k.name == name) return k.kind;
  return std::nullopt;
}

std::string AnswerText(const Exercise& e) {
  if (e.answer.empty()) return "";
  if (e.answer_is_list) return Joined(e.answer, ", ");
  return Joined(e.answer, "x");
}

int ExerciseGenerator::Uniform(int lo, int hi) {
  if (hi <= lo) return lo;
  const uint64_t span = static_cast<uint64_t>(static_cast<int64_t>(hi) - lo) + 1;
  const uint64_t words = uint64_t{1} << 32;  // mt19937 gives 32-bit words
  const uint64_t limit = words - words % span;
  uint64_t x = 0;
  do {
    x = static_cast<uint64_t>(engine_());
  } while (x >= limit);
  return lo + static_cast<int>(x % span);
}

Exercise ExerciseGenerator::Next(ExerciseKind kind) {
  switch (kind) {
    case ExerciseKind::OutputSize: return teach::OutputSizeExercise(*this);
    case ExerciseKind::SamePadding: return teach::SamePaddingExercise(*this);
    case ExerciseKind::OutputPadding: return teach::OutputPaddingExercise(*this);
    case ExerciseKind::SameOutputInputs: return teach::SameOutputInputsExercise(*this);
    case ExerciseKind::ReceptiveField: return teach::ReceptiveFieldExercise(*this);
  }
  return teach::OutputSizeExercise(*this);
}

std::vector<Exercise> MakeExercises(int count, uint32_t seed, const std::vector<ExerciseKind>& kinds) {
  if (count < 1 || count > kMaxExercises) {
    throw Error(ErrorCode::InvalidConfig, "count must be between 1 and " + std::to_string(kMaxExercises) + ", got " +
                                              std::to_string(count));
  }
  const std::vector<ExerciseKind> order =
      kinds.empty() ? std::vector<ExerciseKind>(kAllExerciseKinds.begin(), kAllExerciseKinds.end()) : kinds;
  ExerciseGenerator generator(seed);
  std::vector<Exercise> out;
  for (int n = 0; n < count; ++n) out.push_back(generator.Next(order[static_cast<size_t>(n) % order.size()]));
  return out;
}

AnswerCheck CheckAnswer(const Exercise& e, std::string_view answer) {
  AnswerCheck check;
  const Parsed parsed = ParseNumbers(answer);
  if (!parsed.error.empty()) {
    check.message = "answer: " + parsed.error + "; expected " + Expected(e);
    return check;
  }
  std::vector<int> given = parsed.numbers;
  if (e.answer_is_list) {
    const std::set<int> unique(given.begin(), given.end());
    given.assign(unique.begin(), unique.end());
  } else if (given.size() == 1 && e.answer.size() > 1) {
    given.assign(e.answer.size(), given.front());
  } else if (given.size() != e.answer.size()) {
    check.message = "answer: expected " + Expected(e) + ", got " + std::to_string(given.size()) + " numbers";
    return check;
  }
  check.well_formed = true;
  check.correct = given == e.answer;
  const std::string you = e.answer_is_list ? Joined(given, ", ") : Joined(given, "x");
  check.message = check.correct ? "Correct: " + AnswerText(e) + "."
                                : "Not quite: the answer is " + AnswerText(e) + " (you gave " + you + ").";
  return check;
}

}  // namespace convarith
