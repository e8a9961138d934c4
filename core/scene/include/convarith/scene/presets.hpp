// The paper's figures as ready configurations (with the data the paper prints where it prints numbers), and examples
// of what real networks do with channels: Figure 1.3, depthwise-separable convolution, a dilated causal 1-D layer.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "convarith/shape/config.hpp"
#include "convarith/tensor/tensor.hpp"

namespace convarith {

struct Preset {
  std::string name;        // "fig2.6"
  std::string title;       // "Padding, strides"
  std::string paper_name;  // the paper's animation file stem, e.g. "padding_strides"; empty for our own examples
  Config config;
  Tensor input;   // canonical (C_in, D, H, W): the paper's numbers for 1.1, 1.2, 1.5, 1.6; else a ramp from 1
  Tensor weight;  // canonical; Figure 1.1's kernel where the paper uses it, a kernel whose rotation shows for the
                  // transposed figures, ones otherwise; empty for pooling
  Tensor bias;    // (C_out) when config.bias
  std::string data_note;  // where the numbers come from, e.g. "the paper's numbers"
  // How the preset is best shown (the app and exports start from these).
  int keep_every = 1;          // Figure 1.4: stride as subsampling (FrameOptions::keep_every)
  bool overlap_panel = false;  // transposed: show the overlap (checkerboard) map
};

// "Figure 2.6: Padding, strides" for the paper's figures, the title alone for the examples.
std::string FigureTitle(const Preset& preset);

// Every preset, in the paper's order (fig1.1, fig1.2, fig1.3, fig1.4, fig1.5 ... fig5.1), then the examples:
// depthwise, pointwise, causal1d, transposed k2s2, checkerboard.
const std::vector<Preset>& Presets();
// Looks up "fig2.6" (also "2.6") or an example's name ("depthwise", "pointwise", "causal1d", "k2s2", "checkerboard").
const Preset* FindPreset(std::string_view name);

}  // namespace convarith
