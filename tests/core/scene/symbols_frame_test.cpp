// Symbol mode on the canvas and in exports: cells named x₁₂, w₁₁, y₁₁, the step as the current output's formula.
#include <gtest/gtest.h>

#include <string>

#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"

namespace convarith {
namespace {

Computation FromPreset(const std::string& name) {
  const Preset* p = FindPreset(name);
  return Recompute(p->config, p->input, p->weight, p->bias);
}

const FrameCell* Find(const Frame& f, Panel panel, int row, int col, int channel = 0) {
  for (const FrameCell& cell : f.cells)
    if (cell.panel == panel && cell.data_row == row && cell.data_col == col && cell.channel == channel) return &cell;
  return nullptr;
}

TEST(SymbolsFrame, CellsAreNamedAndTheStepIsTheOutputsFormula) {
  const Computation c = FromPreset("fig2.1");  // 4x4 input (no padding), 3x3 kernel
  FrameOptions o;
  o.symbols = true;
  o.step = 1;
  const Frame f = BuildFrame(c, o);
  ASSERT_NE(Find(f, Panel::Input, 0, 1), nullptr);
  EXPECT_EQ(Find(f, Panel::Input, 0, 1)->text, "x₁₂");
  EXPECT_EQ(Find(f, Panel::Kernel, 2, 0)->text, "w₃₁");
  EXPECT_EQ(Find(f, Panel::Output, 0, 0)->text, "y₁₁");   // computed
  EXPECT_EQ(Find(f, Panel::Output, 0, 1)->text, "y₁₂");   // current
  EXPECT_EQ(Find(f, Panel::Output, 1, 1)->text, "");      // to come
  EXPECT_NE(f.equation.find("y₁₂ = w₁₁x₁₂ + w₁₂x₁₃"), std::string::npos) << f.equation;
  o.symbols = false;
  EXPECT_EQ(Find(BuildFrame(c, o), Panel::Input, 0, 1)->text, FormatValue(c.input[1]));
}

TEST(SymbolsFrame, TheEquivalentConvolutionShowsTheKernelRotated) {
  const Computation c = FromPreset("fig4.1");  // transposed, k = 3
  FrameOptions o;
  o.symbols = true;
  o.view = View::Equivalent;
  const Frame f = BuildFrame(c, o);
  const FrameCell* corner = nullptr;
  for (const FrameCell& cell : f.cells)
    if (cell.panel == Panel::Kernel && cell.row == 0 && cell.col == 0) corner = &cell;
  ASSERT_NE(corner, nullptr);
  EXPECT_EQ(corner->text, "w₃₃");  // the weight the rotated kernel puts in its top-left corner
  // y₁₁ reads x₁₁ alone, through the rotated kernel's bottom-right tap: w₁₁ under cross-correlation; true convolution
  // flips the kernel, and the same tap is w₃₃.
  EXPECT_NE(f.equation.find("y₁₁ = w₁₁x₁₁"), std::string::npos) << f.equation;
  o.convention = KernelConvention::TrueConvolution;
  const Frame flipped = BuildFrame(c, o);
  EXPECT_NE(flipped.equation.find("y₁₁ = w₃₃x₁₁"), std::string::npos) << flipped.equation;
}

TEST(SymbolsFrame, ChannelsAreSuperscriptsAndThePartsGiveWayToTheFormula) {
  const Computation c = FromPreset("fig1.3");  // 2 -> 3 channels
  FrameOptions o;
  o.symbols = true;
  const Frame f = BuildFrame(c, o);
  const FrameCell* cell = Find(f, Panel::Input, 0, 0, 1);
  ASSERT_NE(cell, nullptr);
  EXPECT_NE(cell->text.find("⁽"), std::string::npos) << cell->text;
  EXPECT_TRUE(f.equation_parts.empty());
  EXPECT_NE(f.equation.find(" = "), std::string::npos);
  // The backward pass names the gradients.
  o.pass = Pass::Backward;
  const Frame b = BuildFrame(c, o);
  bool named = false;
  for (const FrameCell& each : b.cells) named = named || each.text.find("∂L/∂") != std::string::npos;
  EXPECT_TRUE(named);
}

}  // namespace
}  // namespace convarith
