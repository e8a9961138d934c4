// The Exercises window's state (held by App): questions from the core's seeded generator, the student's answer and
// its check, the score, and "Show me", which puts the exercise's layer on the canvas so the animation proves it.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "convarith/teach/exercise.hpp"

namespace convarith::cli {
struct AppArgs;
}

namespace convarith::app {

struct App;

struct ExerciseState {
  uint32_t seed = 1;
  std::unique_ptr<ExerciseGenerator> generator;  // made by Start (or the first Next)
  std::optional<Exercise> current;
  int number = 0;             // questions posed so far (kinds take turns)
  int first_kind = 0;         // the kind of the first question (its index in kAllExerciseKinds)
  int answered = 0;           // questions scored (the first well-formed answer to each)
  int correct = 0;
  std::array<char, 256> answer{};  // the input field
  std::optional<AnswerCheck> check;  // of the last answer given
  bool scored = false;        // the current question has been scored (trying again does not count twice)
  bool reveal = false;        // the explanation is shown (after a well-formed answer, or "Show me")
  std::string shown;          // what "Show me" put on the canvas
  std::array<float, 4> window_rect{};  // where the window was drawn last frame (tests)

  void Start(uint32_t new_seed);  // a new round: generator, score and question reset
  void Next();                    // the next question
  void Check(const std::string& text);
};

// The Exercises window (exercise_window.cpp).
void DrawExerciseWindow(App& app, bool* open);
// "Show me": the exercise's layer on the canvas (a stack: in the Network window, its last layer's middle cell pinned so
// its receptive field lights, and the last layer animated).
void ShowExercise(App& app);
// For tests: {"seed": S, "number": N, "kind": "...", "answer": "...", "answered": A, "correct": C, "well_formed": ...,
// "message": "...", "shown": "...", "rect": [x0, y0, x1, y1]}.
std::string ExerciseStateJson(const ExerciseState& state);
// --exercises SEED opens the window on the seed's first question (--exercise-kind: of that kind); --exercise-answer TEXT answers it, --exercise-show
// presses "Show me". Returns an exit code for a bad value in automation runs.
std::optional<int> ApplyExerciseCommandLine(App& app, const cli::AppArgs& args, bool automation);

}  // namespace convarith::app
