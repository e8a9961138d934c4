// Benchmarks of the full recompute the app runs when a parameter changes: outputs, the current step's timeline and,
// for transposed convolution, both computations, the overlap map and the frame description; and the channel case a
// teaching view holds (C_in = C_out = 16, 64 x 64, k = 3).
#include <benchmark/benchmark.h>

#include "convarith/ops/compute.hpp"
#include "convarith/scene/frame.hpp"
#include "convarith/scene/timeline.hpp"

namespace {

using namespace convarith;

Config Make(Op op, int i, int k, int s, int p, int channels = 1) {
  Config c;
  c.op = op;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{i, k, s, p, p, 1, 0};
  c.in_channels = c.out_channels = channels;
  return c;
}

struct Data {
  Tensor x, w;
};
Data MakeData(const Config& c) {
  return {MakeTensor(CanonicalShape(c, TensorRole::Input), Fill::Random, 1),
          c.has_weight() ? MakeTensor(CanonicalShape(c, TensorRole::Weight), Fill::Random, 2, -1, 2) : Tensor()};
}

// Recompute + the step's gather/scatter + the frame the canvas draws.
void FullRecompute(benchmark::State& state, Op op, int stride) {
  const int i = static_cast<int>(state.range(0));
  const int k = static_cast<int>(state.range(1));
  const Config c = Make(op, i, k, stride, k / 2);
  const Data d = MakeData(c);
  for (auto _ : state) {
    const Computation comp = Recompute(c, d.x, d.w);
    const View view = ViewsOf(op).front();
    FrameOptions o;
    o.view = view;
    o.step = StepCount(comp, view) / 2;
    o.numbers = i <= 64;  // the app hides numbers when cells are too small to read them
    Frame f = BuildFrame(comp, o);
    benchmark::DoNotOptimize(f);
    if (op == Op::Transposed) {
      o.view = View::Scatter;
      o.step = StepCount(comp, View::Scatter) / 2;
      Frame s = BuildFrame(comp, o);
      benchmark::DoNotOptimize(s);
    }
  }
  state.counters["outputs"] = static_cast<double>(OutputShape(c)[1]) * OutputShape(c)[2];
}

void BM_ConvFull(benchmark::State& s) { FullRecompute(s, Op::Conv, 1); }
void BM_MaxPoolFull(benchmark::State& s) { FullRecompute(s, Op::MaxPool, 2); }
void BM_TransposedFull(benchmark::State& s) { FullRecompute(s, Op::Transposed, 2); }

void BM_RecomputeOnly(benchmark::State& state) {
  const int i = static_cast<int>(state.range(0));
  const Config c = Make(Op::Conv, i, 7, 1, 3);
  const Data d = MakeData(c);
  for (auto _ : state) benchmark::DoNotOptimize(Recompute(c, d.x, d.w));
}

// Channels: C_in = C_out = state.range(0) at 64 x 64, k = 3 (goal: the recompute under 16 ms at 16 channels), with
// the frame of one step (all maps, all kernels) as the app draws it.
void BM_ChannelsRecompute(benchmark::State& state) {
  const int channels = static_cast<int>(state.range(0));
  const Config c = Make(Op::Conv, 64, 3, 1, 1, channels);
  const Data d = MakeData(c);
  for (auto _ : state) benchmark::DoNotOptimize(Recompute(c, d.x, d.w));
  state.counters["MACs"] = Work(c);
}
void BM_ChannelsFull(benchmark::State& state) {
  const int channels = static_cast<int>(state.range(0));
  const Config c = Make(Op::Conv, 64, 3, 1, 1, channels);
  const Data d = MakeData(c);
  for (auto _ : state) {
    const Computation comp = Recompute(c, d.x, d.w);
    FrameOptions o;
    o.step = StepCount(comp, View::Direct) / 2;
    o.numbers = false;
    Frame f = BuildFrame(comp, o);
    benchmark::DoNotOptimize(f);
  }
}

// Large grids the way the app draws them (level of detail: maps as pictures, numbered cells only where visible): a
// parameter change at i = 512, k = 7 (goal: recompute and frame under 16 ms) against i = 16 in the same run. The
// second argument: 1 colours the cells by value (the pictures then carry values), 0 by role.
ColourBy ColourArg(const benchmark::State& state) {
  return state.range(1) != 0 ? ColourBy::Value : ColourBy::Role;
}
void BM_LiveFrame(benchmark::State& state) {
  const int i = static_cast<int>(state.range(0));
  const Config c = Make(Op::Conv, i, 7, 1, 3);
  const Data d = MakeData(c);
  for (auto _ : state) {
    const Computation comp = Recompute(c, d.x, d.w);
    FrameOptions o;
    o.step = StepCount(comp, View::Direct) / 2;
    o.detail_limit = 64 * 64;
    o.colour_by = ColourArg(state);
    o.visible = std::array<float, 4>{0, 0, 40, 30};  // a zoomed-in corner: a few hundred numbered cells
    Frame f = BuildFrame(comp, o);
    benchmark::DoNotOptimize(f);
  }
}
// A step change at the same sizes: the frame alone (the computation is unchanged).
void BM_LiveStep(benchmark::State& state) {
  const int i = static_cast<int>(state.range(0));
  const Config c = Make(Op::Conv, i, 7, 1, 3);
  const Data d = MakeData(c);
  const Computation comp = Recompute(c, d.x, d.w);
  FrameCache cache;  // as the app keeps it: the pictures of the maps are drawn once per computation
  int step = 0;
  for (auto _ : state) {
    FrameOptions o;
    o.step = step++ % StepCount(comp, View::Direct);
    o.detail_limit = 64 * 64;
    o.colour_by = ColourArg(state);
    o.visible = std::array<float, 4>{0, 0, 40, 30};
    Frame f = BuildFrame(comp, o, cache);
    benchmark::DoNotOptimize(f);
  }
}

}  // namespace

BENCHMARK(BM_LiveFrame)
    ->Args({16, 0})->Args({512, 0})->Args({1024, 0})->Args({16, 1})->Args({512, 1})
    ->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LiveStep)->Args({16, 0})->Args({512, 0})->Args({16, 1})->Args({512, 1})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ConvFull)->Args({64, 7})->Args({512, 7})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MaxPoolFull)->Args({64, 3})->Args({512, 3})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TransposedFull)->Args({64, 7})->Args({512, 7})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecomputeOnly)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ChannelsRecompute)->Arg(1)->Arg(16)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_ChannelsFull)->Arg(16)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
