// The Arithmetic panel: the paper's relationship that applies per axis, the ambiguous input sizes for s > 1, and for
// a transposed convolution its direct equivalents (ĩ′, p′, a) with a check that both ways give the same numbers.
#include <algorithm>
#include <cctype>
#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "convarith/shape/arithmetic.hpp"
#include "convarith/ops/compute.hpp"
#include "panels/panels.hpp"
#include "panels/pictures.hpp"

namespace convarith::app {
namespace {

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
  const std::string p = d.symmetric() ? std::to_string(d.pad_before)
                                      : std::to_string(d.pad_before) + " before, " + std::to_string(d.pad_after) +
                                            " after";
  Wrapped("Transpose of the direct convolution i = " + std::to_string(t.direct_input) + ", k = " +
          std::to_string(d.kernel) + ", s = " + std::to_string(d.stride) + ", p = " + p +
          " (whose output is i′ = " + std::to_string(a.input) + ").");
  const std::pair<const char*, std::string> rows[] = {
      {"zeros inserted", "s − 1 = " + std::to_string(t.inserted_zeros)},
      {"stretched input", "ĩ′ = " + std::to_string(t.stretched_input)},
      {"padding", (t.padding == t.padding_after
                       ? "p′ = d(k − 1) − p = " + std::to_string(t.padding)
                       : "p′ = d(k − 1) − p: " + std::to_string(t.padding) + " before, " +
                             std::to_string(t.padding_after) + " after") +
                      (t.crops() ? "  (crops)" : "")},
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
  const bool same_shape = c.output.shape() == c.output_equivalent.shape();
  if (same_shape) {
    for (size_t n = 0; n < c.output.values().size(); ++n) {
      worst = std::max(worst, std::abs(c.output[n] - c.output_equivalent[n]));
    }
  }
  const bool ok = same_shape && worst < 1e-9;
  ImGui::PushStyleColor(ImGuiCol_Text, ok ? ImVec4(0.15f, 0.65f, 0.35f, 1) : ImVec4(0.9f, 0.25f, 0.2f, 1));
  Wrapped(ok ? "✓ Scatter and the equivalent direct convolution give the same " + std::to_string(c.output.size()) +
                   " numbers."
             : "✗ Scatter and the equivalent direct convolution differ (largest difference " + FormatValue(worst) + ")");
  ImGui::PopStyleColor();
}


// The channels: the weight's shape, and which input maps feed which output maps (groups).
void DrawChannels(const App& app, const Computation& c) {
  const Config& config = c.config;
  if (config.in_channels == 1 && c.out_channels() == 1) return;
  Heading(app, "Channels");
  if (config.pooling()) {
    Wrapped("Pooling works on every one of the " + std::to_string(config.in_channels) +
            " maps by itself: output map c comes from input map c.");
    return;
  }
  const bool transposed = config.op == Op::Transposed;
  Wrapped("Weight " + ShapeText(TorchShape(config, TensorRole::Weight)) +
          (transposed ? " = C_in × C_out/groups × k" : " = C_out × C_in/groups × k") + ": " +
          std::to_string(config.out_channels) + " × " + std::to_string(config.in_per_group()) + " kernels" +
          (transposed ? " (stored per input map)." : "."));
  const int g = config.groups;
  const int in_g = config.in_per_group(), out_g = config.out_per_group();
  auto range = [](int first, int count) {
    return count == 1 ? std::to_string(first) : std::to_string(first) + "…" + std::to_string(first + count - 1);
  };
  if (g == 1) {
    Wrapped("Every output map sums a part from each of the " + std::to_string(config.in_channels) +
            " input maps (one kernel each).");
  } else {
    Wrapped("groups = " + std::to_string(g) + ": every output map reads only the " + std::to_string(in_g) +
            " input map" + (in_g == 1 ? "" : "s") + " of its group" +
            (g == config.in_channels ? " (depthwise: one map each)." : "."));
    for (int n = 0; n < std::min(g, 12); ++n) {
      Muted("group " + std::to_string(n) + ": input " + range(n * in_g, in_g) + " → output " +
            range(n * out_g, out_g));
    }
    if (g > 12) Muted("… and " + std::to_string(g - 12) + " more groups");
  }
  if (config.bias) Muted("Every output map adds its bias b[c] after the sum.");
}

}  // namespace

void DrawArithmetic(App& app) {
  if (app.windows.pictures && app.computation() != nullptr) {  // the output as a picture, beside the numbers
    Heading(app, "Pictures");
    DrawPictures(app);
  }
  const Computation* c = app.computation();
  if (c == nullptr) {
    Heading(app, "Arithmetic");
    Muted(app.derived.error ? app.derived.error->message : "");
    return;
  }
  const Config& config = c->config;
  const bool transposed = config.op == Op::Transposed;
  Heading(app, TorchClassName(config) + "  ·  " + std::string(OpTitle(config.op)));
  const std::string o = transposed ? "o′" : "o";
  const int first = config.first_axis();
  bool same_axes = true;
  for (int axis = first; axis < 3; ++axis) {
    same_axes = same_axes && config.axes[static_cast<size_t>(axis)] == config.axes[2] &&
                c->output_shape[static_cast<size_t>(axis)] == c->output_shape[2];
  }
  std::string shape, names;
  for (int axis = first; axis < 3; ++axis) {
    shape += (axis > first ? " × " : "") + std::to_string(c->output_shape[static_cast<size_t>(axis)]);
    names += (axis > first ? " × " : "") + std::string(AxisName(config, axis));
  }
  const int out_maps = c->out_channels();
  const std::string maps = out_maps > 1 ? std::to_string(out_maps) + " maps of " : std::string();
  if (same_axes) {
    Wrapped(o + " = " + std::to_string(c->output_shape[2]) + (config.rank > 1 ? " per axis" : "") + ": the output is " +
            maps + shape);
  } else {
    Wrapped("Output " + maps + shape + " (" + names + ")");
  }
  for (int axis = first; axis < 3; ++axis) {
    if (same_axes && axis > first) break;
    std::string title(AxisName(config, axis));
    title[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(title[0])));
    Heading(app, same_axes && config.rank > 1 ? std::string(config.rank == 2 ? "Both axes" : "Every axis") : title);
    DrawRelationship(app, c->relationship[static_cast<size_t>(axis)]);
    DrawSameOutputs(*c, axis);
    if (transposed) {
      ImGui::Spacing();
      DrawTransposedAxis(app, *c, axis);
    }
  }
  DrawChannels(app, *c);
  if (transposed) {
    Heading(app, "Check");
    DrawCheck(*c);
  }
}

}  // namespace convarith::app
