// Every symbol the program writes has a glyph in the fonts that draw it: the app's fonts (built by LoadFonts into a
// headless ImGui atlas, no window needed) and the exporter's embedded DejaVu Sans. The strings come from the frame
// description (every preset, every view, every step, with a pointer, caption, legend and step text: cell values,
// corner weights, labels, equation, check, legend names), from core's captions and relationships, and from every
// string literal in the sources of the app, the command line and the core.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include <imgui.h>

#include "app.hpp"
#include "convarith/ops/backward.hpp"
#include "convarith/shape/arithmetic.hpp"
#include "convarith/ops/compute.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"
#include "font.hpp"  // the exporter's (export/src)
#include "style.hpp"

namespace convarith {
namespace {

// Where each string came from, for the failure message.
using Strings = std::map<std::string, std::string>;  // text -> origin

void Add(Strings& out, const std::string& text, const std::string& origin) {
  if (!text.empty()) out.emplace(text, origin);
}

// Every frame of every view and step of a computation, with and without a pointer (and the title, the subsampled
// outputs and the overlap map a preset asks for).
void AddComputation(Strings& out, const Computation& c, const std::string& name, const std::string& title = "",
                    int keep_every = 1, Pass pass = Pass::Forward) {
  Add(out, Caption(c.config), name + " caption");
  Add(out, title, name + " title");
  for (int axis = c.config.first_axis(); axis < 3; ++axis) {
    const Relationship r = FindRelationship(c.config, axis);
    for (const std::string* s : {&r.conditions, &r.formula, &r.substituted, &r.note}) Add(out, *s, name + " relationship");
    Add(out, std::string(PaddingKindName(r.padding)), name + " padding kind");
    Add(out, std::string(AxisName(c.config, axis)), name + " axis name");
  }
  for (View view : ViewsOf(c.config.op)) {
    const int steps = StepCount(c, view);
    for (int step = 0; step < steps; ++step) {
      for (int pointed = 0; pointed < 2; ++pointed) {
        FrameOptions o;
        o.view = view;
        o.step = step;
        o.caption = true;
        o.title = title;
        o.keep_every = keep_every;
        o.pass = pass;
        o.overlap_panel = c.config.op == Op::Transposed;
        if (pointed) o.pointer = Pointer{Panel::Output, 0, 0, c.out_channels() - 1, 0};
        o.symbols = pointed == 1;  // symbol mode: x₁₂, w⁽¹,²⁾₁₁, ∂L/∂y₁₁ in the cells, the formula in the step
        const Frame f = BuildFrame(c, o);
        const std::string where = name + " " + std::string(ViewName(view)) + " step " + std::to_string(step);
        for (const FrameCell& cell : f.cells) {
          Add(out, cell.text, where + " cell");
          Add(out, cell.corner_text, where + " corner");
        }
        for (const FrameText& t : f.texts) Add(out, t.text, where + " text");
        Add(out, f.equation, where + " equation");
        for (const std::string& part : f.equation_parts) Add(out, part, where + " equation part");
        Add(out, f.check, where + " check");
        for (const LegendEntry& e : f.legend) Add(out, e.name, where + " legend");
      }
    }
  }
}

Strings FrameStrings() {
  Strings out;
  for (const Preset& p : Presets()) {
    AddComputation(out, Recompute(p.config, p.input, p.weight, p.bias), p.name, FigureTitle(p), p.keep_every);
    Add(out, p.data_note, p.name + " data note");
  }
  // The backward pass (the app's B, export --backward): the input gradient of a convolution and of a transposed one,
  // with the views' titles.
  for (const char* name : {"fig2.6", "fig4.6"}) {
    const Preset& p = *FindPreset(name);
    const Tensor w(CanonicalShape(p.config, TensorRole::Weight), 1.0);
    const Computation g = Recompute(InputGradConfig(p.config), Tensor(CanonicalShape(p.config, TensorRole::Output), 1.0), w);
    AddComputation(out, g, p.name + " backward", "", 1, Pass::Backward);
    for (View v : ViewsOf(g.config.op)) {
      for (bool short_title : {true, false}) Add(out, ViewTitle(v, short_title, Pass::Backward), "backward title");
    }
  }
  // Beyond the figures: pooling with padding (−∞ never wins), ceil mode, a dilated transposed convolution, a
  // cropping one, different height and width, negative and fractional values; channels, groups and bias, padding
  // modes, per-side padding, 1-D and 3-D.
  struct Extra {
    const char* name;
    Config config;
  };
  std::vector<Extra> extras;
  auto axis = [](int i, int k, int s, int p, int d = 1, int a = 0) { return AxisParams{i, k, s, p, p, d, a}; };
  {
    Config c;
    c.op = Op::MaxPool;
    c.axes = {kNeutralAxis, axis(5, 3, 2, 1), axis(5, 3, 2, 1)};
    c.ceil_mode = true;
    extras.push_back({"maxpool ceil", c});
    c.op = Op::AvgPool;
    c.count_include_pad = false;
    extras.push_back({"avgpool", c});
    c.in_channels = c.out_channels = 2;
    extras.push_back({"avgpool channels", c});
    c.in_channels = c.out_channels = 1;
    c.op = Op::Transposed;
    c.ceil_mode = false;
    c.axes = {kNeutralAxis, axis(3, 3, 2, 0, 2, 1), axis(4, 2, 3, 0, 1, 2)};
    extras.push_back({"transposed dilated HxW", c});
    c.axes = {kNeutralAxis, axis(6, 3, 1, 3), axis(6, 3, 1, 3)};
    extras.push_back({"transposed cropping", c});
    c.axes = {kNeutralAxis, axis(3, 3, 2, 1), axis(3, 3, 2, 1)};
    c.in_channels = 2;
    c.out_channels = 4;
    c.groups = 2;
    c.bias = true;
    extras.push_back({"transposed channels groups bias", c});
    c = Config{};
    c.axes = {kNeutralAxis, axis(6, 3, 2, 2, 2), axis(5, 2, 1, 0)};
    extras.push_back({"conv dilated HxW", c});
    c.axes = {kNeutralAxis, axis(5, 3, 1, 2), axis(5, 3, 1, 1)};
    c.axes[kWidth].pad_after = 0;
    c.padding_mode = PaddingMode::Reflect;
    c.in_channels = 3;
    c.out_channels = 2;
    c.bias = true;
    extras.push_back({"conv reflect channels bias, per-side padding", c});
    c = Config{};
    c.rank = 1;
    c.axes = {kNeutralAxis, kNeutralAxis, AxisParams{8, 2, 1, 2, 0, 2, 0}};
    extras.push_back({"conv 1-D causal", c});
    c = Config{};
    c.rank = 3;
    c.axes = {axis(3, 2, 1, 0), axis(3, 2, 1, 1), axis(3, 2, 1, 0)};
    c.in_channels = 2;
    c.padding_mode = PaddingMode::Circular;
    extras.push_back({"conv 3-D circular", c});
  }
  for (const Extra& e : extras) {
    if (auto error = Validate(e.config)) {
      ADD_FAILURE() << e.name << " is not a valid configuration: " << error->message;
      continue;
    }
    Tensor input = MakeTensor(CanonicalShape(e.config, TensorRole::Input), Fill::Random, 7, 0, 9);
    for (double& v : input.mutable_values()) v = (v - 4.5) / 3.0;  // negatives, fractions
    Tensor weight;
    if (e.config.has_weight()) weight = Tensor(CanonicalShape(e.config, TensorRole::Weight), -0.5);
    Tensor bias;
    if (e.config.bias) bias = MakeTensor(CanonicalShape(e.config, TensorRole::Bias), Fill::Ramp);
    AddComputation(out, Recompute(e.config, input, weight, bias), e.name);
  }
  for (Role role : {Role::Input, Role::Padding, Role::InsertedZero, Role::ExtraZero, Role::Uncovered, Role::Kernel,
                    Role::OutputDone, Role::OutputCurrent, Role::OutputPending, Role::Overlap}) {
    Add(out, std::string(RoleName(role)), "RoleName");
  }
  return out;
}

// The string literals of a C++ source file (comments skipped; escapes kept as written, which are ASCII).
std::vector<std::string> Literals(const std::string& code) {
  std::vector<std::string> out;
  for (size_t i = 0; i < code.size(); ++i) {
    if (code.compare(i, 2, "//") == 0) {
      i = code.find('\n', i);
      if (i == std::string::npos) break;
    } else if (code.compare(i, 2, "/*") == 0) {
      i = code.find("*/", i + 2);
      if (i == std::string::npos) break;
      ++i;
    } else if (code[i] == '\'') {  // a character literal ('"' must not open a string)
      const size_t end = code.find('\'', i + (code[i + 1] == '\\' ? 3 : 2));
      if (end == std::string::npos || end - i > 8) continue;  // a digit separator (1'000), not a literal
      i = end;
    } else if (code[i] == '"') {
      std::string s;
      for (++i; i < code.size() && code[i] != '"'; ++i) {
        if (code[i] == '\\' && i + 1 < code.size()) s += code[i++];
        s += code[i];
      }
      out.push_back(s);
    }
  }
  return out;
}

Strings SourceStrings() {
  Strings out;
  const std::filesystem::path root = CONVARITH_SOURCE_DIR;
  for (const char* dir : {"app", "cli", "core"}) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root / dir)) {
      const std::string ext = entry.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp") continue;
      std::ifstream in(entry.path());
      std::stringstream text;
      text << in.rdbuf();
      for (const std::string& s : Literals(text.str())) {
        Add(out, s, std::filesystem::relative(entry.path(), root).string());
      }
    }
  }
  return out;
}

std::string Hex(char32_t cp) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "U+%04X", static_cast<unsigned>(cp));
  return buf;
}

class Glyphs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ImGui::CreateContext();
    app::LoadFonts(fonts_, 1.0f);
    ASSERT_TRUE(ImGui::GetIO().Fonts->Build());
  }
  static void TearDownTestSuite() { ImGui::DestroyContext(); }

  // Fails once per missing codepoint and font, naming a string that uses it and where it came from.
  static void ExpectGlyphs(const Strings& strings, const std::vector<std::pair<const char*, ImFont*>>& app_fonts,
                           bool export_font) {
    Font exporter;
    std::set<std::pair<std::string, char32_t>> reported;
    size_t checked = 0;
    for (const auto& [text, origin] : strings) {
      for (char32_t cp : DecodeUtf8(text)) {
        if (cp < 0x20) continue;
        ++checked;
        for (const auto& [name, font] : app_fonts) {
          ASSERT_NE(font, nullptr) << name;
          if (font->FindGlyphNoFallback(static_cast<ImWchar>(cp)) == nullptr && reported.insert({name, cp}).second) {
            ADD_FAILURE() << "the app's " << name << " font has no glyph for " << Hex(cp) << " in \"" << text
                          << "\" (" << origin << ")";
          }
        }
        if (export_font && !exporter.HasGlyph(cp) && reported.insert({"export", cp}).second) {
          ADD_FAILURE() << "the exporter's font has no glyph for " << Hex(cp) << " in \"" << text << "\" (" << origin
                        << ")";
        }
      }
    }
    EXPECT_GT(checked, 1000u);  // the collection itself worked
  }

  static app::Fonts fonts_;
};
app::Fonts Glyphs::fonts_;

TEST_F(Glyphs, DejaVuSansIsLoaded) {
  // Without the file the app falls back to ImGui's built-in font (ASCII only): that would fail everything below.
  ASSERT_NE(fonts_.canvas_small, fonts_.ui) << "DejaVu Sans was not found (fonts-dejavu-core)";
}

TEST_F(Glyphs, EveryFrameStringInEveryFont) {
  // Frames are drawn by the canvas fonts (cells, labels; the step text in presentation mode), the UI fonts (the
  // notes strip: step text, check, legend; tooltips) and the exporter.
  ExpectGlyphs(FrameStrings(),
               {{"UI", fonts_.ui}, {"heading", fonts_.heading}, {"canvas (small)", fonts_.canvas_small},
                {"canvas (large)", fonts_.canvas_large}},
               true);
}

TEST_F(Glyphs, EveryStringLiteralInTheUiFonts) {
  ExpectGlyphs(SourceStrings(), {{"UI", fonts_.ui}, {"heading", fonts_.heading}}, false);
}

TEST_F(Glyphs, TheCheckCanFail) {
  EXPECT_EQ(fonts_.ui->FindGlyphNoFallback(static_cast<ImWchar>(0x4E00)), nullptr);  // no CJK is loaded
  EXPECT_NE(fonts_.ui->FindGlyphNoFallback(static_cast<ImWchar>(0x0302)), nullptr);  // k̂'s accent is
}

}  // namespace
}  // namespace convarith
