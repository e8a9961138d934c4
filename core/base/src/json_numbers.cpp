// ReadNestedNumbers: nlohmann::json's SAX interface over a BoundedFile stream, checking the shape as values arrive.
#include "convarith/base/json_numbers.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include <nlohmann/json.hpp>

namespace convarith {

namespace {

using json = nlohmann::json;

// Builds the shape from the first path down; every later array must match it, every number sit at the leaf depth.
class Collector final : public nlohmann::json_sax<json> {
 public:
  explicit Collector(const NestedNumbersLimits& limits)
      : limits_(limits), sizes_(static_cast<size_t>(std::max(limits.max_depth, 1)), -1) {}

  NestedNumbers result;
  std::optional<std::string> problem;  // why the content is refused (the JSON itself may be fine)
  std::string syntax;                   // the parser's message for invalid JSON

  bool null() override { return NotNumber(); }
  bool boolean(bool) override { return NotNumber(); }
  bool number_integer(number_integer_t v) override { return Number(static_cast<double>(v)); }
  bool number_unsigned(number_unsigned_t v) override { return Number(static_cast<double>(v)); }
  bool number_float(number_float_t v, const string_t&) override { return Number(v); }
  bool string(string_t&) override { return NotNumber(); }
  bool binary(binary_t&) override { return NotNumber(); }
  bool start_object(std::size_t) override { return NotNumber(); }
  bool key(string_t&) override { return NotNumber(); }
  bool end_object() override { return NotNumber(); }

  bool start_array(std::size_t) override {
    const size_t depth = counts_.size();
    if (!counts_.empty()) ++counts_.back();
    if (leaf_depth_ >= 0 && static_cast<int>(depth) >= leaf_depth_) {
      return Refuse("entry " + Where() + " is an array where a number was expected (every level must be rectangular)");
    }
    if (static_cast<int>(depth) >= limits_.max_depth) {
      return Refuse("it nests deeper than " + std::to_string(limits_.max_depth) + " levels");
    }
    counts_.push_back(0);
    return true;
  }

  bool end_array() override {
    const size_t depth = counts_.size() - 1;
    const long long n = counts_.back();
    if (n == 0) return Refuse(depth == 0 ? "it is an empty array" : "entry " + Where(1) + " is an empty array");
    if (sizes_[depth] < 0) {
      sizes_[depth] = n;
    } else if (sizes_[depth] != n) {
      return Refuse("entry " + Where(1) + " has " + std::to_string(n) + " values, but the entries before it have " +
                    std::to_string(sizes_[depth]) + " (every level must be rectangular)");
    }
    if (depth == 0) {
      for (int d = 0; d < leaf_depth_; ++d) result.shape.push_back(static_cast<int>(sizes_[static_cast<size_t>(d)]));
    }
    counts_.pop_back();
    return true;
  }

  bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& e) override {
    syntax = e.what();
    return false;
  }

 private:
  // "[1][2]": the position of the value just counted (or, with drop = 1, of the array being closed).
  std::string Where(size_t drop = 0) const {
    std::string w;
    for (size_t n = 0; n + drop < counts_.size(); ++n) w += "[" + std::to_string(counts_[n] - 1) + "]";
    return w;
  }
  bool Refuse(std::string why) {
    problem = std::move(why);
    return false;
  }
  bool NotNumber() {
    if (counts_.empty()) return Refuse("it is not an array");
    ++counts_.back();
    return Refuse("entry " + Where() + " is not a number");
  }
  bool Number(double v) {
    if (counts_.empty()) return Refuse("it is a single number, not an array");
    ++counts_.back();
    const int depth = static_cast<int>(counts_.size());
    if (leaf_depth_ < 0) leaf_depth_ = depth;
    if (depth != leaf_depth_) {
      return Refuse("entry " + Where() + " is a number where an array was expected (every level must be rectangular)");
    }
    if (static_cast<long long>(result.values.size()) >= limits_.max_values) {
      return Refuse("it holds more than " + std::to_string(limits_.max_values) + " values");
    }
    if (!std::isfinite(v)) return Refuse("entry " + Where() + " is too large for a double");
    result.values.push_back(v);
    return true;
  }

  const NestedNumbersLimits& limits_;
  std::vector<long long> sizes_;   // each level's size, fixed by its first array to close (-1: not yet)
  std::vector<long long> counts_;  // values (or arrays) seen so far at each open level
  int leaf_depth_ = -1;
};

}  // namespace

NestedNumbers ReadNestedNumbers(const std::string& path, const NestedNumbersLimits& limits) {
  BoundedFile file(path, limits.file);
  const std::string what(limits.file.what);
  // At least two characters a value ("1,"), so the file's size bounds the count: reserve that much, never more.
  const size_t bound = std::min<size_t>(file.size() / 2 + 1, static_cast<size_t>(limits.max_values));
  Collector collector(limits);
  collector.result.values.reserve(bound);
  const bool ok = json::sax_parse(file.Stream(), &collector, json::input_format_t::json, true);
  file.CheckStreamWithinLimit();
  if (collector.problem) {
    throw ReadError(what + ": '" + path + "' must hold nested arrays of numbers; " + *collector.problem);
  }
  if (!ok) throw ReadError(what + ": '" + path + "' is not valid JSON (" + collector.syntax + ")");
  return std::move(collector.result);
}

}  // namespace convarith
