// The Exercises window: a question from the core's generator, an answer field checked by the core, the explanation
// with the paper's relationship, the score, and "Show me" (the exercise's layer animated on the canvas).
#include "panels/exercise_window.hpp"

#include <iostream>
#include <sstream>

#include <imgui.h>

#include "app.hpp"
#include "convarith/cli/cli.hpp"
#include "panels/network_panel.hpp"

namespace convarith::app {

namespace {

const ImVec4 kRight{0.30f, 0.69f, 0.31f, 1.0f}, kWrong{0.90f, 0.35f, 0.25f, 1.0f}, kMalformed{0.95f, 0.65f, 0.15f, 1.0f};

std::string Escaped(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (static_cast<unsigned char>(ch) < 0x20) {
      out += ' ';
    } else {
      out += ch;
    }
  }
  return out;
}

// The score line and the question.
void DrawQuestion(const ExerciseState& s) {
  const Exercise& e = *s.current;
  ImGui::TextDisabled("Question %d  ·  %s  ·  score %d / %d  ·  seed %u", s.number,
                      std::string(ExerciseKindTitle(e.kind)).c_str(), s.correct, s.answered, s.seed);
  ImGui::Separator();
  ImGui::PushTextWrapPos(0);
  ImGui::TextUnformatted(e.question.c_str());
  ImGui::PopTextWrapPos();
  ImGui::Spacing();
}

// The answer field (Enter checks it) and the buttons.
void DrawAnswerRow(App& app, ExerciseState& s) {
  ImGui::AlignTextToFramePadding();
  ImGui::TextUnformatted("Answer");
  ImGui::SameLine();
  const float font = ImGui::GetFontSize();
  ImGui::SetNextItemWidth(font * 6);
  const bool enter = ImGui::InputText("##answer", s.answer.data(), s.answer.size(), ImGuiInputTextFlags_EnterReturnsTrue);
  const bool hints = !app.automation;  // automation: the pointer is not the user's
  if (hints && ImGui::IsItemHovered()) ImGui::SetTooltip("A number, one per axis (7x5), or a list in any order (7, 8, 9)");
  ImGui::SameLine();
  if (ImGui::Button("Check") || enter) s.Check(s.answer.data());
  ImGui::SameLine();
  if (ImGui::Button("Show me")) ShowExercise(app);
  if (hints && ImGui::IsItemHovered()) ImGui::SetTooltip("Put this exercise's layer on the canvas: the animation proves the answer");
  ImGui::SameLine();
  if (ImGui::Button("Next question")) s.Next();
}

void DrawResult(const ExerciseState& s) {
  if (s.check) {
    const ImVec4 colour = !s.check->well_formed ? kMalformed : s.check->correct ? kRight : kWrong;
    ImGui::PushTextWrapPos(0);
    ImGui::TextColored(colour, "%s", s.check->message.c_str());
    ImGui::PopTextWrapPos();
  }
  if (s.reveal) {
    ImGui::Separator();
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(s.current->explanation.c_str());
    ImGui::PopTextWrapPos();
  }
  if (!s.shown.empty()) ImGui::TextDisabled("%s", s.shown.c_str());
}

}  // namespace

void ExerciseState::Start(uint32_t new_seed) {
  seed = new_seed;
  generator = std::make_unique<ExerciseGenerator>(seed);
  number = answered = correct = 0;
  Next();
}

void ExerciseState::Next() {
  if (!generator) generator = std::make_unique<ExerciseGenerator>(seed);
  const size_t turn = static_cast<size_t>(number + first_kind) % kAllExerciseKinds.size();
  current = generator->Next(kAllExerciseKinds[turn]);
  ++number;
  answer.fill('\0');
  check.reset();
  scored = reveal = false;
  shown.clear();
}

void ExerciseState::Check(const std::string& text) {
  if (!current) return;
  check = CheckAnswer(*current, text);
  if (!check->well_formed) return;  // no score either way: the message says what was expected
  reveal = true;
  if (scored) return;
  scored = true;
  ++answered;
  correct += check->correct;
}

void ShowExercise(App& app) {
  ExerciseState& s = app.exercise;
  if (!s.current) return;
  s.reveal = true;
  const std::vector<Config>& layers = s.current->layers;
  if (layers.size() == 1) {
    PutLayerOnCanvas(app, layers.front());
    s.shown = "On the canvas: " + Caption(app.params.config);
    return;
  }
  // A stack: the Network window with the last layer's middle cell pinned (its receptive field lit down to the input).
  NetworkPanelState& n = app.network;
  Network net;
  net.rank = layers.front().rank;
  net.in_channels = 1;
  for (int a = 0; a < 3; ++a) net.input[static_cast<size_t>(a)] = layers.front().axes[static_cast<size_t>(a)].input;
  for (const Config& c : layers) net.layers.push_back(Layer{c, PaddingRule::Explicit, false, false, 0});
  n.network = net;
  n.Changed();
  n.Update();
  n.axis = -1;
  const int last = static_cast<int>(layers.size());
  n.pinned = std::make_pair(last, OutputSpatial(layers.back()).back() / 2);
  app.windows.network = true;
  n.selected = last - 1;
  AnimateNetworkLayer(app, last - 1);
  s.shown = "In the Network window: the last layer's middle cell pinned, its receptive field lit in the input";
}

void DrawExerciseWindow(App& app, bool* open) {
  ExerciseState& s = app.exercise;
  if (!s.current) s.Start(s.seed);
  const ImGuiViewport* vp = ImGui::GetMainViewport();
  const float font = ImGui::GetFontSize();
  // At the bottom of the window, over the canvas's lower part: the animation "Show me" starts stays in view above it.
  const ImVec2 size{std::min(vp->WorkSize.x * 0.6f, font * 34), std::min(vp->WorkSize.y * 0.46f, font * 17)};
  const ImGuiCond cond = app.requests.reset_layout ? ImGuiCond_Always : ImGuiCond_FirstUseEver;
  ImGui::SetNextWindowPos({vp->WorkPos.x + (vp->WorkSize.x - size.x) * 0.5f,
                           vp->WorkPos.y + vp->WorkSize.y - size.y - font * 2.5f}, cond);
  ImGui::SetNextWindowSize(size, cond);
  if (!ImGui::Begin("Exercises", open)) {
    s.window_rect = {};
    ImGui::End();
    return;
  }
  DrawQuestion(s);
  DrawAnswerRow(app, s);
  DrawResult(s);
  const ImVec2 at = ImGui::GetWindowPos(), extent = ImGui::GetWindowSize();
  s.window_rect = {at.x, at.y, at.x + extent.x, at.y + extent.y};
  ImGui::End();
}

std::string ExerciseStateJson(const ExerciseState& s) {
  std::ostringstream out;
  out << "{\"seed\": " << s.seed << ", \"number\": " << s.number << ", \"kind\": \""
      << (s.current ? ExerciseKindName(s.current->kind) : "") << "\", \"answer\": \""
      << (s.current ? Escaped(AnswerText(*s.current)) : "") << "\", \"answered\": " << s.answered
      << ", \"correct\": " << s.correct << ", \"well_formed\": " << (s.check && s.check->well_formed ? "true" : "false")
      << ", \"message\": \"" << (s.check ? Escaped(s.check->message) : "") << "\", \"reveal\": "
      << (s.reveal ? "true" : "false") << ", \"shown\": \"" << Escaped(s.shown) << "\", \"rect\": ["
      << s.window_rect[0] << ", " << s.window_rect[1] << ", " << s.window_rect[2] << ", " << s.window_rect[3] << "]}";
  return out.str();
}

std::optional<int> ApplyExerciseCommandLine(App& app, const cli::AppArgs& args, bool automation) {
  if (args.exercises < 0) {
    if (args.exercise_answer.empty() && !args.exercise_show && args.exercise_kind.empty()) return std::nullopt;
    std::cerr << "convarith: --exercise-kind, --exercise-answer and --exercise-show need --exercises SEED\n";
    if (automation) return cli::kExitUsage;
    return std::nullopt;
  }
  app.windows.exercises = true;
  if (!args.exercise_kind.empty()) {
    const std::optional<ExerciseKind> kind = ParseExerciseKind(args.exercise_kind);
    if (!kind) {
      std::cerr << "convarith: --exercise-kind: unknown kind '" << args.exercise_kind
                << "' (output_size, same_padding, output_padding, same_output_inputs, receptive_field)\n";
      if (automation) return cli::kExitUsage;
    } else {
      app.exercise.first_kind = static_cast<int>(*kind);
    }
  }
  app.exercise.Start(static_cast<uint32_t>(args.exercises));
  if (!args.exercise_answer.empty()) {
    const std::string& text = args.exercise_answer;
    std::snprintf(app.exercise.answer.data(), app.exercise.answer.size(), "%s", text.c_str());
    app.exercise.Check(text);
  }
  if (args.exercise_show) ShowExercise(app);
  return std::nullopt;
}

}  // namespace convarith::app
