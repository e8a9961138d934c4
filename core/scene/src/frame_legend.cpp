// The frame's key and notes: the legend of every colour on screen and each step written out under the grids.
#include <algorithm>

#include "convarith/ops/taps.hpp"
#include "frame_build.hpp"
#include "frame_style.hpp"

namespace convarith::detail {

namespace {


// Associated view: whether some input cell of the transposed convolution stamps nothing (every tap cropped away by
// the padding on some axis). Its step reads no map of the direct input, so every map is dimmed at that step.
bool SomeStepReadsNothing(const Config& cfg, const std::array<int, 3>& out) {
  for (int a = 0; a < 3; ++a) {
    const AxisParams& ax = cfg.axes[static_cast<size_t>(a)];
    for (int i = 0; i < ax.input; ++i) {
      bool lands = false;
      for (int u = 0; u < ax.kernel && !lands; ++u) {
        const int o = TapPosition(ax, i, u);
        lands = o >= 0 && o < out[static_cast<size_t>(a)];
      }
      if (!lands) return true;
    }
  }
  return false;
}

}  // namespace


namespace {
// The backward pass draws the input gradient's computation: its input is ∂L/∂y, its output ∂L/∂x.
std::string_view BackwardRoleName(Role role) {
  switch (role) {
    case Role::Input: return "output gradient ∂L/∂y";
    case Role::OutputDone: return "∂L/∂x computed";
    case Role::OutputCurrent: return "current ∂L/∂x";
    case Role::OutputPending: return "∂L/∂x to come";
    default: return RoleName(role);
  }
}
}  // namespace

std::vector<LegendEntry> LegendFor(const Frame& f, const Plan& p) {
  const Theme& t = p.o.theme;
  std::vector<LegendEntry> entries;
  detail::AddColourBars(entries, p, std::any_of(f.cells.begin(), f.cells.end(), [](const FrameCell& c) {
                          return c.panel == Panel::Kernel;
                        }));
  const PaddingMode mode = p.c.config.op == Op::Conv ? p.c.config.padding_mode : PaddingMode::Zeros;
  for (Role r : {Role::Input, Role::Padding, Role::InsertedZero, Role::ExtraZero, Role::Uncovered, Role::Kernel,
                 Role::OutputDone, Role::OutputCurrent, Role::OutputPending, Role::Overlap}) {
    // Output roles are listed at every step so that the legend (and the frame size) never changes in an animation.
    const bool output_role = r == Role::OutputDone || r == Role::OutputCurrent || r == Role::OutputPending;
    const bool in_images = std::any_of(f.images.begin(), f.images.end(), [r](const FrameImage& im) {
      return (im.roles >> static_cast<unsigned>(r)) & 1u;
    });
    if (detail::RoleShownByBar(p, r)) continue;
    const bool overlap_cells = std::any_of(f.cells.begin(), f.cells.end(), [](const FrameCell& c) {
      return c.role == Role::Overlap;
    });
    if (r == Role::Overlap && overlap_cells) {
      entries.push_back(detail::OverlapBar(p));
      continue;
    }
    if (output_role || in_images ||
        std::any_of(f.cells.begin(), f.cells.end(), [r](const FrameCell& c) { return c.role == r; })) {
      std::string name = p.o.pass != Pass::Backward ? std::string(RoleName(r))
                         : p.o.grad == GradTarget::Input ? std::string(BackwardRoleName(r))
                                                         : std::string(GradRoleName(p.o, r));
      if (r == Role::Padding && mode != PaddingMode::Zeros) name = std::string(PaddingModeName(mode)) + " padding";
      entries.push_back({name, detail::LegendFill(p, r), t.grid_line, r == Role::Padding || r == Role::ExtraZero, false});
    }
  }
  entries.push_back({p.gather ? "under the kernel" : "current stamp", detail::KernelSwatch(p), t.grid_line, false, false});
  // Listed when some step of the animation dims a map, not only this one, so that the legend (and the frame size)
  // stays the same at every step.
  const bool associated_dims = p.view == View::Associated && p.left_channels > 1 &&
                               (p.c.config.groups > 1 || SomeStepReadsNothing(p.c.config, p.c.output_shape));
  if (p.o.keep_every > 1) {
    entries.push_back({"dropped: keep 1 in " + std::to_string(p.o.keep_every) + " (= stride " +
                           std::to_string(p.o.keep_every) + ")",
                       Mix(t.output_done, t.background, 0.6f), t.grid_line, false, false});
  } else if (std::any_of(f.cells.begin(), f.cells.end(), [](const FrameCell& c) { return c.dimmed; }) ||
      (p.c.config.groups > 1 && p.gather) || associated_dims) {
    entries.push_back({"not read at this step", Mix(detail::LegendFill(p, Role::Input), t.background, 0.6f), t.grid_line,
                       false, false});
  }
  if (p.c.config.op == Op::MaxPool) entries.push_back({"max (winner)", t.background, t.winner, false, true});
  if (p.o.pointer) entries.push_back(LinkLegendEntry(t));
  return entries;
}

// The legend's swatches and names in rows across the frame's width, from `y0` down (the frame grows to hold them).
void AddLegend(Frame& f, const Theme& t, const TextMeasure& m, float y0) {
  const float size = 0.36f, swatch = 0.42f;
  float x = kMargin, y = y0;
  for (const LegendEntry& e : f.legend) {
    const float w = detail::LegendEntryWidth(m, e, size, swatch);
    if (x > kMargin && x + w > f.width - kMargin) {
      x = kMargin;
      y += 0.6f;
    }
    detail::AddLegendEntry(f, m, e, x, y, size, swatch, t.foreground);
    x += w;
  }
  f.height = std::max(f.height, y + 0.6f + kMargin);
}

// Under the grids, from `below`: each step written out (a view's line, then its input channels' parts), then the
// check; the y under them. One line keeps the single frame's spacing; several are set closer, with room after them.
// Fixed spacing, so that every step of an animation has the same frame size.
float AddSteps(Frame& f, const Theme& t, const TextMeasure& m, float below,
               const std::vector<std::pair<std::string, std::vector<std::string>>>& steps, const std::string& check,
               bool check_failed) {
  const float line_w = f.width - 2 * kMargin;
  for (const auto& [line, parts] : steps) {
    const float size = std::max(0.26f, FitTextSize(m, line, 0.4f, line_w));
    AddText(f, kMargin, below + (0.4f - size) / 2, size, line, t.foreground);
    below += 0.4f + (steps.size() == 1 ? 0.35f : 0.2f);
    for (const std::string& part : parts) {
      const float psize = std::max(0.24f, FitTextSize(m, part, 0.34f, line_w - 0.5f));
      AddText(f, kMargin + 0.5f, below, psize, part, t.muted);
      below += 0.34f + 0.15f;
    }
  }
  if (steps.size() > 1) below += 0.15f;
  if (!check.empty()) {
    AddText(f, kMargin, below, 0.32f, check, check_failed ? t.winner : t.muted);
    below += 0.32f + 0.35f;
  }
  return below;
}

}  // namespace convarith::detail
