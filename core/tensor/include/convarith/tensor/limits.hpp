// The sizes the core accepts: per axis, per channel count, per tensor and rank. Every part checks against these.
#pragma once

namespace convarith {

// Largest input, kernel, padding or output size accepted on any axis.
inline constexpr int kMaxSize = 4096;
// Largest channel count (in or out) and the most elements one tensor (input, weight, output) may hold.
inline constexpr int kMaxChannels = 4096;
inline constexpr long long kMaxElements = 1LL << 24;  // 16 Mi doubles = 128 MiB (4096 x 4096)
inline constexpr int kMaxRank = 3;

}  // namespace convarith
