// Benchmarks of the full recompute the app runs when a parameter changes: outputs, the current step's timeline and,
// for transposed convolution, both computations, the overlap map and the frame description.
#include <benchmark/benchmark.h>

#include "convarith/frame.hpp"
#include "convarith/timeline.hpp"

namespace {

using namespace convarith;

Config Make(Op op, int i, int k, int s, int p) {
  Config c;
  c.op = op;
  c.axes[0] = c.axes[1] = AxisParams{i, k, s, p, 1, 0};
  return c;
}

// Recompute + the step's gather/scatter + the frame the canvas draws.
void FullRecompute(benchmark::State& state, Op op, int stride) {
  const int i = static_cast<int>(state.range(0));
  const int k = static_cast<int>(state.range(1));
  const Config c = Make(op, i, k, stride, k / 2);
  const Grid x = MakeGrid(i, i, Fill::Random, 1);
  const Grid w = MakeGrid(k, k, Fill::Random, 2, -1, 2);
  for (auto _ : state) {
    const Computation comp = Recompute(c, x, w);
    const View view = ViewsOf(op).front();
    const int step = StepCount(comp, view) / 2;
    FrameOptions o;
    o.view = view;
    o.step = step;
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
  state.counters["outputs"] = static_cast<double>(OutputShape(c)[0]) * OutputShape(c)[1];
}

void BM_ConvFull(benchmark::State& s) { FullRecompute(s, Op::Conv, 1); }
void BM_MaxPoolFull(benchmark::State& s) { FullRecompute(s, Op::MaxPool, 2); }
void BM_TransposedFull(benchmark::State& s) { FullRecompute(s, Op::Transposed, 2); }

void BM_RecomputeOnly(benchmark::State& state) {
  const int i = static_cast<int>(state.range(0));
  const Config c = Make(Op::Conv, i, 7, 1, 3);
  const Grid x = MakeGrid(i, i, Fill::Random, 1);
  const Grid w = MakeGrid(7, 7, Fill::Random, 2);
  for (auto _ : state) benchmark::DoNotOptimize(Recompute(c, x, w));
}

}  // namespace

BENCHMARK(BM_ConvFull)->Args({64, 7})->Args({512, 7})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_MaxPoolFull)->Args({64, 3})->Args({512, 3})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TransposedFull)->Args({64, 7})->Args({512, 7})->Unit(benchmark::kMillisecond);
BENCHMARK(BM_RecomputeOnly)->Arg(64)->Arg(512)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
