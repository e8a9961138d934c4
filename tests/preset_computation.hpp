// Shared by the core and export tests: a preset of the paper's figures computed (its configuration, input, weight
// and bias), as the app opens it.
#pragma once

#include "convarith/scene/presets.hpp"
#include "convarith/scene/timeline.hpp"

namespace convarith::test {

inline Computation FromPreset(const char* name) {
  const Preset* p = FindPreset(name);  // the tests name presets that exist
  return Recompute(p->config, p->input, p->weight, p->bias);
}

}  // namespace convarith::test
