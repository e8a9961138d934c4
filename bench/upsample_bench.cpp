// "Upsampling compared" at 256 x 256 with three stacked layers (input 32 x 32, s = 2, k = 3, p = 1): the comparison's
// recompute (every method's output and overlap map), with and without its frame, timed against a single transposed
// convolution of the same output size (input 128 x 128, k = 3, s = 2, p = 1, a = 1) in the same run, as ratios.
#include <benchmark/benchmark.h>

#include <chrono>

#include "convarith/ops/compute.hpp"
#include "convarith/scene/upsample_compare.hpp"

namespace {

using namespace convarith;
using Clock = std::chrono::steady_clock;

CompareParams Stacked256() {
  CompareParams p;
  p.input = {32, 32};
  p.layers = 3;
  p.source = CompareSource::Ramp;
  return p;
}

// The single transposed convolution with a 256 x 256 output.
Config Transposed256() {
  Config c;
  c.op = Op::Transposed;
  c.axes[kHeight] = c.axes[kWidth] = AxisParams{128, 3, 2, 1, 1, 1, 1};
  return c;
}

template <class Fn>
double Seconds(Fn&& fn) {
  const auto t0 = Clock::now();
  fn();
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Each iteration: the comparison (recompute, then also its frame) and the single transposed convolution, one after
// the other; the means and the ratios as counters.
void BM_CompareUpsampling256x3(benchmark::State& state) {
  const CompareParams p = Stacked256();
  const Config t = Transposed256();
  const Tensor x = MakeTensor(CanonicalShape(t, TensorRole::Input), Fill::Random, 1);
  const Tensor w(CanonicalShape(t, TensorRole::Weight), 1.0 / 9);
  double compare_s = 0, frame_s = 0, single_s = 0;
  int n = 0;
  for (auto _ : state) {
    ++n;
    UpsampleComparison cmp;
    compare_s += Seconds([&] { cmp = CompareUpsampling(p); });
    frame_s += Seconds([&] { benchmark::DoNotOptimize(BuildComparisonFrame(cmp, {})); });
    single_s += Seconds([&] { benchmark::DoNotOptimize(TransposedScatter(t, x, w, {})); });
    benchmark::DoNotOptimize(cmp);
  }
  state.counters["compare_ms"] = 1e3 * compare_s / n;
  state.counters["frame_ms"] = 1e3 * frame_s / n;
  state.counters["single_transposed_ms"] = 1e3 * single_s / n;
  state.counters["ratio_recompute"] = compare_s / single_s;
  state.counters["ratio_with_frame"] = (compare_s + frame_s) / single_s;
}
BENCHMARK(BM_CompareUpsampling256x3)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
