// The convolution in symbols, as lecture notes write it: y₁₁ = w₁₁x₁₁ + w₁₂x₁₂ + … + b, and the backward pass's
// ∂L/∂x₁₁ = w₁₁ ∂L/∂y₁₁ + …, for one value at a time.
//
// Indices are 1-based subscripts, one digit per axis (x₁₂ is row 1, column 2), joined by commas when one has two
// digits (x₁₀,₃); with several channels the channel is a superscript in parentheses (x⁽²⁾₁₂, the weight as PyTorch
// stores it: w⁽ᵃ,ᵇ⁾ for its first two dimensions). Zeros (zero padding, a transposed convolution's inserted and extra
// zeros) are left out; a padding mode's copy names the cell it copies.
//
// Two conventions: cross-correlation (what deep learning calls convolution, PyTorch's conv) and true convolution (the
// kernel flipped: tap u reads w at k - 1 - u). A transposed convolution is written as its equivalent direct convolution,
// whose kernel is rotated 180 degrees: under cross-correlation its formula shows the rotated indices (w₃₃x₁₁ + …), under
// true convolution the kernel's own, so the rotation is visible symbol by symbol.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/ops/backward.hpp"
#include "convarith/ops/compute.hpp"

namespace convarith {

enum class KernelConvention : uint8_t { CrossCorrelation, TrueConvolution };
std::string_view ConventionName(KernelConvention convention);  // correlation | convolution
std::optional<KernelConvention> ParseConvention(std::string_view name);

// A cell as a symbol: `name` ("x", "y", "∂L/∂y") with the subscripts of `pos` {depth, row, col} on the rank's axes
// (0-based in, 1-based out) and, when `channel` >= 0, the channel as a superscript.
std::string CellSymbol(std::string_view name, const Config& config, int channel, std::array<int, 3> pos);
// A weight as a symbol: w with the tap's subscripts and, when `channels`, its first two (stored) dimensions.
std::string WeightSymbol(const Config& config, int first, int second, std::array<int, 3> tap, bool channels);

// One product of an output's formula.
struct SymbolTerm {
  std::string weight;  // "w₁₁" (empty for pooling)
  std::string input;   // "x₁₂"
  int64_t input_index = -1;                 // flat into the canonical input
  std::array<int, 3> tap{};                  // the kernel tap the weight symbol names (after a flip or rotation)
};

struct SymbolFormula {
  std::string output;  // "y₁₁"
  std::vector<SymbolTerm> terms;
  std::string bias;    // "b", "b⁽²⁾", or empty
  std::string text;    // "y₁₁ = w₁₁x₁₁ + w₁₂x₁₂ + b", "y₁₁ = max(x₁₁, x₁₂)", "y₁₁ = (x₁₁ + x₁₂)/4"
};

// The formula of output value `index` (flat into the canonical output, clamped). Throws InvalidConfig when the
// configuration is invalid.
SymbolFormula OutputFormula(const Config& config, int64_t index, KernelConvention convention);

// A gradient value's formula from its step: "∂L/∂x₁₂ = w₁₁ ∂L/∂y₁₂ + w₁₂ ∂L/∂y₁₁", "∂L/∂w₁₁ = x₁₁ ∂L/∂y₁₁ + …",
// "∂L/∂b = ∂L/∂y₁₁ + …", max pooling "∂L/∂x₁₁ = ∂L/∂y₁₁", average pooling "∂L/∂x₁₁ = ∂L/∂y₁₁/4 + …"; "… = 0" when
// no term reaches it.
std::string GradientFormula(const BackwardPass& pass, const GradStep& step);

}  // namespace convarith
