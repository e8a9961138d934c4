// The Arithmetic panel: the paper's relationship that applies per axis, the ambiguous input sizes for s > 1, and for
// a transposed convolution its direct equivalents (ĩ′, p′, a) with a check that both ways give the same numbers.
#include <algorithm>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "convarith/arithmetic.hpp"
#include "convarith/compute.hpp"
#include "panels/panels.hpp"

namespace convarith::app {
namespace {

constexpr const char* kAxisTitle[] = {"Height", "Width"};

std::string JoinInts(const std::vector<int>& values) {
  std::string s;
  for (size_t n = 0; n < values.size(); ++n) s += (n > 0 ? ", " : "") + std::to_string(values[n]);
  return s;
}

void Heading(const App& app, const std::string& text) {
  ImGui::Spacing();
  if (app.fonts.heading != nullptr) ImGui::PushFont(app.fonts.heading);
  ImGui::PushTextWrapPos(0.0f);  // "Transposed convolution" wraps in a narrow panel
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
  if (app.fonts.heading != nullptr) ImGui::PopFont();
  ImGui::Separator();
}

void Wrapped(const std::string& text) {
  ImGui::PushTextWrapPos(0.0f);
  ImGui::TextUnformatted(text.c_str());
  ImGui::PopTextWrapPos();
}

void Muted(const std::string& text) {
  ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
  Wrapped(text);
  ImGui::PopStyleColor();
}

void DrawRelationship(const App& app, const Relationship& r) {
  ImGui::Text("Relationship %d", r.number);
  // A transposed convolution's conditions already name the padding of the convolution it transposes.
  if (app.params.config.op != Op::Transposed) {
    const std::string kind = "(" + std::string(PaddingKindName(r.padding)) + ")";
    // Beside the number when it fits, else under it (a narrow panel).
    const float beside = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + ImGui::CalcTextSize(kind.c_str()).x;
    if (beside <= ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x) ImGui::SameLine();
    ImGui::TextDisabled("%s", kind.c_str());
  }
  if (!r.conditions.empty()) Muted(r.conditions);
  if (app.fonts.heading != nullptr) ImGui::PushFont(app.fonts.heading);
  Wrapped(r.formula);
  Wrapped(r.substituted);
  if (app.fonts.heading != nullptr) ImGui::PopFont();
  if (!r.note.empty()) Muted(r.note);
}

void DrawSameOutputs(const Computation& c, int axis) {
  const AxisParams& a = c.config.axes[static_cast<size_t>(axis)];
  if (a.stride <= 1) return;
  if (c.config.op == Op::Transposed) {
    const TransposedAxis& t = c.transposed[static_cast<size_t>(axis)];
    if (t.same_output_inputs.size() > 1) {
      Wrapped("Direct inputs i = " + JoinInts(t.same_output_inputs) + " all give o = " + std::to_string(a.input) +
              ": a = " + std::to_string(a.output_padding) + " picks i = " + std::to_string(t.direct_input) + ".");
    }
    return;
  }
  const std::vector<int> same = InputsWithSameOutput(c.config.op, a, c.config.ceil_mode);
  if (same.size() > 1) {
    Wrapped("With s = " + std::to_string(a.stride) + ", inputs i = " + JoinInts(same) + " all give o = " +
            std::to_string(c.output_shape[static_cast<size_t>(axis)]) +
            " (a transposed convolution needs a to tell them apart).");
  }
}

void DrawTransposedAxis(const App& app, const Computation& c, int axis) {
  const TransposedAxis& t = c.transposed[static_cast<size_t>(axis)];
  const AxisParams& a = c.config.axes[static_cast<size_t>(axis)];
  const AxisParams& d = c.associated.axes[static_cast<size_t>(axis)];
  Wrapped("Transpose of the direct convolution i = " + std::to_string(t.direct_input) + ", k = " +
          std::to_string(d.kernel) + ", s = " + std::to_string(d.stride) + ", p = " + std::to_string(d.padding) +
          " (whose output is i′ = " + std::to_string(a.input) + ").");
  const std::pair<const char*, std::string> rows[] = {
      {"zeros inserted", "s − 1 = " + std::to_string(t.inserted_zeros)},
      {"stretched input", "ĩ′ = " + std::to_string(t.stretched_input)},
      {"padding", "p′ = d(k − 1) − p = " + std::to_string(t.padding) + (t.crops() ? "  (crops)" : "")},
      {"extra zeros", "a = " + std::to_string(t.extra)},
      {"kernel", "k′ = k, rotated 180°"},
      {"stride", "s′ = 1"},
      {"output", "o′ = " + std::to_string(t.output)},
  };
  if (ImGui::GetContentRegionAvail().x < ImGui::GetFontSize() * 16) {
    // A narrow panel (1024-pixel projector, large UI scale): one line each, rather than a squeezed value column.
    for (const auto& [what, value] : rows) Wrapped(std::string(what) + ":  " + value);
  } else if (ImGui::BeginTable("equivalent", 2)) {
    // Names as wide as they need, values take the rest and wrap.
    ImGui::TableSetupColumn("what", ImGuiTableColumnFlags_WidthFixed);
    ImGui::TableSetupColumn("value", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& [what, value] : rows) {
      ImGui::TableNextRow();
      ImGui::TableSetColumnIndex(0);
      ImGui::TextUnformatted(what);
      ImGui::TableSetColumnIndex(1);
      Wrapped(value);
    }
    ImGui::EndTable();
  }
  (void)app;
}

// The visible check that scatter and the equivalent direct convolution agree, cell for cell.
void DrawCheck(const Computation& c) {
  double worst = 0;
  bool same_shape = c.output.rows == c.output_equivalent.rows && c.output.cols == c.output_equivalent.cols;
  if (same_shape) {
    for (size_t n = 0; n < c.output.values.size(); ++n) {
      worst = std::max(worst, std::abs(c.output.values[n] - c.output_equivalent.values[n]));
    }
  }
  const bool ok = same_shape && worst < 1e-9;
  ImGui::PushStyleColor(ImGuiCol_Text, ok ? ImVec4(0.15f, 0.65f, 0.35f, 1) : ImVec4(0.9f, 0.25f, 0.2f, 1));
  Wrapped(ok ? "✓ Scatter and the equivalent direct convolution give the same " + std::to_string(c.output.size()) +
                   " numbers."
             : "✗ Scatter and the equivalent direct convolution differ (largest difference " + FormatValue(worst) + ")");
  ImGui::PopStyleColor();
}

}  // namespace

void DrawArithmetic(App& app) {
  const Computation* c = app.computation();
  if (c == nullptr) {
    Heading(app, "Arithmetic");
    Muted(app.derived.error ? app.derived.error->message : "");
    return;
  }
  const Config& config = c->config;
  const bool transposed = config.op == Op::Transposed;
  Heading(app, std::string(OpTitle(config.op)));
  const std::string o = transposed ? "o′" : "o";
  if (c->output_shape[0] == c->output_shape[1] && config.height() == config.width()) {
    Wrapped(o + " = " + std::to_string(c->output_shape[0]) + " per axis: the output is " +
            std::to_string(c->output_shape[0]) + " × " + std::to_string(c->output_shape[1]));
  } else {
    Wrapped("Output " + std::to_string(c->output_shape[0]) + " × " + std::to_string(c->output_shape[1]) +
            " (height × width)");
  }
  const bool same_axes = config.height() == config.width();
  for (int axis : {kHeight, kWidth}) {
    if (same_axes && axis == kWidth) break;
    Heading(app, same_axes ? std::string("Both axes") : std::string(kAxisTitle[axis]));
    DrawRelationship(app, c->relationship[static_cast<size_t>(axis)]);
    DrawSameOutputs(*c, axis);
    if (transposed) {
      ImGui::Spacing();
      DrawTransposedAxis(app, *c, axis);
    }
  }
  if (transposed) {
    Heading(app, "Check");
    DrawCheck(*c);
  }
}

}  // namespace convarith::app
