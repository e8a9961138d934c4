// The parameter an error is about, as an enum: what the app marks, found without reading names.
#include <gtest/gtest.h>

#include "convarith/scene/frame.hpp"
#include "convarith/scene/timeline.hpp"
#include "convarith/shape/config.hpp"

namespace convarith {
namespace {

TEST(ParamNamed, PyTorchNamesAndOnlyThem) {
  EXPECT_EQ(ParamNamed("input_size"), Param::Input);
  EXPECT_EQ(ParamNamed("kernel_size"), Param::Kernel);
  EXPECT_EQ(ParamNamed("pad_after"), Param::Padding);
  EXPECT_EQ(ParamNamed("padding_mode"), Param::PaddingMode);  // not Padding, whatever the order of any test
  EXPECT_EQ(ParamNamed("output_padding"), Param::OutputPadding);
  EXPECT_EQ(ParamNamed("output"), Param::Output);
  EXPECT_EQ(ParamNamed("weight"), Param::None);
  EXPECT_EQ(ParamNamed("padding_mode_x"), Param::None);  // names, not substrings
  EXPECT_EQ(ParamNamed(""), Param::None);
}

Config Conv(int i, int k, int s = 1, int p = 0) {
  Config c;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{i, k, s, p, p, 1, 0};
  return c;
}

TEST(ConfigError, ValidationNamesItsParameterAsAnEnum) {
  EXPECT_EQ(Validate(Conv(4, 9))->param, Param::Kernel);
  EXPECT_EQ(Validate(Conv(5, 3, 0))->param, Param::Stride);
  Config groups = Conv(5, 3);
  groups.in_channels = 3;
  groups.out_channels = 4;
  groups.groups = 2;
  EXPECT_EQ(Validate(groups)->param, Param::Groups);
  Config reflect = Conv(3, 3, 1, 3);
  reflect.padding_mode = PaddingMode::Reflect;
  EXPECT_EQ(Validate(reflect)->param, Param::PaddingMode);
  Config transposed = Conv(3, 3, 2, 0);
  transposed.op = Op::Transposed;
  transposed.axes[kHeight].output_padding = transposed.axes[kWidth].output_padding = 2;
  EXPECT_EQ(Validate(transposed)->param, Param::OutputPadding);
  // Given explicitly, it stays as given.
  EXPECT_EQ((ConfigError{"drawn_cells", "too many", Param::Input}.param), Param::Input);
}

TEST(LegendKind, TheLinkEntryIsFoundByItsKind) {
  Config c = Conv(5, 3);
  const Computation comp = Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ramp),
                                     Tensor(CanonicalShape(c, TensorRole::Weight), 1.0));
  FrameOptions o;
  o.pointer = Pointer{Panel::Output, 1, 1, 0, 0};
  const Frame f = BuildFrame(comp, o);
  int links = 0;
  for (const LegendEntry& e : f.legend) {
    if (e.kind != LegendKind::Link) continue;
    ++links;
    EXPECT_EQ(e, LinkLegendEntry(o.theme));
  }
  EXPECT_EQ(links, 1);
  EXPECT_EQ(o.pointer, (Pointer{Panel::Output, 1, 1, 0, 0}));
  EXPECT_NE(o.pointer, (Pointer{Panel::Output, 1, 1, 1, 0}));  // every field counts, the channel too
}

}  // namespace
}  // namespace convarith
