// JSON and text helpers shared by the subcommands (private to the cli library).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "convarith/shape/arithmetic.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith::cli {

// A tensor as nested JSON arrays of the given shape (same values, same order; the shape's product must match).
nlohmann::json TensorToJson(const Tensor& t, const std::vector<int>& shape);
// Integers (e.g. maxpool indices) nested the same way.
nlohmann::json IndicesToJson(const std::vector<int64_t>& v, const std::vector<int>& shape);
// The spatial values of the rank's axes, e.g. [5, 5] for 2-D.
nlohmann::json AxesToJson(const Config& c, int AxisParams::*field);
// The configuration's parameters as JSON (op, rank, channels, sizes per axis, padding, mode, pooling flags).
nlohmann::json ConfigToJson(const Config& c);
// A tensor as text: each 2-D map as right-aligned columns, maps headed "[c, z]" when there are several; every value
// in its shortest form that reads back to the same double (FormatDouble).
std::string TensorToText(const Tensor& t, const std::string& indent = "  ");

}  // namespace convarith::cli
