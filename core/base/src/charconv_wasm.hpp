// std::to_chars / std::from_chars for doubles where the C++ library lacks them (Emscripten 3.1.6's libc++ 14, the
// browser build): the same text, built from snprintf and strtod (musl's, which never read the locale's decimal
// point). Elsewhere the names are std's own.
#pragma once

#include <charconv>
#include <utility>

// The fallback is compiled where the library lacks the functions, and where asked for (tests compare it with std's).
#if defined(__wasm__) && defined(_LIBCPP_VERSION) && _LIBCPP_VERSION < 170000
#define CONVARITH_CHARCONV_USE_FALLBACK 1
#endif
#if defined(CONVARITH_CHARCONV_USE_FALLBACK) || defined(CONVARITH_CHARCONV_FALLBACK)
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <system_error>
#endif

#if defined(CONVARITH_CHARCONV_USE_FALLBACK) || defined(CONVARITH_CHARCONV_FALLBACK)
namespace convarith::charconv::fallback {

inline std::to_chars_result Copy(char* first, char* last, const std::string& s) {
  if (static_cast<size_t>(last - first) < s.size()) return {last, std::errc::value_too_large};
  std::memcpy(first, s.data(), s.size());
  return {first + s.size(), std::errc()};
}

inline std::string Printf(const char* format, int precision, double v) {
  char buf[400];
  const int n = std::snprintf(buf, sizeof buf, format, precision, v);
  return n > 0 ? std::string(buf, static_cast<size_t>(n)) : std::string();
}

// The shortest round-trip text, as std::to_chars(double): the fewest significant digits that read back to `v`, then
// plain or exponent notation, whichever is shorter (plain on a tie; a plain whole number has all its exact digits).
inline std::to_chars_result ToChars(char* first, char* last, double v) {
  std::string e;
  for (int precision = 0; precision <= 16; ++precision) {
    e = Printf("%.*e", precision, v);
    if (std::strtod(e.c_str(), nullptr) == v) break;
  }
  // e is "-d.ddde+XX": the digits and the exponent, written plainly too.
  const bool negative = e[0] == '-';
  const size_t e_at = e.find('e');
  std::string digits;
  for (size_t i = negative ? 1 : 0; i < e_at; ++i) {
    if (e[i] != '.') digits += e[i];
  }
  const int exponent = std::atoi(e.c_str() + e_at + 1);
  std::string plain;
  const int whole = exponent + 1;  // digits before the point
  if (whole <= 0) {
    plain = "0." + std::string(static_cast<size_t>(-whole), '0') + digits;
  } else if (static_cast<size_t>(whole) >= digits.size()) {  // a whole number: all its exact digits, as %.0f
    plain = Printf("%.*f", 0, std::fabs(v));
  } else {
    plain = digits.substr(0, static_cast<size_t>(whole)) + "." + digits.substr(static_cast<size_t>(whole));
  }
  if (negative) plain = "-" + plain;
  return Copy(first, last, plain.size() <= e.size() ? plain : e);
}

inline std::to_chars_result ToChars(char* first, char* last, double v, std::chars_format format, int precision) {
  return Copy(first, last, Printf(format == std::chars_format::fixed ? "%.*f" : "%.*g", precision, v));
}

template <typename T>
std::to_chars_result ToChars(char* first, char* last, T integer) {
  return std::to_chars(first, last, integer);
}

// As std::from_chars(double) in the general format: no leading whitespace or '+', no hexadecimal; out of range
// leaves `value` alone and says so.
inline std::from_chars_result FromChars(const char* first, const char* last, double& value) {
  if (first == last || *first == '+' || std::isspace(static_cast<unsigned char>(*first))) {
    return {first, std::errc::invalid_argument};
  }
  std::string text(first, last);
  text = text.substr(0, text.find_first_of("xXpP"));  // strtod would read "0x10" as hexadecimal; std reads "0"
  errno = 0;
  char* end = nullptr;
  const double parsed = std::strtod(text.c_str(), &end);
  if (end == text.c_str()) return {first, std::errc::invalid_argument};
  const char* ptr = first + (end - text.c_str());
  if (errno == ERANGE && (std::isinf(parsed) || parsed == 0)) return {ptr, std::errc::result_out_of_range};
  value = parsed;
  return {ptr, std::errc()};
}

}  // namespace convarith::charconv::fallback
#endif

namespace convarith::charconv {

#ifdef CONVARITH_CHARCONV_USE_FALLBACK

using fallback::FromChars;
using fallback::ToChars;

#else

template <typename... Args>
auto ToChars(Args&&... args) {
  return std::to_chars(std::forward<Args>(args)...);
}
inline std::from_chars_result FromChars(const char* first, const char* last, double& value) {
  return std::from_chars(first, last, value);
}

#endif

}  // namespace convarith::charconv
