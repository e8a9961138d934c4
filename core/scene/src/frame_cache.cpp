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

namespace {

// Along one axis, for each input position x: the (tap u, output position) pairs that x stamps inside the output, u
// ascending (TapPosition: x·s − p + u·d).
struct AxisStamps {
  std::vector<int> first;                  // per input position, its pairs' start in `pairs` (one more at the end)
  std::vector<std::array<int, 2>> pairs;  // {u, output position}
};

AxisStamps StampsAlong(const AxisParams& a, int inputs, int outputs) {
  AxisStamps s;
  s.first.reserve(static_cast<size_t>(inputs) + 1);
  for (int x = 0; x < inputs; ++x) {
    s.first.push_back(static_cast<int>(s.pairs.size()));
    for (int u = 0; u < a.kernel; ++u) {
      const int o = TapPosition(a, x, u);
      if (o >= 0 && o < outputs) s.pairs.push_back({u, o});
    }
  }
  s.first.push_back(static_cast<int>(s.pairs.size()));
  return s;
}

// Steps [from, to] stamped into `partial` and `last`, in step order: the loops of ForEachStamp with each axis's
// stamps looked up rather than computed per step, and the input cell counted on rather than divided out of n
// (a jump to a late step of a 512 x 512 input replays 262,144 steps).
void Replay(ScatterProgress& s, const Computation& c, int from, int to) {
  const Config& cfg = c.config;
  const std::array<int, 3> in = c.input_dims(), out = c.output_shape, kd = KernelDims(cfg);
  std::array<AxisStamps, 3> along;
  for (size_t a = 0; a < 3; ++a) along[a] = StampsAlong(cfg.axes[a], in[a], out[a]);
  const size_t out_volume = static_cast<size_t>(Volume(out)), kernel_volume = static_cast<size_t>(Volume(kd));
  const int ipg = cfg.in_per_group(), opg = cfg.out_per_group();
  double* partial = s.partial.mutable_values().data();  // once: the loop writes millions of stamps
  int* last = s.last.data();
  const double* weights = c.weight.values().data();
  CellRef x = CellOfStep(c, View::Scatter, from);
  for (int n = from; n <= to; ++n) {
    const double value = c.input[static_cast<size_t>(n)];
    const int g = x.channel / ipg;
    for (int ocl = 0; ocl < opg; ++ocl) {
      const size_t base = static_cast<size_t>(g * opg + ocl) * out_volume;
      const double* w = weights + (static_cast<size_t>(x.channel) * opg + ocl) * kernel_volume;
      for (int i = along[0].first[static_cast<size_t>(x.z)]; i < along[0].first[static_cast<size_t>(x.z) + 1]; ++i) {
        const auto [uz, oz] = along[0].pairs[static_cast<size_t>(i)];
        for (int j = along[1].first[static_cast<size_t>(x.row)]; j < along[1].first[static_cast<size_t>(x.row) + 1]; ++j) {
          const auto [ur, orow] = along[1].pairs[static_cast<size_t>(j)];
          const size_t line = base + (static_cast<size_t>(oz) * out[1] + orow) * out[2];
          const double* w_line = w + (static_cast<size_t>(uz) * kd[1] + ur) * kd[2];
          for (int k = along[2].first[static_cast<size_t>(x.col)]; k < along[2].first[static_cast<size_t>(x.col) + 1]; ++k) {
            const auto [uc, ocol] = along[2].pairs[static_cast<size_t>(k)];
            partial[line + static_cast<size_t>(ocol)] += value * w_line[uc];
            last[line + static_cast<size_t>(ocol)] = n;
          }
        }
      }
    }
    // The next input cell, row-major over (channel, z, row, col).
    if (++x.col < in[2]) continue;
    x.col = 0;
    if (++x.row < in[1]) continue;
    x.row = 0;
    if (++x.z < in[0]) continue;
    x.z = 0;
    ++x.channel;
  }
}

}  // namespace

void AdvanceScatter(ScatterProgress& s, const Computation& c, int step) {
  if (s.computation != c.id.value() || step < s.step || s.partial.shape() != c.output.shape()) {
    s.computation = c.id.value();
    s.step = -1;
    // Zeroed in place when the shape is the same (a jump back, the next computation): a fresh 8 MB tensor at i' = 1023
    // costs more in page faults than the whole replay.
    if (s.partial.shape() == c.output.shape()) {
      std::fill(s.partial.mutable_values().begin(), s.partial.mutable_values().end(), 0.0);
    } else {
      s.partial = Tensor(c.output.shape());
    }
    s.last.assign(s.partial.size(), -1);
  }
  step = std::min(step, static_cast<int>(c.input.size()) - 1);
  if (step > s.step) Replay(s, c, s.step + 1, step);
  s.step = std::max(s.step, step);
}

}  // namespace detail
}  // namespace convarith
