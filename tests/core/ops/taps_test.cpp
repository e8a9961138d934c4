// The tap formula x = o·s − p + u·d and its inverse, the one place the core works out where a kernel tap reads.
#include <gtest/gtest.h>

#include "convarith/ops/taps.hpp"

namespace convarith {
namespace {

TEST(Taps, PositionIsOutputTimesStrideMinusPaddingPlusTapTimesDilation) {
  // The paper's Figure 2.6 (i = 5, k = 3, s = 2, p = 1): output 0 reads -1, 0, 1; output 2 reads 3, 4, 5.
  const AxisParams a{5, 3, 2, 1, 1, 1, 0};
  EXPECT_EQ(TapPosition(a, 0, 0), -1);
  EXPECT_EQ(TapPosition(a, 0, 2), 1);
  EXPECT_EQ(TapPosition(a, 2, 0), 3);
  EXPECT_EQ(TapPosition(a, 2, 2), 5);
  // Dilation 2 (Figure 2.8's d): taps two cells apart; on the padded canvas (p = 0) and at stride 1.
  EXPECT_EQ(TapPosition(1, 2, 3, 1, 2), 6);
  EXPECT_EQ(TapPosition(1, 2, 3, 0, 2), 7);
  EXPECT_EQ(TapPosition(1, 2, 1, 0, 2), 5);
}

TEST(Taps, OutputInvertsPosition) {
  for (int s = 1; s <= 3; ++s)
    for (int p = 0; p <= 2; ++p)
      for (int d = 1; d <= 3; ++d)
        for (int u = 0; u < 4; ++u)
          for (int x = -4; x < 20; ++x) {
            const int o = TapOutput(x, u, s, p, d);
            if (o >= 0) {
              EXPECT_EQ(TapPosition(o, u, s, p, d), x);
            } else {
              for (int any = 0; any < 20; ++any) EXPECT_NE(TapPosition(any, u, s, p, d), x);
            }
          }
}

}  // namespace
}  // namespace convarith
