// The frame cache: each view's pictures under a full key, and the scatter view's partial sums advanced step by step.
#include "frame_cache.hpp"

#include <algorithm>

#include "convarith/ops/checks.hpp"
#include "convarith/ops/taps.hpp"

namespace convarith {

FrameCache::FrameCache() : state_(std::make_unique<detail::FrameCacheState>()) {}
FrameCache::~FrameCache() = default;
FrameCache::FrameCache(FrameCache&&) noexcept = default;
FrameCache& FrameCache::operator=(FrameCache&&) noexcept = default;

void FrameCache::Clear() { state_ = std::make_unique<detail::FrameCacheState>(); }

detail::FrameCacheState& FrameCache::state() {
  if (!state_) state_ = std::make_unique<detail::FrameCacheState>();  // after a move
  return *state_;
}

namespace detail {

PictureSlot& PicturesFor(FrameCacheState& state, const Computation& c, const FrameOptions& o, View view,
                         std::array<int, 3> focus) {
  PictureSlot& slot = state.pictures[static_cast<size_t>(view)];
  const PictureKey key{c.config,      o.colour_by, o.colour_by == ColourBy::Value ? c.id.value() : 0, view, o.keep_every,
                       o.detail_limit, o.overlap_panel, focus, o.theme};
  if (!slot.key || !(*slot.key == key)) {
    slot = PictureSlot{};
    slot.key = key;
  }
  return slot;
}

namespace {

// Calls fn(flat output index, weight) for every stamp of scatter step n, in Scatter's order (output channel by
// output channel, then kernel taps).
template <class Fn>
void ForEachStamp(const Computation& c, int n, Fn&& fn) {
  const Config& cfg = c.config;
  const auto& out = c.output_shape;
  const int opg = cfg.out_per_group();
  const CellRef x = CellOfStep(c, View::Scatter, n);
  const int g = x.channel / cfg.in_per_group();
  const auto kd = KernelDims(cfg);
  for (int ocl = 0; ocl < opg; ++ocl) {
    const size_t channel_base = static_cast<size_t>(g * opg + ocl) * static_cast<size_t>(out[0]) * out[1] * out[2];
    // The kernels of (input channel, output channel within the group), weight stored (C_in, C_out/g, k...).
    const double* w = &c.weight[(static_cast<size_t>(x.channel) * opg + ocl) * static_cast<size_t>(Volume(kd))];
    detail::ForEachTap(cfg, {x.z, x.row, x.col}, out, [&](std::array<int, 3> u, int z, int r, int col) {
      fn(channel_base + (static_cast<size_t>(z) * out[1] + r) * out[2] + col,
         w[(static_cast<size_t>(u[0]) * kd[1] + u[1]) * kd[2] + u[2]]);
    });
  }
}

}  // namespace

std::vector<size_t> WrittenBySteps(const Computation& c, int from, int to) {
  std::vector<size_t> out;
  for (int n = std::max(from, 0); n <= to; ++n) ForEachStamp(c, n, [&](size_t at, double) { out.push_back(at); });
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

void AdvanceScatter(ScatterProgress& s, const Computation& c, int step) {
  if (s.computation != c.id.value() || step < s.step || s.partial.shape() != c.output.shape()) {
    s.computation = c.id.value();
    s.step = -1;
    s.partial = Tensor(c.output.shape());
    s.last.assign(s.partial.size(), -1);
  }
  for (int n = s.step + 1; n <= step; ++n) {
    const double value = c.input[static_cast<size_t>(n)];
    ForEachStamp(c, n, [&](size_t at, double w) {
      s.partial[at] += value * w;
      s.last[at] = n;
    });
  }
  s.step = std::max(s.step, step);
}

}  // namespace detail
}  // namespace convarith
