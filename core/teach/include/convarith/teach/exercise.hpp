// Exercises for students: a seeded generator of questions on the paper's arithmetic (output sizes, 'same' padding,
// output padding, the input sizes sharing an output, receptive fields), each answered by the core's own arithmetic
// (shape's OutputSize / ResolveSamePadding / InputsWithSameOutput, network's ReceptiveFields), explained with the
// paper's relationship and the numbers substituted, and a checker of a student's typed answer.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/base/error.hpp"
#include "convarith/shape/config.hpp"

namespace convarith {

enum class ExerciseKind : uint8_t {
  OutputSize,        // the output size of a convolution (dilated), a pooling (ceil_mode) or a transposed convolution
  SamePadding,       // the padding for 'same': per side (stride 1, PyTorch's padding='same'), or the total (TF's)
  OutputPadding,     // the output_padding a transposed convolution needs to reach a target size
  SameOutputInputs,  // every input size a convolution or pooling maps to the same output size (1-D)
  ReceptiveField,    // the receptive field of the last layer of a stack of 2 to 4 convolutions and poolings
};
inline constexpr std::array<ExerciseKind, 5> kAllExerciseKinds{
    ExerciseKind::OutputSize, ExerciseKind::SamePadding, ExerciseKind::OutputPadding, ExerciseKind::SameOutputInputs,
    ExerciseKind::ReceptiveField};

// output_size | same_padding | output_padding | same_output_inputs | receptive_field
std::string_view ExerciseKindName(ExerciseKind kind);
std::optional<ExerciseKind> ParseExerciseKind(std::string_view name);
// A short title for sheets and the app: "Output size", "Padding for 'same'", ...
std::string_view ExerciseKindTitle(ExerciseKind kind);

struct Exercise {
  ExerciseKind kind = ExerciseKind::OutputSize;
  std::string question;  // the numbers given; a stack's layers on lines of their own ('\n')
  // The layers the question is about, resolved and valid (Validate), with the answer in place: the padding found
  // (same_padding), the output padding found (output_padding). Set as the app's layer, they animate the answer.
  std::vector<Config> layers;
  // One number per spatial axis (PyTorch order), or for same_output_inputs the input sizes, ascending.
  std::vector<int> answer;
  bool answer_is_list = false;  // same_output_inputs: a set of sizes, not one number per axis
  std::string explanation;      // the relationship, the numbers substituted, the answer; lines separated by '\n'
};

// The answer as the sheet and the messages write it: "7", "7x5" (per axis), "9, 10, 11" (a list).
std::string AnswerText(const Exercise& exercise);

// Exercises from a seed: the same seed and kinds give the same exercises on every machine and compiler (a
// std::mt19937 stream read through the generator's own integer ranges). Kinds take turns in the order given.
class ExerciseGenerator {
 public:
  explicit ExerciseGenerator(uint32_t seed) : engine_(seed) {}
  Exercise Next(ExerciseKind kind);
  // A whole number from lo to hi inclusive, by rejection from the engine's 32-bit words (the same on every machine,
  // unlike std::uniform_int_distribution).
  int Uniform(int lo, int hi);

 private:
  std::mt19937 engine_;
};

// `count` exercises (1 to kMaxExercises), kinds taking turns (empty: every kind). Throws Error (InvalidConfig) naming
// "count" when the count is out of range.
inline constexpr int kMaxExercises = 1000;
std::vector<Exercise> MakeExercises(int count, uint32_t seed, const std::vector<ExerciseKind>& kinds = {});

// A student's answer checked. Accepted forms: whole numbers separated by commas, spaces, ';' or 'x', optionally in
// brackets ("7", "7x5", "[7, 5]", "(7, 5)"); one number stands for every axis when all axes share it; a list of
// sizes in any order, repeats ignored, "9..11" or "9-11" for a run.
struct AnswerCheck {
  bool well_formed = false;  // false: `message` says what was expected (no score either way)
  bool correct = false;
  std::string message;       // "Correct: 7.", "Not quite: the answer is 7 (you gave 8).", or what is malformed
};
AnswerCheck CheckAnswer(const Exercise& exercise, std::string_view answer);

}  // namespace convarith
