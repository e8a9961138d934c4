// Frames as the app and the exporters build them, compared as ratios in one run: the transposed scatter view's
// late-step frame against the equivalent view's at i' = 512 (goal: at most 2x), and the step-to-cell lookup the app
// runs several times a frame (controls, LinkStep for each view, tooltips) at i = 512, k = 512 (goal: under 10 µs).
#include <benchmark/benchmark.h>

#include <chrono>

#include "convarith/scene/frame.hpp"
#include "convarith/scene/presets.hpp"
#include "convarith/scene/timeline.hpp"

namespace {

using namespace convarith;
using Clock = std::chrono::steady_clock;

Config Make(Op op, int i, int k, int s, int p) {
  Config c;
  c.op = op;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{i, k, s, p, p, 1, 0};
  return c;
}

Computation Transposed512() {
  const Config c = Make(Op::Transposed, 512, 3, 2, 1);
  return Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Random, 1),
                   MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Random, 2, -1, 2));
}

// The app's level of detail: maps as pictures, numbered cells only in a zoomed-in corner.
FrameOptions AppOptions(View view, int step) {
  FrameOptions o;
  o.view = view;
  o.step = step;
  o.detail_limit = 64 * 64;
  o.visible = std::array<float, 4>{0, 0, 40, 30};
  return o;
}

// Builds two frames one after the other, adding each one's time to its total (the benchmarks below compare two
// kinds of frame in one run, as ratios).
template <class First, class Second>
void TimeBoth(First&& first, Second&& second, double& first_s, double& second_s) {
  auto t0 = Clock::now();
  Frame a = first();
  auto t1 = Clock::now();
  Frame b = second();
  auto t2 = Clock::now();
  benchmark::DoNotOptimize(a);
  benchmark::DoNotOptimize(b);
  first_s += std::chrono::duration<double>(t1 - t0).count();
  second_s += std::chrono::duration<double>(t2 - t1).count();
}

// The two views' mean frame times and their ratio (the goal: scatter at most 2x the equivalent view).
void ReportScatterAgainstEquivalent(benchmark::State& state, double scatter_s, double equivalent_s, int n) {
  state.counters["equivalent_ms"] = 1e3 * equivalent_s / n;
  state.counters["scatter_ms"] = 1e3 * scatter_s / n;
  state.counters["ratio"] = scatter_s / equivalent_s;
}

// Playing the last steps of both views, each with its own cache as the app keeps them: the time per frame of each
// and their ratio (scatter / equivalent).
void BM_LateStepScatterVsEquivalent(benchmark::State& state) {
  const Computation c = Transposed512();
  FrameCache scatter_cache, equivalent_cache;
  const int scatter_steps = StepCount(c, View::Scatter), equivalent_steps = StepCount(c, View::Equivalent);
  double scatter_s = 0, equivalent_s = 0;
  // Warm: the animation has been playing (each view's cache holds the step before the first one timed).
  benchmark::DoNotOptimize(BuildFrame(c, AppOptions(View::Equivalent, equivalent_steps - 1001), equivalent_cache));
  benchmark::DoNotOptimize(BuildFrame(c, AppOptions(View::Scatter, scatter_steps - 1001), scatter_cache));
  int n = 0;
  for (auto _ : state) {
    // The same fraction of each animation, near its end, one step further every frame.
    const int back = 1000 - n % 1000;
    ++n;
    TimeBoth([&] { return BuildFrame(c, AppOptions(View::Equivalent, equivalent_steps - back), equivalent_cache); },
             [&] { return BuildFrame(c, AppOptions(View::Scatter, scatter_steps - back), scatter_cache); },
             equivalent_s, scatter_s);
  }
  ReportScatterAgainstEquivalent(state, scatter_s, equivalent_s, n);
}

// A jump straight to a late step of the scatter view (scrubbing), cache cold, against the equivalent view's.
void BM_LateStepJump(benchmark::State& state) {
  const Computation c = Transposed512();
  double scatter_s = 0, equivalent_s = 0;
  int n = 0;
  for (auto _ : state) {
    ++n;
    TimeBoth([&] { return BuildFrame(c, AppOptions(View::Equivalent, StepCount(c, View::Equivalent) - 7 * n)); },
             [&] { return BuildFrame(c, AppOptions(View::Scatter, StepCount(c, View::Scatter) - 7 * n)); },
             equivalent_s, scatter_s);
  }
  ReportScatterAgainstEquivalent(state, scatter_s, equivalent_s, n);
}

// Scrubbing back and forth over the last steps with the caches the app keeps (a jump back replays the scatter view
// from its first step; a jump forward adds the steps between): each view's time per frame and their ratio.
void BM_LateStepScrub(benchmark::State& state) {
  const Computation c = Transposed512();
  FrameCache scatter_cache, equivalent_cache;
  const int scatter_steps = StepCount(c, View::Scatter), equivalent_steps = StepCount(c, View::Equivalent);
  double scatter_s = 0, equivalent_s = 0;
  int n = 0;
  for (auto _ : state) {
    const int back = 1 + (n % 2 == 0 ? 4000 : 2000) + 7 * n;  // back 4000 steps, forward 2000, ...
    ++n;
    TimeBoth([&] { return BuildFrame(c, AppOptions(View::Equivalent, equivalent_steps - back), equivalent_cache); },
             [&] { return BuildFrame(c, AppOptions(View::Scatter, scatter_steps - back), scatter_cache); },
             equivalent_s, scatter_s);
  }
  ReportScatterAgainstEquivalent(state, scatter_s, equivalent_s, n);
}

// Which cell a step lights, at i = 512, k = 512 (p = 16: 33 x 33 outputs of 262144 taps each, under the work limit).
Computation Conv512() {
  const Config c = Make(Op::Conv, 512, 512, 1, 16);
  return Recompute(c, MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Ones),
                   MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Ones));
}

void BM_StepToCellByGather(benchmark::State& state) {  // what the app did: the whole step, every tap allocated
  static const Computation c = Conv512();
  int n = 0;
  for (auto _ : state) benchmark::DoNotOptimize(Gather(c, View::Direct, (n++ * 7919) % StepCount(c, View::Direct)).out());
}

void BM_StepToCell(benchmark::State& state) {  // the lookup now: arithmetic
  static const Computation c = Conv512();
  int n = 0;
  for (auto _ : state) benchmark::DoNotOptimize(CellOfStep(c, View::Direct, (n++ * 7919) % StepCount(c, View::Direct)));
}

// LinkStep, as the app calls it for each view every frame, with a large kernel (transposed i' = 8, k = 96).
void BM_LinkStepLargeKernel(benchmark::State& state) {
  static const Computation c = [] {
    const Config cfg = Make(Op::Transposed, 8, 96, 2, 0);
    return Recompute(cfg, MakeTensor(CanonicalShape(cfg, TensorRole::Input), Fill::Ones),
                     MakeTensor(CanonicalShape(cfg, TensorRole::Weight), Fill::Ones));
  }();
  int n = 0;
  for (auto _ : state) {
    const int step = (n++ * 7919) % StepCount(c, View::Equivalent);
    benchmark::DoNotOptimize(LinkStep(c, View::Equivalent, step, View::Scatter));
    benchmark::DoNotOptimize(LinkStep(c, View::Scatter, step % StepCount(c, View::Scatter), View::Equivalent));
  }
}

// Many channels in focus (issue 17): a 16 -> 16 layer of 64x64 maps in value colours, stepping as the app plays it,
// against Figure 2.6 stepping the same way; each with its own cache. Prints both frame times and their ratio.
void BM_SixteenChannelsVsFigure26(benchmark::State& state) {
  Config wide = Make(Op::Conv, 64, 3, 1, 0);
  wide.in_channels = wide.out_channels = 16;
  const Computation many = Recompute(wide, MakeTensor(CanonicalShape(wide, TensorRole::Input), Fill::Random, 1),
                                     MakeTensor(CanonicalShape(wide, TensorRole::Weight), Fill::Random, 2, -1, 2));
  const Config& fig = FindPreset("fig2.6")->config;
  const Computation figure = Recompute(fig, MakeTensor(CanonicalShape(fig, TensorRole::Input), Fill::Ramp),
                                       MakeTensor(CanonicalShape(fig, TensorRole::Weight), Fill::Ones));
  FrameCache many_cache, figure_cache;
  double many_s = 0, figure_s = 0;
  int n = 0;
  for (auto _ : state) {
    FrameOptions o = AppOptions(View::Direct, n % StepCount(many, View::Direct));
    o.colour_by = ColourBy::Value;
    FrameOptions f = AppOptions(View::Direct, n % StepCount(figure, View::Direct));
    ++n;
    TimeBoth([&] { return BuildFrame(many, o, many_cache); }, [&] { return BuildFrame(figure, f, figure_cache); },
             many_s, figure_s);
  }
  state.counters["channels16_ms"] = 1e3 * many_s / n;
  state.counters["fig2.6_ms"] = 1e3 * figure_s / n;
  state.counters["ratio"] = many_s / figure_s;
}

// The 3-D tensor view (issue 17) against the focus layout of the same layer, stepping as the app plays it: 16 -> 16
// maps of 64x64 (range 0) and 3 -> 3 maps of 512x512 (range 1) in value colours; each with its own cache.
void BM_DepthVsFocus(benchmark::State& state) {
  const bool large = state.range(0) == 1;
  Config cfg = Make(Op::Conv, large ? 512 : 64, 3, 1, 0);
  cfg.in_channels = cfg.out_channels = large ? 3 : 16;
  const Computation c = Recompute(cfg, MakeTensor(CanonicalShape(cfg, TensorRole::Input), Fill::Random, 1),
                                  MakeTensor(CanonicalShape(cfg, TensorRole::Weight), Fill::Random, 2, -1, 2));
  FrameCache depth_cache, focus_cache;
  double depth_s = 0, focus_s = 0;
  int n = 0;
  for (auto _ : state) {
    FrameOptions d = AppOptions(View::Direct, (n * 37) % StepCount(c, View::Direct));
    d.colour_by = ColourBy::Value;
    FrameOptions f = d;
    d.channel_layout = ChannelLayout::Depth;
    f.channel_layout = ChannelLayout::Focus;
    ++n;
    TimeBoth([&] { return BuildFrame(c, d, depth_cache); }, [&] { return BuildFrame(c, f, focus_cache); }, depth_s,
             focus_s);
  }
  state.counters["depth_ms"] = 1e3 * depth_s / n;
  state.counters["focus_ms"] = 1e3 * focus_s / n;
  state.counters["ratio"] = depth_s / focus_s;
}

}  // namespace

BENCHMARK(BM_SixteenChannelsVsFigure26)->Unit(benchmark::kMillisecond)->Iterations(100);
BENCHMARK(BM_DepthVsFocus)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(30);
BENCHMARK(BM_LateStepScatterVsEquivalent)->Unit(benchmark::kMillisecond)->Iterations(40);
BENCHMARK(BM_LateStepJump)->Unit(benchmark::kMillisecond)->Iterations(5);
BENCHMARK(BM_LateStepScrub)->Unit(benchmark::kMillisecond)->Iterations(10);
BENCHMARK(BM_StepToCellByGather)->Unit(benchmark::kMicrosecond)->Iterations(20);
BENCHMARK(BM_StepToCell)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_LinkStepLargeKernel)->Unit(benchmark::kMicrosecond);
BENCHMARK_MAIN();
