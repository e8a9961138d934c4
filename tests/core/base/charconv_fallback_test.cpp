// The browser build's to_chars/from_chars for doubles (its C++ library lacks them) against std's, compiled natively.
#define CONVARITH_CHARCONV_FALLBACK 1
#include "charconv_wasm.hpp"  // core/base/src

#include <gtest/gtest.h>

#include <charconv>
#include <cstring>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

namespace convarith {
namespace {

namespace fb = charconv::fallback;

std::vector<double> Samples() {
  std::vector<double> v = {0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 1e-5, 1e-4, 0.001, 1e15, 1e16, 1.2345678901234568e20, 1e21,
                           1e22, 5e-324, 2.2250738585072014e-308, std::numeric_limits<double>::max(), 123456.789,
                           -0.5, -1e-7, 100, 1e100, 9007199254740993.0, 0.30000000000000004, 4.35, 2.5e-07};
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(-1, 1);
  std::uniform_int_distribution<int> exponent(-30, 30);
  for (int n = 0; n < 20000; ++n) v.push_back(unit(rng) * std::pow(10.0, exponent(rng)));
  std::uniform_int_distribution<uint64_t> bits;
  for (int n = 0; n < 5000; ++n) {
    const uint64_t b = bits(rng);
    double d = 0;
    std::memcpy(&d, &b, sizeof d);
    if (std::isfinite(d)) v.push_back(d);
  }
  return v;
}

std::string Std(double v) {
  char buf[64];
  return std::string(buf, std::to_chars(buf, buf + sizeof buf, v).ptr);
}
std::string Fallback(double v) {
  char buf[64];
  return std::string(buf, fb::ToChars(buf, buf + sizeof buf, v).ptr);
}

TEST(CharconvFallback, ShortestTextIsStds) {
  for (double v : Samples()) ASSERT_EQ(Fallback(v), Std(v)) << v;
}

TEST(CharconvFallback, FixedAndGeneralAreStds) {
  for (double v : Samples()) {
    for (int precision : {0, 2, 4, 17}) {
      char a[400], b[400];
      const auto ra = std::to_chars(a, a + sizeof a, v, std::chars_format::fixed, precision);
      const auto rb = fb::ToChars(b, b + sizeof b, v, std::chars_format::fixed, precision);
      ASSERT_EQ(std::string(b, rb.ptr), std::string(a, ra.ptr)) << v << " fixed " << precision;
    }
    char a[64], b[64];
    const auto ra = std::to_chars(a, a + sizeof a, v, std::chars_format::general, 2);
    const auto rb = fb::ToChars(b, b + sizeof b, v, std::chars_format::general, 2);
    ASSERT_EQ(std::string(b, rb.ptr), std::string(a, ra.ptr)) << v << " general 2";
  }
}

TEST(CharconvFallback, ReadsWhatStdReads) {
  std::vector<std::string> texts = {"1", "-2.5", "1e5", "1E-5", ".5", "5.", "inf", "-infinity", "nan", "+1", " 1",
                                    "0x10", "1e400", "-1e400", "1e-400", "1.5abc", "", "-", "e5", "1e", "0.1e-3"};
  for (double v : Samples()) texts.push_back(Std(v));
  for (const std::string& t : texts) {
    double a = 42, b = 42;
    const auto ra = std::from_chars(t.data(), t.data() + t.size(), a);
    const auto rb = fb::FromChars(t.data(), t.data() + t.size(), b);
    ASSERT_EQ(rb.ec, ra.ec) << "'" << t << "'";
    ASSERT_EQ(rb.ptr - t.data(), ra.ptr - t.data()) << "'" << t << "'";
    if (ra.ec == std::errc()) {
      ASSERT_TRUE((std::isnan(a) && std::isnan(b)) || a == b) << "'" << t << "'";
    }
  }
}

}  // namespace
}  // namespace convarith
