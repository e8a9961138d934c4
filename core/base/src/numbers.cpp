// std::to_chars / std::from_chars behind FormatDouble, FormatFixed and ParseDouble: no locale, no truncation.
#include "convarith/base/numbers.hpp"

#include <array>
#include <charconv>
#include <cmath>

#include "charconv_wasm.hpp"

namespace convarith {

namespace {

std::string NonFinite(double v) {
  if (std::isnan(v)) return "NaN";
  return v > 0 ? "Infinity" : "-Infinity";
}

}  // namespace

std::string FormatDouble(double v) {
  if (!std::isfinite(v)) return NonFinite(v);
  if (v == 0) return "0";
  std::array<char, 64> buf{};
  if (v == std::trunc(v) && std::fabs(v) < 1e15) {
    const auto res = charconv::ToChars(buf.data(), buf.data() + buf.size(), static_cast<long long>(v));
    return std::string(buf.data(), res.ptr);
  }
  const auto res = charconv::ToChars(buf.data(), buf.data() + buf.size(), v);  // shortest round-trip
  return std::string(buf.data(), res.ptr);
}

std::string FormatGeneral(double v, int significant) {
  std::array<char, 64> buf{};
  if (significant < 1) significant = 1;
  if (significant > 17) significant = 17;
  const auto res = charconv::ToChars(buf.data(), buf.data() + buf.size(), v, std::chars_format::general, significant);
  return std::string(buf.data(), res.ptr);
}

std::string FormatFixed(double v, int decimals) {
  if (!std::isfinite(v)) return NonFinite(v);
  std::array<char, 400> buf{};  // 309 digits of DBL_MAX, a sign, '.', up to 17 decimals
  if (decimals < 0) decimals = 0;
  if (decimals > 17) decimals = 17;
  const auto res = charconv::ToChars(buf.data(), buf.data() + buf.size(), v, std::chars_format::fixed, decimals);
  std::string s(buf.data(), res.ptr);
  if (s.find('.') != std::string::npos) {
    while (s.back() == '0') s.pop_back();
    if (s.back() == '.') s.pop_back();
  }
  if (s == "-0") s = "0";
  return s;
}

std::optional<double> ParseDouble(std::string_view text) {
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty() || text.front() == '+') return std::nullopt;
  double value = 0;
  const auto [ptr, ec] = charconv::FromChars(text.data(), text.data() + text.size(), value);
  if (ptr != text.data() + text.size()) return std::nullopt;
  if (ec == std::errc::result_out_of_range) {
    // from_chars leaves the value alone out of range; strtod's answer: +-inf above, +-0 below.
    const bool negative = text.front() == '-';
    const std::string_view digits = text.substr(negative ? 1 : 0);
    const size_t e = digits.find_first_of("eE");
    const bool tiny = e != std::string_view::npos ? digits.substr(e + 1).starts_with('-')
                                                  : digits.starts_with('0') || digits.starts_with('.');
    return tiny ? (negative ? -0.0 : 0.0) : (negative ? -HUGE_VAL : HUGE_VAL);
  }
  if (ec != std::errc()) return std::nullopt;
  return value;
}

}  // namespace convarith
