// The plan of a frame: the view's step, its kernel window, the maps it reads, the cells the pointer links.
#include <algorithm>

#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"
#include "frame_layout.hpp"

namespace convarith::detail {

namespace {

// Canvas positions along one axis that some kernel tap reads, for `outputs` positions at `stride`.
std::vector<bool> Reached(int length, int outputs, int stride, const AxisParams& a) {
  std::vector<bool> reached(static_cast<size_t>(std::max(length, 0)), false);
  for (int o = 0; o < outputs; ++o)
    for (int u = 0; u < a.kernel; ++u) {
      const int at = TapPosition(o, u, stride, 0, a.dilation);
      if (at >= 0 && at < length) reached[static_cast<size_t>(at)] = true;
    }
  return reached;
}

bool InOutput(const Computation& c, const Pointer& p) {
  const auto& o = c.output_shape;
  return p.channel >= 0 && p.channel < c.out_channels() && p.z >= 0 && p.row >= 0 && p.col >= 0 && p.z < o[0] &&
         p.row < o[1] && p.col < o[2];
}

bool InInput(const Computation& c, const Pointer& p) {
  const auto in = c.input_dims();
  return p.channel >= 0 && p.channel < c.in_channels() && p.z >= 0 && p.row >= 0 && p.col >= 0 && p.z < in[0] &&
         p.row < in[1] && p.col < in[2];
}

CellRef RefOf(const Pointer& p) { return {p.channel, p.z, p.row, p.col}; }

void ComputeHighlights(Plan& p) {
  if (!p.o.pointer) return;
  const Pointer& ptr = *p.o.pointer;
  const Computation& c = p.c;
  if (p.gather) {
    if (ptr.panel == Panel::Output && InOutput(c, ptr)) {
      p.hl_right.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
      for (const Tap& t : Gather(c, p.view, StepOf(c, p.view, RefOf(ptr))).taps)
        p.hl_left.Mark(t.channel, t.canvas_z, t.canvas_row, t.canvas_col);
    } else if (ptr.panel == Panel::Input && p.hl_left.Inside(ptr.channel, ptr.z, ptr.row, ptr.col)) {
      p.hl_left.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
      for (const CellRef& r : OutputsReading(c, p.view, RefOf(ptr))) p.hl_right.Mark(r.channel, r.z, r.row, r.col);
    }
    return;
  }
  if (p.view == View::Scatter) {
    if (ptr.panel == Panel::Input && InInput(c, ptr)) {
      p.hl_left.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
      for (const CellRef& r : OutputsReading(c, View::Scatter, RefOf(ptr))) p.hl_right.Mark(r.channel, r.z, r.row, r.col);
    } else if (ptr.panel == Panel::Output && InOutput(c, ptr)) {
      p.hl_right.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
      for (const CellRef& r : InputsFeeding(c, RefOf(ptr))) p.hl_left.Mark(r.channel, r.z, r.row, r.col);
    }
    return;
  }
  // Associated: left = the direct convolution's padded input (shaped like the transposed output), right = its output
  // (shaped like the transposed input).
  const auto& lead = p.left_canvas.lead;
  if (ptr.panel == Panel::Output && InInput(c, ptr)) {
    p.hl_right.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
    for (const CellRef& r : OutputsReading(c, View::Scatter, RefOf(ptr)))
      p.hl_left.Mark(r.channel, r.z + lead[0], r.row + lead[1], r.col + lead[2]);
  } else if (ptr.panel == Panel::Input) {
    p.hl_left.Mark(ptr.channel, ptr.z, ptr.row, ptr.col);
    const auto in = p.left_canvas.InputAt(ptr.z, ptr.row, ptr.col);
    if (in[0] >= 0)
      for (const CellRef& r : InputsFeeding(c, {ptr.channel, in[0], in[1], in[2]}))
        p.hl_right.Mark(r.channel, r.z, r.row, r.col);
  }
}

// Scatter: whether this step redraws the output pictures or draws the outputs written since their step over them. At
// most kMaxChanged outputs go on top (a few steps of large kernels, many of small ones); then they are redrawn.
void PlanScatterPictures(Plan& p) {
  constexpr long long kMaxChanged = 4096;
  PictureSlot* slot = p.pictures;
  const Config& cfg = p.c.config;
  const long long per_step = static_cast<long long>(cfg.out_per_group()) * cfg.axes[0].kernel * cfg.axes[1].kernel *
                             cfg.axes[2].kernel;
  p.rebase = !slot || slot->base_step < 0 || slot->base_step > p.step ||
             (static_cast<long long>(p.step - slot->base_step) + 1) * per_step > kMaxChanged;
  if (p.rebase) {
    if (slot) slot->base_step = p.step;
    return;
  }
  p.changed = WrittenBySteps(p.c, slot->base_step, p.step);
}

// Focus layout: used when asked for, or (Auto) when a side has more than kFocusAbove channels; the large map of the
// side with a choice is the asked-for channel when the step reads it, else the first one it reads.
void ChooseFocus(Plan& p) {
  const ChannelLayout layout = p.o.channel_layout;
  p.focus = layout == ChannelLayout::Focus || layout == ChannelLayout::Depth ||
            (layout == ChannelLayout::Auto && std::max(p.left_channels, p.right_channels) > kFocusAbove);
  // The 3-D tensor view stacks a side's maps as slices: maps with depth of their own (3-D layers) stay in focus.
  p.depth = layout == ChannelLayout::Depth && p.left_dims[0] == 1 && p.right_dims[0] == 1;
  auto pick = [&](const std::vector<bool>& active) {
    const int asked = p.o.focus_channel;
    if (asked >= 0 && asked < static_cast<int>(active.size()) && active[static_cast<size_t>(asked)]) return asked;
    const auto first = std::find(active.begin(), active.end(), true);
    return first == active.end() ? 0 : static_cast<int>(first - active.begin());
  };
  p.focus_left = p.view == View::Scatter ? p.sc->in_channel : pick(p.left_active);
  p.focus_right = pick(p.right_active);
}

std::array<int, 3> FocusKey(const Plan& p) {
  return p.focus ? std::array<int, 3>{p.depth ? 2 : 1, p.focus_left, p.focus_right} : std::array<int, 3>{0, 0, 0};
}

}  // namespace

Plan MakePlan(const Computation& c, const FrameOptions& o, FrameCacheState* cache) {
  Plan p{.c = c, .o = o};
  const auto views = ViewsOf(c.config.op);
  p.view = std::find(views.begin(), views.end(), o.view) == views.end() ? views.front() : o.view;
  p.step = std::clamp(o.step, 0, std::max(0, StepCount(c, p.view) - 1));
  p.gather = p.view == View::Direct || p.view == View::Equivalent;
  p.pooling = c.config.pooling();
  p.has_kernel = !p.pooling;
  const auto in = c.input_dims();
  const auto& out = c.output_shape;
  if (p.gather) {
    p.left_canvas = c.canvas;
    p.left_channels = c.in_channels();
    p.left_dims = p.left_canvas.dims;
    p.right_channels = c.out_channels();
    p.right_dims = out;
    p.g = Gather(c, p.view, p.step);
    for (int a = 0; a < 3; ++a) {
      const AxisParams& ax = c.config.axes[static_cast<size_t>(a)];
      p.reached[static_cast<size_t>(a)] = Reached(p.left_canvas.dims[static_cast<size_t>(a)], out[static_cast<size_t>(a)],
                                                  p.view == View::Equivalent ? 1 : ax.stride, ax);
    }
  } else if (p.view == View::Scatter) {
    p.left_channels = c.in_channels();
    p.left_dims = in;
    p.right_channels = c.out_channels();
    p.right_dims = out;
    p.sc = Scatter(c, p.step);
  } else {  // Associated
    p.left_canvas = MakeCanvas(c.associated);
    p.left_channels = c.out_channels();
    p.left_dims = p.left_canvas.dims;
    p.right_channels = c.in_channels();
    p.right_dims = in;
    p.sc = Scatter(c, p.step);
  }
  p.hl_left.Reset({p.left_channels, p.left_dims[0], p.left_dims[1], p.left_dims[2]});
  p.hl_right.Reset({p.right_channels, p.right_dims[0], p.right_dims[1], p.right_dims[2]});
  p.window.Reset({p.left_channels, p.left_dims[0], p.left_dims[1], p.left_dims[2]});
  p.left_active.assign(static_cast<size_t>(p.left_channels), false);
  p.right_active.assign(static_cast<size_t>(p.right_channels), false);
  if (p.g) {
    for (const Tap& t : p.g->taps) {
      p.window.Set(t.channel, t.canvas_z, t.canvas_row, t.canvas_col);
      p.left_active[static_cast<size_t>(t.channel)] = true;
    }
    p.right_active[static_cast<size_t>(p.g->out_channel)] = true;
  } else if (p.sc) {
    // Stamps write output channels: the right maps (Scatter), the left ones (Associated: the transposed output is
    // the direct convolution's input). The scatter view's input is never dimmed: every map is read in turn.
    const bool associated = p.view == View::Associated;
    for (const Stamp& s : p.sc->stamps) (associated ? p.left_active : p.right_active)[static_cast<size_t>(s.out_channel)] = true;
    if (associated) {
      p.right_active[static_cast<size_t>(p.sc->in_channel)] = true;
    } else {
      std::fill(p.left_active.begin(), p.left_active.end(), true);
    }
  }
  ChooseFocus(p);
  if (p.g) {
  } else if (p.view == View::Associated) {
    // The direct convolution's whole kernel window on its padded input (padding included), in every map it reads.
    const Config& cfg = c.config;
    for (int ch = 0; ch < p.left_channels; ++ch) {
      if (!p.left_active[static_cast<size_t>(ch)]) continue;
      for (int u0 = 0; u0 < cfg.axes[0].kernel; ++u0)
        for (int u1 = 0; u1 < cfg.axes[1].kernel; ++u1)
          for (int u2 = 0; u2 < cfg.axes[2].kernel; ++u2)
            p.window.Set(ch, TapPosition(p.sc->in_z, u0, cfg.axes[0].stride, 0, cfg.axes[0].dilation),
                         TapPosition(p.sc->in_row, u1, cfg.axes[1].stride, 0, cfg.axes[1].dilation),
                         TapPosition(p.sc->in_col, u2, cfg.axes[2].stride, 0, cfg.axes[2].dilation));
    }
  } else {
    p.window.Set(p.sc->in_channel, p.sc->in_z, p.sc->in_row, p.sc->in_col);
    // The output summed over steps 0..n: every stamp of every input value so far, carried on from the last frame.
    ScatterProgress* progress = nullptr;
    if (cache) {
      progress = &cache->scatter;
    } else {
      p.own_progress = std::make_unique<ScatterProgress>();
      progress = p.own_progress.get();
    }
    AdvanceScatter(*progress, c, p.step);
    if (cache) p.pictures = &PicturesFor(*cache, c, o, p.view, FocusKey(p));
    PlanScatterPictures(p);
    p.progress = progress;
    p.scatter_values = &progress->partial;
    // Bias, once every input has stamped (the output is then complete).
    if (p.step + 1 == StepCount(c, p.view) && c.config.bias && !c.bias.empty()) p.scatter_values = &c.output;
  }
  if (cache && !p.pictures) p.pictures = &PicturesFor(*cache, c, o, p.view, FocusKey(p));
  ComputeHighlights(p);
  SetScales(p);
  return p;
}

}  // namespace convarith::detail
