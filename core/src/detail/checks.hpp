// Internal checks and helpers shared by the core's computing files.
#pragma once

#include "convarith/compute.hpp"

namespace convarith::detail {

// Throws InvalidConfig with the first broken rule.
void RequireValid(const Config& config);
// Throws InvalidConfig when g is not rows x cols.
void RequireShape(const Grid& g, int rows, int cols, const char* parameter, const char* what);
// Throws InvalidConfig when the computation would exceed kMaxWork multiply-adds.
void RequireWork(const Config& config);

}  // namespace convarith::detail
