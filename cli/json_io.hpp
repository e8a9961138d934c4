// JSON and text helpers shared by the subcommands (private to the cli library).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "convarith/computation_json.hpp"
#include "convarith/shape/arithmetic.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith::cli {

// The JSON writers the command line shares with the browser page (convarith/computation_json.hpp).
using convarith::AxesToJson;
using convarith::ConfigToJson;
using convarith::IndicesToJson;
using convarith::TensorToJson;
// A tensor as text: each 2-D map as right-aligned columns, maps headed "[c, z]" when there are several; every value
// in its shortest form that reads back to the same double (FormatDouble).
std::string TensorToText(const Tensor& t, const std::string& indent = "  ");

}  // namespace convarith::cli
