// Numbers as text without the C locale: the same digits under any setlocale(), and doubles that read back exactly.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace convarith {

// The shortest text that reads back to the same double: "3", "0.1", "1e+70", "-2.5e-07". Whole numbers below 1e15
// are written out in full ("100000000", not "1e+08"); negative zero prints "0"; non-finite values print "Infinity",
// "-Infinity" and "NaN".
std::string FormatDouble(double value);

// `significant` significant digits (1 to 17) as printf's %g writes them in the "C" locale: "2.2e-16", "0.5".
std::string FormatGeneral(double value, int significant);

// Fixed-point with at most `decimals` decimals, trailing zeros and a trailing '.' dropped, "-0" as "0": "0.5", "12",
// "-3.25". Any magnitude (1e300 prints all its digits). Non-finite values as FormatDouble.
std::string FormatFixed(double value, int decimals);

// A decimal number as C's strtod reads it in the "C" locale (an optional sign, digits with '.', an exponent; also
// "inf", "infinity", "nan"), the whole text and nothing else; nothing when it is not one.
std::optional<double> ParseDouble(std::string_view text);

}  // namespace convarith
