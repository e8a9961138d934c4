// JSON and text helpers shared by the subcommands (private to the cli library).
#pragma once

#include <array>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "convarith/arithmetic.hpp"
#include "convarith/grid.hpp"

namespace convarith::cli {

nlohmann::json GridToJson(const Grid& g);
nlohmann::json PairToJson(int h, int w);
// The configuration's parameters as JSON (op, sizes per axis, ceil_mode, count_include_pad).
nlohmann::json ConfigToJson(const Config& c);
// A grid as right-aligned text columns, one row per line.
std::string GridToText(const Grid& g, const std::string& indent = "  ");

}  // namespace convarith::cli
