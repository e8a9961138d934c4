// The paper's figures as ready configurations (with the data the paper prints where it prints numbers).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/config.hpp"
#include "convarith/grid.hpp"

namespace convarith {

struct Preset {
  std::string name;         // "fig2.6"
  std::string title;        // "Padding, strides"
  std::string paper_name;   // the paper's animation file stem, e.g. "padding_strides"
  Config config;
  Grid input;               // the paper's numbers for 1.1, 1.2, 1.5, 1.6; else a ramp
  Grid kernel;              // Figure 1.1's kernel for 1.1/1.2, ones otherwise; empty for pooling
};

// Every preset, in the paper's order: fig1.1, fig1.2, fig1.5, fig1.6, fig2.1 ... fig2.7, fig4.1 ... fig4.7, fig5.1.
const std::vector<Preset>& Presets();
// Looks up "fig2.6" (also "2.6").
const Preset* FindPreset(std::string_view name);

}  // namespace convarith
