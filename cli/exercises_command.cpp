// `convarith exercises`: a seeded sheet of exercises on the paper's arithmetic, as text with an answer key, as JSON,
// or as a PDF sheet with the answer key on pages of its own.
#include <iostream>
#include <memory>
#include <sstream>

#include "convarith/cli/cli.hpp"
#include "convarith/export.hpp"
#include "convarith/teach/exercise.hpp"
#include "json_io.hpp"

namespace convarith::cli {

namespace {

struct ExercisesArgs {
  int count = 10;
  long long seed = 1;
  std::string kinds, out;
  bool json = false;
  CLI::Option* kinds_option = nullptr;  // given, even as ''
};

std::string KindList() {
  std::string s;
  for (ExerciseKind k : kAllExerciseKinds) s += (s.empty() ? "" : ", ") + std::string(ExerciseKindName(k));
  return s;
}

std::vector<ExerciseKind> ParseKinds(const std::string& text) {
  std::vector<ExerciseKind> kinds;
  std::stringstream in(text);
  std::string name;
  while (std::getline(in, name, ',')) {
    const std::optional<ExerciseKind> kind = ParseExerciseKind(name);
    if (!kind) throw UsageError("--kinds: unknown kind '" + name + "'; expected a comma-separated list of " + KindList());
    kinds.push_back(*kind);
  }
  if (kinds.empty()) throw UsageError("--kinds: expected a comma-separated list of " + KindList());
  return kinds;
}

void CheckArgs(const ExercisesArgs& args) {
  if (args.count < 1 || args.count > kMaxExercises) {
    throw UsageError("--count: must be between 1 and " + std::to_string(kMaxExercises) + ", got " +
                     std::to_string(args.count));
  }
  if (args.seed < 0 || args.seed > 4294967295LL) {
    throw UsageError("--seed: must be between 0 and 4294967295, got " + std::to_string(args.seed));
  }
  if (args.json && !args.out.empty()) throw UsageError("--json and --out: give one of them (JSON goes to stdout)");
  if (!args.out.empty() && ExportFormatOfPath(args.out) != ExportFormat::Pdf) {
    throw UsageError("--out: the sheet is a PDF, the path must end in .pdf, got '" + args.out + "'");
  }
}

nlohmann::json ExercisesJson(const std::vector<Exercise>& exercises) {
  nlohmann::json list = nlohmann::json::array();
  for (const Exercise& e : exercises) {
    nlohmann::json j;
    j["kind"] = std::string(ExerciseKindName(e.kind));
    j["question"] = e.question;
    nlohmann::json layers = nlohmann::json::array();
    for (const Config& c : e.layers) layers.push_back(ConfigToJson(c));
    j["layers"] = std::move(layers);
    if (!e.answer_is_list && e.answer.size() == 1) {
      j["answer"] = e.answer.front();
    } else {
      j["answer"] = e.answer;
    }
    j["explanation"] = e.explanation;
    list.push_back(std::move(j));
  }
  return list;
}

// Each line of an explanation indented under its answer.
std::string Indented(const std::string& text, const std::string& indent) {
  std::string out = indent;
  for (char ch : text) out += ch == '\n' ? "\n" + indent : std::string(1, ch);
  return out;
}

void PrintText(const std::vector<Exercise>& exercises, uint32_t seed) {
  std::cout << "Exercises (seed " << seed << ")\n\n";
  for (size_t n = 0; n < exercises.size(); ++n) {
    std::cout << n + 1 << ". [" << ExerciseKindTitle(exercises[n].kind) << "] " << exercises[n].question << "\n\n";
  }
  std::cout << "Answer key\n\n";
  for (size_t n = 0; n < exercises.size(); ++n) {
    std::cout << n + 1 << ". " << AnswerText(exercises[n]) << "\n" << Indented(exercises[n].explanation, "   ")
              << "\n\n";
  }
}

// The sheet: a title, the questions with room to answer, then the answer key from a new page.
std::vector<TextParagraph> Sheet(const std::vector<Exercise>& exercises, uint32_t seed) {
  const Rgba accent{38, 139, 210, 255}, muted{110, 110, 110, 255};
  std::vector<TextParagraph> doc;
  doc.push_back({"Convolution arithmetic: exercises", 18, 0, 0, false, 0, accent});
  doc.push_back({std::to_string(exercises.size()) + " questions (seed " + std::to_string(seed) +
                     "). Sizes are per axis, height x width; answer lists in any order.",
                 10, 0, 4, false, 0, muted});
  for (size_t n = 0; n < exercises.size(); ++n) {
    doc.push_back({std::to_string(n + 1) + ". " + std::string(ExerciseKindTitle(exercises[n].kind)), 12, 0, 14,
                   false, 110, accent});
    doc.push_back({exercises[n].question, 11, 16, 3, false, 0, {0, 0, 0, 255}});
    doc.push_back({"Answer: ______________________", 11, 16, 8, false, 0, muted});
  }
  doc.push_back({"Answer key", 18, 0, 0, true, 0, accent});
  for (size_t n = 0; n < exercises.size(); ++n) {
    doc.push_back({std::to_string(n + 1) + ". " + AnswerText(exercises[n]), 12, 0, 12, false, 80, accent});
    doc.push_back({exercises[n].explanation, 10, 16, 3, false, 0, {0, 0, 0, 255}});
  }
  return doc;
}

void WriteSheet(const std::vector<Exercise>& exercises, uint32_t seed, const std::string& path) {
  const std::vector<uint8_t> pdf = TextDocumentPdf(Sheet(exercises, seed), "Convolution arithmetic: exercises");
  FileBatch batch;  // written to a temporary name, then renamed: never a partial file
  batch.Stage(path, pdf);
  batch.Commit();
  std::cout << "wrote " << path << " (" << exercises.size() << " exercises, " << pdf.size() << " bytes)\n";
}

void Run(const ExercisesArgs& args) {
  CheckArgs(args);
  const bool kinds_given = args.kinds_option != nullptr && args.kinds_option->count() > 0;
  const std::vector<ExerciseKind> kinds = kinds_given ? ParseKinds(args.kinds) : std::vector<ExerciseKind>{};
  const auto seed = static_cast<uint32_t>(args.seed);
  const std::vector<Exercise> exercises = MakeExercises(args.count, seed, kinds);
  if (args.json) {
    std::cout << ExercisesJson(exercises).dump(2) << "\n";
  } else if (!args.out.empty()) {
    try {
      WriteSheet(exercises, seed, args.out);
    } catch (const ExportError& e) {
      throw UsageError(std::string("--out: ") + e.what());
    }
  } else {
    PrintText(exercises, seed);
  }
}

}  // namespace

void AddExercisesCommand(CLI::App& root) {
  auto* cmd = root.add_subcommand("exercises", "A seeded sheet of exercises with an answer key (text, JSON or PDF)");
  auto args = std::make_shared<ExercisesArgs>();
  cmd->add_option("--count", args->count, "How many exercises, 1 to 1000 (default 10)");
  cmd->add_option("--seed", args->seed, "The seed, 0 to 4294967295: the same seed gives the same sheet (default 1)");
  args->kinds_option = cmd->add_option("--kinds", args->kinds, "Kinds taking turns, comma-separated: " + KindList() + " (default: all)");
  cmd->add_flag("--json", args->json, "Print a JSON list of {kind, question, layers, answer, explanation}");
  cmd->add_option("--out", args->out, "Write a PDF sheet with the answer key on pages of its own");
  cmd->callback([args]() { Run(*args); });
}

}  // namespace convarith::cli
