// Nested JSON arrays of numbers read as a stream: the shape, the value count and the depth are checked while parsing,
// so a file is refused before it costs more memory than its values (no document tree is built).
#pragma once

#include <string>
#include <vector>

#include "convarith/base/read_file.hpp"

namespace convarith {

struct NestedNumbers {
  std::vector<int> shape;      // one size per level, outermost first
  std::vector<double> values;  // row-major
};

struct NestedNumbersLimits {
  ReadLimits file;             // what (for messages) and the file size limit
  long long max_values = 0;    // more values are refused as soon as the parser reaches them
  int max_depth = 6;           // deeper nesting is refused as soon as it opens
};

// Reads a JSON file holding rectangular nested arrays of finite numbers (a scalar is refused; every level
// rectangular). Throws ReadError: "WHAT: 'path' is not valid JSON (...)", "WHAT: 'path' must hold nested arrays of
// numbers; entry [1][2] is not a number", "... it holds more than N values".
NestedNumbers ReadNestedNumbers(const std::string& path, const NestedNumbersLimits& limits);

}  // namespace convarith
