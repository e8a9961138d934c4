// Locale-free numbers: shortest round-trip doubles, fixed decimals, parsing; the same under a comma-decimal locale.
#include <gtest/gtest.h>

#include <clocale>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include "convarith/base/numbers.hpp"
#include "../locale_guard.hpp"

namespace convarith {
namespace {

TEST(Numbers, FormatDoubleIsShortestAndReadsBack) {
  EXPECT_EQ(FormatDouble(3), "3");
  EXPECT_EQ(FormatDouble(0.1), "0.1");
  EXPECT_EQ(FormatDouble(-2.5e-7), "-2.5e-07");
  EXPECT_EQ(FormatDouble(1e70), "1e+70");
  EXPECT_EQ(FormatDouble(100000000), "100000000");
  EXPECT_EQ(FormatDouble(-0.0), "0");
  EXPECT_EQ(FormatDouble(std::numeric_limits<double>::infinity()), "Infinity");
  EXPECT_EQ(FormatDouble(-std::numeric_limits<double>::infinity()), "-Infinity");
  EXPECT_EQ(FormatDouble(std::nan("")), "NaN");
  std::mt19937_64 rng(7);
  for (int n = 0; n < 20000; ++n) {
    double v = 0;
    const uint64_t bits = rng();
    std::memcpy(&v, &bits, sizeof v);
    if (!std::isfinite(v)) continue;
    const auto back = ParseDouble(FormatDouble(v));
    ASSERT_TRUE(back.has_value()) << FormatDouble(v);
    EXPECT_EQ(*back, v) << FormatDouble(v);
  }
}

TEST(Numbers, FormatFixedTrimsAndKeepsEveryDigit) {
  EXPECT_EQ(FormatFixed(0.5, 2), "0.5");
  EXPECT_EQ(FormatFixed(12.0, 2), "12");
  EXPECT_EQ(FormatFixed(-0.001, 2), "0");
  EXPECT_EQ(FormatFixed(1.23456, 4), "1.2346");
  EXPECT_EQ(FormatFixed(1e70, 2).size(), 71u);  // every digit, never cut at a buffer's size
}

TEST(Numbers, ParseDoubleTakesTheWholeText) {
  EXPECT_EQ(ParseDouble("0.5"), 0.5);
  EXPECT_EQ(ParseDouble("+2e3"), 2000);
  EXPECT_EQ(ParseDouble("-.25"), -0.25);
  EXPECT_TRUE(std::isinf(*ParseDouble("inf")));
  EXPECT_TRUE(std::isinf(*ParseDouble("1e999")));
  EXPECT_EQ(ParseDouble("1e-999"), 0.0);
  EXPECT_FALSE(ParseDouble("0,5"));
  EXPECT_FALSE(ParseDouble("1.5x"));
  EXPECT_FALSE(ParseDouble(""));
  EXPECT_FALSE(ParseDouble("++1"));
}

TEST(Numbers, SameTextUnderACommaDecimalLocale) {
  test::CommaLocale locale;
  if (!locale.active()) GTEST_SKIP() << "de_DE.UTF-8 is not installed (scripts/setup.sh generates it)";
  char printed[16];
  std::snprintf(printed, sizeof printed, "%.1f", 0.5);
  ASSERT_STREQ(printed, "0,5");  // the locale is really in effect
  EXPECT_EQ(FormatDouble(0.5), "0.5");
  EXPECT_EQ(FormatFixed(2.25, 2), "2.25");
  EXPECT_EQ(ParseDouble("0.5"), 0.5);
}

}  // namespace
}  // namespace convarith
